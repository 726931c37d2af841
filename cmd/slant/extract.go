package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"runtime"

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
	jobs := fs.Int("j", runtime.GOMAXPROCS(0), "extract `N` pages of an archive or stream at a time (default: the number of cores); output stays in input order")
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
	if *jobs <= 0 {
		return usageError{"extract: -j must be positive"}
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	w := bufio.NewWriterSize(stdout, 256<<10)
	defer w.Flush()
	if format == ingest.FormatWARC || format == ingest.FormatJSONL {
		return extractStreams(w, stderr, files, stdin, format, *maxBytes, *jobs)
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
// Pages are extracted on jobs workers and printed, with the errors of the
// records that fail, in archive order.
func extractStreams(w *bufio.Writer, stderr io.Writer, files []string, stdin io.Reader, format ingest.Format, maxBytes int64, jobs int) error {
	o := newOrdered(io.Discard, jobs, batchWindow(maxBytes))
	failed, n := 0, 0 // read by the ordered writer's goroutine, then after Close
	printRecord := func(name string, err error) error {
		failed++
		fmt.Fprintf(stderr, "slant: %s: %v\n", name, err)
		return nil
	}
	printDoc := func(name string, doc *ingest.Document) error {
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
		_, err := w.WriteString("\n")
		return err
	}
	err := eachStream(files, stdin, format, maxBytes, func(name string, sr streamReader) error {
		// Pages go to the workers in chunks, as in slant batch.
		var chunk chunker[*ingest.Pending]
		flush := func() bool {
			if chunk.items == nil {
				return true
			}
			c, sz := chunk.take()
			docs := make([]*ingest.Document, len(c))
			errs := make([]error, len(c))
			return o.Do(sz, func() error {
				for i, p := range c {
					if o.Stopped() {
						break
					}
					docs[i], errs[i] = p.Extract()
				}
				return nil
			}, func(error) error {
				for i := range c {
					var err error
					if errs[i] != nil {
						err = printRecord(name, errs[i]) // a *RecordError
					} else {
						err = printDoc(name, docs[i])
					}
					docs[i] = nil
					if err != nil {
						return err
					}
				}
				return nil
			})
		}
		for p, err := range sr.Pending() {
			var re *ingest.RecordError
			switch {
			case errors.As(err, &re):
				if !flush() || !o.Do(0, func() error { return re }, func(err error) error { return printRecord(name, err) }) {
					return nil
				}
				continue
			case err != nil:
				flush()
				if werr := o.Wait(); werr != nil {
					return werr
				}
				return streamError(name, err)
			}
			if o.Stopped() {
				return nil // the output failed: Close returns why
			}
			if chunk.add(p, int64(p.Size())) && !flush() {
				return nil
			}
		}
		if !flush() {
			return nil
		}
		return o.Wait()
	})
	if cerr := o.Close(); err == nil {
		err = cerr
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err == nil && failed > 0 {
		return rejectedError{fmt.Errorf("extract: %d records failed", failed)}
	}
	return err
}
