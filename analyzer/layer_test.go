package analyzer

import (
	"bytes"
	"os"
	"testing"
)

// TestRescoreIdentity: rescoring an untouched report changes nothing, so the
// figures Rescore computes are the ones Analyze computes.
func TestRescoreIdentity(t *testing.T) {
	a := realAnalyzer(t)
	input, err := os.ReadFile("../examples/closed-door-session.txt")
	if err != nil {
		t.Fatal(err)
	}
	rep := a.Analyze("x.txt", input)
	want, _ := rep.JSON()
	a.Rescore(rep)
	got, _ := rep.JSON()
	if !bytes.Equal(got, want) {
		t.Errorf("Rescore changed an untouched report:\n%s\nwant\n%s", got, want)
	}
}

// TestRescoreDrop: without its findings a report is neutral, with zero weights.
func TestRescoreDrop(t *testing.T) {
	a := realAnalyzer(t)
	rep := a.Analyze("x.txt", []byte("The bid was a flop show. Critics mocked the farce.\n"))
	if len(rep.Findings) == 0 {
		t.Fatal("no findings to drop")
	}
	rep.Findings = nil
	a.Rescore(rep)
	if rep.Label != LabelNeutral || rep.Score.AuthorWeight != 0 || len(rep.Categories) != 0 || rep.Sentences[0].Weight != 0 {
		t.Errorf("Rescore without findings: label %s, score %+v, categories %v, sentences %v", rep.Label, rep.Score, rep.Categories, rep.Sentences)
	}
}

func TestTermKeyAndRemoveCategory(t *testing.T) {
	if TermKey("Terror attacks") != TermKey("terror attack") {
		t.Errorf("TermKey(%q) = %q, TermKey(%q) = %q; want equal", "Terror attacks", TermKey("Terror attacks"), "terror attack", TermKey("terror attack"))
	}
	lex, err := LoadLexicon(os.DirFS("testdata/lex"))
	if err != nil {
		t.Fatal(err)
	}
	before := lex.Info()
	id := lex.Categories[0].ID
	if !lex.RemoveCategory(id) || lex.RemoveCategory(id) {
		t.Fatalf("RemoveCategory(%q) twice: want true then false", id)
	}
	if after := lex.Info(); after.Categories != before.Categories-1 || after.Entries >= before.Entries {
		t.Errorf("after RemoveCategory: %+v, before %+v", after, before)
	}
}
