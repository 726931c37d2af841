package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slantnews/slant/eval"
)

// The metrics are tested in package eval; these tests check the wiring.

const labelsCSV = "text,label,biased_words\nThe bid was a flop show.,biased,flop show\nThe council met on Monday.,neutral,\n"

func TestEval(t *testing.T) {
	labels := writeFile(t, "labels.csv", []byte(labelsCSV))
	code, out, errs := slant(t, "", "eval", "--labels", labels, "--format", "json")
	if code != exitOK {
		t.Fatalf("slant eval --format json: exit %d, stderr %s", code, errs)
	}
	var res eval.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("slant eval --format json: output is not JSON: %v", err)
	}
	if res.Labels != labels || res.Rows != 2 || res.Sentence.Accuracy != 1 || res.Word.Found != 1 {
		t.Errorf("slant eval --format json = labels %q, %d rows, accuracy %v, %d words found; want %q, 2, 1, 1",
			res.Labels, res.Rows, res.Sentence.Accuracy, res.Word.Found, labels)
	}
	code, out, errs = slant(t, "", "eval", "--labels", labels)
	if code != exitOK {
		t.Fatalf("slant eval: exit %d, stderr %s", code, errs)
	}
	for _, want := range []string{"labels: " + labels + " (2 rows: 1 biased, 1 neutral)", "macro-F1 1.000", "(1 of 1)"} {
		if !strings.Contains(out, want) {
			t.Errorf("slant eval output lacks %q:\n%s", want, out)
		}
	}
}

// TestEvalActors: --actors DIR reaches the analyzer (a bad actor file fails,
// a good one loads).
func TestEvalActors(t *testing.T) {
	labels := writeFile(t, "labels.csv", []byte(labelsCSV))
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "beat.yaml"), []byte("kind: country\nactors:\n  - {name: Ostrel, aliases: [Dravik], colour: red}\n"), 0o644)
	if code, _, errs := slant(t, "", "eval", "--labels", labels, "--actors", dir); code != exitFailure || !strings.Contains(errs, "beat.yaml") {
		t.Errorf("slant eval --actors (bad actor file) = exit %d, stderr %q; want exit 1 naming beat.yaml", code, errs)
	}
	os.WriteFile(filepath.Join(dir, "beat.yaml"), []byte("kind: country\nactors:\n  - {name: Ostrel, aliases: [Dravik]}\n"), 0o644)
	if code, _, errs := slant(t, "", "eval", "--labels", labels, "--actors", dir); code != exitOK {
		t.Errorf("slant eval --actors DIR = exit %d, stderr %q; want 0", code, errs)
	}
}

func TestEvalErrors(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, "bad.csv", []byte("text,label\nfine words,neutral\nsome words,maybe\n"))
	noText := writeFile(t, "notext.csv", []byte("sentence,label\nwords,neutral\n"))
	for _, c := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no labels flag", []string{"eval"}, exitUsage, "--labels"},
		{"bad format", []string{"eval", "--labels", bad, "--format", "xml"}, exitUsage, "--format"},
		{"bad label", []string{"eval", "--labels", bad}, exitRejected, `bad.csv:3: label "maybe"`},
		{"no text column", []string{"eval", "--labels", noText}, exitRejected, "header must include text and label"},
		{"missing file", []string{"eval", "--labels", filepath.Join(dir, "none.csv")}, exitRejected, "none.csv"},
		{"argument", []string{"eval", "--labels", bad, "extra.csv"}, exitUsage, `unexpected argument "extra.csv"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := slant(t, "", c.args...)
			if code != c.code || !strings.Contains(errs, c.msg) {
				t.Errorf("slant %q = exit %d, stderr %q; want exit %d mentioning %q", c.args, code, errs, c.code, c.msg)
			}
		})
	}
}
