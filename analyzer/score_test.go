package analyzer

import (
	"errors"
	"math"
	"testing"
)

func errorsIs(err, target error) bool { return errors.Is(err, target) }

// TestScoreByHand recomputes every score of a report from its findings with
// the formulas in docs/scoring.md.
func TestScoreByHand(t *testing.T) {
	a := testAnalyzer(t)
	in := []byte("The bid fell flat. “It was a flop show,” one envoy said. It was not a narrative. Members met.")
	r := a.Analyze("t", in)
	checkReport(t, in, r)
	sc := a.rules.Scoring
	// fell flat 2 (author); flop show 3 (quoted); narrative 2 × 0.5 negated (author).
	if got := brief(r); len(got) != 3 {
		t.Fatalf("findings = %q, want 3", got)
	}
	var author, quoted float64
	sent := make([]float64, len(r.Sentences))
	for _, f := range r.Findings {
		w := f.BaseWeight
		for _, x := range f.Factors {
			w *= x.Factor
		}
		if math.Abs(w-f.Weight) > 0.005 {
			t.Errorf("%q: weight %v, base × factors = %v", f.Text, f.Weight, w)
		}
		c := f.Weight
		if f.Voice == VoiceQuoted {
			quoted += f.Weight
			c *= sc.QuotedFactor
		} else {
			author += f.Weight
		}
		sent[f.Sentence] += c
	}
	if author != 3 || quoted != 3 {
		t.Errorf("author, quoted = %v, %v; want 3, 3", author, quoted)
	}
	if r.Score.AuthorWeight != author || r.Score.QuotedWeight != quoted {
		t.Errorf("score = %+v, want author %v quoted %v", r.Score, author, quoted)
	}
	per := round2((author + sc.QuotedFactor*quoted) * 1000 / float64(r.Stats.Words))
	if r.Score.Per1000Words != per {
		t.Errorf("per_1000_words = %v, want %v", r.Score.Per1000Words, per)
	}
	intensity := round1(100 * (1 - math.Exp(-per/sc.IntensityScale)))
	if r.Score.Intensity != intensity {
		t.Errorf("intensity = %v, want %v", r.Score.Intensity, intensity)
	}
	wantLabel := LabelNeutral
	if intensity >= sc.DocumentThreshold {
		wantLabel = LabelLoaded
	}
	if r.Label != wantLabel {
		t.Errorf("label = %s, want %s", r.Label, wantLabel)
	}
	for i, s := range r.Sentences {
		if math.Abs(s.Weight-sent[i]) > 0.005 {
			t.Errorf("sentence %d weight = %v, want %v", i, s.Weight, sent[i])
		}
		want := LabelNeutral
		if sent[i] >= sc.SentenceThreshold {
			want = LabelLoaded
		}
		if s.Label != want {
			t.Errorf("sentence %d label = %s, want %s", i, s.Label, want)
		}
	}
	if r.Sentences[3].Label != LabelNeutral || r.Sentences[0].Label != LabelLoaded {
		t.Errorf("sentence labels = %+v", r.Sentences)
	}
	// Categories sum their findings.
	total := 0
	for _, c := range r.Categories {
		total += c.Count
	}
	if total != len(r.Findings) {
		t.Errorf("category counts sum to %d, want %d", total, len(r.Findings))
	}
}

func TestScoreLabelThreshold(t *testing.T) {
	a := testAnalyzer(t)
	loaded := a.Analyze("t", []byte("A flop show."))
	if loaded.Label != LabelLoaded {
		t.Errorf("short loaded text: label %s, intensity %v", loaded.Label, loaded.Score.Intensity)
	}
	long := []byte("A flop show. " + repeat("The council met on Tuesday and adjourned. ", 100))
	diluted := a.Analyze("t", long)
	if diluted.Label != LabelNeutral || diluted.Score.Intensity >= loaded.Score.Intensity {
		t.Errorf("diluted text: label %s, intensity %v (short text %v)", diluted.Label, diluted.Score.Intensity, loaded.Score.Intensity)
	}
}

func repeat(s string, n int) string {
	out := make([]byte, 0, len(s)*n)
	for range n {
		out = append(out, s...)
	}
	return string(out)
}
