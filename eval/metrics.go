package eval

import (
	"sort"

	"github.com/slantnews/slant/internal/round"
)

// round4 is how eval rounds every ratio it reports.
func round4(x float64) float64 { return round.To(x, 4) }

func round2(x float64) float64 { return round.To(x, 2) }

// add counts one row by gold label and prediction.
func (c *Confusion) add(biased, predicted bool) {
	switch {
	case biased && predicted:
		c.BiasedBiased++
	case biased:
		c.BiasedNeutral++
	case predicted:
		c.NeutralBiased++
	default:
		c.NeutralNeutral++
	}
}

// classes is the metrics of both classes.
func (c Confusion) classes() (biased, neutral ClassMetrics) {
	return classMetrics(c.BiasedBiased, c.NeutralBiased, c.BiasedNeutral),
		classMetrics(c.NeutralNeutral, c.BiasedNeutral, c.NeutralBiased)
}

// macroF1 is the mean F1 of the two classes.
func macroF1(biased, neutral ClassMetrics) float64 { return round4((biased.F1 + neutral.F1) / 2) }

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

// counter counts keys.
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
