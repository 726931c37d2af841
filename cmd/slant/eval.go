package main

// slant eval measures the analyzer against sentences that people labeled.
//
// Sentence task. Each CSV row is analyzed as one input. A row is predicted
// biased when any of its sentences is labeled loaded (its weight reaches
// scoring.sentence_threshold in rules.yaml). The document label is not used:
// it is a density (findings per 1,000 words), which for a one-sentence input
// swings with the sentence's length, while the sentence label is the
// analyzer's own per-sentence verdict. A row that the splitter cuts into
// several sentences is biased when its most loaded sentence is.
//
// Word task. Annotated words are located in the row's text by their
// normalized form (lower case, Snowball stem); a finding counts when its byte
// span overlaps one of those occurrences. Recall is the share of annotated
// words that some finding overlaps; precision is the share of all findings,
// in all rows, that overlap an annotated word (a finding in a row with no
// annotated words counts against precision).

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/kljensen/snowball/english"
	"github.com/slantnews/slant/analyzer"
)

const (
	labelBiased  = "biased"
	labelNeutral = "neutral"
	evalTop      = 15
)

// evalRow is one labeled sentence.
type evalRow struct {
	line   int
	text   string
	biased bool
	words  []string // annotated words, as written
}

// ClassMetrics are precision, recall and F1 of one class.
type ClassMetrics struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"`
}

// Confusion counts rows by gold label (first word) and prediction.
type Confusion struct {
	BiasedBiased   int `json:"biased_predicted_biased"`
	BiasedNeutral  int `json:"biased_predicted_neutral"`
	NeutralBiased  int `json:"neutral_predicted_biased"`
	NeutralNeutral int `json:"neutral_predicted_neutral"`
}

// SentenceResult is the sentence task.
type SentenceResult struct {
	Biased    ClassMetrics `json:"biased"`
	Neutral   ClassMetrics `json:"neutral"`
	MacroF1   float64      `json:"macro_f1"`
	Accuracy  float64      `json:"accuracy"`
	Confusion Confusion    `json:"confusion"`
	// Sweep is macro-F1 at other sentence thresholds, computed from the
	// same findings: what rules.yaml's sentence_threshold was chosen from.
	Sweep []SweepPoint `json:"threshold_sweep"`
}

// SweepPoint is the sentence task at one threshold.
type SweepPoint struct {
	Threshold float64 `json:"threshold"`
	MacroF1   float64 `json:"macro_f1"`
}

// sweepThresholds are the sentence thresholds eval reports besides the lexicon's own.
var sweepThresholds = []float64{0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5}

// WordResult is the word task.
type WordResult struct {
	Annotated      int     `json:"annotated_words"`
	Found          int     `json:"annotated_words_found"`
	Recall         float64 `json:"recall"`
	Findings       int     `json:"findings"`
	FindingsOnWord int     `json:"findings_on_annotated_words"`
	Precision      float64 `json:"precision"`
	F1             float64 `json:"f1"`
}

// Count is a term or category with how often it caused an error.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// CategoryResult says how one category fared.
type CategoryResult struct {
	ID string `json:"id"`
	// Findings in all rows, and how many of them overlap an annotated word.
	Findings       int `json:"findings"`
	FindingsOnWord int `json:"findings_on_annotated_words"`
	// Rows in which the category has a finding in a loaded sentence, by gold label.
	BiasedRows  int `json:"biased_rows"`
	NeutralRows int `json:"neutral_rows"`
}

// TermResult says how one lexicon term fared (JSON output only).
type TermResult struct {
	Term           string `json:"term"`
	Category       string `json:"category"`
	Findings       int    `json:"findings"`
	FindingsOnWord int    `json:"findings_on_annotated_words"`
	// Rows with the term anywhere, by gold label.
	BiasedRows  int `json:"biased_rows"`
	NeutralRows int `json:"neutral_rows"`
}

