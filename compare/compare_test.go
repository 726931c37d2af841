package compare

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/slantnews/slant/analyzer"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// readReport decodes a slant.report/v1 fixture. The fixtures were written by
// slant analyze --format json from render/testdata/geneva-*.txt; they are
// inputs here, so an analyzer change does not move these tests.
func readReport(t *testing.T, name string) *analyzer.Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var r analyzer.Report
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &r
}

func geneva(t *testing.T) (a, b *analyzer.Report) {
	return readReport(t, "geneva-a.report.json"), readReport(t, "geneva-b.report.json")
}

// TestGolden holds the slant.compare/v1 JSON byte for byte.
func TestGolden(t *testing.T) {
	a, b := geneva(t)
	got, err := Reports(a, b).JSON()
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "geneva.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("Reports(geneva-a, geneva-b).JSON() differs from %s at line %d:\ngot  %s\nwant %s\n(go test ./compare -update rewrites it; review the diff)", golden, i+1, g, w)
			}
		}
	}
}

func TestReports(t *testing.T) {
	a, b := geneva(t)
	c := Reports(a, b)
	if c.Schema != Schema || c.A.Name != "geneva-a.txt" || c.B.Name != "geneva-b.txt" {
		t.Fatalf("Reports: schema %q, names %q %q", c.Schema, c.A.Name, c.B.Name)
	}
	if c.IntensityDelta != Delta(a.Score.Intensity, b.Score.Intensity) {
		t.Errorf("intensity delta %v, want %v", c.IntensityDelta, b.Score.Intensity-a.Score.Intensity)
	}
	// Outlet A quotes its framing; outlet B writes it in its own voice.
	if !(c.A.QuotedShare > c.B.QuotedShare) || !(c.B.AuthorWeight > c.A.AuthorWeight) {
		t.Errorf("voice: A %+v, B %+v; want A to quote more and B to say more in its own voice", c.A, c.B)
	}
	// Category deltas add up to the difference in total weight.
	var sum float64
	for _, d := range c.Categories {
		if d.Delta != Delta(d.AWeight, d.BWeight) {
			t.Errorf("category %s: delta %v, weights %v %v", d.ID, d.Delta, d.AWeight, d.BWeight)
		}
		sum += d.Delta
	}
	want := b.Score.AuthorWeight + b.Score.QuotedWeight - a.Score.AuthorWeight - a.Score.QuotedWeight
	if d := sum - want; d > 0.05 || d < -0.05 {
		t.Errorf("category deltas sum to %v, total weight differs by %v", sum, want)
	}
	// Terms only one side uses really are absent from the other.
	has := func(r *analyzer.Report, term, cat string) bool {
		for _, f := range r.Findings {
			if strings.EqualFold(f.Term, term) && f.Category == cat {
				return true
			}
		}
		return false
	}
	for _, u := range c.TermsOnlyA {
		if !has(a, u.Term, u.Category) || has(b, u.Term, u.Category) {
			t.Errorf("term only in A: %+v", u)
		}
	}
	for _, u := range c.TermsOnlyB {
		if !has(b, u.Term, u.Category) || has(a, u.Term, u.Category) {
			t.Errorf("term only in B: %+v", u)
		}
	}
	onlyB := map[string]bool{}
	for _, u := range c.TermsOnlyB {
		onlyB[u.Term] = true
	}
	for _, term := range []string{"flop show", "thumbs down", "under the guise of"} {
		if !onlyB[term] {
			t.Errorf("terms only B uses lack %q: %+v", term, c.TermsOnlyB)
		}
	}
	// Swapping A and B mirrors every delta.
	back := Reports(b, a)
	if back.IntensityDelta != -c.IntensityDelta || len(back.TermsOnlyA) != len(c.TermsOnlyB) || len(back.Actors) != len(c.Actors) {
		t.Errorf("Reports(B, A) is not the mirror of Reports(A, B)")
	}
	for i, d := range back.Actors {
		if d.WeightDelta != -c.Actors[i].WeightDelta || !reflect.DeepEqual(d.OnlyA, c.Actors[i].OnlyB) {
			t.Errorf("actor %s: Reports(B, A) gives %+v, Reports(A, B) %+v", d.Name, d, c.Actors[i])
		}
	}
}

