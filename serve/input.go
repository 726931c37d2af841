package serve

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/ingest"
	"github.com/slantnews/slant/internal/docreport"
	"github.com/slantnews/slant/internal/textsafe"
)

// document is one input as a request gives it: a text or an HTML page.
type document struct {
	name        string
	untitled    bool // name is a default: an HTML page's title may replace it
	data        []byte
	html        bool
	contentType string // of an HTML page, for its charset
}

// maxInvalidShare is the share of bytes that may be invalid UTF-8 before an
// input counts as not UTF-8 at all (Latin-1 sent as is, or binary data). Below
// it the analyzer reads invalid bytes as spaces and counts them.
const maxInvalidShare = 0.05

// maxNameBytes bounds the name a request gives its document.
const maxNameBytes = 200

// article extracts the document to analyze (docreport.Page): the text
// itself, or the article of an HTML page with what the page says about
// itself; and the name of its report (an untitled page is named by its
// title). It refuses (422) binary data (analyzer.CheckInput), text that is
// not UTF-8, an empty text and a page with no article.
func (s *Server) article(d document) (*ingest.Document, string, error) {
	format := ingest.FormatText
	if d.html {
		format = ingest.FormatHTML
	} else if err := analyzer.CheckInput(d.data, s.maxBytes); errors.Is(err, analyzer.ErrBinary) {
		return nil, "", errorf(http.StatusUnprocessableEntity, "%s: %v", d.label(), err)
	}
	doc, err := docreport.Page(d.name, d.contentType, d.data, format, ingest.WithMaxPageBytes(s.maxBytes))
	switch {
	case errors.Is(err, ingest.ErrNoArticle):
		return nil, "", errorf(http.StatusUnprocessableEntity, "no article found in the HTML page: %s", noArticleReason(err))
	case errors.Is(err, ingest.ErrTooLarge), errors.Is(err, analyzer.ErrTooLarge):
		return nil, "", errorf(http.StatusRequestEntityTooLarge, "%s is larger than %d bytes", d.kind(), s.maxBytes)
	case err != nil:
		return nil, "", errorf(http.StatusUnprocessableEntity, "%s could not be read", d.kind())
	}
	name := d.name
	if d.html && d.untitled && doc.Meta.Title != "" {
		name = cleanName(doc.Meta.Title, d.name)
	}
	text := doc.Text
	if bad := invalidUTF8(text); bad > 0 && float64(bad) > maxInvalidShare*float64(len(text)) {
		return nil, "", errorf(http.StatusUnprocessableEntity, "%s is not UTF-8 text (%d of %d bytes are invalid); send UTF-8, or the HTML page with its charset", d.label(), bad, len(text))
	}
	if len(bytes.TrimSpace(text)) == 0 {
		return nil, "", errorf(http.StatusUnprocessableEntity, "%s is empty: there is no text to analyze", d.label())
	}
	return doc, name, nil
}

// analyzeDoc analyzes doc under the request's deadline (analyzeWithin) and
// adds what the document says about itself (docreport.Finish): for a page its
// text, source.format, metadata and headline marks, as slant analyze does.
func (s *Server) analyzeDoc(ctx context.Context, l *lease, name string, doc *ingest.Document) (*analyzer.Report, error) {
	rep, err := s.analyzeWithin(ctx, l, name, doc.Text)
	if err != nil {
		return nil, err
	}
	docreport.Finish(rep, doc)
	return rep, nil
}

// kind names what the document is in an error about the whole of it.
func (d document) kind() string {
	if d.html {
		return "the HTML page"
	}
	return "the text"
}

// label names the document in an error message.
func (d document) label() string {
	if d.name == "" || d.name == "text" {
		return "the text"
	}
	return strconv.Quote(d.name)
}

// invalidUTF8 counts the bytes that are not part of a valid UTF-8 sequence.
func invalidUTF8(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			n++
		}
		b = b[size:]
	}
	return n
}

// cleanName makes a document name safe to show and to put in a report: one
// line of valid UTF-8 without control characters (textsafe.Field), at most
// maxNameBytes; fallback when nothing is left.
func cleanName(name, fallback string) string {
	name = strings.TrimSpace(textsafe.Field(name))
	if len(name) > maxNameBytes {
		cut := maxNameBytes
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = name[:cut] + "…"
	}
	if name == "" {
		return fallback
	}
	return name
}
