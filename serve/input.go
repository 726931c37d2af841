package serve

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

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

// article returns the text to analyze: the document itself, or the article
// extracted from an HTML page; and the name of its report (an untitled page
// is named by its title). It refuses (422) binary data, text that is not
// UTF-8, an empty text and a page with no article.
func (s *Server) article(d document) ([]byte, string, error) {
	text, name := d.data, d.name
	if d.html {
		t, title, err := extractHTML(d.data, d.contentType, s.maxBytes)
		if err != nil {
			return nil, "", err
		}
		text = t
		if d.untitled && title != "" {
			name = cleanName(title, d.name)
		}
	} else if i := bytes.IndexByte(d.data, 0); i >= 0 {
		return nil, "", errorf(http.StatusUnprocessableEntity, "%s is binary data (a NUL byte at offset %d), not text", d.label(), i)
	}
	if bad := invalidUTF8(text); bad > 0 && float64(bad) > maxInvalidShare*float64(len(text)) {
		return nil, "", errorf(http.StatusUnprocessableEntity, "%s is not UTF-8 text (%d of %d bytes are invalid); send UTF-8, or the HTML page with its charset", d.label(), bad, len(text))
	}
	if len(bytes.TrimSpace(text)) == 0 {
		return nil, "", errorf(http.StatusUnprocessableEntity, "%s is empty: there is no text to analyze", d.label())
	}
	return text, name, nil
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
