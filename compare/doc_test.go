package compare

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestDocExample holds docs/html-report.md's slant.compare/v1 section to the
// type: its example has every JSON field the comparison has, at every level
// (sides, sourcing, speakers, actors), and its field table names every field
// of the comparison, a side and its sourcing.
func TestDocExample(t *testing.T) {
	b, err := os.ReadFile("../docs/html-report.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	i := strings.Index(doc, "## `slant compare --format json`: `slant.compare/v1`")
	if i < 0 {
		t.Fatal("no slant.compare/v1 section")
	}
	sec := doc[i:]
	if j := strings.Index(sec[1:], "\n## "); j >= 0 {
		sec = sec[:j+1]
	}
	start := strings.Index(sec, "```json\n")
	end := strings.Index(sec[start+8:], "```")
	if start < 0 || end < 0 {
		t.Fatal("no JSON example in the section")
	}
	var example any
	if err := json.Unmarshal([]byte(sec[start+8:start+8+end]), &example); err != nil {
		t.Fatalf("the example is not JSON: %v", err)
	}
	have := map[string]bool{}
	keysOf(example, "", have)
	want := map[string]bool{}
	fieldsOf(reflect.TypeOf(Comparison{}), "", want)
	var missing []string
	for k := range want {
		// B's fields are A's ("the same for B", or null where B has none).
		if !have[k] && !have[sideA(k)] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the example lacks %q", missing)
	}
	table := sec[start+8+end:]
	var untabled []string
	for _, typ := range []reflect.Type{reflect.TypeOf(Comparison{}), reflect.TypeOf(Side{}), reflect.TypeOf(Sourcing{})} {
		for i := 0; i < typ.NumField(); i++ {
			name := strings.Split(typ.Field(i).Tag.Get("json"), ",")[0]
			if name != "schema" && !strings.Contains(table, "`"+name+"`") && !strings.Contains(table, "`…"+name+"`") && !strings.Contains(table, "`…sourcing."+name+"`") {
				untabled = append(untabled, typ.Name()+"."+name)
			}
		}
	}
	if len(untabled) > 0 {
		t.Errorf("the field table lacks %q", untabled)
	}
}

// sideA is path with every b element read as a.
func sideA(path string) string {
	parts := strings.Split(path, ".")
	for i, p := range parts {
		if p == "b" {
			parts[i] = "a"
		}
	}
	return strings.Join(parts, ".")
}

// keysOf records the dotted paths of v's object keys; list elements share
// their list's path.
func keysOf(v any, path string, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			out[path+k] = true
			keysOf(e, path+k+".", out)
		}
	case []any:
		for _, e := range x {
			keysOf(e, path, out)
		}
	}
}

// fieldsOf records the dotted JSON paths of t's fields.
func fieldsOf(t reflect.Type, path string, out map[string]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		name := strings.Split(t.Field(i).Tag.Get("json"), ",")[0]
		if name == "" || name == "-" {
			continue
		}
		out[path+name] = true
		fieldsOf(t.Field(i).Type, path+name+".", out)
	}
}
