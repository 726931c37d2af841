package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/ingest"
)

// batchDoc is one line of `slant batch` input.
type batchDoc struct {
	ID   *string `json:"id"`
	Text *string `json:"text"`
}

// cmdBatch analyzes JSON Lines documents {"id","text"} on stdin, one report
// per line; with --input or FILEs it reads WARC archives or JSON Lines
// exports record by record (batchStreams). With --tables DIR it writes the
// reports as the tables' rows instead (batchTables), and FILEs may also be
// pages and directories of them.
func cmdBatch(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("batch")
	lexFlags := addLexiconFlags(fs)
	maxBytes := fs.Int64("max-bytes", analyzer.DefaultMaxBytes, "reject documents larger than `N` bytes")
	input := addInputFlag(fs)
	tf := addTablesFlags(fs)
	jobs := fs.Int("j", runtime.GOMAXPROCS(0), "analyze `N` documents at a time (default: the number of cores); output stays in input order")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	inFormat, err := inputFormat("batch", *input)
	if err != nil {
		return err
	}
	if tf.dir == "" && (inFormat == ingest.FormatText || inFormat == ingest.FormatHTML) {
		return usageError{"batch: --input takes warc or jsonl (slant analyze reads pages; slant batch --tables DIR reads both)"}
	}
	if err := checkMaxBytes("batch", maxBytes); err != nil {
		return err
	}
	if *jobs <= 0 {
		return usageError{"batch: -j must be positive"}
	}
	a, err := lexFlags.load()
	if err != nil {
		return err
	}
	tuneBatchGC(*jobs, *maxBytes)
	if tf.dir != "" {
		return batchTables(a, tf, rest, inFormat, *maxBytes, *jobs, stdin, stderr)
	}
	if inFormat != "" || len(rest) > 0 {
		if len(rest) == 0 {
			rest = []string{"-"}
		}
		return batchStreams(a, rest, inFormat, *maxBytes, *jobs, stdin, stdout, stderr)
	}
	lineLimit := jsonLineLimit(*maxBytes)
	w := bufio.NewWriterSize(stdout, 256<<10)
	// Lines are analyzed on *jobs workers, in chunks, and their reports
	// written in input order; at most 2×jobs chunks, and about batchWindow
	// bytes of them, are in flight at a time.
	o := newOrdered(w, *jobs, batchWindow(*maxBytes))
	bad := 0
	// Lines go to the workers in chunks: a news article takes about a tenth
	// of a millisecond, and handing each to another core on its own cost
	// more than the second core gave.
	var chunk chunker[chunkLine]
	submit := func() bool {
		lines, size := chunk.take()
		return o.SubmitParts(size, func(out *bytes.Buffer, end func(error)) {
			for _, l := range lines {
				if o.Stopped() {
					return // nothing more is written
				}
				err := batchLine(a, writeReport(out), l.raw, l.tooLong, lineLimit, *maxBytes)
				putLine(l.raw)
				if err != nil {
					err = lineError{l.n, err}
				}
				end(err)
			}
		}, func(perr error) error {
			le, ok := perr.(lineError)
			if !ok {
				return perr // the output could not be written
			}
			bad++
			fmt.Fprintf(stderr, "slant: batch line %d: %v\n", le.line, le.err)
			return nil
		})
	}
	line, readErr := eachLine(stdin, lineLimit, func(n int, raw []byte, tooLong bool) bool {
		if o.Stopped() {
			return false // the output failed: Close says why
		}
		if chunk.add(chunkLine{n, raw, tooLong}, int64(len(raw))) {
			return submit()
		}
		return true
	})
	if chunk.items != nil {
		submit()
	}
	err = o.Close()
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if readErr != nil {
		return readErr
	}
	if err != nil {
		return err
	}
	if bad > 0 {
		return rejectedError{fmt.Errorf("batch: %d of %d lines rejected", bad, line)}
	}
	return nil
}