// Errors lists what is behind the mistakes, most frequent first.
type Errors struct {
	// Terms and categories of findings in loaded sentences of neutral rows.
	FalsePositiveTerms      []Count `json:"false_positive_terms"`
	FalsePositiveCategories []Count `json:"false_positive_categories"`
	// Annotated words of biased rows predicted neutral, and the categories of
	// the findings that stayed under the sentence threshold in those rows.
	FalseNegativeWords      []Count `json:"false_negative_words"`
	FalseNegativeCategories []Count `json:"false_negative_categories"`
	// Findings that overlap no annotated word, and annotated words no finding overlaps.
	UnmatchedFindingTerms []Count `json:"unmatched_finding_terms"`
	MissedAnnotatedWords  []Count `json:"missed_annotated_words"`
}

// EvalResult is the output of slant eval.
type EvalResult struct {
	Labels     string               `json:"labels"`
	Rows       int                  `json:"rows"`
	Lexicon    analyzer.LexiconInfo `json:"lexicon"`
	Threshold  float64              `json:"sentence_threshold"`
	Rule       string               `json:"rule"`
	Sentence   SentenceResult       `json:"sentence"`
	Word       WordResult           `json:"word"`
	Categories []CategoryResult     `json:"categories"`
	Terms      []TermResult         `json:"terms"`
	Errors     Errors               `json:"errors"`
	byCategory map[string]*CategoryResult
	byTerm     map[[2]string]*TermResult
}

const evalRule = "a row is predicted biased when any of its sentences is labeled loaded"

func cmdEval(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval", stderr)
	labels := fs.String("labels", "", "CSV with columns text,label[,biased_words]")
	format := fs.String("format", "text", "text or json")
	var dirs dirsFlag
	fs.Var(&dirs, "lexicons", "extra lexicon directory (repeatable)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *labels == "" {
		return usageError{"eval: --labels FILE.csv is required"}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("eval: unexpected argument %q", fs.Arg(0))}
	}
	if *format != "text" && *format != "json" {
		return usageError{fmt.Sprintf("eval: unknown --format %q (want text or json)", *format)}
	}
	rows, err := readLabels(*labels)
	if err != nil {
		return err
	}
	a, err := loadAnalyzer(dirs)
	if err != nil {
		return err
	}
	res := evaluate(a, rows)
	res.Labels = *labels
	if *format == "json" {
		b, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return err
		}
		_, err = stdout.Write(append(b, '\n'))
		return err
	}
	return writeEvalText(stdout, res)
}

// readLabels reads a labeled CSV. The header must name text and label;
// biased_words is optional. Every bad row is reported at once.
func readLabels(name string) ([]evalRow, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	ti, ok1 := col["text"]
	li, ok2 := col["label"]
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("%s:1: header must include text and label", name)
	}
	wi, hasWords := col["biased_words"]
	var rows []evalRow
	var errs []error
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if ti >= len(rec) || li >= len(rec) {
			errs = append(errs, fmt.Errorf("%s:%d: missing text or label", name, line))
			continue
		}
		row := evalRow{line: line, text: rec[ti]}
		switch strings.ToLower(strings.TrimSpace(rec[li])) {
		case labelBiased:
			row.biased = true
		case labelNeutral:
		default:
			errs = append(errs, fmt.Errorf("%s:%d: label %q must be %s or %s", name, line, rec[li], labelBiased, labelNeutral))
			continue
		}
		if hasWords && wi < len(rec) {
			for _, w := range strings.Split(rec[wi], ";") {
				if w = strings.TrimSpace(w); w != "" {
					row.words = append(row.words, w)
				}
			}
		}
		rows = append(rows, row)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no rows", name)
	}
	return rows, nil
}

// normWord is the comparison key of one word: lower case, apostrophes and
// possessive dropped, Snowball stem.
func normWord(w string) string {
	w = strings.ToLower(w)
	w = strings.NewReplacer("’", "'", "‘", "'").Replace(w)
	w = strings.TrimSuffix(w, "'s")
	w = strings.Trim(w, "'")
	return english.Stem(w, false)
}

// wordKeys is the normalized word sequence of s.
func wordKeys(s string) []string {
	var out []string
	for _, t := range analyzer.Tokenize([]byte(s)) {
		out = append(out, normWord(s[t.Start:t.End]))
	}
	return out
}

