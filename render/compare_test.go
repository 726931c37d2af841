package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/compare"
)

func geneva(t *testing.T) (ra *analyzer.Report, inA []byte, rb *analyzer.Report, inB []byte) {
	t.Helper()
	ra, inA = analyzeFile(t, "geneva-a.txt")
	rb, inB = analyzeFile(t, "geneva-b.txt")
	return
}

func TestCompareHTML(t *testing.T) {
	ra, inA, rb, inB := geneva(t)
	var b bytes.Buffer
	if err := CompareHTML(&b, compare.Reports(ra, rb), ra, inA, rb, inB); err != nil {
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
	CompareHTML(&again, compare.Reports(ra, rb), ra, inA, rb, inB)
	if again.String() != page {
		t.Error("comparison HTML is not deterministic")
	}
}

func TestCompareText(t *testing.T) {
	ra, _, rb, _ := geneva(t)
	var b bytes.Buffer
	if err := CompareText(&b, compare.Reports(ra, rb)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"A: geneva-a.txt", "intensity", "quoted share", "Terms only B uses", `"flop show"`, "Who is framed", "Ostrel"} {
		if !strings.Contains(out, want) {
			t.Errorf("CompareText lacks %q:\n%s", want, out)
		}
	}
}
