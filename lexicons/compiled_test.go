package lexicons_test

import (
	"bytes"
	"io/fs"
	"os"
	"testing"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/lexicons"
)

// TestCompiledIsCurrent fails when en/lexicon.compiled was not regenerated
// after a change to en/*.yaml: run go generate ./lexicons.
func TestCompiledIsCurrent(t *testing.T) {
	want, err := analyzer.CompileLexicon(os.DirFS("en"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := fs.ReadFile(lexicons.English(), analyzer.CompiledFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("en/%s is stale against en/*.yaml (%d bytes, want %d): run go generate ./lexicons", analyzer.CompiledFile, len(got), len(want))
	}
	want, err = analyzer.CompileActors(os.DirFS("en/actors"))
	if err != nil {
		t.Fatal(err)
	}
	got, err = fs.ReadFile(lexicons.Actors(), analyzer.CompiledFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("en/actors/%s is stale against en/actors/*.yaml: run go generate ./lexicons", analyzer.CompiledFile)
	}
}

// TestCompiledLoadsAsYAML: the embedded lexicons load to the same
// analyzer with and without their compiled form.
func TestCompiledLoadsAsYAML(t *testing.T) {
	fromYAML, err := analyzer.LoadLexicon(os.DirFS("en"))
	if err != nil {
		t.Fatal(err)
	}
	compiled, err := analyzer.LoadLexicon(lexicons.English())
	if err != nil {
		t.Fatal(err)
	}
	if fromYAML.Info() != compiled.Info() {
		t.Errorf("Info: compiled %+v, YAML %+v", compiled.Info(), fromYAML.Info())
	}
	actorsYAML, err := analyzer.LoadActors(os.DirFS("en/actors"))
	if err != nil {
		t.Fatal(err)
	}
	actorsCompiled, err := analyzer.LoadActors(lexicons.Actors())
	if err != nil {
		t.Fatal(err)
	}
	text := []byte("The so-called reforms were a flop show, sources said. “Brutal,” Pakistan's envoy claimed, not strongly denying the narrative of India and NATO. Its rhetoric fell flat, Dr. Mira Talvet said.")
	var out [2][]byte
	for i, lex := range []*analyzer.Lexicon{fromYAML, compiled} {
		a, err := analyzer.New(lex, analyzer.WithActors([]*analyzer.ActorLexicon{actorsYAML, actorsCompiled}[i]))
		if err != nil {
			t.Fatal(err)
		}
		if out[i], err = a.Analyze("t", text).JSON(); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out[0], out[1]) {
		t.Errorf("reports differ:\ncompiled %s\nYAML     %s", out[1], out[0])
	}
}