// tuneBatchGC lets the heap of a batch grow to four times what it holds
// (GOGC=300) instead of twice: a stream of news articles keeps a heap of a
// few MB that the collector would otherwise scan about a hundred times a
// second, with every worker pausing for it. A soft limit of 512 MiB plus 64
// bytes per input byte each worker may hold keeps the worst case where it
// was. GOGC or GOMEMLIMIT in the environment wins.
func tuneBatchGC(jobs int, maxBytes int64) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(300)
	debug.SetMemoryLimit(512<<20 + 64*min(maxBytes, 1<<40)*int64(jobs))
}

// batchWindow is how many bytes of input batch keeps in flight: enough for
// one document of the largest size allowed, and at least 16 MiB.
func batchWindow(maxBytes int64) int64 {
	return max(16<<20, min(maxBytes, 1<<40))
}

// readLine appends one line (without its newline) to buf. A line longer than
// limit is read to its end and discarded: tooLong is true and the next call
// starts at the next line. err is io.EOF after the last line.
func readLine(r *bufio.Reader, buf []byte, limit int64) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if int64(len(buf)+len(chunk)) > limit+1 {
				tooLong, buf = true, buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch err {
		case bufio.ErrBufferFull:
			continue
		case nil:
			return bytes.TrimSuffix(buf, []byte("\n")), tooLong, nil
		default:
			return buf, tooLong, err
		}
	}
}

// batchLine analyzes one JSON Lines document and passes its report to emit.
func batchLine(a *analyzer.Analyzer, emit func(*analyzer.Report) error, raw []byte, tooLong bool, lineLimit, maxBytes int64) error {
	rep, err := lineReport(a, raw, tooLong, lineLimit, maxBytes)
	if err != nil || rep == nil {
		return err
	}
	if err := emit(rep); err != nil {
		return emitError{err}
	}
	return nil
}

// lineReport is the report of one batch line, nil for a blank line, or why
// the line is rejected.
func lineReport(a *analyzer.Analyzer, raw []byte, tooLong bool, lineLimit, maxBytes int64) (*analyzer.Report, error) {
	if tooLong {
		return nil, fmt.Errorf("line longer than %d bytes (--max-bytes %d, JSON-escaped)", lineLimit, maxBytes)
	}
	if len(raw) == 0 {
		return nil, nil
	}
	scratch := getBuffer()
	defer putBuffer(scratch)
	if id, text, ok := quickBatchDoc(raw, scratch); ok {
		if err := analyzer.CheckInput(text, maxBytes); err != nil {
			return nil, err
		}
		rep := a.Analyze(id, text) // the report keeps no byte of text
		rep.ID = &id
		return rep, nil
	}
	var doc batchDoc
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(&doc)
	switch {
	case err != nil:
		return nil, fmt.Errorf("not a JSON object {\"id\",\"text\"}: %v", err)
	case dec.More():
		return nil, errors.New("not a JSON object {\"id\",\"text\"}: data after the object")
	case doc.ID == nil:
		return nil, errors.New("missing \"id\"")
	case doc.Text == nil:
		return nil, errors.New("missing \"text\"")
	}
	text := []byte(*doc.Text)
	if err := analyzer.CheckInput(text, maxBytes); err != nil {
		return nil, err
	}
	rep := a.Analyze(*doc.ID, text)
	rep.ID = doc.ID
	return rep, nil
}

// emitError is a failure to pass a report on (write it out, add its rows),
// which ends the batch, unlike a bad line, which is skipped.
type emitError struct{ err error }

func (e emitError) Error() string { return e.err.Error() }

// writeReport is the emit function of slant batch: one report per line,
// streamed to w.
func writeReport(w io.Writer) func(*analyzer.Report) error {
	return func(rep *analyzer.Report) error { return rep.WriteCompactJSON(w) }
}

