package analyzer

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"strings"
	"sync"
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
	// Every suffix below holds "is", "ys" or "our": most words hold none,
	// and are left after three scans instead of 26 tries.
	if strings.Contains(w, "is") || strings.Contains(w, "ys") {
		for _, suf := range iseSuffixes {
			if stem, ok := strings.CutSuffix(w, suf); ok && len(stem) >= 3 {
				if suf[0] == 'y' {
					return stem + "yz" + suf[2:]
				}
				return stem + "iz" + suf[2:]
			}
		}
	}
	if strings.Contains(w, "our") {
		for _, suf := range ourSuffixes {
			if stem, ok := strings.CutSuffix(w, "our"+suf); ok && len(stem) >= 3 {
				return stem + "or" + suf
			}
		}
	}
	return w
}

// stemCache maps a word as written to its stem id (or -1 when the stem is
// not in the lexicon) and the role bits of its folded form. It is shared by
// all goroutines of one Analyzer: an open-addressing table that a lookup
// reads without a lock and without allocating. Writers (a word seen for the
// first time) take a mutex and publish a slot by storing its meta word last;
// when a table is full to its bound they build one twice the size and
// publish it whole, so the tables stay sized to the vocabulary of the text
// seen so far (the 4 MiB of newsCorpus have 35,628 distinct words: 25,480
// in small, 683 KiB, and the others in table, 640 KiB). It holds at most
// limit words; past that, new words are stemmed on every use.
//
// A word of up to 15 ASCII bytes is its own key, packed and folded to lower
// case by packWord, with no folded copy and no hash of the bytes (one of up
// to 8 bytes in a table of its own, three to a cache line); any other word
// is folded and keyed by its hash, with the folded form behind a pointer.
type stemCache struct {
	// small holds the words of up to 8 ASCII bytes, three to a line of 64
	// bytes: most tokens, in 27 bytes a word on newsCorpus where table
	// takes 65.
	small  atomic.Pointer[smallTable]
	table  atomic.Pointer[cacheTable]
	mu     sync.Mutex // held by writers
	n      int        // words in the tables, under mu
	nSmall int        // of them in small
	limit  int
	seed   maphash.Seed
	ids    map[string]int32  // stem → id, read-only after New
	exact  map[string]uint8  // folded word → role bits, read-only after New
	gram   map[string]uint32 // folded word → grammar bits, read-only after New
	// actors, when set, gives each word its word classes and hash as
	// actorPass.prepare reads them (actorClasses), kept in its slot too.
	actors *ActorLexicon
}

type cacheTable struct {
	slots []cacheSlot // a power of two
	mask  uint64
	shift uint // 64 - log2(len(slots))
}

// cacheSlot is one word. meta is 0 for an empty slot, else packMeta of the
// word's id, role bits and actor classes, stored after the other fields: a
// reader that loads a meta word that is not 0 sees the fields written before
// it.
type cacheSlot struct {
	lo, hi uint64
	meta   atomic.Uint64
	long   *string // the folded word, for a word that packWord does not cover
	gram   uint32  // grammar bits, written before meta
}

// longKey marks the hi word of a key that is a hash (packWord's hi has the
// length, at most 15, in its top byte).
const longKey = 0xFF << 56

const firstCacheSlots = 1 << 11

// packMeta packs a slot's meta word: bit 0 set, the negation role bits
// (roleNegator, roleNotNegating) in bits 1-2, the word classes (12 bits)
// from bit 3 and the word hash (hashBits) from bit 15 of cls, a value in the
// layout of actorPass.flags, the speech role bits (roleSpeech,
// roleAccording) in bits 30-31, and the id in the top 32 bits.
func packMeta(id int32, role uint8, cls uint32) uint64 {
	return 1 | uint64(role&3)<<1 | uint64(cls&classMask)<<3 | uint64(cls>>hashShift)<<15 |
		uint64(role>>3&3)<<30 | uint64(uint32(id))<<32
}

func unpackMeta(m uint64) (int32, uint8, uint32) {
	cls := uint32(m>>3)&classMask | uint32(m>>15)&(1<<hashBits-1)<<hashShift
	role := uint8(m>>1)&3 | uint8(m>>30&3)<<3
	return int32(m >> 32), role, cls
}

