package analyzer

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Two sets of goldens, each testdata/.../NAME.txt → NAME.golden.json,
// refreshed only with go test ./analyzer -update (then review the diff like
// code):
//
//   - testdata/behaviour: the tokenizer, voice, negation, scoring and actor
//     attribution on the small test lexicon (testdata/lex, and testActorFS for
//     actors), so that growing the shipped lexicons does not rewrite them;
//   - testdata/*.txt: articles on the shipped lexicons with actors on, as the
//     CLI and the Lambda run them, to catch lexicon drift.
//
// Every golden is validated against the report schema. -update is the only
// way to rewrite them: no environment variable or other path does.
var update = flag.Bool("update", false, "rewrite testdata/*.golden.json and testdata/behaviour/*.golden.json")

// reportSchema compiles docs/report-v1.schema.json.
func reportSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	sch, err := c.Compile("../docs/report-v1.schema.json")
	if err != nil {
		t.Fatalf("compile report schema: %v", err)
	}
	return sch
}

func validateReport(t testing.TB, sch *jsonschema.Schema, name string, data []byte) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := sch.Validate(doc); err != nil {
		t.Errorf("%s does not match docs/report-v1.schema.json: %v", name, err)
	}
}

// TestGoldenBehaviour runs the behaviour goldens on the test lexicon.
func TestGoldenBehaviour(t *testing.T) {
	sch := reportSchema(t)
	files, _ := filepath.Glob("testdata/behaviour/*.txt")
	if len(files) < 5 {
		t.Fatalf("found %d behaviour golden inputs, want at least 5", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(name, func(t *testing.T) {
			a := testAnalyzer(t)
			if name == "actors" {
				a = actorAnalyzer(t)
			}
			r := checkGolden(t, a, sch, file)
			if len(r.Findings) == 0 {
				t.Errorf("%s: no findings; a behaviour golden must exercise the lexicon", file)
			}
			if name == "actors" && len(r.Actors) == 0 {
				t.Errorf("%s: no actors", file)
			}
		})
	}
}

// TestGoldenShipped runs the article goldens on the shipped lexicons.
func TestGoldenShipped(t *testing.T) {
	sch := reportSchema(t)
	files, _ := filepath.Glob("testdata/*.txt")
	if len(files) < 3 {
		t.Fatalf("found %d golden inputs, want at least 3", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(name, func(t *testing.T) {
			r := checkGolden(t, realAnalyzer(t), sch, file)
			if name == "neutral" && len(r.Findings) != 0 {
				t.Errorf("neutral.txt: %d findings, want none: %q", len(r.Findings), brief(r))
			}
			if name != "neutral" && r.Label != LabelLoaded {
				t.Errorf("%s: label %s, want loaded", name, r.Label)
			}
		})
	}
}

// checkGolden analyzes file and compares the report with the golden beside
// it, rewriting the golden first under -update.
func checkGolden(t *testing.T, a *Analyzer, sch *jsonschema.Schema, file string) *Report {
	t.Helper()
	input, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	r := a.Analyze(filepath.Base(file), input)
	checkReport(t, input, r)
	got, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	golden := strings.TrimSuffix(file, ".txt") + ".golden.json"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./analyzer -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("report of %s differs from %s (if the change is meant, run go test ./analyzer -update and review the diff):\n%s", file, golden, goldenDiff(got, want))
	}
	validateReport(t, sch, golden, want)
	return r
}

// TestSchemaRejects makes sure the schema is not vacuous.
func TestSchemaRejects(t *testing.T) {
	sch := reportSchema(t)
	good, err := testAnalyzer(t).Analyze("t", []byte("It was a flop show.")).JSON()
	if err != nil {
		t.Fatal(err)
	}
	validateReport(t, sch, "good", good)
	for _, bad := range []func(map[string]any){
		func(m map[string]any) { delete(m, "findings") },
		func(m map[string]any) { m["label"] = "biased" },
		func(m map[string]any) { m["findings"].([]any)[0].(map[string]any)["voice"] = "narrator" },
		func(m map[string]any) { m["schema"] = "slant.report/v2" },
	} {
		var m map[string]any
		json.Unmarshal(good, &m)
		bad(m)
		b, _ := json.Marshal(m)
		doc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if sch.Validate(doc) == nil {
			t.Errorf("schema accepted a broken report: %s", b)
		}
	}
}

// sharedDir is ../shared beside the repository (or $SLANT_SHARED).
func sharedDir(t testing.TB) string {
	if d := os.Getenv("SLANT_SHARED"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared")
}

// TestSeeds checks the terms a careful reader marks in the two seed reports,
// with their voice. The seeds are read from ../shared, never copied here.
func TestSeeds(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "seeds")
	b, err := os.ReadFile(filepath.Join(dir, "unsc-report-b.txt"))
	if err != nil {
		t.Skipf("seeds not available: %v", err)
	}
	a := realAnalyzer(t)
	r := a.Analyze("unsc-report-b.txt", b)
	checkReport(t, b, r)
	type want struct{ text, voice, category string }
	wants := []want{
		{"flop show", VoiceAuthor, ""}, {"fell flat", VoiceAuthor, ""}, {"thumbs down", VoiceAuthor, ""},
		{"so called", VoiceAuthor, ""}, {"so-called", VoiceAuthor, ""}, {"under the guise of", VoiceAuthor, ""},
		{"harbouring", VoiceAuthor, ""}, {"lamented", VoiceAuthor, ""},
		{"“false flag”", VoiceAuthor, "scare_quotes"},
	}
	for _, w := range wants {
		found := false
		for _, f := range r.Findings {
			if strings.EqualFold(f.Text, w.text) && f.Voice == w.voice && (w.category == "" || f.Category == w.category) {
				found = true
			}
		}
		if !found {
			t.Errorf("unsc-report-b.txt: no %s finding %q (category %q)", w.voice, w.text, w.category)
		}
	}
	if r.Score.AuthorWeight <= r.Score.QuotedWeight*2 {
		t.Errorf("unsc-report-b.txt carries its framing in the writer's voice: author %v, quoted %v", r.Score.AuthorWeight, r.Score.QuotedWeight)
	}

	a2, err := os.ReadFile(filepath.Join(dir, "unsc-report-a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ra := a.Analyze("unsc-report-a.txt", a2)
	checkReport(t, a2, ra)
	anon := 0
	for _, f := range ra.Findings {
		if f.Category == "anonymous_sourcing" {
			anon++
		}
	}
	if anon < 3 {
		t.Errorf("unsc-report-a.txt leans on anonymous sources: %d anonymous_sourcing findings, want at least 3", anon)
	}
	// Report A quotes more of its framing than report B does.
	share := func(r *Report) float64 { return r.Score.QuotedWeight / (r.Score.AuthorWeight + r.Score.QuotedWeight) }
	if share(ra) <= share(r) {
		t.Errorf("quoted share: report A %.2f, report B %.2f; want A > B", share(ra), share(r))
	}
}
