package compare

import (
	"sort"
	"strings"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/internal/round"
)

type termKey struct{ term, category string }

// termUses tallies a report's findings by lower-cased term and category.
func termUses(r *analyzer.Report) map[termKey]*TermUse {
	m := map[termKey]*TermUse{}
	for _, f := range r.Findings {
		k := termKey{strings.ToLower(f.Term), f.Category}
		u := m[k]
		if u == nil {
			u = &TermUse{Term: k.term, Category: f.Category, Voice: f.Voice}
			m[k] = u
		}
		u.Count++
		u.Weight = round.To(u.Weight+f.Weight, 2)
		if u.Voice != f.Voice {
			u.Voice = "both"
		}
	}
	return m
}

// onlyIn is the uses in x that y lacks, heaviest first.
func onlyIn(x, y map[termKey]*TermUse) []TermUse {
	out := []TermUse{}
	for k, u := range x {
		if _, ok := y[k]; !ok {
			out = append(out, *u)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Weight != out[j].Weight {
			return out[i].Weight > out[j].Weight
		}
		if out[i].Term != out[j].Term {
			return out[i].Term < out[j].Term
		}
		return out[i].Category < out[j].Category
	})
	return out
}

// shared is the terms both tallies hold (in the same category), sorted.
func shared(x, y map[termKey]*TermUse) []string {
	out := []string{}
	seen := map[string]bool{}
	for k := range x {
		if _, ok := y[k]; ok && !seen[k.term] {
			seen[k.term] = true
			out = append(out, k.term)
		}
	}
	sort.Strings(out)
	return out
}
