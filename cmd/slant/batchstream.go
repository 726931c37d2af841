package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/ingest"
	"github.com/slantnews/slant/internal/docreport"
)

// batchStreams is slant batch over WARC archives or JSON Lines exports: one
// report line per page, record by record, so memory stays bounded by the
// largest page whatever the archive's size. A record that cannot be read or
// holds no article gets one line on stderr and the archive goes on; a
// summary line per input follows on stderr.
func batchStreams(a *analyzer.Analyzer, files []string, format ingest.Format, maxBytes int64, jobs int, stdin io.Reader, stdout, stderr io.Writer) error {
	w := bufio.NewWriterSize(stdout, 256<<10)
	o := newOrdered(w, jobs, batchWindow(maxBytes))
	records, failed := 0, 0
	err := eachStream(files, stdin, format, maxBytes, func(name string, sr streamReader) error {
		err := batchStream(a, o, stderr, name, sr)
		if werr := o.Wait(); err == nil {
			err = werr // the input's reports are out before its summary
		}
		st := sr.Stats()
		records += st.Records
		failed += st.Failed
		fmt.Fprintf(stderr, "slant: %s: %d records: %d reports, %d skipped (not HTML pages), %d failed\n",
			name, st.Records, st.Documents, st.Skipped, st.Failed)
		return err
	})
	if cerr := o.Close(); err == nil {
		err = cerr
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err == nil && failed > 0 {
		return rejectedError{fmt.Errorf("batch: %d of %d records failed", failed, records)}
	}
	return err
}

func batchStream(a *analyzer.Analyzer, o *ordered, stderr io.Writer, name string, sr streamReader) error {
	// Each page is extracted on the workers with its analysis (extracting a
	// page takes longer than analyzing it): the reader only frames records,
	// and hands them over in chunks, as batch does lines.
	var chunk chunker[*ingest.Pending]
	submit := func() bool {
		c, size := chunk.take()
		return o.SubmitParts(size, func(out *bytes.Buffer, end func(error)) {
			for _, p := range c {
				if o.Stopped() {
					return // nothing more is written
				}
				rep, err := pendingReport(a, name, p)
				if err == nil {
					err = rep.WriteCompactJSON(out)
				}
				end(err) // a *RecordError is written in order below
			}
		}, func(err error) error {
			var re *ingest.RecordError
			if errors.As(err, &re) {
				fmt.Fprintf(stderr, "slant: %s: %v\n", name, re)
				return nil
			}
			return err
		})
	}
	for p, err := range sr.Pending() {
		var re *ingest.RecordError
		switch {
		case errors.As(err, &re):
			// in order with the reports around it
			if chunk.items != nil && !submit() {
				return nil
			}
			if werr := o.Wait(); werr != nil {
				return nil
			}
			fmt.Fprintf(stderr, "slant: %s: %v\n", name, re)
			continue
		case err != nil:
			if chunk.items != nil {
				submit()
			}
			return streamError(name, err)
		}
		if o.Stopped() {
			return nil // the writer failed: Wait or Close returns why
		}
		if chunk.add(p, int64(p.Size())) && !submit() {
			return nil // the writer failed: Wait or Close returns why
		}
	}
	if chunk.items != nil && !submit() {
		return nil
	}
	return nil
}

// pendingReport extracts a record of stream name and analyzes it; a JSONL
// record's id becomes the report's. The error is the record's
// *RecordError.
func pendingReport(a *analyzer.Analyzer, name string, p *ingest.Pending) (*analyzer.Report, error) {
	doc, err := p.Extract()
	if err != nil {
		return nil, err
	}
	rep := docreport.Analyze(a, name, doc)
	if doc.Format == ingest.FormatJSONL && doc.Record.ID != "" {
		id := doc.Record.ID
		rep.ID = &id
	}
	return rep, nil
}

// batchStreamSummary is batchStream for slant batch --tables: each record
// is extracted and analyzed on the workers of q, which passes the reports on
// in order; the stream's summary line follows on stderr once they are.
func batchStreamSummary(a *analyzer.Analyzer, q *reportQueue, stderr io.Writer, name string, sr streamReader) (ingest.Stats, error) {
	err := queueStream(a, q, stderr, name, sr)
	if werr := q.wait(); err == nil {
		err = werr
	}
	st := sr.Stats()
	fmt.Fprintf(stderr, "slant: %s: %d records: %d reports, %d skipped (not HTML pages), %d failed\n",
		name, st.Records, st.Documents, st.Skipped, st.Failed)
	return st, err
}

// queueStream queues each record of sr on q; a record that cannot be read
// is reported on stderr in order with the reports around it.
func queueStream(a *analyzer.Analyzer, q *reportQueue, stderr io.Writer, name string, sr streamReader) error {
	printRecord := func(err error) error {
		fmt.Fprintf(stderr, "slant: %s: %v\n", name, err)
		return nil
	}
	for p, err := range sr.Pending() {
		var re *ingest.RecordError
		switch {
		case errors.As(err, &re):
			q.note(func() { printRecord(re) })
			continue
		case err != nil:
			return streamError(name, err)
		}
		if !q.add(int64(p.Size()), func() (*analyzer.Report, error) { return pendingReport(a, name, p) }, printRecord) {
			return nil // emit failed: wait returns why
		}
	}
	return nil
}
