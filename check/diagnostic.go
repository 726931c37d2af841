package check

import (
	"fmt"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/config"
)

// File is one analyzed and judged input.
type File struct {
	// Name is the input's name as the user gave it; "-" is standard input.
	Name string
	// Text is the analyzed text, which the report's offsets index (a web
	// page's extracted article, not its HTML).
	Text []byte
	// Report is Text's report, after the configuration's suppressions.
	Report *analyzer.Report
	// Lexicon is the lexicon the report was made with; it names and
	// describes the categories (nil: their ids stand in).
	Lexicon *analyzer.Lexicon
	// Verdict is config.Judge's decision about Report.
	Verdict config.Verdict
}

// Diagnostic is one annotation of a file: an author-voice finding, or the
// whole document.
type Diagnostic struct {
	// Start and End are the finding's byte offsets in the file's Text; both
	// are 0 for the document.
	Start, End int
	// Rule is the finding's category id, or "document".
	Rule string
	// Term is the lexicon term matched; empty for the document.
	Term string
	// Level is "error" or "warning".
	Level   string
	Message string
}

// Diagnostics are a file's annotations, in the report's order: each
// author-voice finding (an error when banned or in a sentence over the
// threshold, a warning otherwise; a banned term in reported speech counts as
// the author's) and, when the document crosses its threshold, one for the
// document last.
func Diagnostics(f *File) []Diagnostic {
	var out []Diagnostic
	loaded := map[int]bool{}
	for _, s := range f.Verdict.LoadedSentences {
		loaded[s] = true
	}
	for _, fd := range f.Report.Findings {
		if fd.Voice != analyzer.VoiceAuthor && !(fd.Voice == analyzer.VoiceReported && fd.Category == config.BannedCategory) {
			continue
		}
		d := Diagnostic{Start: fd.Start, End: fd.End, Rule: fd.Category, Term: fd.Term, Level: "warning"}
		name := fd.Category
		if cat := f.category(fd.Category); cat != nil {
			name = cat.Name
		}
		switch {
		case fd.Category == config.BannedCategory:
			d.Level = "error"
			d.Message = fmt.Sprintf("banned term %q: %s", fd.Text, fd.Reason)
		default:
			if loaded[fd.Sentence] {
				d.Level = "error"
			}
			d.Message = fmt.Sprintf("%q: %s (%s, weight %g)", fd.Text, name, fd.Category, fd.Weight)
			if fd.Suggestion != "" {
				d.Message += fmt.Sprintf("; consider %q", fd.Suggestion)
			}
		}
		out = append(out, d)
	}
	if f.Verdict.DocumentCrossed {
		out = append(out, Diagnostic{Start: 0, End: 0, Rule: "document", Level: "error",
			Message: fmt.Sprintf("author-voice intensity %.1f is at or over the threshold %g", f.Verdict.AuthorIntensity, f.Verdict.DocumentThreshold)})
	}
	return out
}

// category is the lexicon's category id, or nil.
func (f *File) category(id string) *analyzer.Category {
	if f.Lexicon == nil {
		return nil
	}
	return f.Lexicon.Category(id)
}
