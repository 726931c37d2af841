package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/render"
)

// cmdAnalyze analyzes each file and prints its report:
// slant analyze [--format text|json|markdown|html] [--input FORMAT] [FILE...].
// An HTML page is analyzed as its headline and article text.
func cmdAnalyze(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("analyze")
	format := fs.String("format", "text", "text, json, markdown or html (default: format of the configuration, else text)")
	cf := addConfigFlags(fs)
	maxBytes := fs.Int64("max-bytes", analyzer.DefaultMaxBytes, "reject inputs larger than `N` bytes")
	input := addInputFlag(fs)
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if err := cf.defaultFormat(fs, format, files); err != nil {
		return err
	}
	inFormat, err := inputFormat("analyze", *input)
	if err != nil {
		return err
	}
	render, ok := renderers[*format]
	if !ok {
		return usageError{fmt.Sprintf("analyze: unknown --format %q (want text, json, markdown or html)", *format)}
	}
	if err := checkMaxBytes("analyze", maxBytes); err != nil {
		return err
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	if *format == "html" && len(files) > 1 {
		return usageError{"analyze: --format html takes one file (one page per report)"}
	}
	// Read, check and extract every input before writing anything.
	docs, err := readDocuments(files, stdin, stderr, *maxBytes, inFormat)
	if err != nil {
		return err
	}
	total := int64(0)
	for _, d := range docs {
		total += int64(len(d.Text))
	}
	tuneAnalyzeGC(total)
	// Analyze every input before writing anything, then stream the reports
	// out: the output is never held whole in memory.
	reps := make([]*analyzer.Report, len(files))
	for i, name := range files {
		rep, _, err := cf.analyzeDocument(name, docs[i], stderr)
		if err != nil {
			return err
		}
		reps[i] = rep
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	for i, rep := range reps {
		if err := render(out, rep, docs[i].Text, len(files) > 1); err != nil {
			return err
		}
		if *format != "json" && i < len(files)-1 {
			out.WriteString("\n")
		}
		reps[i], docs[i].Text = nil, nil // written: its memory can go
	}
	return out.Flush()
}

// tuneAnalyzeGC turns the collector off below a soft limit of 256 MiB and
// 128 bytes per input byte: a one-shot analysis keeps nearly all it
// allocates (the report), so a collection finds little to free, and on 20
// MiB of news two collections cost a sixth of the CPU time. The limit is
// above what the worst inputs known take (docs/limits.md), so it is a
// ceiling, not a target: near it the collector runs, as often as it takes
// to stay under it. GOGC or GOMEMLIMIT in the environment wins (a machine
// with less memory than the ceiling sets GOMEMLIMIT).
func tuneAnalyzeGC(inputBytes int64) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(256<<20 + 128*min(inputBytes, 1<<40))
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
		if many {
			return r.WriteCompactJSON(w)
		}
		return r.WriteJSON(w)
	},
}
