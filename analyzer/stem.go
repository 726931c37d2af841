package analyzer

import (
	"hash/maphash"
	"strings"
	"sync/atomic"

	"github.com/kljensen/snowball/english"
)

// stemWord turns a folded word into the key the matcher compares: British
// spellings folded to American, then the Snowball English stem.
func stemWord(w string) string {
	w = strings.TrimSuffix(w, "'")
	return english.Stem(americanize(w), false)
}

// spellingWords are British spellings that the suffix rules below do not reach.
var spellingWords = map[string]string{
	"defence": "defense", "defences": "defenses", "offence": "offense", "offences": "offenses",
	"pretence": "pretense", "licence": "license", "centre": "center", "centres": "centers",
	"theatre": "theater", "programme": "program", "programmes": "programs", "manoeuvre": "maneuver",
	"grey": "gray", "sceptical": "skeptical", "sceptic": "skeptic", "scepticism": "skepticism",
	"travelled": "traveled", "labelled": "labeled", "labelling": "labeling", "cancelled": "canceled",
	"fuelled": "fueled", "fuelling": "fueling", "counselling": "counseling", "modelling": "modeling",
	"signalling": "signaling", "signalled": "signaled", "levelled": "leveled", "towards": "toward",
}

var ourSuffixes = []string{"", "s", "ed", "ing", "ite", "ites", "able", "ably", "er", "ers", "ful", "less", "ism", "ist"}

var iseSuffixes = []string{"ise", "ised", "ises", "ising", "isation", "isations", "iser", "isers", "yse", "ysed", "yses", "ysing"}

// americanize folds British -our, -ise and -yse spellings (harbour, destabilise,
// analyse) to the American ones so one lexicon entry matches both. It is applied
// to the text and the lexicon alike, so a rare false fold joins two spellings of
// one word at worst.
func americanize(w string) string {
	if a, ok := spellingWords[w]; ok {
		return a
	}
	if len(w) < 6 {
		return w
	}
	for _, suf := range iseSuffixes {
		if stem, ok := strings.CutSuffix(w, suf); ok && len(stem) >= 3 {
			if suf[0] == 'y' {
				return stem + "yz" + suf[2:]
			}
			return stem + "iz" + suf[2:]
		}
	}
	for _, suf := range ourSuffixes {
		if stem, ok := strings.CutSuffix(w, "our"+suf); ok && len(stem) >= 3 {
			return stem + "or" + suf
		}
	}
	return w
}

// stemCache maps a folded word to its stem id (or -1 when the stem is not in
// the lexicon). It is shared by all goroutines of one Analyzer: an
// open-addressing table whose slots are each written once, so a lookup takes
// no lock and allocates nothing. A 32-byte slot keeps words of up to 14 bytes inline,
// so a hit usually reads one cache line; longer words are kept behind a pointer. It
// holds at most limit words; past that, new words are stemmed on every use.
type stemCache struct {
	slots []cacheSlot
	mask  uint64
	seed  maphash.Seed
	n     atomic.Int64
	limit int64
	ids   map[string]int32 // stem → id, read-only after New
	exact map[string]uint8 // folded word → role bits, read-only after New
}

const inlineWord = 14

// busy marks a slot a writer has claimed but not yet published.
const busy = 2 // tags are odd, so never equal to busy

// cacheSlot is published by storing tag last: a reader that loads a tag it
// wants sees the fields written before it.
type cacheSlot struct {
	tag  atomic.Uint32 // 0: empty; busy: being written; else the hash tag
	id   int32
	role uint8
	n    uint8
	word [inlineWord]byte
	long *string // the word, when longer than inlineWord
}

func newStemCache(ids map[string]int32, exact map[string]uint8, limit int) *stemCache {
	c := &stemCache{seed: maphash.MakeSeed(), limit: int64(limit), ids: ids, exact: exact}
	if limit > 0 {
		size := 1
		for size < 2*limit {
			size <<= 1
		}
		c.slots = make([]cacheSlot, size)
		c.mask = uint64(size - 1)
	}
	return c
}

// id returns the stem id and the exact-form role bits of a folded word.
func (c *stemCache) id(w []byte) (int32, uint8) {
	if c.slots == nil {
		return c.stemID(string(w)), c.exact[string(w)]
	}
	h := maphash.Bytes(c.seed, w)
	tag := uint32(h>>32) | 1 // never 0
	for i := h & c.mask; ; i = (i + 1) & c.mask {
		sl := &c.slots[i]
		t := sl.tag.Load()
		if t == 0 {
			break // empty: the word is not cached
		}
		if t == tag && sl.holds(w) {
			return sl.id, sl.role
		}
	}
	id, role := c.stemID(string(w)), c.exact[string(w)]
	if c.n.Load() >= c.limit {
		return id, role
	}
	for i := h & c.mask; ; i = (i + 1) & c.mask {
		sl := &c.slots[i]
		if !sl.tag.CompareAndSwap(0, busy) {
			continue
		}
		sl.id, sl.role = id, role
		if len(w) <= inlineWord {
			sl.n = uint8(copy(sl.word[:], w))
		} else {
			long := string(w)
			sl.long = &long
		}
		sl.tag.Store(tag)
		c.n.Add(1)
		return id, role
	}
}

func (sl *cacheSlot) holds(w []byte) bool {
	if sl.long != nil {
		return *sl.long == string(w)
	}
	return int(sl.n) == len(w) && string(sl.word[:sl.n]) == string(w)
}

func (c *stemCache) stemID(word string) int32 {
	if id, ok := c.ids[stemWord(word)]; ok {
		return id
	}
	return -1
}
