package analyzer

import (
	"cmp"
	"slices"
	"strings"
)

// This file holds what a layer over the analyzer (package config: project
// configuration, accepted terms, suppressions) needs to drop findings from a
// report and keep its figures true.

// ConfigInfo identifies the project configuration a report was produced
// with: the file's path (or object URI) and the SHA-256 of its bytes.
type ConfigInfo struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// Suppressed is a finding that was found but not reported: a term the
// project accepts, an inline directive, or a reviewer's sidecar entry. It
// does not count in any score.
type Suppressed struct {
	Start    int     `json:"start"`
	End      int     `json:"end"`
	Text     string  `json:"text"`
	Term     string  `json:"term"`
	Category string  `json:"category"`
	Weight   float64 `json:"weight"`
	Voice    string  `json:"voice"`
	Sentence int     `json:"sentence"`
	Reason   string  `json:"reason"` // "accept", "inline" or "sidecar"
}

// Suppression reasons.
const (
	SuppressAccept  = "accept"
	SuppressInline  = "inline"
	SuppressSidecar = "sidecar"
)

// TermKey is the identity of a term as the matcher sees it: its words folded
// and stemmed, space-separated. Two forms with the same key match the same
// text ("terror attack" and "Terror attacks").
func TermKey(term string) string { return termKey(term) }

// Rescore recomputes the sentence, category, document and actor figures of a
// report from its findings, after a caller removed some. The sentence spans
// and the actors' mentions are kept.
func (a *Analyzer) Rescore(rep *Report) {
	spans := make([]Span, len(rep.Sentences))
	for i, s := range rep.Sentences {
		spans[i] = Span{Start: s.Start, End: s.End}
	}
	a.score(rep, spans)
	if len(rep.Actors) == 0 {
		return
	}
	type tally struct {
		findings int
		weight   float64
		cats     map[string]float64
	}
	by := map[string]*tally{}
	for _, f := range rep.Findings {
		if f.Actor == "" {
			continue
		}
		t := by[f.Actor]
		if t == nil {
			t = &tally{cats: map[string]float64{}}
			by[f.Actor] = t
		}
		t.findings++
		t.weight = round2(t.weight + f.Weight)
		t.cats[f.Category] = round2(t.cats[f.Category] + f.Weight)
	}
	for i := range rep.Actors {
		as := &rep.Actors[i]
		as.Findings, as.Weight, as.Categories = 0, 0, []string{}
		if t := by[as.Name]; t != nil {
			as.Findings, as.Weight = t.findings, t.weight
			for id := range t.cats {
				as.Categories = append(as.Categories, id)
			}
			slices.SortFunc(as.Categories, func(x, y string) int {
				if c := cmp.Compare(t.cats[y], t.cats[x]); c != 0 {
					return c
				}
				return strings.Compare(x, y)
			})
		}
	}
	slices.SortStableFunc(rep.Actors, func(x, y ActorScore) int {
		switch {
		case x.Weight != y.Weight:
			return cmp.Compare(y.Weight, x.Weight)
		case x.Findings != y.Findings:
			return cmp.Compare(y.Findings, x.Findings)
		case x.Mentions != y.Mentions:
			return cmp.Compare(y.Mentions, x.Mentions)
		}
		return strings.Compare(x.Name, y.Name)
	})
}

// RemoveCategory drops the category with the given id from the lexicon,
// before New: its terms are no longer found. It reports whether the lexicon
// had it.
func (l *Lexicon) RemoveCategory(id string) bool {
	i := slices.IndexFunc(l.Categories, func(c *Category) bool { return c.ID == id })
	if i < 0 {
		return false
	}
	for _, e := range l.Categories[i].Entries {
		if !e.dropped() {
			l.entries--
		}
	}
	l.Categories = slices.Delete(l.Categories, i, i+1)
	return true
}
