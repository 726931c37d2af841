package analyzer

// The matcher finds lexicon terms as sequences of stem ids. Every form of every
// term (and every context phrase and rule word) is tokenized, folded and stemmed
// at load time exactly as text is at analysis time, and each distinct stem gets
// an id. Terms are stored in a trie keyed by (node, stem id), so matching walks
// forward from each token only as far as the trie has a path: one pass over
// the text, never a scan of every entry per token.

// termRef is what a trie node that ends a term refers to.
type termRef struct {
	cat      int // index into Analyzer.cats
	entry    *Entry
	weight   float64
	except   []phrase
	requires []phrase
	exact    []string // folded forms, when the entry is exact
	// technique is the technique of the entry's findings (techniqueTable.of)
	technique string
}

// phrase is a context phrase: its stem ids and where the term starts in it.
type phrase struct {
	ids    []int32
	offset int
}

type trie struct {
	// root is the first level, dense: root[id] is the node after stem id
	// from the root, 0 for none. Most tokens that have an id start no term,
	// and a slice answers that faster than a map.
	root  []int32
	edges map[uint64]int32 // (node, stem id) → node, below the root
	// bloom has a bit set for every key of edges (edgeBit): most tokens
	// after the first word of a term continue none, and a clear bit tells
	// without a map lookup.
	bloom [1 << bloomBits / 64]uint64
	term  []int32 // per node: index into terms, or -1
	terms []termRef
}

func newTrie() *trie {
	return &trie{edges: map[uint64]int32{}, term: []int32{-1}}
}

func edgeKey(node int32, id int32) uint64 { return uint64(uint32(node))<<32 | uint64(uint32(id)) }

const bloomBits = 16

func edgeBit(k uint64) uint64 { return k * 0x9E3779B97F4A7C15 >> (64 - bloomBits) }

// mayHave reports whether edges may hold k: false means it does not.
func (t *trie) mayHave(k uint64) bool {
	b := edgeBit(k)
	return t.bloom[b/64]&(1<<(b%64)) != 0
}

// insert adds a stem-id sequence ending in ref; it returns false when the
// sequence already ends a term.
func (t *trie) insert(ids []int32, ref int32) bool {
	node := int32(0)
	for i, id := range ids {
		if i == 0 {
			for int(id) >= len(t.root) {
				t.root = append(t.root, 0)
			}
			if t.root[id] == 0 {
				t.root[id] = int32(len(t.term))
				t.term = append(t.term, -1)
			}
			node = t.root[id]
			continue
		}
		k := edgeKey(node, id)
		next, ok := t.edges[k]
		if !ok {
			next = int32(len(t.term))
			t.term = append(t.term, -1)
			t.edges[k] = next
			b := edgeBit(k)
			t.bloom[b/64] |= 1 << (b % 64)
		}
		node = next
	}
	if t.term[node] >= 0 {
		return t.term[node] == ref // an exact entry lists forms of one stem
	}
	t.term[node] = ref
	return true
}

// match is a lexicon term found at tokens [first, last].
type match struct {
	first, last int
	ref         int32
	// start and end are the byte offsets, taken while matchAll reads the
	// tokens: later passes over the matches need not read them again.
	start, end int
}

// starts reports whether a term starts with stem id.
func (t *trie) starts(id int32) bool {
	return id >= 0 && int(id) < len(t.root) && t.root[id] != 0
}

// matchAll finds the leftmost-longest matches, trying the tokens in
// s.starts, those whose stem starts a term. A match stays inside one
// sentence and one quotation and does not cross clause punctuation.
func (t *trie) matchAll(s *state, out []match) []match {
	n, steps := len(s.ids), 0
	last := -1 // the last token of the latest match
	for _, c := range s.starts {
		i := int(c)
		if i <= last {
			continue
		}
		steps++
		node := t.root[s.ids[i]]
		best, bestRef := -1, int32(-1)
		if r := t.term[node]; r >= 0 {
			best, bestRef = i, r
		}
		for j := i + 1; j < n; j++ {
			steps++
			// the bloom filter first: most tokens after a term's first
			// word continue none, and it reads no other array
			id := s.ids[j]
			k := edgeKey(node, id)
			if id < 0 || !t.mayHave(k) || s.toks[j].Break || s.sent[j] != s.sent[i] || s.quote[j] != s.quote[i] {
				break
			}
			next, ok := t.edges[k]
			if !ok {
				break
			}
			node = next
			if r := t.term[node]; r >= 0 {
				best, bestRef = j, r
			}
		}
		if best >= 0 {
			out = append(out, match{first: i, last: best, ref: bestRef, start: int(s.toks[i].Start), end: int(s.toks[best].End)})
			last = best
		}
	}
	s.steps += steps
	return out
}

// phraseAt reports whether p occurs with its term starting at token first.
func phraseAt(s *state, p phrase, first int) bool {
	start := first - p.offset
	if start < 0 || start+len(p.ids) > len(s.ids) {
		return false
	}
	for k, id := range p.ids {
		if s.ids[start+k] != id || s.sent[start+k] != s.sent[first] {
			return false
		}
	}
	return true
}
