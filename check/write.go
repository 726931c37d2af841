package check

import (
	"fmt"
	"io"
	"strings"
)

// Formats are the formats Write writes, the default first.
var Formats = []string{"text", "github", "rdjsonl", "sarif"}

var writers = map[string]func(w io.Writer, files []*File, o *options) error{
	"text":    writeText,
	"github":  writeGitHub,
	"rdjsonl": writeRDJSONL,
	"sarif":   writeSARIF,
}

// An Option changes what Write writes.
type Option func(*options)

type options struct {
	version string
}

// ToolVersion is the version of slant that SARIF names as its tool's
// (tool.driver.version). Without it the property is left out.
func ToolVersion(v string) Option { return func(o *options) { o.version = v } }

// Write writes the diagnostics of files to w in format, one of Formats:
//
//   - text: "file:line:col: level: message [rule] (bytes start-end)" per
//     diagnostic and a verdict line per file;
//   - github: a GitHub Actions workflow command per diagnostic;
//   - rdjsonl: a reviewdog diagnostic (JSON) per line;
//   - sarif: one SARIF 2.1.0 log, the suppressed findings included.
//
// The only errors are an unknown format and w's.
func Write(w io.Writer, format string, files []*File, opts ...Option) error {
	write, ok := writers[format]
	if !ok {
		return fmt.Errorf("unknown check format %q (want %s)", format, strings.Join(Formats, ", "))
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return write(w, files, &o)
}

// writeText prints "file:line:col: level: message [rule] (bytes start-end)"
// for each diagnostic and a verdict line per file.
func writeText(w io.Writer, files []*File, _ *options) error {
	for _, f := range files {
		lines := NewLines(f.Text)
		for _, d := range Diagnostics(f) {
			p := lines.At(d.Start)
			if _, err := fmt.Fprintf(w, "%s:%d:%d: %s: %s [%s] (bytes %d-%d)\n", f.Name, p.Line, p.Column, d.Level, d.Message, d.Rule, d.Start, d.End); err != nil {
				return err
			}
		}
		v := f.Verdict
		status := "ok"
		if v.Fail {
			status = "FAIL"
		}
		if _, err := fmt.Fprintf(w, "%s: %s: author-voice intensity %.1f (threshold %g), %d sentences at or over %g, %d banned, %d suppressed\n",
			f.Name, status, v.AuthorIntensity, v.DocumentThreshold, len(v.LoadedSentences), v.SentenceThreshold, len(v.Banned), f.Report.Stats.Suppressed); err != nil {
			return err
		}
	}
	return nil
}

// writeGitHub prints GitHub Actions workflow commands, one per diagnostic:
// ::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message.
func writeGitHub(w io.Writer, files []*File, _ *options) error {
	for _, f := range files {
		lines := NewLines(f.Text)
		for _, d := range Diagnostics(f) {
			s, e := lines.At(d.Start), lines.At(d.End)
			if _, err := fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
				d.Level, ghProperty(f.Name), s.Line, s.Column, e.Line, e.Column, ghProperty("slant "+d.Rule), ghData(d.Message)); err != nil {
				return err
			}
		}
	}
	return nil
}

// ghData and ghProperty escape a workflow command's message and properties.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
