package analyzer

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestWordTable(t *testing.T) {
	classes := map[string]uint32{"the": wThe, "of": wOf, "minister": wTitle, "representative": wTitle, "ambassadors": wTitle | wAliasUpper}
	for i := range 40 {
		classes[fmt.Sprintf("w%d", i)] = uint32(i + 1)
	}
	classes["über"] = wTitle              // not ASCII: found through the map only
	classes["plenipotentiaries"] = wTitle // longer than 15 bytes: likewise
	tab := newWordTable(classes)
	// lookup must give the same answer for a word alone in its slice and
	// for a word inside a longer input, whose next bytes it loads and masks.
	spellings := func(w string) map[string][]byte {
		input := []byte("xx " + w + " trailing bytes after the word")
		return map[string][]byte{
			"alone":    []byte(w)[:len(w):len(w)],
			"in input": input[3 : 3+len(w)],
		}
	}
	for word, class := range classes {
		for _, form := range []string{word, strings.ToUpper(word), strings.ToUpper(word[:1]) + word[1:]} {
			for where, w := range spellings(form) {
				got, hash, ok := tab.lookup(w)
				short := len(word) <= 15 && word != "über"
				if ok != short {
					t.Errorf("lookup(%q) %s: ok = %v, want %v", form, where, ok, short)
					continue
				}
				if !ok {
					continue
				}
				if got != class {
					t.Errorf("lookup(%q) %s = %#x, want %#x", form, where, got, class)
				}
				if want := tab.wordHash([]byte(word)); hash != want {
					t.Errorf("lookup(%q) %s: hash %#x, want wordHash(%q) = %#x", form, where, hash, word, want)
				}
			}
		}
	}
	for _, miss := range []string{"a", "th", "them", "theo", "w40", "w1x", "ministers", "representativ", "x"} {
		for where, w := range spellings(miss) {
			if got, _, ok := tab.lookup(w); !ok || got != 0 {
				t.Errorf("lookup(%q) %s = %#x, %v, want 0, true", miss, where, got, ok)
			}
		}
	}
}

// TestSlotMap holds slotMap to a Go map through puts, overwrites, lookups of
// absent keys, growth and clear.
func TestSlotMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	var m slotMap
	want := map[wordSlot]int{}
	for round := range 3 {
		for i := range 5000 {
			// few distinct keys at first, so that most puts overwrite
			k := wordSlot{uint64(rng.IntN(40*(round+1)*(i/500+1)) + 1), uint64(rng.IntN(3)+1) << 56}
			if rng.IntN(2) == 0 {
				m.put(k, i)
				want[k] = i
			}
			got, ok := m.get(k)
			if w, wok := want[k]; ok != wok || got != w {
				t.Fatalf("round %d: get(%v) = %d, %v; want %d, %v", round, k, got, ok, w, wok)
			}
		}
		if m.n != len(want) {
			t.Fatalf("round %d: %d keys, want %d", round, m.n, len(want))
		}
		m.clear()
		clear(want)
		if _, ok := m.get(wordSlot{1, 1 << 56}); ok {
			t.Fatal("a key after clear")
		}
	}
}
