package compare

import (
	"sort"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/internal/round"
)

// Sourcing is who speaks in one report: its speakers, and the share of its
// quotations and reports that no one is named for.
type Sourcing struct {
	// Quotes counts the quotations and reports (quotes[] of the report).
	Quotes int `json:"quotes"`
	// AnonymousShare is the share of Quotes whose speaker is anonymous, 0
	// with none.
	AnonymousShare float64 `json:"anonymous_share"`
	// LoadedVerbShare is the share of Quotes introduced by a loaded verb.
	LoadedVerbShare float64            `json:"loaded_verb_share"`
	Speakers        []analyzer.Speaker `json:"speakers"`
}

// SpeakerDelta compares one speaker (by name and kind) across the outlets:
// how much each lets it speak, and with which verbs.
type SpeakerDelta struct {
	Name string            `json:"name"`
	Kind string            `json:"kind"`
	A    *analyzer.Speaker `json:"a"` // null when A does not quote it
	B    *analyzer.Speaker `json:"b"`
}

// Anonymous counts the quotations and reports of r (its quotes[]) whose
// speaker is anonymous, and gives their share of all of them, unrounded (0
// when r quotes no one). Sourcing.AnonymousShare is that share rounded; the
// report pages (package render) print it.
func Anonymous(r *analyzer.Report) (n int, share float64) {
	for _, q := range r.Quotes {
		if q.SpeakerKind == analyzer.SpeakerAnonymous {
			n++
		}
	}
	if len(r.Quotes) == 0 {
		return 0, 0
	}
	return n, float64(n) / float64(len(r.Quotes))
}

func sourcing(r *analyzer.Report) Sourcing {
	s := Sourcing{Quotes: len(r.Quotes), Speakers: r.Speakers}
	if s.Speakers == nil {
		s.Speakers = []analyzer.Speaker{}
	}
	loaded := 0
	for _, q := range r.Quotes {
		if q.VerbCategory == analyzer.VerbLoaded {
			loaded++
		}
	}
	if s.Quotes > 0 {
		_, anon := Anonymous(r)
		s.AnonymousShare = round.To(anon, 2)
		s.LoadedVerbShare = round.To(float64(loaded)/float64(s.Quotes), 2)
	}
	return s
}

// speakers sets the speakers of both reports side by side, those who speak
// most in either first.
func speakers(a, b *analyzer.Report) []SpeakerDelta {
	type key struct{ name, kind string }
	byKey := map[key]*SpeakerDelta{}
	get := func(sp analyzer.Speaker) *SpeakerDelta {
		k := key{sp.Name, sp.Kind}
		d := byKey[k]
		if d == nil {
			d = &SpeakerDelta{Name: sp.Name, Kind: sp.Kind}
			byKey[k] = d
		}
		return d
	}
	for i := range a.Speakers {
		get(a.Speakers[i]).A = &a.Speakers[i]
	}
	for i := range b.Speakers {
		get(b.Speakers[i]).B = &b.Speakers[i]
	}
	out := []SpeakerDelta{}
	for _, d := range byKey {
		out = append(out, *d)
	}
	words := func(s *analyzer.Speaker) int {
		if s == nil {
			return 0
		}
		return s.Words
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if wx, wy := max(words(x.A), words(x.B)), max(words(y.A), words(y.B)); wx != wy {
			return wx > wy
		}
		if x.Name != y.Name {
			return x.Name < y.Name
		}
		return x.Kind < y.Kind
	})
	return out
}