// classMask covers the word classes (the w* bits).
const classMask = 1<<12 - 1

func newStemCache(ids map[string]int32, exact map[string]uint8, gram map[string]uint32, limit int, actors *ActorLexicon) *stemCache {
	c := &stemCache{seed: maphash.MakeSeed(), limit: limit, ids: ids, exact: exact, gram: gram, actors: actors}
	if limit > 0 {
		c.table.Store(newCacheTable(firstCacheSlots))
		c.small.Store(newSmallTable(firstCacheSlots))
	}
	return c
}

func newCacheTable(size int) *cacheTable {
	shift := uint(64)
	for n := size; n > 1; n >>= 1 {
		shift--
	}
	return &cacheTable{slots: make([]cacheSlot, size), mask: uint64(size - 1), shift: shift}
}

// slot returns the first slot to probe for a key.
func (t *cacheTable) slot(lo, hi uint64) uint64 { return mix2(lo, hi) >> t.shift }

// mix2 hashes a key of two words; the top bits are used.
func mix2(lo, hi uint64) uint64 { return lo*0x9E3779B97F4A7C15 ^ hi*0xC2B2AE3D27D4EB4F }

// id returns the stem id, the exact-form role bits, the actor classes
// (actorClasses; 0 without actors) and the grammar bits of word, a token as
// written. buf is scratch space for its folded form.
func (c *stemCache) id(word []byte, buf *[]byte) (int32, uint8, uint32, uint32) {
	t := c.table.Load()
	if t == nil {
		*buf = fold((*buf)[:0], word)
		return c.stemID(string(*buf)), c.exact[string(*buf)], c.classes(word, *buf), grammar(c.gram, *buf)
	}
	lo, hi, short := packWord(word)
	if short && hi>>56 <= 8 {
		// lo alone is the word: a word holds no zero byte
		if m, g := c.small.Load().find(lo); m != 0 {
			id, role, cls := unpackMeta(m)
			return id, role, cls, g
		}
		*buf = fold((*buf)[:0], word)
		id, role, cls, g := c.stemID(string(*buf)), c.exact[string(*buf)], c.classes(word, *buf), grammar(c.gram, *buf)
		c.insertSmall(lo, packMeta(id, role, cls), g)
		return id, role, cls, g
	}
	var folded []byte
	if !short {
		*buf = fold((*buf)[:0], word)
		folded = *buf
		lo, hi = maphash.Bytes(c.seed, folded), longKey
	}
	for i := t.slot(lo, hi); ; i = (i + 1) & t.mask {
		sl := &t.slots[i]
		m := sl.meta.Load()
		if m == 0 {
			break // the word is not cached
		}
		if sl.lo == lo && sl.hi == hi && (sl.long == nil || *sl.long == string(folded)) {
			id, role, cls := unpackMeta(m)
			return id, role, cls, sl.gram
		}
	}
	if short {
		*buf = fold((*buf)[:0], word)
		folded = *buf
	}
	id, role, cls, g := c.stemID(string(folded)), c.exact[string(folded)], c.classes(word, folded), grammar(c.gram, folded)
	c.insert(lo, hi, folded, packMeta(id, role, cls), g)
	return id, role, cls, g
}

// classes is the word classes and hash of a word as prepare computes them
// for a token without a possessive: f | h<<hashShift.
func (c *stemCache) classes(word, folded []byte) uint32 {
	if c.actors == nil {
		return 0
	}
	f, h, ok := c.actors.ascii.lookup(word)
	if !ok {
		f, h = c.actors.classes[string(folded)], c.actors.ascii.wordHash(folded)
	}
	return f | h<<hashShift
}

// insert adds a word that a lookup did not find, unless the cache is full.
func (c *stemCache) insert(lo, hi uint64, folded []byte, meta uint64, gram uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n >= c.limit {
		return
	}
	t := c.table.Load()
	if 4*(c.n-c.nSmall+1) > 3*len(t.slots) {
		t = t.grown()
		c.table.Store(t)
	}
	var long *string
	if hi == longKey {
		s := string(folded)
		long = &s
	}
	for i := t.slot(lo, hi); ; i = (i + 1) & t.mask {
		sl := &t.slots[i]
		m := sl.meta.Load()
		if m == 0 {
			sl.lo, sl.hi, sl.long, sl.gram = lo, hi, long, gram
			sl.meta.Store(meta)
			c.n++
			return
		}
		if sl.lo == lo && sl.hi == hi && (sl.long == nil || *sl.long == string(folded)) {
			return // another goroutine cached it first
		}
	}
}

