package serve

import "net/http"

// extractHTML returns the article text of an HTML page.
//
// Until package ingest (HTML → article text and metadata) is on this
// branch, a page is refused with 415; the rest of the server treats HTML as
// one call away from here.
func extractHTML(page []byte, maxBytes int64) ([]byte, error) {
	return nil, errorf(http.StatusUnsupportedMediaType, "HTML input is not supported by this build; send the article as text")
}
