package serve

import (
	"net/http"
	"strings"

	"github.com/slantnews/slant/ingest"
)

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