// stopWords are function words that carry no slant on their own.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the of to in on at for from by with and or but as is are was were be been
		being it its this that these those he she they them his her their we our us you your i me my
		has have had do does did will would can could should may might must not no so than then there
		here who whom which what when where why how all any some up out over into about after before`) {
		stopWords[w] = true
	}
}

func stopWord(w string) bool { return stopWords[strings.ToLower(strings.TrimSpace(w))] }

type span struct{ start, end int }

// locate returns the byte spans in text where the words of w occur in order.
func locate(text string, toks []analyzer.Token, keys []string, w string) []span {
	want := wordKeys(w)
	if len(want) == 0 {
		return nil
	}
	var out []span
	for i := 0; i+len(want) <= len(toks); i++ {
		ok := true
		for k, key := range want {
			if keys[i+k] != key {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, span{toks[i].Start, toks[i+len(want)-1].End})
		}
	}
	return out
}

func overlaps(a, b span) bool { return a.start < b.end && b.start < a.end }

func evaluate(a *analyzer.Analyzer, rows []evalRow) *EvalResult {
	res := &EvalResult{
		Rows:       len(rows),
		Lexicon:    a.Lexicon().Info(),
		Threshold:  a.Lexicon().Rules.Scoring.SentenceThreshold,
		Rule:       evalRule,
		byCategory: map[string]*CategoryResult{},
		byTerm:     map[[2]string]*TermResult{},
	}
	fpTerms, fpCats := counter{}, counter{}
	fnWords, fnCats := counter{}, counter{}
	unmatched, missed := counter{}, counter{}
	w := &res.Word
	cm := &res.Sentence.Confusion
	var maxWeights []float64
	for _, row := range rows {
		rep := a.Analyze("row", []byte(row.text))
		predicted := false
		maxWeight := 0.0
		for _, s := range rep.Sentences {
			if s.Label == analyzer.LabelLoaded {
				predicted = true
			}
			maxWeight = max(maxWeight, s.Weight)
		}
		maxWeights = append(maxWeights, maxWeight)
		switch {
		case row.biased && predicted:
			cm.BiasedBiased++
		case row.biased:
			cm.BiasedNeutral++
		case predicted:
			cm.NeutralBiased++
		default:
			cm.NeutralNeutral++
		}

		// Word task: where are the annotated words?
		toks := analyzer.Tokenize([]byte(row.text))
		keys := make([]string, len(toks))
		for i, t := range toks {
			keys[i] = normWord(row.text[t.Start:t.End])
		}
		var marked []span
		for _, word := range row.words {
			if stopWord(word) {
				continue
			}
			spans := locate(row.text, toks, keys, word)
			marked = append(marked, spans...)
			w.Annotated++
			found := false
			for _, sp := range spans {
				for _, f := range rep.Findings {
					if overlaps(sp, span{f.Start, f.End}) {
						found = true
					}
				}
			}
			if found {
				w.Found++
			} else {
				missed.add(strings.ToLower(word))
			}
			if row.biased && !predicted {
				fnWords.add(strings.ToLower(word))
			}
		}

		seenCat := map[string]bool{}
		seenTerm := map[[2]string]bool{}
		for _, f := range rep.Findings {
			cr := res.category(f.Category)
			cr.Findings++
			w.Findings++
			key := [2]string{f.Term, f.Category}
			tr := res.byTerm[key]
			if tr == nil {
				tr = &TermResult{Term: f.Term, Category: f.Category}
				res.byTerm[key] = tr
			}
			tr.Findings++
			if !seenTerm[key] {
				seenTerm[key] = true
				if row.biased {
					tr.BiasedRows++
				} else {
					tr.NeutralRows++
				}
			}
			on := false
			for _, sp := range marked {
				if overlaps(sp, span{f.Start, f.End}) {
					on = true
				}
			}
			if on {
				w.FindingsOnWord++
				cr.FindingsOnWord++
				tr.FindingsOnWord++
			} else {
				unmatched.add(f.Term)
			}
			loaded := f.Sentence < len(rep.Sentences) && rep.Sentences[f.Sentence].Label == analyzer.LabelLoaded
			if loaded && !seenCat[f.Category] {
				seenCat[f.Category] = true
				if row.biased {
					cr.BiasedRows++
				} else {
					cr.NeutralRows++
				}
			}
			switch {
			case !row.biased && loaded:
				fpTerms.add(f.Term)
				fpCats.add(f.Category)
			case row.biased && !predicted:
				fnCats.add(f.Category)
			}
		}
	}
	s := &res.Sentence
	s.Biased = classMetrics(cm.BiasedBiased, cm.NeutralBiased, cm.BiasedNeutral)
	s.Neutral = classMetrics(cm.NeutralNeutral, cm.BiasedNeutral, cm.NeutralBiased)
	s.MacroF1 = round4((s.Biased.F1 + s.Neutral.F1) / 2)
	s.Accuracy = round4(ratio(cm.BiasedBiased+cm.NeutralNeutral, len(rows)))
	for _, th := range sweepThresholds {
		var c Confusion
		for i, row := range rows {
			p := maxWeights[i] >= th
			switch {
			case row.biased && p:
				c.BiasedBiased++
			case row.biased:
				c.BiasedNeutral++
			case p:
				c.NeutralBiased++
			default:
				c.NeutralNeutral++
			}
		}
		b := classMetrics(c.BiasedBiased, c.NeutralBiased, c.BiasedNeutral)
		n := classMetrics(c.NeutralNeutral, c.BiasedNeutral, c.NeutralBiased)
		s.Sweep = append(s.Sweep, SweepPoint{th, round4((b.F1 + n.F1) / 2)})
	}
	w.Recall = round4(ratio(w.Found, w.Annotated))
	w.Precision = round4(ratio(w.FindingsOnWord, w.Findings))
	w.F1 = round4(f1(w.Precision, w.Recall))
	for _, cr := range res.byCategory {
		res.Categories = append(res.Categories, *cr)
	}
	sort.Slice(res.Categories, func(i, j int) bool {
		x, y := res.Categories[i], res.Categories[j]
		if x.Findings != y.Findings {
			return x.Findings > y.Findings
		}
		return x.ID < y.ID
	})
	for _, tr := range res.byTerm {
		res.Terms = append(res.Terms, *tr)
	}
	sort.Slice(res.Terms, func(i, j int) bool {
		x, y := res.Terms[i], res.Terms[j]
		if x.Findings != y.Findings {
			return x.Findings > y.Findings
		}
		if x.Term != y.Term {
			return x.Term < y.Term
		}
		return x.Category < y.Category
	})
	res.Errors = Errors{
		FalsePositiveTerms:      fpTerms.top(evalTop),
		FalsePositiveCategories: fpCats.top(evalTop),
		FalseNegativeWords:      fnWords.top(evalTop),
		FalseNegativeCategories: fnCats.top(evalTop),
		UnmatchedFindingTerms:   unmatched.top(evalTop),
		MissedAnnotatedWords:    missed.top(evalTop),
	}
	return res
}

func (r *EvalResult) category(id string) *CategoryResult {
	cr := r.byCategory[id]
	if cr == nil {
		cr = &CategoryResult{ID: id}
		r.byCategory[id] = cr
	}
	return cr
}

// classMetrics computes precision, recall and F1 from true positives, false
// positives and false negatives of one class.
func classMetrics(tp, fp, fn int) ClassMetrics {
	p, r := ratio(tp, tp+fp), ratio(tp, tp+fn)
	return ClassMetrics{Precision: round4(p), Recall: round4(r), F1: round4(f1(p, r)), Support: tp + fn}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func round4(x float64) float64 {
	return float64(int64(x*10000+0.5)) / 10000
}

type counter map[string]int

func (c counter) add(k string) { c[k]++ }

// top returns the n most frequent keys, ties broken alphabetically.
func (c counter) top(n int) []Count {
	out := make([]Count, 0, len(c))
	for k, v := range c {
		out = append(out, Count{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

func writeEvalText(w io.Writer, r *EvalResult) error {
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
	p("  macro-F1 at other sentence thresholds: %s\n\n", strings.Join(sweep, ", "))
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
