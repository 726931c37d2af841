package eval

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/internal/shipped"
)

// shippedAnalyzer is built from the shipped lexicons: eval measures them.
func shippedAnalyzer(t *testing.T) *analyzer.Analyzer {
	t.Helper()
	a, err := shipped.Analyzer()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func readLabelsFile(t *testing.T, name string) []Row {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := ReadLabels(name, f)
	if err != nil {
		t.Fatalf("ReadLabels(%s): %v", name, err)
	}
	return rows
}

// TestRunFixture checks every metric on a fixture whose outcome can be
// worked out by hand: rows 1-3 carry strong terms (flop show, fell flat,
// slammed, reckless, sham, lamented), row 4 is biased through a word no
// lexicon lists ("as usual"), rows 5-7 are plain (row 7 has a finding under the
// sentence threshold: "officials said", 0.75), and row 8 is a neutral row
// that the analyzer calls loaded ("nightmare").
func TestRunFixture(t *testing.T) {
	res := Run(shippedAnalyzer(t), readLabelsFile(t, filepath.Join("testdata", "labels.csv")))
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
	if len(res.Sentence.Sweep) != len(sweepThresholds) {
		t.Errorf("sweep has %d points, want %d", len(res.Sentence.Sweep), len(sweepThresholds))
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
	if got := res.Errors.FalseNegativeWords; len(got) != 1 || got[0] != (Count{"usual", 1}) {
		t.Errorf("false negative words = %v, want [usual 1]", got)
	}
	if res.Labels != "" || res.Rows != 8 || res.Rule != Rule {
		t.Errorf("labels %q, rows %d, rule %q; want \"\", 8, Rule", res.Labels, res.Rows, res.Rule)
	}
}

// frozenResult is testdata/labels.result.json, what slant eval --format json
// printed for testdata/labels.csv when eval moved out of the command.
func frozenResult(t *testing.T) ([]byte, *Result) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "labels.result.json"))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var r Result
	if err := dec.Decode(&r); err != nil {
		t.Fatal(err)
	}
	return b, &r
}

// TestJSONRoundTrip holds the JSON layout: the frozen result decodes and
// encodes back to the same bytes.
func TestJSONRoundTrip(t *testing.T) {
	want, r := frozenResult(t)
	got, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Result.JSON() of testdata/labels.result.json differs from the file:\n%s", firstDiff(got, want))
	}
}

// TestWriteText holds the text layout on the frozen result byte for byte:
// testdata/labels.golden.txt is what slant eval printed for it.
func TestWriteText(t *testing.T) {
	_, r := frozenResult(t)
	var b bytes.Buffer
	if err := WriteText(&b, r); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "labels.golden.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("WriteText differs from testdata/labels.golden.txt:\n%s", firstDiff(b.Bytes(), want))
	}
	for _, want := range []string{"macro-F1 0.750", "(6 of 7)", "false positives by term", "nightmare 1", "  (none)"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("WriteText lacks %q", want)
		}
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want []byte) string {
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
			return "line " + itoa(i+1) + ":\ngot  " + g + "\nwant " + w
		}
	}
	return "(same lines)"
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func TestReadLabels(t *testing.T) {
	for _, c := range []struct {
		name, csv string
		want      []Row
		err       string
	}{
		{"words and extra columns", "id,text,label,biased_words\nx1,A sham vote.,Biased, sham ; ;vote\nx2,\"Rain, then sun.\",neutral,\n",
			[]Row{{Line: 2, Text: "A sham vote.", Biased: true, Words: []string{"sham", "vote"}}, {Line: 3, Text: "Rain, then sun."}}, ""},
		{"byte order mark, no words column", "\ufefftext,label\nIt rained.,NEUTRAL\n", []Row{{Line: 2, Text: "It rained."}}, ""},
		{"bad labels all reported", "text,label\nfine words,neutral\nsome words,maybe\nmore,\n", nil, "x.csv:3: label \"maybe\" must be biased or neutral\nx.csv:4: label \"\""},
		{"short row", "text,label\nonly text\n", nil, "x.csv:2: missing text or label"},
		{"no text column", "sentence,label\nwords,neutral\n", nil, "x.csv:1: header must include text and label"},
		{"no rows", "text,label\n", nil, "x.csv: no rows"},
		{"empty", "", nil, "x.csv: header: EOF"},
		{"bad quoting", "text,label\n\"open,neutral\n", nil, "x.csv: parse error on line 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, err := ReadLabels("x.csv", strings.NewReader(c.csv))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("ReadLabels(%q) error = %v, want %q", c.csv, err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadLabels(%q): %v", c.csv, err)
			}
			if got, want := mustJSON(rows), mustJSON(c.want); got != want {
				t.Errorf("ReadLabels(%q) = %s, want %s", c.csv, got, want)
			}
		})
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestLocate(t *testing.T) {
	for _, c := range []struct {
		text, word string
		want       []span
	}{
		{"The Senator’s speeches fell flat.", "speech", []span{{14, 22}}},
		{"The Senator’s speeches fell flat.", "senator's", []span{{4, 15}}},
		{"The Senator’s speeches fell flat.", "Fell Flat", []span{{23, 32}}},
		{"flat, fell flat", "fell flat", []span{{6, 15}}},
		{"no match here", "elsewhere", nil},
		{"no words", "", nil},
	} {
		if got := tokenize(c.text).locate(c.word); mustJSON(got) != mustJSON(c.want) {
			t.Errorf("locate(%q, %q) = %v, want %v", c.text, c.word, got, c.want)
		}
	}
}

func TestRunStopWordsAndEmpty(t *testing.T) {
	a := shippedAnalyzer(t)
	res := Run(a, []Row{{Text: "The council met.", Words: []string{"the", " Of ", "met"}}})
	if res.Word.Annotated != 1 {
		t.Errorf("annotated words = %d, want 1 (stop words skipped)", res.Word.Annotated)
	}
	if res.Sentence.Neutral.Support != 1 || res.Sentence.Biased.Support != 0 || res.Sentence.Accuracy != 1 {
		t.Errorf("sentence task = %+v, want one neutral row predicted neutral", res.Sentence)
	}
}

// TestEvalBABE runs eval on the BABE development set and holds the targets of
// docs/methodology.md, so that a lexicon change that loses them fails. The
// data is AGPL and lives outside the repository: SLANT_SHARED (set by make
// test) or ../shared beside the repository; the test skips when neither has it.
func TestEvalBABE(t *testing.T) {
	shared := os.Getenv("SLANT_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "shared")
	}
	labels := filepath.Join(shared, "eval", "babe-dev.csv")
	if _, err := os.Stat(labels); err != nil {
		t.Skipf("BABE dev set not found at %s (set SLANT_SHARED)", labels)
	}
	res := Run(shippedAnalyzer(t), readLabelsFile(t, labels))
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
