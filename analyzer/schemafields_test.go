package analyzer

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"testing"
)

// Every field a report can carry is named in docs/report-v1.schema.json
// (which stays open to additional properties, as the v1 contract says, so
// validation alone cannot catch a field that was never documented): a
// report with every field filled is walked beside the schema's properties.
func TestSchemaNamesEveryField(t *testing.T) {
	raw, err := os.ReadFile("../docs/report-v1.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	var r Report
	fill(reflect.ValueOf(&r).Elem(), "x", 1)
	b, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var missing []string
	var walk func(path string, v any, s map[string]any)
	walk = func(path string, v any, s map[string]any) {
		switch v := v.(type) {
		case map[string]any:
			props, _ := s["properties"].(map[string]any)
			for k, x := range v {
				sub, ok := props[k].(map[string]any)
				if !ok {
					missing = append(missing, path+"."+k)
					continue
				}
				walk(path+"."+k, x, sub)
			}
		case []any:
			items, _ := s["items"].(map[string]any)
			for _, x := range v {
				walk(path+"[]", x, items)
			}
		}
	}
	walk("report", doc, schema)
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("%s is in the report but not in docs/report-v1.schema.json", m)
	}
}
