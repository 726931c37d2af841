package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/ingest"
)

// cmdExtract prints the text Slant analyzes for each input: the same bytes
// as the report's "text" (for plain text, the input itself). One page is
// printed exactly, with nothing added; several, and the pages of an archive
// or stream, each follow a "==> NAME <==" line and end with a newline.
func cmdExtract(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("extract")
	maxBytes := fs.Int64("max-bytes", analyzer.DefaultMaxBytes, "reject pages larger than `N` bytes")
	input := addInputFlag(fs)
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	format, err := inputFormat("extract", *input)
	if err != nil {
		return err
	}
	if err := checkMaxBytes("extract", maxBytes); err != nil {
		return err
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	w := bufio.NewWriterSize(stdout, 256<<10)
	defer w.Flush()
	if format == ingest.FormatWARC || format == ingest.FormatJSONL {
		return extractStreams(w, stderr, files, stdin, format, *maxBytes)
	}
	docs, err := readDocuments(files, stdin, stderr, *maxBytes, format)
	if err != nil {
		return err
	}
	for i, d := range docs {
		if len(files) > 1 {
			if i > 0 {
				w.WriteString("\n")
			}
			fmt.Fprintf(w, "==> %s <==\n", files[i])
		}
		w.Write(d.Text)
		if len(files) > 1 {
			w.WriteString("\n")
		}
	}
	return w.Flush()
}

// extractStreams prints the text of every page of each archive or stream.
func extractStreams(w *bufio.Writer, stderr io.Writer, files []string, stdin io.Reader, format ingest.Format, maxBytes int64) error {
	failed := 0
	n := 0
	err := eachStream(files, stdin, format, maxBytes, func(name string, sr streamReader) error {
		for doc, err := range sr.Documents() {
			var re *ingest.RecordError
			switch {
			case errors.As(err, &re):
				failed++
				fmt.Fprintf(stderr, "slant: %s: %v\n", name, re)
				continue
			case err != nil:
				return streamError(name, err)
			}
			if n > 0 {
				w.WriteString("\n")
			}
			n++
			fmt.Fprintf(w, "==> %s record %d", name, doc.Record.Number)
			if doc.Record.TargetURI != "" {
				fmt.Fprintf(w, " %s", doc.Record.TargetURI)
			}
			w.WriteString(" <==\n")
			w.Write(doc.Text)
			w.WriteString("\n")
		}
		return nil
	})
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err == nil && failed > 0 {
		return rejectedError{fmt.Errorf("extract: %d records failed", failed)}
	}
	return err
}
