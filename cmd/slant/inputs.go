package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/ingest"
	"github.com/slantnews/slant/internal/docreport"
)

// addInputFlag is --input text|html|warc|jsonl: the format to read, instead
// of detecting it from the content (the file name is a hint).
func addInputFlag(fs *flag.FlagSet) *string {
	return fs.String("input", "", "read inputs as `text|html|warc|jsonl` (default: detect from the content, the file name as a hint)")
}

// inputFormat parses the value of --input; "" means detect.
func inputFormat(cmd, v string) (ingest.Format, error) {
	if v == "" {
		return "", nil
	}
	f, err := ingest.ParseFormat(v)
	if err != nil {
		return "", usageError{fmt.Sprintf("%s: --input: %v", cmd, err)}
	}
	return f, nil
}

// readDocument reads one input that is a page (plain text or HTML) and
// returns the document Slant analyzes: for text the input itself, for HTML
// its headline and article body. A page with no article, binary text, and
// an archive or stream (which slant batch reads) are rejected (exit 3).
func readDocument(name string, stdin io.Reader, maxBytes int64, format ingest.Format) (*ingest.Document, error) {
	data, err := readRaw(name, stdin, maxBytes)
	if err != nil {
		return nil, err
	}
	if format == "" {
		format = ingest.Detect(name, "", data[:min(len(data), 4096)])
	}
	if format == ingest.FormatText {
		if err := analyzer.CheckInput(data, maxBytes); err != nil {
			return nil, rejectedError{fmt.Errorf("%s: %w", name, err)}
		}
	}
	doc, err := docreport.Page(name, "", data, format, ingest.WithMaxPageBytes(maxBytes))
	switch {
	case errors.Is(err, docreport.ErrStream):
		return nil, rejectedError{fmt.Errorf("%s: a %s %s, not one page: use slant batch --input %s", name, format, streamKind(format), format)}
	case err != nil:
		return nil, rejectedError{fmt.Errorf("%s: %w", name, err)}
	}
	return doc, nil
}

func streamKind(f ingest.Format) string {
	if f == ingest.FormatWARC {
		return "archive"
	}
	return "stream"
}

// readDocuments reads every input before anything is written, and reports
// every rejected one: all but the last on stderr, the last as the error.
func readDocuments(files []string, stdin io.Reader, stderr io.Writer, maxBytes int64, format ingest.Format) ([]*ingest.Document, error) {
	docs := make([]*ingest.Document, len(files))
	var rejected []error
	for i, name := range files {
		d, err := readDocument(name, stdin, maxBytes, format)
		if err != nil {
			rejected = append(rejected, err)
			continue
		}
		docs[i] = d
	}
	if len(rejected) > 0 {
		for _, err := range rejected[:len(rejected)-1] {
			fmt.Fprintf(stderr, "slant: %s\n", err)
		}
		return nil, rejected[len(rejected)-1] // printed last by run, so all print in order
	}
	return docs, nil
}
