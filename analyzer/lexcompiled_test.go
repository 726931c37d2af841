package analyzer

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// TestCompiledLexicon: a source with a compiled form loads to the same
// analyzer as its YAML alone, and a file edited after compiling is read from
// its YAML, not from the stale compiled form.
func TestCompiledLexicon(t *testing.T) {
	src := fstest.MapFS{}
	entries, err := os.ReadDir("testdata/lex")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile("testdata/lex/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		src[e.Name()] = &fstest.MapFile{Data: b}
	}
	compiled, err := CompileLexicon(src)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := CompileLexicon(src)
	if !bytes.Equal(compiled, again) {
		t.Error("CompileLexicon is not deterministic")
	}
	withCompiled := fstest.MapFS{CompiledFile: &fstest.MapFile{Data: compiled}}
	for k, v := range src {
		withCompiled[k] = v
	}
	text := newsCorpus(64 << 10)
	report := func(fsys fstest.MapFS) []byte {
		t.Helper()
		lex, err := LoadLexicon(fsys)
		if err != nil {
			t.Fatal(err)
		}
		a, err := New(lex)
		if err != nil {
			t.Fatal(err)
		}
		b, err := a.Analyze("t", text).JSON()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if !bytes.Equal(report(src), report(withCompiled)) {
		t.Error("the compiled form gives another report than the YAML")
	}
	// Edit one category after compiling: its YAML wins.
	for name, f := range src {
		if name == "rules.yaml" || !strings.HasSuffix(name, ".yaml") || !bytes.Contains(f.Data, []byte("entries:\n")) {
			continue
		}
		edited := bytes.Replace(f.Data, []byte("entries:\n"), []byte("entries:\n  - wibblewobble\n"), 1)
		src[name] = &fstest.MapFile{Data: edited}
		withCompiled[name] = &fstest.MapFile{Data: edited}
		text = append(text, " A wibblewobble."...)
		got, want := report(withCompiled), report(src)
		if !bytes.Equal(got, want) || !bytes.Contains(got, []byte(`"term": "wibblewobble"`)) {
			t.Errorf("after editing %s: compiled and YAML reports differ, or the new term is not found", name)
		}
		break
	}
	// A compiled form of another format or of garbage is ignored.
	withCompiled[CompiledFile] = &fstest.MapFile{Data: []byte("not gob")}
	if !bytes.Equal(report(src), report(withCompiled)) {
		t.Error("a damaged compiled form changes the report")
	}
}