// smallTable is table for the words of up to 8 ASCII bytes, keyed by their
// packWord lo alone, in buckets of one cache line: a word is in the first
// bucket its hash picks that has room, or in the next ones, so that most
// lookups read one line. Three words to a line and up to seven eighths
// full, it holds newsCorpus's 25,480 short words in 683 KiB, where slots of
// 24 bytes at most three quarters full took 1,536: the rare words the front
// cache does not keep are looked up here, and the smaller the table the
// more of it the processor's caches still hold.
type smallTable struct {
	buckets []smallBucket
	n       uint64 // len(buckets), any number: a hash is scaled to it
}

// smallBucket holds up to three words, filled in order; each is published
// as a cacheSlot is, meta last. Its fields are all read and written
// atomically (on amd64 as plain loads and stores), so that find can read a
// whole bucket, published words or not, without a branch on what it holds.
type smallBucket struct {
	lo   [smallWays]atomic.Uint64
	meta [smallWays]atomic.Uint64
	gram [smallWays]atomic.Uint32 // grammar bits, stored before meta
	_    uint32                   // to a whole line: 64 bytes
}

const smallWays = 3

// newSmallTable returns a table of size slots, rounded up to whole buckets.
func newSmallTable(size int) *smallTable {
	n := (size + smallWays - 1) / smallWays
	return &smallTable{buckets: make([]smallBucket, n), n: uint64(n)}
}

// bucket is the first bucket to probe for lo: the hash's top bits scaled
// to the number of buckets.
func (t *smallTable) bucket(lo uint64) uint64 {
	hi, _ := bits.Mul64(lo*0x9E3779B97F4A7C15, t.n)
	return hi
}

// room is how many words t takes before it is grown: seven eighths.
func (t *smallTable) room() int { return int(t.n) * smallWays * 7 / 8 }

// packShort is packWord for the words small holds, small enough to inline:
// the folded bytes of a word of 1 to 8 ASCII bytes with at least 8 bytes of
// input from its start, and false for any other word (id handles it).
func packShort(w []byte) (uint64, bool) {
	n := len(w)
	if n > 8 || cap(w) < 8 {
		return 0, false
	}
	x := binary.LittleEndian.Uint64(w[:8:8]) & (^uint64(0) >> (64 - 8*n))
	return lowerASCII(x), x&0x8080808080808080 == 0
}

// find returns the meta and grammar words of the word whose packShort is
// lo, and meta 0 when the table does not hold it. It reads every word of a
// bucket and keeps the one that is lo, without a branch on which it is:
// that cannot be predicted. A word being written may show lo with meta
// still 0, which reads as absent (the caller reads no grammar bits with a
// meta of 0). A bucket filled to its last word may have lo in the next.
func (t *smallTable) find(lo uint64) (uint64, uint32) {
	for b := t.bucket(lo); ; {
		bk := &t.buckets[b]
		var m uint64
		var g uint32
		for e := range smallWays {
			x := bk.lo[e].Load() ^ lo
			hit := (x|-x)>>63 - 1 // all ones when the word is lo
			m |= bk.meta[e].Load() & hit
			g |= bk.gram[e].Load() & uint32(hit)
		}
		if m != 0 || bk.meta[smallWays-1].Load() == 0 {
			return m, g
		}
		if b++; b == t.n {
			b = 0
		}
	}
}

// frontCache is one scratch state's copy of some of the stem cache's words:
// direct-mapped tables in which a word's entry replaces the one before it in
// its place, one for the words of up to 8 ASCII bytes (small's) and one for
// those of 9 to 15. The most frequent words stay in it, in a few cache lines
// that the main pass keeps close, where the shared tables have them one to a
// line: on newsCorpus, 84% of the lookups of short words end in it. A word's
// values never change, so a copy never goes stale.
type frontCache struct {
	short [1 << frontBits]frontEntry
	long  [1 << frontLongBits]frontLongEntry
}

