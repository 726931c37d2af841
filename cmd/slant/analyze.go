package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strings"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/lexicons"
	"github.com/slantnews/slant/render"
)

// dirsFlag collects repeated --lexicons DIR flags.
type dirsFlag []string

func (d *dirsFlag) String() string     { return strings.Join(*d, ",") }
func (d *dirsFlag) Set(v string) error { *d = append(*d, v); return nil }

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
	}
	return nil
}

// loadAnalyzer builds an Analyzer from the embedded lexicons plus each DIR,
// and the embedded actor lexicon plus each actor DIR.
func loadAnalyzer(dirs []string, actorDirs ...string) (*analyzer.Analyzer, error) {
	sources, err := dirSources("lexicons", lexicons.English(), dirs)
	if err != nil {
		return nil, err
	}
	lex, err := analyzer.LoadLexicon(sources...)
	if err != nil {
		return nil, err
	}
	actorSources, err := dirSources("actors", lexicons.Actors(), actorDirs)
	if err != nil {
		return nil, err
	}
	actors, err := analyzer.LoadActors(actorSources...)
	if err != nil {
		return nil, err
	}
	return analyzer.New(lex, analyzer.WithActors(actors))
}

// lexiconFlags are --lexicons DIR and --actors DIR, both repeatable.
type lexiconFlags struct{ dirs, actorDirs dirsFlag }

func addLexiconFlags(fs *flag.FlagSet) *lexiconFlags {
	l := &lexiconFlags{}
	fs.Var(&l.dirs, "lexicons", "extra lexicon directory (repeatable)")
	fs.Var(&l.actorDirs, "actors", "extra actor lexicon directory (repeatable)")
	return l
}

func (l *lexiconFlags) load() (*analyzer.Analyzer, error) {
	return loadAnalyzer(l.dirs, l.actorDirs...)
}

// dirSources is the built-in source followed by each directory, checked.
func dirSources(flag string, builtin fs.FS, dirs []string) ([]fs.FS, error) {
	sources := []fs.FS{builtin}
	for _, d := range dirs {
		st, err := os.Stat(d)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", flag, d, err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("%s %s: not a directory", flag, d)
		}
		sources = append(sources, namedDir(d))
	}
	return sources, nil
}

