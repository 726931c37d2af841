package analyzer

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestFrontCache holds the main pass's fast paths (the front cache, then
// small) to stemCache.id: words that share one front entry, in turn and
// again, each token gets the id, roles, classes and grammar bits id gives
// it, and goes in the lists (term starts, speech verbs) its id and roles
// put it in; with the front cache and without, on both halves of a parallel
// pass, on a warm stem cache and a cold one, and with words at the very end
// of the input, where fewer than 8 or 16 bytes follow their start.
func TestFrontCache(t *testing.T) {
	// Words of the lexicons (ids and roles that are not the zero ones) and
	// made-up ones, grouped by the front entry they fall in.
	words := []string{"said", "told", "not", "never", "claimed", "slammed", "The", "regime", "so", "reportedly",
		"according", "government", "Government", "GOVERNMENT", "spokeswoman", "allegedly", "purportedly", "hollowness",
		"minister's", "MINISTER'S", "Trump’s", "its", "bus", "s", "president's", "it's"}
	var seq []string
	for _, w := range words {
		seq = append(seq, w, w, w) // the third from the front cache
	}
	// entry groups: three words that share a short entry, or a long one
	short, long := map[uint64][]string{}, map[uint64][]string{}
	for i := range 20000 {
		w := fmt.Sprintf("w%x", i)
		lo, _ := packShort([]byte(w + "        ")[:len(w)])
		short[lo*0x9E3779B97F4A7C15>>(64-frontBits)] = append(short[lo*0x9E3779B97F4A7C15>>(64-frontBits)], w)
		w = fmt.Sprintf("longwords%x", i) // 9 to 15 bytes
		lo, hi, _ := packLong([]byte(w + "        ")[:len(w)])
		e := mix2(lo, hi) >> (64 - frontLongBits)
		long[e] = append(long[e], w)
	}
	for _, groups := range []map[uint64][]string{short, long} {
		n := 0
		for _, e := range slices.Sorted(maps.Keys(groups)) {
			if ws := groups[e]; len(ws) >= 3 && n < 40 {
				// in and out of one entry: hits, and words that displace others
				x, y, z := ws[0], ws[1], ws[2]
				seq = append(seq, x, x, y, x, y, y, z, z, x, z)
				n++
			}
		}
		if n < 40 {
			t.Fatalf("%d front entries with three words", n)
		}
	}
	seq = append(seq, words...)
	var b strings.Builder
	for i, w := range seq {
		b.WriteString(w)
		if i%9 == 8 {
			b.WriteString(". ")
		} else {
			b.WriteByte(' ')
		}
	}
	text := b.String()
	inputs := []string{
		text + "        ",
		text + "said", // a short word with under 8 bytes after its start
		text + "government's",
		text + "spokeswoman", // 11 bytes, under 16 after its start
	}

	for _, warm := range []bool{false, true} {
		for _, mode := range []string{"front", "no front", "parallel"} {
			for _, in := range inputs {
				input := []byte(in)
				input = input[:len(input):len(input)]
				a := shippedAnalyzer(t)
				if warm {
					a.Analyze("warm", input)
				}
				s := new(state)
				if mode != "no front" {
					s.front = new(frontCache)
				}
				s.toks = tokenize(input, nil)
				s.spans = sentences(input, nil)
				a.tokenPass(s, input, mode == "parallel")
				if (s.front == nil) != (mode == "no front") || (s.halfFront == nil) != (mode != "parallel") {
					t.Fatalf("%s: the state's front caches are not the mode's", mode)
				}
				checkMainPass(t, fmt.Sprintf("warm %v, %s, ending %q", warm, mode, in[len(in)-12:]), a, s, input)
			}
		}
	}
}

// checkMainPass compares the main pass's values and lists for each word of
// s with what the stem cache gives the word.
func checkMainPass(t *testing.T, what string, a *Analyzer, s *state, input []byte) {
	t.Helper()
	var buf []byte
	var starts, speech []int32
	withID, withRole, possessive := 0, 0, 0
	for i, tk := range s.toks {
		if tk.Kind != Word {
			continue
		}
		w := input[tk.Start:tk.End]
		id, role, cls, gram := a.cache.id(w, &buf)
		if c := w[0]; 'A' <= c && c <= 'Z' {
			gram |= gUpper
		}
		// the main pass marks a word that may end in a possessive 's
		if len(w) >= 2 && (w[len(w)-2] == '\'' || strings.HasSuffix(string(w), "’s")) && w[len(w)-1]|0x20 == 's' {
			cls |= tPoss
			possessive++
		}
		if s.ids[i] != id || s.roles[i] != role || s.flags[i] != cls || s.gram[i] != gram {
			t.Fatalf("%s: token %d %q: main pass gives %d %d %d %d, id gives %d %d %d %d", what, i,
				w, s.ids[i], s.roles[i], s.flags[i], s.gram[i], id, role, cls, gram)
		}
		if a.trie.starts(id) {
			starts = append(starts, int32(i))
		}
		if role&(roleSpeech|roleAccording) != 0 {
			speech = append(speech, int32(i))
		}
		if id >= 0 {
			withID++
		}
		if role != 0 {
			withRole++
		}
	}
	if !slices.Equal(s.starts, starts) || !slices.Equal(s.speechToks, speech) {
		t.Fatalf("%s: term starts %v, speech verbs %v; want %v, %v", what, s.starts, s.speechToks, starts, speech)
	}
	if withID == 0 || withRole == 0 || possessive == 0 || len(starts) == 0 || len(speech) == 0 {
		t.Fatalf("%s: %d tokens with a stem id, %d with roles, %d possessive, %d term starts, %d speech verbs: the words do not test them",
			what, withID, withRole, possessive, len(starts), len(speech))
	}
}
