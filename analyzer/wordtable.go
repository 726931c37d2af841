package analyzer

import (
	"encoding/binary"
	"math/bits"
	"sort"
)

// wordTable is a hash table from short folded ASCII words to their classes.
// A word has two candidate slots (cuckoo hashing), so a lookup reads both and
// does not branch on what it finds. A word is packed into two little-endian
// uint64s and folded eight bytes at a time: a token is looked up as written,
// without a folded copy.
type wordTable struct {
	slots   []wordSlot // a power of two, at most half full
	classes []uint32   // by slot
	shift   uint       // 64 - log2(len(slots))
	seed    uint64
}

// wordSlot is a word as packWord packs it; 0, 0 for an empty slot.
type wordSlot struct{ lo, hi uint64 }

func newWordTable(classes map[string]uint32) wordTable {
	keys := make([]string, 0, len(classes))
	for k := range classes {
		if _, _, ok := packWord([]byte(k)); ok {
			keys = append(keys, k) // the others are found through the map, after folding
		}
	}
	sort.Strings(keys) // the same table every time
	n, shift := 16, uint(64-4)
	for n < 2*len(keys) {
		n, shift = n*2, shift-1
	}
	for seed := uint64(0); ; seed++ {
		if seed%8 == 7 {
			n, shift = n*2, shift-1
		}
		t := wordTable{slots: make([]wordSlot, n), classes: make([]uint32, n), shift: shift, seed: seed}
		ok := true
		for _, k := range keys {
			lo, hi, _ := packWord([]byte(k))
			if ok = t.insert(wordSlot{lo, hi}, classes[k]); !ok {
				break
			}
		}
		if ok {
			return t
		}
	}
}

// insert places s in one of its slots, moving the words in the way to their
// other slot, and reports whether it found room.
func (t *wordTable) insert(s wordSlot, class uint32) bool {
	a, b := t.index(s.lo, s.hi)
	if t.slots[a].hi != 0 {
		a = b
	}
	for range 64 {
		if t.slots[a].hi == 0 {
			t.slots[a], t.classes[a] = s, class
			return true
		}
		s, t.slots[a] = t.slots[a], s
		class, t.classes[a] = t.classes[a], class
		x, y := t.index(s.lo, s.hi)
		if a == x {
			a = y
		} else {
			a = x
		}
	}
	return false
}

// mix returns the two hashes of a packed word; their top bits index the
// slots.
func (t *wordTable) mix(lo, hi uint64) (uint64, uint64) {
	lo ^= t.seed
	return lo*0x9E3779B97F4A7C15 ^ hi*0xC2B2AE3D27D4EB4F, lo*0xD6E8FEB86659FD93 ^ hi*0xFF51AFD7ED558CCD
}

func (t *wordTable) index(lo, hi uint64) (int, int) {
	a, b := t.mix(lo, hi)
	return int(a >> t.shift), int(b >> t.shift)
}

// lookup returns the classes of w (0 for none) and its hash, and false when
// the table does not cover w (see packWord): the caller then folds w and
// looks it up in the map. w is read as written and folded as it is packed.
// lookup reads and compares both slots without a branch: whether a token is
// in a class cannot be predicted.
func (t *wordTable) lookup(w []byte) (class, hash uint32, ok bool) {
	lo, hi, ok := packWord(w)
	if !ok {
		return 0, 0, false
	}
	a, b := t.mix(lo, hi)
	i, j := a>>t.shift, b>>t.shift
	ci, cj := t.classes[i], t.classes[j]
	if (t.slots[i].lo^lo)|(t.slots[i].hi^hi) == 0 {
		class = ci
	}
	if (t.slots[j].lo^lo)|(t.slots[j].hi^hi) == 0 {
		class = cj
	}
	return class, uint32(a >> (64 - hashBits)), true
}

// wordHash is the hash of a folded word (hashBits wide), the same as lookup
// gives for any spelling that folds to it.
func (t *wordTable) wordHash(folded []byte) uint32 {
	if lo, hi, ok := packWord(folded); ok {
		a, _ := t.mix(lo, hi)
		return uint32(a >> (64 - hashBits))
	}
	h := uint32(2166136261)
	for _, c := range folded {
		h = (h ^ uint32(c)) * 16777619
	}
	return h >> (32 - hashBits)
}

