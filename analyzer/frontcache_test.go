package analyzer

import (
	"fmt"
	"strings"
	"testing"
)

// TestFrontCache holds the main pass's fast path (the front cache, then
// small) to stemCache.id: words that share one front entry, in turn and
// again, each token gets the id, roles, classes and grammar bits id gives
// it, on a warm cache and on a cold one.
func TestFrontCache(t *testing.T) {
	// Words of the lexicons (ids and roles that are not the zero ones) and
	// made-up ones, grouped by the front entry they fall in.
	words := []string{"said", "told", "not", "never", "claimed", "slammed", "The", "regime", "so", "reportedly",
		"government", "Government", "GOVERNMENT", "spokeswoman", "allegedly", "purportedly", "hollowness",
		"minister's", "MINISTER'S", "Trump’s", "its", "bus", "s", "president's", "it's"}
	byEntry := map[uint64][]string{}
	for i := range 20000 {
		w := fmt.Sprintf("w%x", i)
		lo, _ := packShort([]byte(w + "        ")[:len(w)])
		e := lo * 0x9E3779B97F4A7C15 >> (64 - frontBits)
		if len(byEntry[e]) < 3 {
			byEntry[e] = append(byEntry[e], w)
		}
	}
	var seq []string
	for _, w := range words {
		seq = append(seq, w, w, w) // the third from the front cache
	}
	// long words, of 9 to 15 bytes, in the long entries
	for i := range 20000 {
		w := fmt.Sprintf("longwords%x", i)
		lo, hi, _ := packLong([]byte(w + "        ")[:len(w)])
		e := 1<<62 | (lo*0x9E3779B97F4A7C15^hi*0xC2B2AE3D27D4EB4F)>>(64-frontLongBits)
		if len(byEntry[e]) < 3 {
			byEntry[e] = append(byEntry[e], w)
		}
	}
	groups, long := 0, 0
	for e, ws := range byEntry {
		if len(ws) == 3 && e>>62 == 1 && long < 40 {
			long++
			x, y, z := ws[0], ws[1], ws[2]
			seq = append(seq, x, x, y, x, y, y, z, z, x, z)
		}
	}
	for _, ws := range byEntry {
		if len(ws) == 3 && groups < 40 && !strings.HasPrefix(ws[0], "long") {
			// in and out of one entry: hits, and words that displace others
			x, y, z := ws[0], ws[1], ws[2]
			seq = append(seq, x, x, y, x, y, y, z, z, x, z)
			groups++
		}
	}
	if groups < 40 || long < 40 {
		t.Fatalf("%d short and %d long front entries with three words", groups, long)
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
	input := []byte(b.String() + "        ")

	for _, warm := range []bool{false, true} {
		a := shippedAnalyzer(t)
		if warm {
			a.Analyze("warm", input)
		}
		s := new(state)
		s.toks = tokenize(input, nil)
		s.spans = sentences(input, nil)
		a.tokenPass(s, input, false)
		var buf []byte
		withID, withRole, possessive := 0, 0, 0
		for i, tk := range s.toks {
			if tk.Kind != Word {
				continue
			}
			id, role, cls, gram := a.cache.id(input[tk.Start:tk.End], &buf)
			if c := input[tk.Start]; 'A' <= c && c <= 'Z' {
				gram |= gUpper
			}
			// the main pass marks a word that may end in a possessive 's
			if w := input[tk.Start:tk.End]; len(w) >= 2 && (w[len(w)-2] == '\'' || strings.HasSuffix(string(w), "’s")) && w[len(w)-1]|0x20 == 's' {
				cls |= tPoss
				possessive++
			}
			if s.ids[i] != id || s.roles[i] != role || s.flags[i] != cls || s.gram[i] != gram {
				t.Fatalf("warm %v: token %d %q: main pass gives %d %d %d %d, id gives %d %d %d %d", warm, i,
					input[tk.Start:tk.End], s.ids[i], s.roles[i], s.flags[i], s.gram[i], id, role, cls, gram)
			}
			if id >= 0 {
				withID++
			}
			if role != 0 {
				withRole++
			}
		}
		if withID == 0 || withRole == 0 || possessive == 0 {
			t.Fatalf("warm %v: %d tokens with a stem id, %d with roles, %d possessive: the words do not test them", warm, withID, withRole, possessive)
		}
	}
}
