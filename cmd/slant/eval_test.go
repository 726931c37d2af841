package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runEval runs slant eval and decodes its JSON output.
func runEval(t *testing.T, args ...string) *EvalResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(append([]string{"eval", "--format", "json"}, args...), strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("slant eval %v: exit %d, stderr %s", args, code, stderr.String())
	}
	var res EvalResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("slant eval %v: output is not JSON: %v", args, err)
	}
	return &res
}

// TestEvalFixture checks every metric on a fixture whose outcome can be
// worked out by hand: rows 1-3 carry strong terms (flop show, fell flat,
// slammed, reckless, sham, lamented), row 4 is biased through a word no
// lexicon lists ("as usual"), rows 5-7 are plain (row 7 has a finding under the
// sentence threshold: "officials said", 0.75), and row 8 is a neutral row
// that the analyzer calls loaded ("nightmare").
func TestEvalFixture(t *testing.T) {
	res := runEval(t, "--labels", filepath.Join("testdata", "eval-labels.csv"))
	want := Confusion{BiasedBiased: 3, BiasedNeutral: 1, NeutralBiased: 1, NeutralNeutral: 3}
	if res.Sentence.Confusion != want {
		t.Errorf("confusion = %+v, want %+v", res.Sentence.Confusion, want)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"biased precision", res.Sentence.Biased.Precision, 0.75},
		{"biased recall", res.Sentence.Biased.Recall, 0.75},
		{"neutral F1", res.Sentence.Neutral.F1, 0.75},
		{"macro-F1", res.Sentence.MacroF1, 0.75},
		{"accuracy", res.Sentence.Accuracy, 0.75},
		{"word recall", res.Word.Recall, 0.8571},
		{"word precision", res.Word.Precision, 0.75},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if w := res.Word; w.Annotated != 7 || w.Found != 6 || w.Findings != 8 || w.FindingsOnWord != 6 {
		t.Errorf("word counts = %+v, want 7 annotated, 6 found, 8 findings, 6 on a word", w)
	}
	if got := res.Errors.MissedAnnotatedWords; len(got) != 1 || got[0] != (Count{"usual", 1}) {
		t.Errorf("missed annotated words = %v, want [usual 1]", got)
	}
	for _, sp := range res.Sentence.Sweep {
		if sp.Threshold == res.Threshold && sp.MacroF1 != res.Sentence.MacroF1 {
			t.Errorf("sweep at the lexicon's threshold %v = %v, want the reported macro-F1 %v", sp.Threshold, sp.MacroF1, res.Sentence.MacroF1)
		}
	}
	if len(res.Terms) != 8 {
		t.Errorf("terms = %d, want 8", len(res.Terms))
	}
	for _, tr := range res.Terms {
		if tr.Term == "nightmare" && (tr.NeutralRows != 1 || tr.BiasedRows != 0 || tr.FindingsOnWord != 0) {
			t.Errorf("term nightmare = %+v, want one neutral row and no annotated word", tr)
		}
	}
	if got := res.Errors.FalsePositiveTerms; len(got) != 1 || got[0] != (Count{"nightmare", 1}) {
		t.Errorf("false positive terms = %v, want [nightmare 1]", got)
	}
}

func TestEvalText(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"eval", "--labels", filepath.Join("testdata", "eval-labels.csv")}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"macro-F1 0.750", "recall of annotated words", "(6 of 7)", "false positives by term", "nightmare 1"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("text output lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestEvalErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("text,label\nfine words,neutral\nsome words,maybe\n"), 0o644)
	noText := filepath.Join(dir, "notext.csv")
	os.WriteFile(noText, []byte("sentence,label\nwords,neutral\n"), 0o644)
	for _, c := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no labels flag", []string{"eval"}, exitUsage, "--labels"},
		{"bad format", []string{"eval", "--labels", bad, "--format", "xml"}, exitUsage, "--format"},
		{"bad label", []string{"eval", "--labels", bad}, exitFailure, `bad.csv:3: label "maybe"`},
		{"no text column", []string{"eval", "--labels", noText}, exitFailure, "header must include text and label"},
		{"missing file", []string{"eval", "--labels", filepath.Join(dir, "none.csv")}, exitFailure, "none.csv"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(c.args, strings.NewReader(""), &stdout, &stderr)
			if code != c.code || !strings.Contains(stderr.String(), c.msg) {
				t.Errorf("run(%q) = exit %d, stderr %q; want exit %d mentioning %q", c.args, code, stderr.String(), c.code, c.msg)
			}
		})
	}
}

// TestEvalBABE runs eval on the BABE development set and holds the targets of
// docs/methodology.md, so that a lexicon change that loses them fails. The
// data is AGPL and lives outside the repository: SLANT_SHARED (set by make
// test) or ../shared beside the repository; the test skips when neither has it.
func TestEvalBABE(t *testing.T) {
	shared := os.Getenv("SLANT_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "..", "shared")
	}
	labels := filepath.Join(shared, "eval", "babe-dev.csv")
	if _, err := os.Stat(labels); err != nil {
		t.Skipf("BABE dev set not found at %s (set SLANT_SHARED)", labels)
	}
	res := runEval(t, "--labels", labels)
	t.Logf("macro-F1 %.3f, word recall %.3f, word precision %.3f", res.Sentence.MacroF1, res.Word.Recall, res.Word.Precision)
	if res.Rows < 1000 {
		t.Errorf("rows = %d, want the whole dev set", res.Rows)
	}
	if res.Sentence.MacroF1 < 0.70 {
		t.Errorf("sentence macro-F1 = %.4f, want >= 0.70", res.Sentence.MacroF1)
	}
	if res.Word.Recall < 0.50 {
		t.Errorf("annotated-word recall = %.4f, want >= 0.50", res.Word.Recall)
	}
	if res.Word.Precision < 0.30 {
		t.Errorf("word precision = %.4f, want >= 0.30", res.Word.Precision)
	}
}
