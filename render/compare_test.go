package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/slantnews/slant/analyzer"
)

func geneva(t *testing.T) (ra *analyzer.Report, inA []byte, rb *analyzer.Report, inB []byte) {
	t.Helper()
	ra, inA = analyzeFile(t, "geneva-a.txt")
	rb, inB = analyzeFile(t, "geneva-b.txt")
	return
}

func TestCompare(t *testing.T) {
	ra, _, rb, _ := geneva(t)
	c := Compare(ra, rb)
	if c.Schema != CompareSchema || c.A.Name != "geneva-a.txt" || c.B.Name != "geneva-b.txt" {
		t.Fatalf("Compare: schema %q, names %q %q", c.Schema, c.A.Name, c.B.Name)
	}
	if c.IntensityDelta != round2(rb.Score.Intensity-ra.Score.Intensity) {
		t.Errorf("intensity delta %v, want %v", c.IntensityDelta, rb.Score.Intensity-ra.Score.Intensity)
	}
	// Outlet A quotes its framing; outlet B writes it in its own voice.
	if !(c.A.QuotedShare > c.B.QuotedShare) || !(c.B.AuthorWeight > c.A.AuthorWeight) {
		t.Errorf("voice: A %+v, B %+v; want A to quote more and B to say more in its own voice", c.A, c.B)
	}
	// Category deltas add up to the difference in total weight.
	var sum, want float64
	for _, d := range c.Categories {
		if d.Delta != round2(d.BWeight-d.AWeight) {
			t.Errorf("category %s: delta %v, weights %v %v", d.ID, d.Delta, d.AWeight, d.BWeight)
		}
		sum += d.Delta
	}
	want = rb.Score.AuthorWeight + rb.Score.QuotedWeight - ra.Score.AuthorWeight - ra.Score.QuotedWeight
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
		if !has(ra, u.Term, u.Category) || has(rb, u.Term, u.Category) {
			t.Errorf("term only in A: %+v", u)
		}
	}
	for _, u := range c.TermsOnlyB {
		if !has(rb, u.Term, u.Category) || has(ra, u.Term, u.Category) {
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
	// Ostrel is framed far more by outlet B.
	var ostrel *ActorDelta
	for i := range c.Actors {
		if c.Actors[i].Name == "Ostrel" {
			ostrel = &c.Actors[i]
		}
	}
	if ostrel == nil || ostrel.WeightDelta <= 0 || ostrel.B.Findings <= ostrel.A.Findings {
		t.Errorf("Ostrel: %+v; want more framing in B", ostrel)
	}
	// Swapping A and B negates every delta.
	back := Compare(rb, ra)
	if back.IntensityDelta != -c.IntensityDelta || len(back.TermsOnlyA) != len(c.TermsOnlyB) {
		t.Errorf("Compare(B, A) is not the mirror of Compare(A, B)")
	}
}

func TestCompareJSON(t *testing.T) {
	ra, _, rb, _ := geneva(t)
	b1, err := Compare(ra, rb).JSON()
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := Compare(ra, rb).JSON()
	if !bytes.Equal(b1, b2) {
		t.Error("comparison JSON is not deterministic")
	}
	var m map[string]any
	if err := json.Unmarshal(b1, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema", "a", "b", "intensity_delta", "categories", "terms_only_a", "terms_only_b", "terms_shared", "actors"} {
		if _, ok := m[k]; !ok {
			t.Errorf("comparison JSON lacks %q", k)
		}
	}
	empty := testAnalyzer(t).Analyze("e", nil)
	b3, _ := Compare(empty, empty).JSON()
	if strings.Contains(string(b3), "null") {
		t.Errorf("empty comparison has nulls:\n%s", b3)
	}
}

func TestCompareHTML(t *testing.T) {
	ra, inA, rb, inB := geneva(t)
	var b bytes.Buffer
	if err := CompareHTML(&b, ra, inA, rb, inB); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	els := parseTags(t, page)
	ms := marks(els)
	if len(ms) != len(ra.Findings)+len(rb.Findings) {
		t.Errorf("%d marks, %d + %d findings", len(ms), len(ra.Findings), len(rb.Findings))
	}
	checkRefs(t, els)
	// The same category has the same number and colour on both sides.
	code := map[string]string{}
	for _, m := range ms {
		cat, c := m.attrs["data-category"], m.attrs["data-code"]
		if code[cat] != "" && code[cat] != c {
			t.Errorf("category %s numbered %s and %s", cat, code[cat], c)
		}
		code[cat] = c
	}
	if !strings.Contains(page, `<div class="cols">`) || !strings.Contains(page, `id="a-side"`) || !strings.Contains(page, `id="b-side"`) {
		t.Error("texts are not side by side")
	}
	var again bytes.Buffer
	CompareHTML(&again, ra, inA, rb, inB)
	if again.String() != page {
		t.Error("comparison HTML is not deterministic")
	}
}

func TestCompareText(t *testing.T) {
	ra, _, rb, _ := geneva(t)
	var b bytes.Buffer
	if err := CompareText(&b, Compare(ra, rb)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"A: geneva-a.txt", "intensity", "quoted share", "Terms only B uses", `"flop show"`, "Who is framed", "Ostrel"} {
		if !strings.Contains(out, want) {
			t.Errorf("CompareText lacks %q:\n%s", want, out)
		}
	}
}
