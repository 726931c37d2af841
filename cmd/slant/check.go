package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"slices"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/check"
	"github.com/slantnews/slant/config"
)

// cmdCheck analyzes each file and fails (exit 1) when one crosses the
// thresholds or uses a banned term: slant check [--format …] [FILE...].
func cmdCheck(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("check")
	format := fs.String("format", "text", "text, github, rdjsonl or sarif (default: check_format of the configuration, else text)")
	cf := addConfigFlags(fs)
	docThreshold := fs.Float64("document-threshold", 0, "fail a file whose author-voice intensity is at least `N` (default: the configuration's, else the lexicon's)")
	sentThreshold := fs.Float64("sentence-threshold", 0, "fail a file with a sentence whose author-voice weight is at least `N` (default: the configuration's, else the lexicon's)")
	maxBytes := fs.Int64("max-bytes", analyzer.DefaultMaxBytes, "reject inputs larger than `N` bytes")
	input := addInputFlag(fs)
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	inFormat, err := inputFormat("check", *input)
	if err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !slices.Contains(check.Formats, *format) {
		return usageError{fmt.Sprintf("check: unknown --format %q (want text, github, rdjsonl or sarif)", *format)}
	}
	if err := checkMaxBytes("check", maxBytes); err != nil {
		return err
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	// Read, check and extract every input before writing anything. A page
	// is checked as its article: positions are those of the extracted text
	// (what slant extract prints).
	docs, err := readDocuments(files, stdin, stderr, *maxBytes, inFormat)
	if err != nil {
		return err
	}
	var results []*check.File
	failed := false
	for i, name := range files {
		rep, e, err := cf.analyzeDocument(name, docs[i], stderr)
		if err != nil {
			return err
		}
		if i == 0 && !set["format"] {
			if cfg := e.Config(); cfg != nil && cfg.CheckFormat != "" {
				f := cfg.CheckFormat
				*format = f
			}
		}
		lex := e.Analyzer().Lexicon()
		sc := lex.Rules.Scoring
		doc, sent := sc.DocumentThreshold, sc.SentenceThreshold
		if set["document-threshold"] {
			doc = *docThreshold
		}
		if set["sentence-threshold"] {
			sent = *sentThreshold
		}
		c := &check.File{Name: name, Text: docs[i].Text, Report: rep, Lexicon: lex, Verdict: config.Judge(rep, doc, sent, sc.IntensityScale)}
		failed = failed || c.Verdict.Fail
		results = append(results, c)
	}
	var out bytes.Buffer
	bi, ok := debug.ReadBuildInfo()
	if err := check.Write(&out, *format, results, check.ToolVersion(version(bi, ok))); err != nil {
		return err
	}
	if _, err := stdout.Write(out.Bytes()); err != nil {
		return err
	}
	if failed {
		return errReported
	}
	return nil
}
