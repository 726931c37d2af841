package compare

import (
	"math"
	"sort"

	"github.com/slantnews/slant/analyzer"
)

// actors compares every actor that either report frames, the largest change
// first. An actor that both only name is left out.
func actors(a, b *analyzer.Report) []ActorDelta {
	m := map[string]*ActorDelta{}
	get := func(name string) *ActorDelta {
		d := m[name]
		if d == nil {
			d = &ActorDelta{Name: name, A: ActorSide{Categories: []string{}}, B: ActorSide{Categories: []string{}}}
			m[name] = d
		}
		return d
	}
	for _, x := range a.Actors {
		get(x.Name).A = actorSide(x)
	}
	for _, x := range b.Actors {
		get(x.Name).B = actorSide(x)
	}
	out := []ActorDelta{}
	for _, d := range m {
		if d.A.Findings == 0 && d.B.Findings == 0 {
			continue // named, but framed by neither
		}
		d.WeightDelta = Delta(d.A.Weight, d.B.Weight)
		d.OnlyA, d.OnlyB = minus(d.A.Categories, d.B.Categories), minus(d.B.Categories, d.A.Categories)
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if math.Abs(x.WeightDelta) != math.Abs(y.WeightDelta) {
			return math.Abs(x.WeightDelta) > math.Abs(y.WeightDelta)
		}
		if x.A.Weight+x.B.Weight != y.A.Weight+y.B.Weight {
			return x.A.Weight+x.B.Weight > y.A.Weight+y.B.Weight
		}
		return x.Name < y.Name
	})
	return out
}

func actorSide(x analyzer.ActorScore) ActorSide {
	cats := []string{}
	cats = append(cats, x.Categories...)
	return ActorSide{Mentions: x.Mentions, Findings: x.Findings, Weight: x.Weight, Categories: cats}
}

// minus is the strings of x that y lacks, sorted.
func minus(x, y []string) []string {
	out := []string{}
	for _, a := range x {
		found := false
		for _, b := range y {
			if a == b {
				found = true
				break
			}
		}
		if !found {
			out = append(out, a)
		}
	}
	sort.Strings(out)
	return out
}
