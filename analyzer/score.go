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
	sc := a.rules.Scoring
	byCat := map[string]*CategoryScore{}
	var author, quoted, reported float64
	for i := range rep.Findings {
		f := &rep.Findings[i] // read in place: attribution may be writing its actor
		contrib := f.Weight
		switch f.Voice {
		case VoiceQuoted:
			quoted += f.Weight
			contrib = round2(f.Weight * sc.QuotedFactor)
		case VoiceReported:
			reported += f.Weight
			contrib = round2(f.Weight * sc.ReportedFactor)
		default:
			author += f.Weight
		}
		if f.Sentence >= 0 && f.Sentence < len(rep.Sentences) {
			st := &rep.Sentences[f.Sentence]
			st.Weight = round2(st.Weight + contrib)
			st.Findings++
		}
		cs := byCat[f.Category]
		if cs == nil {
			cs = &CategoryScore{ID: f.Category}
			if c := a.lex.Category(f.Category); c != nil {
				cs.Name = c.Name
			}
			byCat[f.Category] = cs
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
	for i := range rep.Sentences {
		if rep.Sentences[i].Weight >= sc.SentenceThreshold {
			rep.Sentences[i].Label = LabelLoaded
		}
	}
	rep.Categories = make([]CategoryScore, 0, len(byCat))
	for _, cs := range byCat {
		rep.Categories = append(rep.Categories, *cs)
	}
	sort.Slice(rep.Categories, func(i, j int) bool {
		x, y := rep.Categories[i], rep.Categories[j]
		if x.Weight != y.Weight {
			return x.Weight > y.Weight
		}
		return x.ID < y.ID
	})
	author, quoted, reported = round2(author), round2(quoted), round2(reported)
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
