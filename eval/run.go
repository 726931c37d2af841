package eval

import (
	"sort"
	"strings"

	"github.com/slantnews/slant/analyzer"
)

// top is how many entries each list of Mistakes keeps.
const top = 15

// sweepThresholds are the sentence thresholds Run reports besides the lexicon's own.
var sweepThresholds = []float64{0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5}

// sweepReported are the reported_factor values Run reports.
var sweepReported = []float64{0, 0.25, 0.5, 0.75, 1}

// Run analyzes every row with a and scores the verdicts against the labels.
// The result's Labels is left for the caller to fill.
func Run(a *analyzer.Analyzer, rows []Row) *Result {
	t := newTally()
	t.quotedFactor = a.Lexicon().Rules.Scoring.QuotedFactor
	t.falseAlarms.Findings = map[string]int{}
	for _, row := range rows {
		t.row(row, a.Analyze("row", []byte(row.Text)))
	}
	res := &Result{
		Rows:      len(rows),
		Lexicon:   a.Lexicon().Info(),
		Threshold: a.Lexicon().Rules.Scoring.SentenceThreshold,
		Rule:      Rule,
		Word:      t.word,
	}
	res.Sentence = t.sentence(rows)
	res.Sentence.FalseAlarms = t.falseAlarms
	for fi, rf := range sweepReported {
		var c Confusion
		for i, row := range rows {
			c.add(row.Biased, t.byFactor[i][fi] >= res.Threshold)
		}
		res.Sentence.ReportedSweep = append(res.Sentence.ReportedSweep, FactorPoint{rf, macroF1(c.classes()), c.NeutralBiased, c.BiasedNeutral})
	}
	w := &res.Word
	w.Recall = round4(ratio(w.Found, w.Annotated))
	w.Precision = round4(ratio(w.FindingsOnWord, w.Findings))
	w.F1 = round4(f1(w.Precision, w.Recall))
	res.Categories, res.Terms = t.categoryList(), t.termList()
	res.Errors = Mistakes{
		FalsePositiveTerms:      t.fpTerms.top(top),
		FalsePositiveCategories: t.fpCats.top(top),
		FalseNegativeWords:      t.fnWords.top(top),
		FalseNegativeCategories: t.fnCats.top(top),
		UnmatchedFindingTerms:   t.unmatched.top(top),
		MissedAnnotatedWords:    t.missed.top(top),
	}
	return res
}

type termKey struct{ term, category string }

// tally accumulates the counts of Run, one row at a time.
type tally struct {
	confusion Confusion
	word      WordResult // counts only; Run computes the ratios
	// maxWeights is each row's heaviest sentence weight, for the sweep.
	maxWeights []float64
	// byFactor is each row's heaviest sentence weight at each of
	// sweepReported, recomputed from its findings.
	byFactor     [][]float64
	quotedFactor float64
	falseAlarms  FalseAlarms
	categories   map[string]*CategoryResult
	terms        map[termKey]*TermResult
	// Behind the mistakes: see Mistakes.
	fpTerms, fpCats, fnWords, fnCats, unmatched, missed counter
}

func newTally() *tally {
	return &tally{
		categories: map[string]*CategoryResult{}, terms: map[termKey]*TermResult{},
		fpTerms: counter{}, fpCats: counter{}, fnWords: counter{}, fnCats: counter{}, unmatched: counter{}, missed: counter{},
	}
}

// row counts one row and its report.
func (t *tally) row(row Row, rep *analyzer.Report) {
	predicted := false
	maxWeight := 0.0
	for _, s := range rep.Sentences {
		if s.Label == analyzer.LabelLoaded {
			predicted = true
		}
		maxWeight = max(maxWeight, s.Weight)
	}
	t.maxWeights = append(t.maxWeights, maxWeight)
	t.byFactor = append(t.byFactor, t.factorWeights(rep))
	t.confusion.add(row.Biased, predicted)
	if predicted && !row.Biased {
		t.falseAlarm(rep)
	}
	marked := t.annotated(row, rep, predicted)
	t.findings(row, rep, predicted, marked)
}

// annotated counts the row's annotated words (stop words aside) and returns
// where in the text they are.
func (t *tally) annotated(row Row, rep *analyzer.Report, predicted bool) []span {
	text := tokenize(row.Text)
	var marked []span
	for _, word := range row.Words {
		if stopWord(word) {
			continue
		}
		spans := text.locate(word)
		marked = append(marked, spans...)
		t.word.Annotated++
		found := false
		for _, f := range rep.Findings {
			if anyOverlaps(spans, findingSpan(f)) {
				found = true
				break
			}
		}
		if found {
			t.word.Found++
		} else {
			t.missed.add(strings.ToLower(word))
		}
		if row.Biased && !predicted {
			t.fnWords.add(strings.ToLower(word))
		}
	}
	return marked
}

