package ingest

import (
	"fmt"
	"strings"
)

// Format is the kind of input a Document came from.
type Format string

// The input formats ingest reads.
const (
	FormatText  Format = "text"
	FormatHTML  Format = "html"
	FormatWARC  Format = "warc"
	FormatJSONL Format = "jsonl"
)

// ParseFormat returns the Format named s ("text", "html", "warc" or "jsonl"),
// as a user would force it with --input.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case FormatText, FormatHTML, FormatWARC, FormatJSONL:
		return f, nil
	}
	return "", fmt.Errorf("unknown input format %q (want text, html, warc or jsonl)", s)
}

// Document is one article as Slant analyzes it.
//
// Text is the exact text to analyze; every byte offset a report gives
// indexes it. For plain text it is the input itself. For a page it is the
// headline, a blank line, then the body with paragraphs separated by blank
// lines, so that the headline is analyzed as the first sentence:
// Text[:HeadlineEnd] is the headline and Text[HeadlineEnd:] begins with
// "\n\n" when there is one. A finding whose end is at most HeadlineEnd is a
// headline finding.
type Document struct {
	Format      Format
	Text        []byte
	HeadlineEnd int // bytes of Text that are the headline; 0 if none
	Meta        Metadata
	Record      *Record // where in an archive or JSONL stream; nil for a single input
	// Directives are the page's slant-* comments (<!-- slant-disable … -->
	// and the like), at the offsets of Text where they stood; the comments
	// themselves are not in Text. Nil for plain text, whose comments are in
	// Text itself.
	Directives []Directive
}

// Directive is one slant-* comment of a page: Body is the comment's text
// ("slant-disable so-called"), Offset the byte of Text it stands before.
type Directive struct {
	Offset int
	Body   string
}

// Headline returns the headline part of Text, empty if there is none.
func (d *Document) Headline() []byte { return d.Text[:d.HeadlineEnd] }

// Metadata is what a page or record says about itself. A field is empty when
// it is unknown.
type Metadata struct {
	Title     string // headline
	Byline    string // author or authors, comma separated
	Published string // RFC 3339 when the time is known, else YYYY-MM-DD
	Outlet    string // site name
	URL       string // canonical URL
	Language  string // BCP 47 tag, as the page declares it (en, en-GB)
}

// Record locates a Document inside a WARC archive or a JSONL stream.
type Record struct {
	Number    int    // 1-based: the record's place in the archive, or the line number
	Offset    int64  // byte offset of the record (of its gzip member in .warc.gz) or line
	ID        string // WARC-Record-ID, or the JSONL record's id
	TargetURI string // WARC-Target-URI (empty for JSONL)
	Date      string // WARC-Date as RFC 3339 (empty for JSONL)
	// First is the number of the first record that starts at Offset: Number
	// itself, unless a .warc.gz member holds several records. Reading can
	// restart at Offset with First-1 records before it (a Lambda piece of a
	// large archive does).
	First int
}

// RecordError is a problem with one record of an archive or stream. The
// reader reports it and goes on with the next record.
type RecordError struct {
	Number    int
	Offset    int64
	TargetURI string
	Err       error
}

func (e *RecordError) Error() string {
	s := fmt.Sprintf("record %d at offset %d", e.Number, e.Offset)
	if e.TargetURI != "" {
		s += " (" + e.TargetURI + ")"
	}
	return s + ": " + e.Err.Error()
}

func (e *RecordError) Unwrap() error { return e.Err }

// Stats counts what an archive or stream reader saw.
type Stats struct {
	Records   int   // records read, of every kind
	Documents int   // Documents yielded
	Skipped   int   // records that are not HTML pages (requests, metadata, images, redirects)
	Failed    int   // records reported as a RecordError
	Bytes     int64 // input bytes consumed
}
