package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
)

// JSONLReader streams the records of a JSON Lines export, one object a
// line: text or html (exactly one), and optional id, url, outlet, published
// and title. Other fields are ignored, as CMS exports carry many. A record's
// own fields win over what its html says of itself.
type JSONLReader struct {
	c     config
	cr    *countReader
	br    *bufio.Reader
	line  int
	stats Stats // Documents and Failed count only what tally does not
	tally tally // the outcomes of the Pending records
}

type jsonlRecord struct {
	ID        json.RawMessage `json:"id"` // a string or a number
	URL       string          `json:"url"`
	Outlet    string          `json:"outlet"`
	Published string          `json:"published"`
	Title     string          `json:"title"`
	Text      *string         `json:"text"`
	HTML      *string         `json:"html"`
}

// NewJSONLReader returns a reader of r. The Options that apply are the
// limits: WithMaxLineBytes, WithMaxPageBytes, WithMaxArchiveBytes,
// WithMaxRecords.
func NewJSONLReader(r io.Reader, opts ...Option) *JSONLReader {
	c := newConfig(opts)
	cr := &countReader{r: r, limit: c.archiveBytes}
	return &JSONLReader{c: c, cr: cr, br: bufio.NewReaderSize(cr, 64<<10)}
}

// Stats returns what the reader has seen so far.
func (j *JSONLReader) Stats() Stats {
	s := j.tally.add(j.stats)
	s.Bytes = j.cr.n - int64(j.br.Buffered())
	return s
}

// Documents yields one Document per non-blank line, with Format
// FormatJSONL and Record set (Number is the line number). A line that is not
// a valid record is yielded as a *RecordError and reading goes on; any other
// error (the input failing, a limit reached) is yielded last.
func (j *JSONLReader) Documents() iter.Seq2[*Document, error] { return documents(j.Pending()) }

// Pending is Documents with the decoding and extraction of each record
// left to the caller: it yields a Pending where Documents yields a Document
// or the *RecordError of a line that is not a valid record, and the other
// errors as Documents does.
func (j *JSONLReader) Pending() iter.Seq2[*Pending, error] {
	return func(yield func(*Pending, error) bool) {
		for {
			off := j.cr.n - int64(j.br.Buffered())
			line, err := j.readLine()
			if err != nil && j.cr.err != nil {
				yield(nil, fmt.Errorf("jsonl line %d: %w", j.line, j.cr.err))
				return
			}
			if err == io.EOF && len(line) == 0 {
				return
			}
			if err != nil && err != io.EOF && !errors.Is(err, ErrTooLarge) {
				yield(nil, fmt.Errorf("jsonl line %d: %w", j.line, err))
				return
			}
			if len(bytes.TrimSpace(line)) == 0 && !errors.Is(err, ErrTooLarge) {
				if err == io.EOF {
					return
				}
				continue
			}
			j.stats.Records++
			if j.stats.Records > j.c.records {
				yield(nil, fmt.Errorf("jsonl line %d: %w: more than %d", j.line, ErrTooManyRecords, j.c.records))
				return
			}
			if errors.Is(err, ErrTooLarge) {
				j.stats.Failed++
				if !yield(nil, &RecordError{Number: j.line, Offset: off, Err: err}) {
					return
				}
				continue
			}
			n := j.line
			p := &Pending{size: len(line), number: n, offset: off, first: n, tally: &j.tally, extract: func() (*Document, error) {
				doc, derr := j.record(line, n)
				if derr != nil {
					return nil, &RecordError{Number: n, Offset: off, Err: derr}
				}
				doc.Record.Offset = off
				return doc, nil
			}}
			if !yield(p, nil) {
				return
			}
		}
	}
}

// readLine returns the next line without its newline. A line over the limit
// is discarded up to its end and reported as ErrTooLarge.
func (j *JSONLReader) readLine() ([]byte, error) {
	j.line++
	var buf []byte
	for {
		frag, err := j.br.ReadSlice('\n')
		if len(buf)+len(frag) > j.c.lineBytes+1 { // +1: the newline
			for err == bufio.ErrBufferFull {
				_, err = j.br.ReadSlice('\n')
			}
			if err != nil && err != io.EOF {
				return nil, err
			}
			return nil, fmt.Errorf("%w: line is over %d bytes", ErrTooLarge, j.c.lineBytes)
		}
		buf = append(buf, frag...)
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimRight(buf, "\r\n"), err
	}
}

// record decodes the record of line number n. It reads only the reader's
// configuration, so that it can run on any goroutine.
func (j *JSONLReader) record(line []byte, n int) (*Document, error) {
	var r jsonlRecord
	if err := json.Unmarshal(line, &r); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	var doc *Document
	var err error
	switch {
	case r.Text != nil && r.HTML != nil:
		return nil, fmt.Errorf("%w: both text and html", ErrCorrupt)
	case r.HTML != nil:
		c := j.c
		c.pageURL = r.URL
		if int64(len(*r.HTML)) > c.pageBytes {
			return nil, fmt.Errorf("%w: html is %d bytes, limit %d", ErrTooLarge, len(*r.HTML), c.pageBytes)
		}
		doc, err = extractHTML([]byte(*r.HTML), c)
		if err != nil {
			return nil, err
		}
		if t := clean(r.Title); t != "" && t != string(doc.Headline()) {
			doc = newDocument(FormatHTML, t, string(doc.Text[min(len(doc.Text), doc.HeadlineEnd+2):]), doc.Meta)
		}
	case r.Text != nil:
		if int64(len(*r.Text)) > j.c.pageBytes {
			return nil, fmt.Errorf("%w: text is %d bytes, limit %d", ErrTooLarge, len(*r.Text), j.c.pageBytes)
		}
		if strings.TrimSpace(*r.Text) == "" {
			return nil, fmt.Errorf("%w: text is empty", ErrNoArticle)
		}
		doc = newDocument(FormatText, clean(r.Title), *r.Text, Metadata{})
	default:
		return nil, fmt.Errorf("%w: neither text nor html", ErrCorrupt)
	}
	doc.Format = FormatJSONL
	m := &doc.Meta
	m.Title = first(clean(r.Title), m.Title)
	m.URL = first(strings.TrimSpace(r.URL), m.URL)
	m.Outlet = first(clean(r.Outlet), m.Outlet)
	if r.Published != "" {
		m.Published = normDate(r.Published)
	}
	doc.Record = &Record{Number: n, ID: jsonID(r.ID), First: n}
	return doc, nil
}

func jsonID(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}
