package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A lexicon whose fields carry escape sequences and bidi overrides reaches
// neither the text report nor the error lines raw.
func TestHostileLexiconFieldsStripped(t *testing.T) {
	dir := t.TempDir()
	hostile := "\x1b]0;owned\x07\u202e"
	lex := "id: hostile\nname: \"Hostile " + strings.ReplaceAll(strings.ReplaceAll(hostile, "\x1b", `\e`), "\x07", `\a`) + "\"\n" +
		"description: test\nweight: 2\nentries:\n  - {term: zorbly fiasco, alternative: \"say \\e[2Jwhat happened\"}\n"
	if err := os.WriteFile(filepath.Join(dir, "hostile.yaml"), []byte(lex), 0o644); err != nil {
		t.Fatal(err)
	}
	article := writeFile(t, "a.txt", []byte("The summit was a zorbly fiasco for everyone.\n"))
	code, out, errb := slant(t, "", "analyze", "--lexicons", dir, article)
	if code != 0 {
		t.Fatalf("analyze exit %d, stderr %q", code, errb)
	}
	if !strings.Contains(out, "Hostile") {
		t.Fatalf("the hostile category is not in the report (test lexicon not loaded?):\n%s", out)
	}
	bad := writeFile(t, "bad.yaml", []byte("id: x\x1b[31m\nname: [\n"))
	_, _, errLex := slant(t, "", "lexicon", "check", filepath.Dir(bad))
	for name, s := range map[string]string{"stdout": out, "stderr": errb + errLex} {
		for _, c := range []string{"\x1b", "\x07", "\u202e"} {
			if strings.Contains(s, c) {
				t.Errorf("%s carries %q:\n%q", name, c, s)
			}
		}
	}
}
