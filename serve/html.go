package serve

import (
	"errors"
	"net/http"
	"strings"

	"github.com/slantnews/slant/ingest"
)

// extractHTML returns the article of an HTML page (package ingest: the
// headline, a blank line, the body), decoded to UTF-8 from the charset that
// contentType or the page declares, and the page's title.
func extractHTML(page []byte, contentType string, maxBytes int64) (text []byte, title string, err error) {
	doc, err := ingest.HTML(page, ingest.WithMaxPageBytes(maxBytes), ingest.WithContentType(contentType))
	switch {
	case errors.Is(err, ingest.ErrNoArticle):
		return nil, "", errorf(http.StatusUnprocessableEntity, "no article found in the HTML page: %s", noArticleReason(err))
	case errors.Is(err, ingest.ErrTooLarge):
		return nil, "", errorf(http.StatusRequestEntityTooLarge, "the HTML page is larger than %d bytes", maxBytes)
	case err != nil:
		return nil, "", errorf(http.StatusUnprocessableEntity, "the HTML page could not be read")
	}
	return doc.Text, doc.Meta.Title, nil
}

// noArticleReason is why ingest found no article, in its words after "no
// article: " (they name the page's shape, not its text).
func noArticleReason(err error) string {
	if _, why, ok := strings.Cut(err.Error(), ingest.ErrNoArticle.Error()+": "); ok {
		return why
	}
	return "it holds no readable body text"
}

// detect tells whether an input is an HTML page, by its content first and
// then by the file name and Content-Type a form gives it (ingest.Detect). A
// WARC archive or a JSON Lines stream is refused: slant batch reads those.
func detect(name, contentType string, data []byte) (isHTML bool, err error) {
	switch ingest.Detect(name, contentType, data) {
	case ingest.FormatHTML:
		return true, nil
	case ingest.FormatWARC, ingest.FormatJSONL:
		return false, errorf(http.StatusUnsupportedMediaType, "an archive or JSON Lines stream is not one article; use slant batch for those")
	}
	return false, nil
}
