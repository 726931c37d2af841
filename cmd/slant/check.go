package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"slices"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/config"
)

// checked is one file's report and verdict, as the check formats need them.
type checked struct {
	name    string
	input   []byte
	rep     *analyzer.Report
	verdict config.Verdict
	lines   *lineIndex
	lex     *analyzer.Lexicon
}

// diagnostic is one annotation: an author-voice finding, or the document.
type diagnostic struct {
	start, end int
	rule       string // category id, or "document"
	term       string
	level      string // "error" or "warning"
	message    string
}

// diagnostics are a file's annotations: each author-voice finding (an error
// when banned or in a sentence over the threshold, a warning otherwise) and,
// when the document crosses its threshold, one for the document.
func (c *checked) diagnostics() []diagnostic {
	var out []diagnostic
	loaded := map[int]bool{}
	for _, s := range c.verdict.LoadedSentences {
		loaded[s] = true
	}
	for _, f := range c.rep.Findings {
		if f.Voice != analyzer.VoiceAuthor && !(f.Voice == analyzer.VoiceReported && f.Category == config.BannedCategory) {
			continue
		}
		d := diagnostic{start: f.Start, end: f.End, rule: f.Category, term: f.Term, level: "warning"}
		name := f.Category
		if cat := c.lex.Category(f.Category); cat != nil {
			name = cat.Name
		}
		switch {
		case f.Category == config.BannedCategory:
			d.level = "error"
			d.message = fmt.Sprintf("banned term %q: %s", f.Text, f.Reason)
		default:
			if loaded[f.Sentence] {
				d.level = "error"
			}
			d.message = fmt.Sprintf("%q: %s (%s, weight %g)", f.Text, name, f.Category, f.Weight)
			if f.Suggestion != "" {
				d.message += fmt.Sprintf("; consider %q", f.Suggestion)
			}
		}
		out = append(out, d)
	}
	if c.verdict.DocumentCrossed {
		out = append(out, diagnostic{start: 0, end: 0, rule: "document", level: "error",
			message: fmt.Sprintf("author-voice intensity %.1f is at or over the threshold %g", c.verdict.AuthorIntensity, c.verdict.DocumentThreshold)})
	}
	return out
}

var checkWriters = map[string]func(w io.Writer, files []*checked) error{
	"text":    writeCheckText,
	"github":  writeCheckGitHub,
	"rdjsonl": writeCheckRDJSONL,
	"sarif":   writeCheckSARIF,
}

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
	if _, ok := checkWriters[*format]; !ok {
		return usageError{fmt.Sprintf("check: unknown --format %q (want text, github, rdjsonl or sarif)", *format)}
	}
	if *maxBytes <= 0 {
		return usageError{"check: --max-bytes must be positive"}
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
	var results []*checked
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
		c := &checked{name: name, input: docs[i].Text, rep: rep, lines: newLineIndex(docs[i].Text), lex: lex}
		c.verdict = config.Judge(rep, doc, sent, sc.IntensityScale)
		failed = failed || c.verdict.Fail
		results = append(results, c)
	}
	var out bytes.Buffer
	if err := checkWriters[*format](&out, results); err != nil {
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

// toolVersion is the version SARIF names.
func toolVersion() string {
	bi, ok := debug.ReadBuildInfo()
	return version(bi, ok)
}

// sortedRules lists the rule ids of all files in order.
func sortedRules(files []*checked) []string {
	var ids []string
	for _, c := range files {
		for _, d := range c.diagnostics() {
			if !slices.Contains(ids, d.rule) {
				ids = append(ids, d.rule)
			}
		}
		for _, s := range c.rep.Suppressed {
			if !slices.Contains(ids, s.Category) {
				ids = append(ids, s.Category)
			}
		}
	}
	slices.Sort(ids)
	return ids
}
