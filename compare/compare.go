// Package compare sets two slant.report/v1 reports of the same event side by
// side and computes the slant.compare/v1 comparison: headline figures split
// by voice, category deltas, the terms only one outlet uses, and how each
// actor is framed by each. It reads reports only; it does not analyze text
// (that is package analyzer) and it does not draw (that is package render).
package compare

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/internal/round"
)

// Schema identifies the JSON that Reports produces.
const Schema = "slant.compare/v1"

// Comparison sets two reports of the same event side by side. Every delta is
// B minus A.
type Comparison struct {
	Schema         string          `json:"schema"`
	A              Side            `json:"a"`
	B              Side            `json:"b"`
	IntensityDelta float64         `json:"intensity_delta"`
	Categories     []CategoryDelta `json:"categories"`
	TermsOnlyA     []TermUse       `json:"terms_only_a"`
	TermsOnlyB     []TermUse       `json:"terms_only_b"`
	TermsShared    []string        `json:"terms_shared"`
	Actors         []ActorDelta    `json:"actors"`
	// Speakers compares who speaks in each, and with which verbs.
	Speakers []SpeakerDelta `json:"speakers"`
}

// Side is one report's headline figures, with its framing split by voice:
// the writer's own words against quotations.
type Side struct {
	Name           string  `json:"name"`
	Label          string  `json:"label"`
	Intensity      float64 `json:"intensity"`
	Per1000Words   float64 `json:"per_1000_words"`
	Words          int     `json:"words"`
	Findings       int     `json:"findings"`
	AuthorFindings int     `json:"author_findings"`
	QuotedFindings int     `json:"quoted_findings"`
	AuthorWeight   float64 `json:"author_weight"`
	QuotedWeight   float64 `json:"quoted_weight"`
	// QuotedShare is quoted_weight / (author_weight + quoted_weight), 0 with no findings.
	QuotedShare float64 `json:"quoted_share"`
	// ReportedFindings and ReportedWeight are the findings in reported
	// speech (voice reported), counted in neither of the above.
	ReportedFindings int     `json:"reported_findings"`
	ReportedWeight   float64 `json:"reported_weight"`
	// Sourcing is who speaks.
	Sourcing Sourcing `json:"sourcing"`
}

// CategoryDelta compares one category.
type CategoryDelta struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	ACount  int     `json:"a_count"`
	BCount  int     `json:"b_count"`
	AWeight float64 `json:"a_weight"`
	BWeight float64 `json:"b_weight"`
	Delta   float64 `json:"delta"`
}

// TermUse is a lexicon term (or a scare-quoted phrase) that only one outlet
// uses. Voice is author, quoted or reported, or both when the outlet uses it
// in more than one voice.
type TermUse struct {
	Term     string  `json:"term"`
	Category string  `json:"category"`
	Count    int     `json:"count"`
	Weight   float64 `json:"weight"`
	Voice    string  `json:"voice"`
}

// ActorDelta compares how one actor is framed.
type ActorDelta struct {
	Name        string    `json:"name"`
	A           ActorSide `json:"a"`
	B           ActorSide `json:"b"`
	WeightDelta float64   `json:"weight_delta"`
	// OnlyA and OnlyB are the categories aimed at the actor by one outlet only.
	OnlyA []string `json:"only_a"`
	OnlyB []string `json:"only_b"`
}

// ActorSide is an actor as one report sees it.
type ActorSide struct {
	Mentions   int      `json:"mentions"`
	Findings   int      `json:"findings"`
	Weight     float64  `json:"weight"`
	Categories []string `json:"categories"`
}

// Delta is y - x rounded as the comparison rounds its deltas (two decimals).
func Delta(x, y float64) float64 { return round.To(y-x, 2) }

// Reports sets two reports side by side: a is side A, b is side B.
func Reports(a, b *analyzer.Report) *Comparison {
	c := &Comparison{Schema: Schema, A: side(a), B: side(b)}
	c.IntensityDelta = Delta(a.Score.Intensity, b.Score.Intensity)
	c.Categories = categories(a, b)
	ta, tb := termUses(a), termUses(b)
	c.TermsOnlyA, c.TermsOnlyB = onlyIn(ta, tb), onlyIn(tb, ta)
	c.TermsShared = shared(ta, tb)
	c.Actors = actors(a, b)
	c.Speakers = speakers(a, b)
	return c
}

// JSON returns the comparison as indented JSON with a final newline.
func (c *Comparison) JSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func side(r *analyzer.Report) Side {
	s := Side{Name: r.Source.Name, Label: r.Label, Intensity: r.Score.Intensity, Per1000Words: r.Score.Per1000Words,
		Words: r.Stats.Words, Findings: len(r.Findings), AuthorWeight: r.Score.AuthorWeight, QuotedWeight: r.Score.QuotedWeight}
	for _, f := range r.Findings {
		switch f.Voice {
		case analyzer.VoiceQuoted:
			s.QuotedFindings++
		case analyzer.VoiceReported:
			s.ReportedFindings++
		default:
			s.AuthorFindings++
		}
	}
	s.ReportedWeight = r.Score.ReportedWeight
	s.Sourcing = sourcing(r)
	if sum := s.AuthorWeight + s.QuotedWeight; sum > 0 {
		s.QuotedShare = round.To(s.QuotedWeight/sum, 2)
	}
	return s
}

// categories compares every category either report has, the largest change first.
func categories(a, b *analyzer.Report) []CategoryDelta {
	cats := map[string]*CategoryDelta{}
	get := func(id, name string) *CategoryDelta {
		d := cats[id]
		if d == nil {
			d = &CategoryDelta{ID: id, Name: name}
			cats[id] = d
		}
		if d.Name == "" {
			d.Name = name
		}
		return d
	}
	for _, x := range a.Categories {
		d := get(x.ID, x.Name)
		d.ACount, d.AWeight = x.Count, x.Weight
	}
	for _, x := range b.Categories {
		d := get(x.ID, x.Name)
		d.BCount, d.BWeight = x.Count, x.Weight
	}
	out := []CategoryDelta{}
	for _, d := range cats {
		d.Delta = Delta(d.AWeight, d.BWeight)
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if math.Abs(x.Delta) != math.Abs(y.Delta) {
			return math.Abs(x.Delta) > math.Abs(y.Delta)
		}
		return x.ID < y.ID
	})
	return out
}