// frontBits and frontLongBits size the front cache: 4,096 entries for short
// words and 1,024 for long ones, 128 KiB. frontMinTokens is the least
// tokens for which a new state makes one (tokenPass).
const (
	frontBits      = 12
	frontLongBits  = 10
	frontMinTokens = 4096
)

type frontEntry struct {
	lo, meta uint64 // lo is 0 for an empty entry: no word packs to 0
	gram     uint32
	lists    uint32 // frontStarts, frontSpeech, frontPoss (Analyzer.listBits)
}

type frontLongEntry struct {
	lo, hi, meta uint64
	gram, lists  uint32
}

// The lists of the main pass a word goes in (tokenLists).
const (
	frontStarts = 1 << iota // its stem starts a term
	frontSpeech             // a speech verb or "according"
	frontPoss               // it may end in a possessive 's (possTail)
)

// entry is the place of the short word whose packShort is lo.
func (f *frontCache) entry(lo uint64) *frontEntry {
	return &f.short[lo*0x9E3779B97F4A7C15>>(64-frontBits)]
}

// longEntry is the place of the long word whose packLong is lo, hi.
func (f *frontCache) longEntry(lo, hi uint64) *frontLongEntry {
	return &f.long[mix2(lo, hi)>>(64-frontLongBits)]
}

// packLong is the key of a word of 9 to 15 ASCII bytes in the front cache,
// the bytes as written (a word's values depend on its folded form alone), for
// a word with at least 16 bytes of input from its start; false for any other
// word.
func packLong(w []byte) (lo, hi uint64, ok bool) {
	n := len(w)
	if n <= 8 || n > 15 || cap(w) < 16 {
		return 0, 0, false
	}
	lo = binary.LittleEndian.Uint64(w[:8:8])
	hi = binary.LittleEndian.Uint64(w[8:16:16]) & (^uint64(0) >> (128 - 8*n))
	return lo, hi, (lo|hi)&0x8080808080808080 == 0
}

// insertSmall is insert for a word of small.
func (c *stemCache) insertSmall(lo, meta uint64, gram uint32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n >= c.limit {
		return
	}
	t := c.small.Load()
	if c.nSmall+1 > t.room() {
		g := newSmallTable(2 * len(t.buckets) * smallWays)
		for i := range t.buckets {
			bk := &t.buckets[i]
			for e := range smallWays {
				if m := bk.meta[e].Load(); m != 0 {
					g.put(bk.lo[e].Load(), m, bk.gram[e].Load())
				}
			}
		}
		t = g
		c.small.Store(t)
	}
	if t.put(lo, meta, gram) {
		c.n++
		c.nSmall++
	}
}

// put stores a word unless it is there; only a writer calls it, under the
// mutex.
func (t *smallTable) put(lo, meta uint64, gram uint32) bool {
	for b := t.bucket(lo); ; {
		bk := &t.buckets[b]
		for e := range smallWays {
			m := bk.meta[e].Load()
			if m == 0 {
				bk.lo[e].Store(lo)
				bk.gram[e].Store(gram)
				bk.meta[e].Store(meta)
				return true
			}
			if bk.lo[e].Load() == lo {
				return false // another goroutine cached it first
			}
		}
		if b++; b == t.n {
			b = 0
		}
	}
}

// grown returns a table of twice the size with the words of t. Only a writer
// calls it, under the mutex: no slot of t changes meanwhile.
func (t *cacheTable) grown() *cacheTable {
	g := newCacheTable(2 * len(t.slots))
	for i := range t.slots {
		sl := &t.slots[i]
		m := sl.meta.Load()
		if m == 0 {
			continue
		}
		j := g.slot(sl.lo, sl.hi)
		for g.slots[j].meta.Load() != 0 {
			j = (j + 1) & g.mask
		}
		d := &g.slots[j]
		d.lo, d.hi, d.long, d.gram = sl.lo, sl.hi, sl.long, sl.gram
		d.meta.Store(m)
	}
	return g
}

func (c *stemCache) stemID(word string) int32 {
	if id, ok := c.ids[stemWord(word)]; ok {
		return id
	}
	return -1
}
