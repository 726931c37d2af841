package tables

import (
	"errors"
	"os"
	"path"
	"path/filepath"

	"github.com/slantnews/slant/analyzer"
)

// Sink stores the files a Writer makes.
type Sink interface {
	// WriteFile stores data at the slash-separated path under the tree's
	// root, replacing any file there.
	WriteFile(path string, data []byte) error
}

// Dir is a Sink writing under a local directory. Each file is written to a
// temporary name and renamed, so a reader never sees half a file.
type Dir string

// WriteFile implements Sink.
func (d Dir) WriteFile(p string, data []byte) error {
	full := filepath.Join(string(d), filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(full), "."+filepath.Base(full)+".tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, full)
}

// Defaults of a Writer's limits.
const (
	DefaultRowsPerFile   = 5000
	DefaultMaxPartitions = 32
)

// Option sets a limit of a Writer.
type Option func(*Writer)

// RowsPerFile is how many documents a file holds at most (default
// DefaultRowsPerFile). A findings file holds the findings of the documents
// of its documents file, and a partition is also written out when it holds
// 32 times n findings.
func RowsPerFile(n int) Option { return func(w *Writer) { w.rowsPerFile = max(n, 1) } }

// MaxPartitions is how many partitions a Writer buffers rows for at once
// (default DefaultMaxPartitions); a new one beyond it first writes out the
// one least recently added to.
func MaxPartitions(n int) Option { return func(w *Writer) { w.maxParts = max(n, 1) } }

// Writer turns reports into the files of both tables, buffering at most
// RowsPerFile documents (and their findings) for each of at most
// MaxPartitions partitions, so its memory is bounded whatever the number of
// reports. Each documents file has a findings file of the same name (which
// may hold no rows), named by the documents it holds (see fileName).
// A Writer is not safe for concurrent use.
type Writer struct {
	sink        Sink
	rowsPerFile int
	maxParts    int
	parts       map[Partition]*partBuf
	tick        uint64
	stats       Stats
	err         error
}

// Stats counts what a Writer wrote.
type Stats struct {
	Documents, Findings, Files int
}

type partBuf struct {
	docs  []DocumentRow
	finds []FindingRow
	last  uint64
}

// NewWriter returns a Writer into sink.
func NewWriter(sink Sink, opts ...Option) *Writer {
	w := &Writer{sink: sink, rowsPerFile: DefaultRowsPerFile, maxParts: DefaultMaxPartitions, parts: map[Partition]*partBuf{}}
	for _, o := range opts {
		o(w)
	}
	return w
}

// Add buffers the rows of r, writing out files as limits are reached. After
// an error every call returns it.
func (w *Writer) Add(r *analyzer.Report) error {
	if w.err != nil {
		return w.err
	}
	p := PartitionOf(r)
	b := w.parts[p]
	if b == nil {
		if len(w.parts) >= w.maxParts {
			w.evict()
			if w.err != nil {
				return w.err
			}
		}
		b = &partBuf{}
		w.parts[p] = b
	}
	w.tick++
	b.last = w.tick
	d, fs := Rows(r)
	b.docs = append(b.docs, d)
	b.finds = append(b.finds, fs...)
	if len(b.docs) >= w.rowsPerFile || len(b.finds) >= 32*w.rowsPerFile {
		w.flush(p, b)
	}
	return w.err
}

// evict writes out the partition least recently added to.
func (w *Writer) evict() {
	var lp Partition
	var lb *partBuf
	for p, b := range w.parts {
		if lb == nil || b.last < lb.last {
			lp, lb = p, b
		}
	}
	w.flush(lp, lb)
	delete(w.parts, lp)
}

// flush writes the buffered rows of one partition as one file per table.
func (w *Writer) flush(p Partition, b *partBuf) {
	if w.err != nil || len(b.docs) == 0 {
		return
	}
	name := fileName("part-", func(yield func(string) bool) {
		for _, d := range b.docs {
			if !yield(d.DocID) {
				return
			}
		}
	})
	docs, err := Encode(b.docs)
	if err == nil {
		err = w.sink.WriteFile(path.Join(Documents, p.Path(), name), docs)
	}
	if err == nil {
		var finds []byte
		finds, err = Encode(b.finds)
		if err == nil {
			err = w.sink.WriteFile(path.Join(Findings, p.Path(), name), finds)
		}
	}
	if err != nil {
		w.err = err
		return
	}
	w.stats.Documents += len(b.docs)
	w.stats.Findings += len(b.finds)
	w.stats.Files += 2
	clear(b.docs)
	clear(b.finds)
	b.docs, b.finds = b.docs[:0], b.finds[:0]
}

// Close writes out every buffered partition, in path order.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	ps := make([]Partition, 0, len(w.parts))
	for p := range w.parts {
		ps = append(ps, p)
	}
	sortPartitions(ps)
	for _, p := range ps {
		w.flush(p, w.parts[p])
	}
	w.parts = nil
	if w.err == nil {
		w.err = errClosed
		return nil
	}
	return w.err
}

var errClosed = errors.New("tables: writer closed")

// Stats returns what the Writer has written so far.
func (w *Writer) Stats() Stats { return w.stats }
