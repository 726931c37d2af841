package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slantnews/slant/analyzer"
)

// A saved page's slant-* comments silence findings in place, like a
// Markdown draft's: ignore-next takes the next sentence, disable … enable
// the terms it names, and the silenced findings are listed as suppressed.
func TestHTMLInlineSuppression(t *testing.T) {
	const page = "../../ingest/testdata/reviewed.html"
	code, out, errb := slant(t, "", "analyze", "--no-config", "--format", "json", page)
	if code != 0 {
		t.Fatalf("analyze exit %d: %s", code, errb)
	}
	var r analyzer.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	text := *r.Text
	reported := map[string]int{}
	for _, f := range r.Findings {
		reported[f.Text]++
		if text[f.Start:f.End] != f.Text {
			t.Errorf("finding %q does not index text", f.Text)
		}
	}
	suppressed := map[string]int{}
	for _, s := range r.Suppressed {
		if s.Reason != "inline" {
			t.Errorf("suppressed %q for %q, want inline", s.Text, s.Reason)
		}
		suppressed[s.Text]++
	}
	if reported["so-called"] != 2 || reported["flop show"] != 0 {
		t.Errorf("reported = %v, want so-called twice (before the directives and after slant-enable), no flop show", reported)
	}
	if suppressed["so-called"] != 2 || suppressed["flop show"] != 1 {
		t.Errorf("suppressed = %v, want so-called twice (slant-disable so-called) and flop show (slant-ignore-next)", suppressed)
	}
	if r.Stats.Suppressed != len(r.Suppressed) {
		t.Errorf("stats.suppressed = %d, want %d", r.Stats.Suppressed, len(r.Suppressed))
	}
	// check reads the page the same way.
	code, out, _ = slant(t, "", "check", "--no-config", "--format", "rdjsonl", page)
	if code != exitFailure {
		t.Errorf("check exit %d, want 1 (two so-called in the writer's voice)", code)
	}
	if strings.Contains(out, "flop show") || strings.Count(out, `\"so-called\"`) != 2 {
		t.Errorf("check diagnostics = %s; want the two so-called findings in the writer's voice, nothing silenced", out)
	}
}

// compare reads web pages as their articles and applies each file's
// project configuration, as analyze does.
func TestCompareReadsPagesAndConfig(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.txt")
	for name, data := range map[string]string{
		".slant.yaml": "ban:\n  - term: flop show\n    reason: slang verdict\n",
		"a.txt":       "The talks were a flop show, and the so-called deal collapsed.\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errb := slant(t, "", "compare", "--format", "json", a, "../../ingest/testdata/reviewed.html")
	if code != 0 {
		t.Fatalf("compare exit %d: %s", code, errb)
	}
	var c struct {
		A, B struct {
			Name       string
			Categories []struct{ ID string } `json:"categories"`
		}
	}
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if !strings.Contains(out, `"banned"`) {
		t.Errorf("compare did not apply a.txt's .slant.yaml (no banned category):\n%s", out)
	}
	if strings.Contains(out, "<p>") || strings.Contains(out, "DOCTYPE") {
		t.Errorf("compare read the page's markup:\n%s", out)
	}
}
