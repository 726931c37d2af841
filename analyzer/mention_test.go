package analyzer

import (
	"strings"
	"testing"
)

// appendFields, and the shortcut nameText takes past it, squeeze spaces as
// strings.Fields does.
func TestAppendFields(t *testing.T) {
	for _, s := range []string{
		"", "Mira Talvet", "Mira  Talvet", "Mira\nTalvet", " Mira", "Mira ", "Jean-Pierre Brel",
		"Mira\u00a0Talvet", "Mira\u2003 Talvet", "José Brel", "A\tB\r\nC", "Mira\u0085Talvet",
	} {
		want := strings.Join(strings.Fields(s), " ")
		if got := string(appendFields([]byte("x"), []byte(s))); got != "x"+want {
			t.Errorf("appendFields(%q) = %q, want %q", s, got, "x"+want)
		}
		if squeezed([]byte(s)) && s != want {
			t.Errorf("squeezed(%q), but the fields are %q", s, want)
		}
	}
}

// foldIs and packedFold, which compare tokens without folding them, agree
// with fold.
func TestFoldWithoutFolding(t *testing.T) {
	lex, err := LoadActors(testActorFS)
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"Ostrel", "ostrel", "OSTREL", "O’Brien", "O'Brien", "o'brien", "Ostrels", "Ōstrel", "Talvet's", "Averyveryverylongname", "averyveryverylongname"}
	input := []byte(strings.Join(words, " "))
	toks := Tokenize(input)
	p := newActorPass(lex)
	flags := make([]uint32, len(toks))
	p.attribute(&Report{}, input, toks, make([]int32, len(toks)), flags)
	p.input, p.toks, p.flags = input, toks, flags // attribute let go of them; prepare wrote the flags
	for i := range toks {
		fi := string(fold(nil, p.text(i)))
		ki, oki := p.packedFold(i)
		for j := range toks {
			fj := string(fold(nil, p.text(j)))
			w := aliasWord{fold: fj, hash: lex.ascii.wordHash([]byte(fj))}
			w.lo, w.hi, w.packed = packWord([]byte(fj))
			if got := p.foldIs(i, &w); got != (fi == fj) {
				t.Errorf("foldIs(%q, %q) = %v", p.text(i), fj, got)
			}
			kj, okj := p.packedFold(j)
			if oki != okj && fi == fj || oki && okj && (ki == kj) != (fi == fj) {
				t.Errorf("packedFold(%q), packedFold(%q) = %v %v, %v %v", p.text(i), p.text(j), ki, oki, kj, okj)
			}
		}
	}
}