// TestReportsByHand checks figures worked out by hand on two small reports.
func TestReportsByHand(t *testing.T) {
	f := func(term, cat, voice string, w float64) analyzer.Finding {
		return analyzer.Finding{Term: term, Category: cat, Voice: voice, Weight: w}
	}
	a := &analyzer.Report{
		Source: analyzer.Source{Name: "a"}, Label: analyzer.LabelNeutral,
		Score:      analyzer.Score{Intensity: 10, AuthorWeight: 1, QuotedWeight: 3},
		Categories: []analyzer.CategoryScore{{ID: "ridicule", Name: "Ridicule", Count: 2, Weight: 3}, {ID: "alarm", Name: "Alarm", Count: 1, Weight: 1}},
		Findings: []analyzer.Finding{
			f("Flop Show", "ridicule", analyzer.VoiceQuoted, 1.5),
			f("flop show", "ridicule", analyzer.VoiceAuthor, 1.5),
			f("crisis", "alarm", analyzer.VoiceAuthor, 1),
		},
		Actors: []analyzer.ActorScore{
			{Name: "Ostrel", Mentions: 2, Findings: 1, Weight: 1.5, Categories: []string{"ridicule"}},
			{Name: "Named only", Mentions: 4},
		},
	}
	b := &analyzer.Report{
		Source: analyzer.Source{Name: "b"}, Label: analyzer.LabelLoaded,
		Score:      analyzer.Score{Intensity: 42.5, AuthorWeight: 4},
		Categories: []analyzer.CategoryScore{{ID: "alarm", Name: "Alarm", Count: 2, Weight: 4}},
		Findings: []analyzer.Finding{
			f("crisis", "alarm", analyzer.VoiceAuthor, 2),
			f("meltdown", "alarm", analyzer.VoiceAuthor, 2),
		},
		Actors: []analyzer.ActorScore{{Name: "Ostrel", Mentions: 1, Findings: 2, Weight: 4, Categories: []string{"alarm"}}},
	}
	c := Reports(a, b)
	if c.IntensityDelta != 32.5 || c.A.QuotedShare != 0.75 || c.B.QuotedShare != 0 {
		t.Errorf("intensity delta %v, quoted shares %v %v; want 32.5, 0.75, 0", c.IntensityDelta, c.A.QuotedShare, c.B.QuotedShare)
	}
	if c.A.AuthorFindings != 2 || c.A.QuotedFindings != 1 || c.B.AuthorFindings != 2 {
		t.Errorf("findings by voice: A %d/%d, B %d/%d; want 2/1, 2/0", c.A.AuthorFindings, c.A.QuotedFindings, c.B.AuthorFindings, c.B.QuotedFindings)
	}
	wantCats := []CategoryDelta{
		{ID: "alarm", Name: "Alarm", ACount: 1, BCount: 2, AWeight: 1, BWeight: 4, Delta: 3},
		{ID: "ridicule", Name: "Ridicule", ACount: 2, AWeight: 3, Delta: -3},
	}
	if !reflect.DeepEqual(c.Categories, wantCats) {
		t.Errorf("categories = %+v, want %+v (ties in |delta| by id)", c.Categories, wantCats)
	}
	wantOnlyA := []TermUse{{Term: "flop show", Category: "ridicule", Count: 2, Weight: 3, Voice: "both"}}
	if !reflect.DeepEqual(c.TermsOnlyA, wantOnlyA) {
		t.Errorf("terms only A = %+v, want %+v (case folded, voices merged)", c.TermsOnlyA, wantOnlyA)
	}
	if want := []TermUse{{Term: "meltdown", Category: "alarm", Count: 1, Weight: 2, Voice: analyzer.VoiceAuthor}}; !reflect.DeepEqual(c.TermsOnlyB, want) {
		t.Errorf("terms only B = %+v, want %+v", c.TermsOnlyB, want)
	}
	if want := []string{"crisis"}; !reflect.DeepEqual(c.TermsShared, want) {
		t.Errorf("terms shared = %v, want %v", c.TermsShared, want)
	}
	wantActors := []ActorDelta{{
		Name:        "Ostrel",
		A:           ActorSide{Mentions: 2, Findings: 1, Weight: 1.5, Categories: []string{"ridicule"}},
		B:           ActorSide{Mentions: 1, Findings: 2, Weight: 4, Categories: []string{"alarm"}},
		WeightDelta: 2.5, OnlyA: []string{"ridicule"}, OnlyB: []string{"alarm"},
	}}
	if !reflect.DeepEqual(c.Actors, wantActors) {
		t.Errorf("actors = %+v, want %+v (an actor framed by neither left out)", c.Actors, wantActors)
	}
}

func TestJSONEmpty(t *testing.T) {
	empty := &analyzer.Report{}
	b, err := Reports(empty, empty).JSON()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "null") {
		t.Errorf("empty comparison has nulls:\n%s", b)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema", "a", "b", "intensity_delta", "categories", "terms_only_a", "terms_only_b", "terms_shared", "actors"} {
		if _, ok := m[k]; !ok {
			t.Errorf("comparison JSON lacks %q", k)
		}
	}
}

func TestDelta(t *testing.T) {
	for _, c := range []struct{ x, y, want float64 }{{1, 3.456, 2.46}, {3.456, 1, -2.46}, {0.1, 0.3, 0.2}, {2, 2, 0}} {
		if got := Delta(c.x, c.y); got != c.want {
			t.Errorf("Delta(%v, %v) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}
