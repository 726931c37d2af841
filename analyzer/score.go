package analyzer

import (
	"math"
	"sort"

	"github.com/slantnews/slant/internal/round"
)

// round2 rounds to two decimals; weights are rounded before they are summed,
// so every sum in a report can be recomputed from the findings by hand.
func round2(x float64) float64 { return round.To(x, 2) }

func round1(x float64) float64 { return round.To(x, 1) }

// score fills the sentence, category and document scores from the findings.
// The formulas are in docs/scoring.md:
//
//	contribution(f)  = f.weight × (quoted_factor if quoted, reported_factor if reported, else 1)
//	sentence.weight  = Σ contribution over the sentence's findings
//	author_weight    = Σ weight of author-voice findings
//	quoted_weight    = Σ weight of quoted findings
//	reported_weight  = Σ weight of reported findings
//	per_1000_words   = (author_weight + quoted_factor × quoted_weight
//	                    + reported_factor × reported_weight) × 1000 / words
//	intensity        = 100 × (1 − e^(−per_1000_words / intensity_scale))
//	label            = loaded when intensity ≥ document_threshold
func (a *Analyzer) score(rep *Report, spans []Span) {
	rep.Sentences = make([]SentenceScore, len(spans))
	for i, sp := range spans {
		rep.Sentences[i] = SentenceScore{Start: sp.Start, End: sp.End, Label: LabelNeutral}
	}
	a.scoreSentences(rep)
}

// scoreSentences is score for a report whose sentences are listed, each
// with no weight yet.
func (a *Analyzer) scoreSentences(rep *Report) {
	sc := a.newScorer()
	sc.add(rep, rep.Findings)
	sc.label(rep.Sentences)
	sc.finish(rep)
}

// scorer sums a report's scores finding by finding, in the findings' order:
// a long input's windows add theirs one after the other, while they are
// still in the processor's caches, and the sums are those of the whole
// report scored at once.
type scorer struct {
	a                        *Analyzer
	byCat                    map[string]*CategoryScore
	author, quoted, reported float64
}

func (a *Analyzer) newScorer() *scorer {
	return &scorer{a: a, byCat: map[string]*CategoryScore{}}
}

// add scores fs, findings of rep in order after those added before, into
// their sentences, their categories and the voices' sums.
func (z *scorer) add(rep *Report, fs []Finding) {
	sc := &z.a.rules.Scoring
	for i := range fs {
		f := &fs[i] // read in place: attribution may be writing its actor
		contrib := f.Weight
		switch f.Voice {
		case VoiceQuoted:
			z.quoted += f.Weight
			contrib = round2(f.Weight * sc.QuotedFactor)
		case VoiceReported:
			z.reported += f.Weight
			contrib = round2(f.Weight * sc.ReportedFactor)
		default:
			z.author += f.Weight
		}
		if f.Sentence >= 0 && f.Sentence < len(rep.Sentences) {
			st := &rep.Sentences[f.Sentence]
			st.Weight = round2(st.Weight + contrib)
			st.Findings++
		}
		cs := z.byCat[f.Category]
		if cs == nil {
			cs = &CategoryScore{ID: f.Category}
			if c := z.a.lex.Category(f.Category); c != nil {
				cs.Name = c.Name
			}
			z.byCat[f.Category] = cs
		}
		cs.Count++
		cs.Weight = round2(cs.Weight + f.Weight)
		switch f.Voice {
		case VoiceQuoted:
			cs.QuotedCount++
		case VoiceReported:
			cs.ReportedCount++
		default:
			cs.AuthorCount++
		}
	}
}

// label labels sentences whose findings are all added.
func (z *scorer) label(ss []SentenceScore) {
	for i := range ss {
		if ss[i].Weight >= z.a.rules.Scoring.SentenceThreshold {
			ss[i].Label = LabelLoaded
		}
	}
}

// finish writes the categories and the document's score, from all the
// findings added.
func (z *scorer) finish(rep *Report) {
	sc := z.a.rules.Scoring
	rep.Categories = make([]CategoryScore, 0, len(z.byCat))
	for _, cs := range z.byCat {
		rep.Categories = append(rep.Categories, *cs)
	}
	sort.Slice(rep.Categories, func(i, j int) bool {
		x, y := rep.Categories[i], rep.Categories[j]
		if x.Weight != y.Weight {
			return x.Weight > y.Weight
		}
		return x.ID < y.ID
	})
	author, quoted, reported := round2(z.author), round2(z.quoted), round2(z.reported)
	rep.Score.AuthorWeight = author
	rep.Score.QuotedWeight = quoted
	rep.Score.ReportedWeight = reported
	rep.Score.Threshold = sc.DocumentThreshold
	if rep.Stats.Words > 0 {
		rep.Score.Per1000Words = round2((author + sc.QuotedFactor*quoted + sc.ReportedFactor*reported) * 1000 / float64(rep.Stats.Words))
	}
	rep.Score.Intensity = round1(100 * (1 - math.Exp(-rep.Score.Per1000Words/sc.IntensityScale)))
	rep.Label = LabelNeutral
	if rep.Score.Intensity >= sc.DocumentThreshold && len(rep.Findings) > 0 {
		rep.Label = LabelLoaded
	}
}
