package render

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/compare"
)

func testReport(t *testing.T, input string) *analyzer.Report {
	t.Helper()
	lex, err := analyzer.LoadLexicon(os.DirFS("../analyzer/testdata/lex"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := analyzer.New(lex)
	if err != nil {
		t.Fatal(err)
	}
	return a.Analyze("t.txt", []byte(input))
}

func TestContext(t *testing.T) {
	in := "First sentence. " + strings.Repeat("word ", 30) + "it was a flop show, " + strings.Repeat("more ", 30) + "end."
	r := testReport(t, in)
	if len(r.Findings) != 1 {
		t.Fatalf("findings = %+v", r.Findings)
	}
	got := Context(r, []byte(in), r.Findings[0], 20)
	want := "…word word it was a [flop show], more more more…"
	if got != want {
		t.Errorf("Context = %q, want %q", got, want)
	}
	short := "A flop show."
	r = testReport(t, short)
	if got := Context(r, []byte(short), r.Findings[0], 20); got != "A [flop show]." {
		t.Errorf("Context = %q", got)
	}
}

func TestTextAndMarkdown(t *testing.T) {
	in := "Its “false flag” claim fell flat, he said. All | good <b>."
	r := testReport(t, in)
	var b bytes.Buffer
	if err := Text(&b, r, []byte(in)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"t.txt: LOADED", "Top findings", `"fell flat"`, "[fell flat]"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Text lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := Markdown(&b, r, []byte(in)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| Bytes | Text | Category |") || strings.Contains(b.String(), "<b>") {
		t.Errorf("Markdown table missing or unescaped:\n%s", b.String())
	}
}

func TestTextActors(t *testing.T) {
	r := testReport(t, "A flop show.")
	r.Actors = []analyzer.ActorScore{{Name: "Ostrel", Mentions: 2, Findings: 1, Weight: 3, Categories: []string{"ridicule"}}, {Name: "Idle", Mentions: 1}}
	var b bytes.Buffer
	Text(&b, r, []byte("A flop show."))
	if !strings.Contains(b.String(), "Who is framed") || !strings.Contains(b.String(), "Ostrel") || strings.Contains(b.String(), "Idle") {
		t.Errorf("Text actors section:\n%s", b.String())
	}
	b.Reset()
	Markdown(&b, r, []byte("A flop show."))
	if !strings.Contains(b.String(), "| Ostrel | 1 | 3.00 | ridicule |") {
		t.Errorf("Markdown actors table:\n%s", b.String())
	}
}

func TestTextNoControlCharacters(t *testing.T) {
	in := "It was a flop\x1b[31m show, a flop show \x1b]0;pwned\x07 indeed."
	r := testReport(t, in)
	var b bytes.Buffer
	Text(&b, r, []byte(in))
	if strings.ContainsAny(b.String(), "\x1b\x07") {
		t.Errorf("Text passes control characters to the terminal: %q", b.String())
	}
}

// TestMarkdownLinear: a long sentence with many findings must not print the
// whole sentence once per finding.
func TestMarkdownLinear(t *testing.T) {
	in := strings.Repeat("so-called narrative flop show ", 4000)
	r := testReport(t, in)
	var b bytes.Buffer
	Markdown(&b, r, []byte(in))
	if b.Len() > 100*len(in) {
		t.Errorf("Markdown wrote %d bytes for %d bytes of input with %d findings", b.Len(), len(in), len(r.Findings))
	}
}

// Every field of a text output is printed without control or bidi
// characters, the lexicon's own fields (category names, suggestions) and the
// actors' names included: a hostile lexicon cannot drive the terminal.
func TestTextOutputsStripControls(t *testing.T) {
	in := "It was a flop show."
	r := testReport(t, in)
	if len(r.Findings) != 1 {
		t.Fatalf("findings = %+v", r.Findings)
	}
	hostile := "x\x1b]0;owned\x07\u202e\u2066y\x9b"
	r.Source.Name = "in" + hostile + ".txt"
	r.Findings[0].Suggestion = "say" + hostile
	r.Findings[0].Category = "cat" + hostile
	r.Categories[0].Name = "Name" + hostile
	r.Actors = []analyzer.ActorScore{{Name: "Actor" + hostile, Findings: 1, Weight: 1, Categories: []string{"c" + hostile}}}
	c := compare.Reports(r, r)
	outputs := map[string]func(*bytes.Buffer) error{
		"Text":        func(b *bytes.Buffer) error { return Text(b, r, []byte(in)) },
		"Markdown":    func(b *bytes.Buffer) error { return Markdown(b, r, []byte(in)) },
		"CompareText": func(b *bytes.Buffer) error { return CompareText(b, c) },
	}
	for name, write := range outputs {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, bad := range []string{"\x1b", "\x07", "\u202e", "\u2066", "\x9b", "\xc2\x9b"} {
			if strings.Contains(b.String(), bad) {
				t.Errorf("%s output contains %q:\n%s", name, bad, b.String())
			}
		}
		if !strings.Contains(b.String(), "\n") {
			t.Errorf("%s output lost its line breaks", name)
		}
	}
}
