package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
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

// A lexicon directory holding a symlink to a FIFO is refused without opening
// the FIFO (which would block for ever).
func TestLexiconSymlinkToFIFORefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if err := os.Symlink(fifo, filepath.Join(dir, "trap.yaml")); err != nil {
		t.Fatal(err)
	}
	code, out, errb := slant(t, "", "lexicon", "check", dir)
	errb += out
	if code != exitFailure || !strings.Contains(errb, "trap.yaml") || !strings.Contains(errb, "named pipe") {
		t.Errorf("lexicon check (symlink to FIFO) = exit %d, stderr %q; want exit 1 naming trap.yaml as a named pipe", code, errb)
	}
}
