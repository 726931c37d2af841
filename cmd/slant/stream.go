package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"

	"github.com/slantnews/slant/ingest"
)

// streamReader is a WARC or JSON Lines reader.
type streamReader interface {
	Documents() iter.Seq2[*ingest.Document, error]
	Pending() iter.Seq2[*ingest.Pending, error]
	Stats() ingest.Stats
}

// openStream returns the reader of an archive or stream: format, or when
// it is "" the format detected from the first bytes with name as a hint.
// An input that is one page is rejected.
func openStream(name string, r io.Reader, format ingest.Format, maxBytes int64) (streamReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if format == "" {
		head, _ := br.Peek(4096)
		format = ingest.Detect(name, "", head)
	}
	opts := []ingest.Option{ingest.WithMaxPageBytes(maxBytes)}
	switch format {
	case ingest.FormatWARC:
		return ingest.NewWARCReader(br, opts...), nil
	case ingest.FormatJSONL:
		return ingest.NewJSONLReader(br, opts...), nil
	}
	return nil, rejectedError{fmt.Errorf("%s: %s, not an archive or stream (--input warc or jsonl; slant analyze reads one page)", name, format)}
}

// eachStream opens each file ("-" is stdin) as a stream and calls fn with
// it; a file that cannot be opened is rejected before any is read.
func eachStream(files []string, stdin io.Reader, format ingest.Format, maxBytes int64, fn func(name string, sr streamReader) error) error {
	for _, name := range files {
		if name == "-" {
			continue
		}
		if st, err := os.Stat(name); err != nil {
			return rejectedError{err}
		} else if st.IsDir() {
			return rejectedError{fmt.Errorf("%s: is a directory", name)}
		}
	}
	for _, name := range files {
		r := stdin
		if name != "-" {
			f, err := os.Open(name)
			if err != nil {
				return rejectedError{err}
			}
			defer f.Close()
			r = f
		}
		sr, err := openStream(name, r, format, maxBytes)
		if err != nil {
			return err
		}
		if err := fn(name, sr); err != nil {
			return err
		}
	}
	return nil
}

// streamError is the error that ends a stream early: a limit reached is
// the input's fault (exit 3), a read failure is not.
func streamError(name string, err error) error {
	err = fmt.Errorf("%s: %w", name, err)
	if errors.Is(err, ingest.ErrTooLarge) || errors.Is(err, ingest.ErrTooManyRecords) {
		return rejectedError{err}
	}
	return err
}