// findings counts the row's findings by category and term, against the
// annotated spans marked.
func (t *tally) findings(row Row, rep *analyzer.Report, predicted bool, marked []span) {
	seenCat := map[string]bool{}
	seenTerm := map[termKey]bool{}
	for _, f := range rep.Findings {
		cr := t.categories[f.Category]
		if cr == nil {
			cr = &CategoryResult{ID: f.Category}
			t.categories[f.Category] = cr
		}
		key := termKey{f.Term, f.Category}
		tr := t.terms[key]
		if tr == nil {
			tr = &TermResult{Term: f.Term, Category: f.Category}
			t.terms[key] = tr
		}
		cr.Findings++
		tr.Findings++
		t.word.Findings++
		if !seenTerm[key] {
			seenTerm[key] = true
			if row.Biased {
				tr.BiasedRows++
			} else {
				tr.NeutralRows++
			}
		}
		if anyOverlaps(marked, findingSpan(f)) {
			t.word.FindingsOnWord++
			cr.FindingsOnWord++
			tr.FindingsOnWord++
		} else {
			t.unmatched.add(f.Term)
		}
		loaded := f.Sentence < len(rep.Sentences) && rep.Sentences[f.Sentence].Label == analyzer.LabelLoaded
		if loaded && !seenCat[f.Category] {
			seenCat[f.Category] = true
			if row.Biased {
				cr.BiasedRows++
			} else {
				cr.NeutralRows++
			}
		}
		switch {
		case !row.Biased && loaded:
			t.fpTerms.add(f.Term)
			t.fpCats.add(f.Category)
		case row.Biased && !predicted:
			t.fnCats.add(f.Category)
		}
	}
}

// sentence is the sentence task: the lexicon's own verdicts, then the sweep
// over other thresholds.
func (t *tally) sentence(rows []Row) SentenceResult {
	s := SentenceResult{Confusion: t.confusion}
	s.Biased, s.Neutral = t.confusion.classes()
	s.MacroF1 = macroF1(s.Biased, s.Neutral)
	s.Accuracy = round4(ratio(t.confusion.BiasedBiased+t.confusion.NeutralNeutral, len(rows)))
	for _, th := range sweepThresholds {
		var c Confusion
		for i, row := range rows {
			c.add(row.Biased, t.maxWeights[i] >= th)
		}
		s.Sweep = append(s.Sweep, SweepPoint{th, macroF1(c.classes())})
	}
	return s
}

// categoryList is the categories, most findings first.
func (t *tally) categoryList() []CategoryResult {
	var out []CategoryResult
	for _, cr := range t.categories {
		out = append(out, *cr)
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.Findings != y.Findings {
			return x.Findings > y.Findings
		}
		return x.ID < y.ID
	})
	return out
}

// termList is the terms, most findings first.
func (t *tally) termList() []TermResult {
	var out []TermResult
	for _, tr := range t.terms {
		out = append(out, *tr)
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.Findings != y.Findings {
			return x.Findings > y.Findings
		}
		if x.Term != y.Term {
			return x.Term < y.Term
		}
		return x.Category < y.Category
	})
	return out
}

// factorWeights is the row's heaviest sentence weight at each reported
// factor of sweepReported, summed as analyzer's score sums it.
func (t *tally) factorWeights(rep *analyzer.Report) []float64 {
	out := make([]float64, len(sweepReported))
	for fi, rf := range sweepReported {
		sums := make([]float64, len(rep.Sentences))
		for _, f := range rep.Findings {
			if f.Sentence < 0 || f.Sentence >= len(sums) {
				continue
			}
			c := f.Weight
			switch f.Voice {
			case analyzer.VoiceQuoted:
				c = round2(f.Weight * t.quotedFactor)
			case analyzer.VoiceReported:
				c = round2(f.Weight * rf)
			}
			sums[f.Sentence] = round2(sums[f.Sentence] + c)
		}
		for _, w := range sums {
			out[fi] = max(out[fi], w)
		}
	}
	return out
}

// falseAlarm counts a neutral row predicted biased.
func (t *tally) falseAlarm(rep *analyzer.Report) {
	t.falseAlarms.Rows++
	reported := false
	for _, f := range rep.Findings {
		if f.Sentence < len(rep.Sentences) && rep.Sentences[f.Sentence].Label == analyzer.LabelLoaded {
			t.falseAlarms.Findings[f.Voice]++
			reported = reported || f.Voice == analyzer.VoiceReported
		}
	}
	if reported {
		t.falseAlarms.ReportedRows++
	}
}
