package eval

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/slantnews/slant/internal/textsafe"
)

// WriteText writes the result for a terminal: the sentence task, the word
// task, the categories and what is behind the mistakes.
// Terms, words and category ids come from the labels and the lexicon, so
// the whole output goes through textsafe.Output.
func WriteText(w io.Writer, r *Result) error {
	var out strings.Builder
	if err := writeText(&out, r); err != nil {
		return err
	}
	_, err := io.WriteString(w, textsafe.Output(out.String()))
	return err
}

func writeText(w io.Writer, r *Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }
	s, c := r.Sentence, r.Sentence.Confusion
	p("labels: %s (%d rows: %d biased, %d neutral)\n", r.Labels, r.Rows, s.Biased.Support, s.Neutral.Support)
	p("lexicon: version %s, %d categories, %d entries\n", r.Lexicon.Version, r.Lexicon.Categories, r.Lexicon.Entries)
	p("rule: %s (sentence weight >= %.2f)\n\n", r.Rule, r.Threshold)
	p("sentence task\n")
	p("  class\tprecision\trecall\tF1\tsupport\n")
	p("  biased\t%.3f\t%.3f\t%.3f\t%d\n", s.Biased.Precision, s.Biased.Recall, s.Biased.F1, s.Biased.Support)
	p("  neutral\t%.3f\t%.3f\t%.3f\t%d\n", s.Neutral.Precision, s.Neutral.Recall, s.Neutral.F1, s.Neutral.Support)
	p("  macro-F1 %.3f   accuracy %.3f\n\n", s.MacroF1, s.Accuracy)
	p("  gold \\ predicted\tbiased\tneutral\n")
	p("  biased\t%d\t%d\n", c.BiasedBiased, c.BiasedNeutral)
	p("  neutral\t%d\t%d\n\n", c.NeutralBiased, c.NeutralNeutral)
	var sweep []string
	for _, sp := range s.Sweep {
		sweep = append(sweep, fmt.Sprintf("%.2f: %.3f", sp.Threshold, sp.MacroF1))
	}
	p("  macro-F1 at other sentence thresholds: %s\n", strings.Join(sweep, ", "))
	var rsweep []string
	for _, fp := range s.ReportedSweep {
		rsweep = append(rsweep, fmt.Sprintf("%.2f: %.3f (%d false alarms)", fp.Factor, fp.MacroF1, fp.FalseAlarms))
	}
	p("  macro-F1 at other reported_factor values: %s\n", strings.Join(rsweep, ", "))
	fa := s.FalseAlarms
	p("  false alarms: %d neutral rows, %d with reported speech in a loaded sentence; their findings by voice: author %d, quoted %d, reported %d\n\n",
		fa.Rows, fa.ReportedRows, fa.Findings["author"], fa.Findings["quoted"], fa.Findings["reported"])
	wr := r.Word
	p("word task\n")
	p("  recall of annotated words\t%.3f\t(%d of %d)\n", wr.Recall, wr.Found, wr.Annotated)
	p("  precision of findings\t%.3f\t(%d of %d)\n", wr.Precision, wr.FindingsOnWord, wr.Findings)
	p("  F1\t%.3f\n\n", wr.F1)
	p("categories\n")
	p("  category\tfindings\ton annotated word\tbiased rows\tneutral rows\n")
	for _, cr := range r.Categories {
		p("  %s\t%d\t%d\t%d\t%d\n", cr.ID, cr.Findings, cr.FindingsOnWord, cr.BiasedRows, cr.NeutralRows)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	lists := []struct {
		title string
		list  []Count
	}{
		{"false positives by term (findings in loaded sentences of neutral rows)", r.Errors.FalsePositiveTerms},
		{"false positives by category", r.Errors.FalsePositiveCategories},
		{"false negatives by annotated word (biased rows predicted neutral)", r.Errors.FalseNegativeWords},
		{"false negatives by category (findings under the threshold in those rows)", r.Errors.FalseNegativeCategories},
		{"findings on no annotated word, by term", r.Errors.UnmatchedFindingTerms},
		{"annotated words no finding covers", r.Errors.MissedAnnotatedWords},
	}
	for _, l := range lists {
		fmt.Fprintf(w, "\n%s\n", l.title)
		if len(l.list) == 0 {
			fmt.Fprintln(w, "  (none)")
		}
		var parts []string
		for _, x := range l.list {
			parts = append(parts, fmt.Sprintf("%s %d", x.Key, x.Count))
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "  %s\n", strings.Join(parts, ", "))
		}
	}
	return nil
}
