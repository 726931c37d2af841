package config

import (
	"math"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/internal/round"
)

// Verdict is what slant check decides about one report: whether its
// author-voice findings cross the thresholds, or it uses a banned term.
// Quoted findings are someone else's words and never fail a check.
type Verdict struct {
	Fail bool
	// AuthorIntensity is the document intensity of the author-voice
	// findings alone (docs/scoring.md), against DocumentThreshold.
	AuthorIntensity   float64
	DocumentThreshold float64
	DocumentCrossed   bool
	// LoadedSentences are the indexes of the sentences whose author-voice
	// weight is at least SentenceThreshold.
	LoadedSentences   []int
	SentenceThreshold float64
	// Banned are the indexes of the author-voice banned findings.
	Banned []int
}

// Judge decides a report. document and sentence are the thresholds in
// force (a flag, else the configuration, else the lexicon's); scale is the
// lexicon's intensity scale.
func Judge(rep *analyzer.Report, document, sentence, scale float64) Verdict {
	v := Verdict{DocumentThreshold: document, SentenceThreshold: sentence}
	var author float64
	perSentence := map[int]float64{}
	n := 0
	for i, f := range rep.Findings {
		if f.Voice != analyzer.VoiceAuthor {
			// Reported speech is the speaker's claim, but its wording is
			// the writer's: a banned term there still fails.
			if f.Voice == analyzer.VoiceReported && f.Category == BannedCategory {
				v.Banned = append(v.Banned, i)
			}
			continue
		}
		n++
		author = round.To(author+f.Weight, 2)
		perSentence[f.Sentence] = round.To(perSentence[f.Sentence]+f.Weight, 2)
		if f.Category == BannedCategory {
			v.Banned = append(v.Banned, i)
		}
	}
	if rep.Stats.Words > 0 && scale > 0 {
		per1000 := round.To(author*1000/float64(rep.Stats.Words), 2)
		v.AuthorIntensity = round.To(100*(1-math.Exp(-per1000/scale)), 1)
	}
	v.DocumentCrossed = n > 0 && v.AuthorIntensity >= document
	for i := range rep.Sentences {
		if w, ok := perSentence[i]; ok && w >= sentence {
			v.LoadedSentences = append(v.LoadedSentences, i)
		}
	}
	v.Fail = v.DocumentCrossed || len(v.LoadedSentences) > 0 || len(v.Banned) > 0
	return v
}
