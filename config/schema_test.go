package config

import (
	"bytes"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestReportSchema: a report with every field a configuration adds
// (config, suppressed, stats.suppressed, findings[].reason) matches
// docs/report-v1.schema.json.
func TestReportSchema(t *testing.T) {
	e := engine(t, "accept: [terror attack]\nban:\n  - {term: flop show, reason: slang verdict}\n")
	rep := e.Analyze(Input{Name: "s.md", Data: []byte(story)})
	if rep.Config == nil || len(rep.Suppressed) == 0 || rep.Stats.Suppressed == 0 {
		t.Fatalf("fixture lacks a configured field: %+v", rep)
	}
	sch, err := jsonschema.NewCompiler().Compile("../docs/report-v1.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, mutate := range []struct {
		name string
		edit func([]byte) []byte
		ok   bool
	}{
		{"as written", func(b []byte) []byte { return b }, true},
		{"unknown reason", func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"reason": "accept"`), []byte(`"reason": "whim"`), 1)
		}, false},
	} {
		data, _ := rep.JSON()
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(mutate.edit(data)))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); (err == nil) != mutate.ok {
			t.Errorf("%s: Validate = %v, want ok %v", mutate.name, err, mutate.ok)
		}
	}
}
