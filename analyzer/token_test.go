package analyzer

import (
	"encoding/binary"
	"slices"
	"testing"
	"unicode"
)

func words(input string) []string {
	var out []string
	for _, t := range Tokenize([]byte(input)) {
		out = append(out, input[t.Start:t.End])
	}
	return out
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"plain", "The council met.", []string{"The", "council", "met"}},
		{"hyphen splits", "so-called issue", []string{"so", "called", "issue"}},
		{"non-breaking hyphen", "so‑called", []string{"so", "called"}},
		{"em dash", "attack—a so-called", []string{"attack", "a", "so", "called"}},
		{"curly apostrophe kept", "Pakistan’s narrative", []string{"Pakistan’s", "narrative"}},
		{"straight apostrophe", "don't stop", []string{"don't", "stop"}},
		{"closing single quote is not a letter", "the ‘false flag’ claim", []string{"the", "false", "flag", "claim"}},
		{"accents kept whole", "António Guterres, café", []string{"António", "Guterres", "café"}},
		{"decimal", "rose 3.5 percent", []string{"rose", "3.5", "percent"}},
		{"thousands", "1,000 troops", []string{"1,000", "troops"}},
		{"ordinal", "the 22nd", []string{"the", "22nd"}},
		{"abbreviation dots", "U.S. envoy", []string{"U", "S", "envoy"}},
		{"invalid utf8 is space", "bad\xffword", []string{"bad", "word"}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := words(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokenizeBreaks(t *testing.T) {
	in := "flop, show (now) “quoted” plain"
	var got []bool
	for _, tk := range Tokenize([]byte(in)) {
		got = append(got, tk.Break)
	}
	want := []bool{false, true, true, true, true}
	if !slices.Equal(got, want) {
		t.Errorf("Tokenize(%q) breaks = %v, want %v", in, got, want)
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Pakistan’s", "pakistan's"},
		{"ÉLAN", "élan"},
		{"So", "so"},
	}
	for _, tt := range tests {
		if got := string(fold(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStemWord(t *testing.T) {
	// Pairs that must meet in one stem, and pairs that must not.
	same := [][2]string{
		{"harbouring", "harbored"}, {"destabilising", "destabilizing"}, {"narratives", "narrative"},
		{"shows", "show"}, {"pakistan's", "pakistan"}, {"internationalise", "internationalize"},
		{"analysed", "analyzed"}, {"defence", "defense"}, {"colour", "color"},
	}
	for _, p := range same {
		if a, b := stemWord(p[0]), stemWord(p[1]); a != b {
			t.Errorf("stemWord(%q) = %q, stemWord(%q) = %q, want equal", p[0], a, p[1], b)
		}
	}
	differ := [][2]string{{"fell", "fall"}, {"flop", "flat"}, {"four", "for"}}
	for _, p := range differ {
		if a, b := stemWord(p[0]), stemWord(p[1]); a == b {
			t.Errorf("stemWord(%q) = stemWord(%q) = %q, want different", p[0], p[1], a)
		}
	}
}

// TestNotAlnum holds the eight-byte test to asciiClass on every byte value
// in every lane.
func TestNotAlnum(t *testing.T) {
	for b := range 256 {
		for lane := range 8 {
			w := [8]byte{'a', 'Z', '0', '9', 'q', 'M', '5', 'k'}
			w[lane] = byte(b)
			m := notAlnum(binary.LittleEndian.Uint64(w[:]))
			for k := range 8 {
				want := !(w[k] < 0x80 && asciiClass[w[k]]&(clsLetter|clsDigit) != 0)
				if got := m>>(8*k+7)&1 == 1; got != want {
					t.Fatalf("notAlnum(%q) lane %d = %v, want %v", w, k, got, want)
				}
			}
		}
	}
}

// TestPunctuationRange holds punctuation to what letter, digit, space and
// nextStartsLower may skip the unicode tables for.
func TestPunctuationRange(t *testing.T) {
	n := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !punctuation(r) {
			continue
		}
		n++
		if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || unicode.IsSpace(r) || unicode.IsLower(r) || unicode.IsUpper(r) {
			t.Errorf("%U is in punctuation's range but is a letter, mark, digit, space or cased", r)
		}
	}
	if n != 0x2027-0x2010+1 || !punctuation('’') || !punctuation('“') || !punctuation('…') || punctuation('é') || punctuation(0x2028) {
		t.Errorf("punctuation covers %d runes, not U+2010-U+2027", n)
	}
}