// batchLines analyzes JSON Lines {"id","text"} from stdin on the workers
// of q, which passes the reports on in input order; a bad line is reported
// on stderr, in order, and skipped.
func batchLines(a *analyzer.Analyzer, stdin io.Reader, q *reportQueue, maxBytes int64, stderr io.Writer) error {
	lineLimit := jsonLineLimit(maxBytes)
	bad := 0
	line, readErr := eachLine(stdin, lineLimit, func(n int, raw []byte, tooLong bool) bool {
		return q.add(int64(len(raw)), func() (*analyzer.Report, error) {
			defer putLine(raw)
			return lineReport(a, raw, tooLong, lineLimit, maxBytes)
		}, func(perr error) error {
			bad++
			fmt.Fprintf(stderr, "slant: batch line %d: %v\n", n, perr)
			return nil
		})
	})
	if err := q.wait(); err != nil {
		return err
	}
	if readErr != nil {
		return readErr
	}
	if bad > 0 {
		return rejectedError{fmt.Errorf("batch: %d of %d lines rejected", bad, line)}
	}
	return nil
}

// eachLine passes each line of r to fn with its number, trimmed of space
// and in memory of its own (fn may keep it, and may pass it to
// putLine once done with it), or with tooLong set for a line over limit,
// until the input ends or fn returns false. It returns how many lines it
// read, and the error of a read that failed.
func eachLine(r io.Reader, limit int64, fn func(n int, raw []byte, tooLong bool) bool) (int, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	line := 0
	for {
		buf := getBuffer()
		raw, tooLong, err := readLine(br, (*buf)[:0], limit)
		if err != nil && err != io.EOF {
			return line, fmt.Errorf("batch line %d: read: %w", line+1, err)
		}
		if len(raw) == 0 && !tooLong && err == io.EOF {
			return line, nil
		}
		line++
		if !fn(line, bytes.TrimSpace(raw), tooLong) || err == io.EOF {
			return line, nil
		}
	}
}

// chunker gathers documents into the chunks the batch commands hand to
// their workers as one job: a chunk is full at chunkLines documents or
// chunkBytes of input.
type chunker[T any] struct {
	items []T
	size  int64
}

const (
	chunkBytes = 64 << 10
	chunkLines = 64
)

// add adds x, of n bytes of input, and reports whether the chunk is full.
func (c *chunker[T]) add(x T, n int64) bool {
	c.items = append(c.items, x)
	c.size += n
	return c.size >= chunkBytes || len(c.items) >= chunkLines
}

// take returns the chunk and its input bytes, and starts the next.
func (c *chunker[T]) take() ([]T, int64) {
	items, size := c.items, c.size
	c.items, c.size = nil, 0
	return items, size
}

// chunkLine is a line of slant batch's input in a chunk.
type chunkLine struct {
	n       int // its number
	raw     []byte
	tooLong bool
}

// lineError is a rejected line of a chunk.
type lineError struct {
	line int
	err  error
}

func (e lineError) Error() string { return fmt.Sprintf("batch line %d: %v", e.line, e.err) }

// putLine gives back a line eachLine passed, once nothing reads it.
func putLine(raw []byte) {
	b := raw[:0]
	putBuffer(&b)
}

// buffers holds line and text buffers between batch documents: a batch of
// thousands of articles reuses a few warm buffers instead of allocating
// two of each article's size.
var buffers = sync.Pool{New: func() any { return new([]byte) }}

func getBuffer() *[]byte { return buffers.Get().(*[]byte) }

// putBuffer keeps b for another document, unless it is over maxKeptBuffer.
func putBuffer(b *[]byte) {
	if cap(*b) <= maxKeptBuffer {
		*b = (*b)[:0]
		buffers.Put(b)
	}
}

// jsonLineLimit is the longest line batch reads for documents of up to
// maxBytes: up to 6 bytes per input byte once JSON-escaped ("\u00e9"), plus
// the id and the braces.
func jsonLineLimit(maxBytes int64) int64 {
	if maxBytes > (math.MaxInt-4096)/6 {
		maxBytes = (math.MaxInt - 4096) / 6
	}
	return maxBytes*6 + 4096
}
