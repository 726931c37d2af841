// Package docreport makes the slant.report/v1 report of an ingest.Document:
// the analyzer run over the extracted text, with source.format, document
// and text filled in. The CLI and the Lambda share it.
//
// It is neither the extraction (package ingest) nor the analysis (package
// analyzer), and it does no I/O.
package docreport

import (
	"errors"
	"fmt"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/ingest"
	"github.com/slantnews/slant/suppress"
)

// Analyze returns the report of d under name. A plain-text document that
// is not a record of a stream gives exactly the report of
// a.Analyze(name, d.Text); any other carries source.format, the document's
// metadata, and text: the bytes every offset indexes.
func Analyze(a *analyzer.Analyzer, name string, d *ingest.Document) *analyzer.Report {
	rep := a.Analyze(name, d.Text)
	Finish(rep, d)
	return rep
}

// Finish adds to rep, a report of d.Text made by any route (the analyzer
// alone, or a project configuration's engine), what d says about itself:
// source.format, the document's metadata, text and the headline marks. A
// plain-text document that is not a record of a stream is left as it is.
func Finish(rep *analyzer.Report, d *ingest.Document) {
	if d.Format == ingest.FormatText && d.Record == nil {
		return
	}
	rep.SetText(string(d.Format), d.Text, d.HeadlineEnd)
	rep.Document = Document(d)
}

// Comments returns the comments of d that may hold slant-* directives: for
// plain text the comments in the text itself, for a page the directives
// ingest kept at their offsets in the text (zero-width there, as the
// comments are not in the text).
func Comments(d *ingest.Document) []suppress.Comment {
	if d.Format == ingest.FormatText {
		return suppress.Comments(d.Text)
	}
	var out []suppress.Comment
	for _, dir := range d.Directives {
		out = append(out, suppress.Comment{Start: dir.Offset, End: dir.Offset, Body: dir.Body})
	}
	return out
}

// Document is the report's document object for d, nil when d says nothing
// about itself.
func Document(d *ingest.Document) *analyzer.Document {
	m := d.Meta
	doc := &analyzer.Document{Title: m.Title, Byline: m.Byline, Published: m.Published, Outlet: m.Outlet, URL: m.URL, Language: m.Language}
	if r := d.Record; r != nil {
		doc.Record = &analyzer.Record{Number: r.Number, Offset: r.Offset, ID: r.ID, TargetURI: r.TargetURI, Date: r.Date}
	}
	if *doc == (analyzer.Document{}) {
		return nil
	}
	return doc
}

// Page extracts the document of one input that is not a stream: plain text
// or an HTML page. format is the forced format, or "" to detect it from the
// content with name and contentType as hints. A WARC archive or JSON Lines
// stream is an error wrapping ErrStream: those are read record by record.
func Page(name, contentType string, data []byte, format ingest.Format, opts ...ingest.Option) (*ingest.Document, error) {
	if format == "" {
		format = ingest.Detect(name, contentType, data[:min(len(data), 4096)])
	}
	switch format {
	case ingest.FormatText:
		return ingest.Text(data, opts...)
	case ingest.FormatHTML:
		if contentType != "" {
			opts = append(opts, ingest.WithContentType(contentType))
		}
		return ingest.HTML(data, opts...)
	}
	return nil, fmt.Errorf("%w (%s)", ErrStream, format)
}

// ErrStream means the input is an archive or stream, not one page.
var ErrStream = errors.New("an archive or stream, not one page")