// packWord returns w, folded to lower case, as two little-endian words padded
// with zero bytes and its length in the top byte, and false when w is empty,
// longer than 15 bytes or not ASCII. Folding ASCII only lowers A-Z, as fold
// does.
func packWord(w []byte) (lo, hi uint64, ok bool) {
	switch n := len(w); {
	case n == 0 || n > 15:
		return 0, 0, false
	case cap(w) >= 16:
		// A token is a slice of the input: load 16 bytes at once and mask
		// off what follows the word.
		lo = binary.LittleEndian.Uint64(w[:8:8]) & (^uint64(0) >> (64 - 8*min(n, 8)))
		hi = binary.LittleEndian.Uint64(w[8:16:16]) & (^uint64(0) >> (64 - 8*max(n-8, 0)))
	case n > 8:
		lo, hi = loadWord(w[:8]), loadWord(w[8:])
	default:
		lo = loadWord(w)
	}
	const high = 0x8080808080808080
	if (lo|hi)&high != 0 {
		return 0, 0, false
	}
	return lowerASCII(lo), lowerASCII(hi) | uint64(len(w))<<56, true
}

// loadWord loads 1 to 8 bytes little-endian, zero-padded. A token is a slice
// of the input, so the bytes after it can usually be loaded with it and
// masked off.
func loadWord(w []byte) uint64 {
	n := len(w)
	if cap(w) >= 8 {
		return binary.LittleEndian.Uint64(w[:8:8]) & (^uint64(0) >> (64 - 8*n))
	}
	var x uint64
	for i := n - 1; i >= 0; i-- {
		x = x<<8 | uint64(w[i])
	}
	return x
}

// lowerASCII maps the bytes A-Z of an ASCII word to a-z. No byte carries into
// the next: each is below 0x80.
func lowerASCII(x uint64) uint64 {
	const ones = 0x0101010101010101
	ge := x + ones*(0x80-'A') // high bit set where the byte is >= 'A'
	gt := x + ones*(0x80-'Z'-1)
	return x | (ge&^gt&(ones*0x80))>>2
}

// slotMap maps packed words to ints: an open-addressing table with linear
// probing, for the names an actor pass learns (a Go map hashes each 16-byte
// key with AES and probes groups of eight; this takes one multiply and
// most often one slot). The empty key {0, 0} marks a free slot: no word
// packs to it.
type slotMap struct {
	keys  []wordSlot // a power of two, at most half full
	vals  []int
	n     int
	shift uint // 64 - log2(len(keys))
}

func (m *slotMap) index(k wordSlot) int { return int(mix2(k.lo, k.hi) >> m.shift) }

// get returns the value of k and whether m holds it.
func (m *slotMap) get(k wordSlot) (int, bool) {
	if m.n == 0 {
		return 0, false
	}
	mask := len(m.keys) - 1
	for i := m.index(k); ; i = (i + 1) & mask {
		switch m.keys[i] {
		case k:
			return m.vals[i], true
		case wordSlot{}:
			return 0, false
		}
	}
}

// put sets the value of k.
func (m *slotMap) put(k wordSlot, v int) {
	if 2*(m.n+1) > len(m.keys) {
		m.grow()
	}
	mask := len(m.keys) - 1
	for i := m.index(k); ; i = (i + 1) & mask {
		switch m.keys[i] {
		case k:
			m.vals[i] = v
			return
		case wordSlot{}:
			m.keys[i], m.vals[i] = k, v
			m.n++
			return
		}
	}
}

func (m *slotMap) grow() {
	keys, vals := m.keys, m.vals
	size := max(2*len(keys), 64)
	m.keys, m.vals, m.n = make([]wordSlot, size), make([]int, size), 0
	m.shift = uint(64 - bits.TrailingZeros(uint(size)))
	for i, k := range keys {
		if k != (wordSlot{}) {
			m.put(k, vals[i])
		}
	}
}

// clear empties m, keeping its room.
func (m *slotMap) clear() {
	if m.n > 0 {
		clear(m.keys)
		m.n = 0
	}
}
