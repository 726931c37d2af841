package main

import (
	"encoding/json"
	"strings"
	"testing"
)

const (
	outletA = "Ostrel’s bid drew questions, one senior diplomat said. “It was a flop show,” a source said.\n"
	outletB = "Ostrel’s so-called plan fell flat, a diplomatic flop show under the guise of dialogue.\n"
)

func TestCompareFormats(t *testing.T) {
	a := writeFile(t, "a.txt", []byte(outletA))
	b := writeFile(t, "b.txt", []byte(outletB))
	code, out, errs := slant(t, "", "compare", a, b)
	if code != 0 || !strings.Contains(out, "Terms only B uses") || !strings.Contains(out, `"fell flat"`) {
		t.Errorf("compare (exit %d, stderr %q):\n%s", code, errs, out)
	}
	// Flags may follow the files.
	code, out, errs = slant(t, "", "compare", a, b, "--format", "json")
	var c struct {
		Schema     string
		A, B       struct{ Name string }
		TermsOnlyB []struct{ Term string } `json:"terms_only_b"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &c) != nil || c.Schema != "slant.compare/v1" || c.A.Name != a || c.B.Name != b || len(c.TermsOnlyB) == 0 {
		t.Errorf("compare --format json (exit %d, stderr %q): %+v\n%s", code, errs, c, out)
	}
	code, out, _ = slant(t, "", "compare", "--format", "html", a, b)
	if code != 0 || !strings.HasPrefix(out, "<!DOCTYPE html>") || strings.Count(out, "<mark ") < 4 || !strings.Contains(out, `id="b-side"`) {
		t.Errorf("compare --format html (exit %d):\n%.400s", code, out)
	}
}

func TestCompareUsage(t *testing.T) {
	a := writeFile(t, "a.txt", []byte(outletA))
	for _, args := range [][]string{
		{"compare"}, {"compare", a}, {"compare", a, a, a}, {"compare", "--format", "markdown", a, a}, {"compare", "-", "-"},
	} {
		if code, _, errs := slant(t, "", args...); code != 2 {
			t.Errorf("slant %v: exit %d, want 2 (stderr %q)", args, code, errs)
		}
	}
	if code, _, _ := slant(t, "", "compare", a, a+".missing"); code != 3 {
		t.Errorf("compare with a missing file: exit %d, want 3", code)
	}
}

func TestAnalyzeHTML(t *testing.T) {
	p := writeFile(t, "a.txt", []byte("<script>x</script> Ostrel’s so-called “plan” fell flat.\n"))
	code, out, errs := slant(t, "", "analyze", "--format", "html", p)
	if code != 0 || !strings.HasPrefix(out, "<!DOCTYPE html>") || strings.Contains(out, "<script>") || !strings.Contains(out, "&lt;script&gt;") {
		t.Errorf("analyze --format html (exit %d, stderr %q):\n%.300s", code, errs, out)
	}
	if strings.Count(out, "<mark ") < 2 {
		t.Errorf("analyze --format html: too few marks:\n%s", out)
	}
	if code, _, _ := slant(t, "", "analyze", "--format", "html", p, p); code != 2 {
		t.Errorf("analyze --format html with two files: exit %d, want 2", code)
	}
}

func TestAnalyzeActors(t *testing.T) {
	p := writeFile(t, "a.txt", []byte("Islamabad’s narrative fell flat in New Delhi.\n"))
	code, out, errs := slant(t, "", "analyze", "--format", "json", p)
	var r struct {
		Actors   []struct{ Name string }
		Findings []struct{ Text, Actor string }
	}
	if code != 0 || json.Unmarshal([]byte(out), &r) != nil {
		t.Fatalf("analyze --format json: exit %d, stderr %q", code, errs)
	}
	if len(r.Actors) == 0 || r.Actors[0].Name != "Pakistan" {
		t.Errorf("actors %+v, want Pakistan first", r.Actors)
	}
	for _, f := range r.Findings {
		if f.Text == "narrative" && f.Actor != "Pakistan" {
			t.Errorf("narrative aimed at %q, want Pakistan", f.Actor)
		}
	}
}
