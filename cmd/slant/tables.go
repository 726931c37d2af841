package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/ingest"
	"github.com/slantnews/slant/internal/docreport"
	"github.com/slantnews/slant/tables"
)

// tablesFlags are slant batch's --tables DIR and the writer's limits.
type tablesFlags struct {
	dir           string
	rowsPerFile   int
	maxPartitions int
}

func addTablesFlags(fs *flag.FlagSet) *tablesFlags {
	t := &tablesFlags{}
	fs.StringVar(&t.dir, "tables", "", "write the reports as the Parquet tables documents and findings under `DIR` (docs/tables.md) instead of JSON lines")
	fs.IntVar(&t.rowsPerFile, "rows-per-file", tables.DefaultRowsPerFile, "with --tables: documents per file at most")
	fs.IntVar(&t.maxPartitions, "max-partitions", tables.DefaultMaxPartitions, "with --tables: partitions buffered at once")
	return t
}

// batchTables is slant batch --tables DIR: every report becomes rows of the
// two tables, through one bounded tables.Writer. With no FILE (and no
// --input) stdin is JSON Lines {"id","text"} as for slant batch; otherwise
// each FILE is a WARC archive or JSON Lines export (read record by record),
// a page (text or HTML), or a directory, whose files are read in name order
// (hidden ones skipped). A page or record that cannot be read is reported
// on stderr and the batch goes on; it ends with exit 3.
func batchTables(a *analyzer.Analyzer, tf *tablesFlags, files []string, format ingest.Format, maxBytes int64, jobs int, stdin io.Reader, stderr io.Writer) error {
	if tf.rowsPerFile <= 0 || tf.maxPartitions <= 0 {
		return usageError{"batch: --rows-per-file and --max-partitions must be positive"}
	}
	if err := os.MkdirAll(tf.dir, 0o755); err != nil {
		return err
	}
	w := tables.NewWriter(tables.Dir(tf.dir), tables.RowsPerFile(tf.rowsPerFile), tables.MaxPartitions(tf.maxPartitions))
	// Documents are analyzed on jobs workers; their rows are added in input
	// order, on one goroutine.
	q := newReportQueue(jobs, maxBytes, warnDuplicates(w.Add, stderr))
	var err error
	if len(files) == 0 && format == "" {
		err = batchLines(a, stdin, q, maxBytes, stderr)
	} else {
		if len(files) == 0 {
			files = []string{"-"}
		}
		err = tablesInputs(a, q, files, format, maxBytes, stdin, stderr)
	}
	if cerr := q.close(); err == nil {
		err = cerr
	}
	var re rejectedError
	if err != nil && !errors.As(err, &re) {
		return err
	}
	if cerr := w.Close(); cerr != nil {
		return cerr
	}
	st := w.Stats()
	fmt.Fprintf(stderr, "slant: tables %s: %d documents, %d findings, %d files\n", tf.dir, st.Documents, st.Findings, st.Files)
	return err
}

// warnDuplicates wraps emit: the second time a run sees a doc_id (the same
// file named twice, two records with one id), it says so on stderr, once
// per id, and still writes the rows. It keeps a 64-bit hash of each id, not
// the id, so that its memory is a few bytes a document.
func warnDuplicates(emit func(*analyzer.Report) error, stderr io.Writer) func(*analyzer.Report) error {
	seed := maphash.MakeSeed()
	seen := map[uint64]uint8{}
	return func(r *analyzer.Report) error {
		id := tables.DocID(r)
		h := maphash.String(seed, id)
		if seen[h] == 1 {
			fmt.Fprintf(stderr, "slant: warning: doc_id %s appears more than once in this run; its rows are written each time\n", strconv.Quote(id))
		}
		if seen[h] < 2 {
			seen[h]++
		}
		return emit(r)
	}
}

// tablesInputs reads each input named on the command line.
func tablesInputs(a *analyzer.Analyzer, q *reportQueue, args []string, format ingest.Format, maxBytes int64, stdin io.Reader, stderr io.Writer) error {
	var paths []string
	for _, arg := range args {
		if arg == "-" {
			paths = append(paths, arg)
			continue
		}
		st, err := os.Stat(arg)
		if err != nil {
			return rejectedError{err}
		}
		if !st.IsDir() {
			paths = append(paths, arg)
			continue
		}
		var inDir []string
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if p != arg && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				inDir = append(inDir, p)
			}
			return nil
		})
		if err != nil {
			return rejectedError{err}
		}
		slices.Sort(inDir)
		paths = append(paths, inDir...)
	}
	failed, total := 0, 0
	for _, p := range paths {
		n, bad, err := tablesInput(a, q, p, format, maxBytes, stdin, stderr)
		total += n
		failed += bad
		if err != nil {
			return err
		}
	}
	if err := q.wait(); err != nil {
		return err
	}
	if failed > 0 {
		return rejectedError{fmt.Errorf("batch: %d of %d inputs failed", failed, total)}
	}
	return nil
}

// tablesInput reads one file: an archive or stream record by record, or
// one page. It returns how many documents or records it read and how many
// failed; err ends the batch.
func tablesInput(a *analyzer.Analyzer, q *reportQueue, name string, format ingest.Format, maxBytes int64, stdin io.Reader, stderr io.Writer) (n, failed int, err error) {
	r := stdin
	// The report's name, and so its doc_id, is the path cleaned: a/x.html
	// and ./a/x.html are one document.
	id := name
	if name != "-" {
		id = filepath.ToSlash(filepath.Clean(name))
		f, err := os.Open(name)
		if err != nil {
			msg := err.Error()
			if !q.note(func() { fmt.Fprintf(stderr, "slant: %s\n", msg) }) {
				return 1, 1, q.wait() // the tables writer failed
			}
			return 1, 1, nil
		}
		defer f.Close()
		r = f
	}
	br := bufio.NewReaderSize(r, 64<<10)
	pf := format
	if pf == "" {
		head, _ := br.Peek(4096)
		pf = ingest.Detect(name, "", head)
	}
	if pf == ingest.FormatWARC || pf == ingest.FormatJSONL {
		sr, err := openStream(name, br, pf, maxBytes)
		if err != nil {
			return 0, 0, err
		}
		st, err := batchStreamSummary(a, q, stderr, id, sr)
		return st.Records, st.Failed, err
	}
	doc, err := readDocument(name, br, maxBytes, pf)
	if err != nil {
		msg := err.Error()
		if !q.note(func() { fmt.Fprintf(stderr, "slant: %s\n", msg) }) {
			return 1, 1, q.wait()
		}
		return 1, 1, nil
	}
	// A page read from its own file goes to the workers alone: reading it
	// took longer than the handoff, and a failed writer is seen before the
	// next file is read.
	if !q.add(int64(len(doc.Text)), func() (*analyzer.Report, error) { return docreport.Analyze(a, id, doc), nil }, nil) || !q.flush() {
		return 1, 0, q.wait() // the tables writer failed: it says why
	}
	return 1, 0, nil
}