// readInput reads a file ("-" is stdin) under the size limit, without reading
// more than limit+1 bytes, and applies analyzer.CheckInput.
func readInput(name string, stdin io.Reader, limit int64) ([]byte, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, rejectedError{err}
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > limit {
			return nil, rejectedError{fmt.Errorf("%s: %w: %d bytes, limit %d", name, analyzer.ErrTooLarge, st.Size(), limit)}
		} else if err == nil && st.IsDir() {
			return nil, rejectedError{fmt.Errorf("%s: is a directory", name)}
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if err := analyzer.CheckInput(data, limit); err != nil {
		if int64(len(data)) > limit {
			err = fmt.Errorf("%w: more than %d bytes", analyzer.ErrTooLarge, limit)
		}
		return nil, rejectedError{fmt.Errorf("%s: %w", name, err)}
	}
	return data, nil
}

func cmdAnalyze(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("analyze", stderr)
	format := fs.String("format", "text", "text, json, markdown or html")
	lexFlags := addLexiconFlags(fs)
	maxBytes := fs.Int64("max-bytes", analyzer.DefaultMaxBytes, "reject inputs larger than this")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	render, ok := renderers[*format]
	if !ok {
		return usageError{fmt.Sprintf("analyze: unknown --format %q (want text, json, markdown or html)", *format)}
	}
	if *maxBytes <= 0 {
		return usageError{"analyze: --max-bytes must be positive"}
	}
	files := fs.Args()
	if len(files) == 0 {
		files = []string{"-"}
	}
	if *format == "html" && len(files) > 1 {
		return usageError{"analyze: --format html takes one file (one page per report)"}
	}
	// Read and check every input before writing anything.
	inputs := make([][]byte, len(files))
	var rejected []error
	for i, name := range files {
		data, err := readInput(name, stdin, *maxBytes)
		if err != nil {
			rejected = append(rejected, err)
			continue
		}
		inputs[i] = data
	}
	if len(rejected) > 0 {
		for _, err := range rejected[:len(rejected)-1] {
			fmt.Fprintf(stderr, "slant: %s\n", err)
		}
		return rejected[len(rejected)-1] // printed last by run, so all print in order
	}
	a, err := lexFlags.load()
	if err != nil {
		return err
	}
	var out bytes.Buffer
	for i, name := range files {
		rep := a.Analyze(name, inputs[i])
		if err := render(&out, rep, inputs[i], len(files) > 1); err != nil {
			return err
		}
		if *format != "json" && i < len(files)-1 {
			out.WriteString("\n")
		}
	}
	_, err = stdout.Write(out.Bytes())
	return err
}

type renderFunc func(w io.Writer, r *analyzer.Report, input []byte, many bool) error

var renderers = map[string]renderFunc{
	"text":     func(w io.Writer, r *analyzer.Report, in []byte, _ bool) error { return render.Text(w, r, in) },
	"markdown": func(w io.Writer, r *analyzer.Report, in []byte, _ bool) error { return render.Markdown(w, r, in) },
	"html": func(w io.Writer, r *analyzer.Report, in []byte, many bool) error {
		if many {
			return usageError{"analyze: --format html takes one file (one page per report)"}
		}
		return render.HTML(w, r, in)
	},
	"json": func(w io.Writer, r *analyzer.Report, _ []byte, many bool) error {
		// One report: indented JSON. Several: JSON Lines, one report per line.
		enc := r.JSON
		if many {
			enc = r.CompactJSON
		}
		b, err := enc()
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	},
}

// batchDoc is one line of `slant batch` input.
type batchDoc struct {
	ID   *string `json:"id"`
	Text *string `json:"text"`
}

func cmdBatch(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("batch", stderr)
	lexFlags := addLexiconFlags(fs)
	maxBytes := fs.Int64("max-bytes", analyzer.DefaultMaxBytes, "reject documents larger than this")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"batch: reads JSON Lines on stdin and takes no files"}
	}
	a, err := lexFlags.load()
	if err != nil {
		return err
	}
	// A line holds the JSON-escaped document: up to 6 bytes per input byte
	// ("\u00e9"), plus the id and the braces.
	lineLimit := *maxBytes
	if lineLimit > (math.MaxInt-4096)/6 {
		lineLimit = (math.MaxInt - 4096) / 6
	}
	lineLimit = lineLimit*6 + 4096
	r := bufio.NewReaderSize(stdin, 64<<10)
	w := bufio.NewWriterSize(stdout, 256<<10)
	line, bad := 0, 0
	var buf []byte
	for {
		raw, tooLong, err := readLine(r, buf[:0], lineLimit)
		buf = raw
		if err != nil && err != io.EOF {
			w.Flush()
			return fmt.Errorf("batch line %d: read: %w", line+1, err)
		}
		if len(raw) == 0 && !tooLong && err == io.EOF {
			break
		}
		line++
		if perr := batchLine(a, w, bytes.TrimSpace(raw), tooLong, lineLimit, *maxBytes); perr != nil {
			bad++
			fmt.Fprintf(stderr, "slant: batch line %d: %v\n", line, perr)
		}
		if err == io.EOF {
			break
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if bad > 0 {
		return rejectedError{fmt.Errorf("batch: %d of %d lines rejected", bad, line)}
	}
	return nil
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

// batchLine analyzes one JSON Lines document and writes its report line.
func batchLine(a *analyzer.Analyzer, w io.Writer, raw []byte, tooLong bool, lineLimit, maxBytes int64) error {
	if tooLong {
		return fmt.Errorf("line longer than %d bytes (--max-bytes %d, JSON-escaped)", lineLimit, maxBytes)
	}
	if len(raw) == 0 {
		return nil
	}
	var doc batchDoc
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(&doc)
	switch {
	case err != nil:
		return fmt.Errorf("not a JSON object {\"id\",\"text\"}: %v", err)
	case dec.More():
		return errors.New("not a JSON object {\"id\",\"text\"}: data after the object")
	case doc.ID == nil:
		return errors.New("missing \"id\"")
	case doc.Text == nil:
		return errors.New("missing \"text\"")
	}
	if err := analyzer.CheckInput([]byte(*doc.Text), maxBytes); err != nil {
		return err
	}
	rep := a.Analyze(*doc.ID, []byte(*doc.Text))
	rep.ID = doc.ID
	b, err := rep.CompactJSON()
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func cmdLexiconCheck(args []string, stdout, stderr io.Writer) error {
	for _, d := range args {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			return usageError{fmt.Sprintf("lexicon check: %s is not a directory", d)}
		}
	}
	a, err := loadAnalyzer(args)
	if err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(stdout, line)
		}
		return errReported
	}
	info := a.Lexicon().Info()
	fmt.Fprintf(stdout, "ok: %d categories, %d entries, version %s\n", info.Categories, info.Entries, info.Version)
	return nil
}
