package analyzer

import (
	"testing"
	"unicode"
	"unsafe"
)

// TestSmallTable fills tables of a few buckets, where words overflow into
// the buckets after their own and past the last one to the first, and finds
// every word with its meta and grammar bits and no word it does not hold.
func TestSmallTable(t *testing.T) {
	if n := unsafe.Sizeof(smallBucket{}); n != 64 {
		t.Fatalf("smallBucket is %d bytes, want one cache line (64)", n)
	}
	key := func(i int) uint64 { return uint64(i)*0x0101 + 0x61 } // no key is 0
	for _, size := range []int{1, 3, 6, 7, 48} {
		tb := newSmallTable(size)
		n := tb.room()
		if n < 1 || n >= len(tb.buckets)*smallWays {
			t.Fatalf("newSmallTable(%d): room %d of %d slots: a full table would never end a search", size, n, len(tb.buckets)*smallWays)
		}
		for i := range n {
			if !tb.put(key(i), uint64(i)<<8|1, uint32(i)) {
				t.Fatalf("newSmallTable(%d).put(%d) = false on a new word", size, i)
			}
		}
		if tb.put(key(0), 99, 99) {
			t.Errorf("newSmallTable(%d).put(a word it holds) = true", size)
		}
		for i := range n {
			if m, g := tb.find(key(i)); m != uint64(i)<<8|1 || g != uint32(i) {
				t.Errorf("newSmallTable(%d).find(word %d) = %#x, %d, want %#x, %d", size, i, m, g, uint64(i)<<8|1, i)
			}
		}
		for i := n; i < n+200; i++ {
			if m, _ := tb.find(key(i)); m != 0 {
				t.Errorf("newSmallTable(%d).find(word %d, not put) = %#x, want 0", size, i, m)
			}
		}
	}
}

// TestSpace holds space's ASCII table to unicode.IsSpace, and its other
// runes to the rule it keeps: white space that is not punctuation, and the
// no-break space.
func TestSpace(t *testing.T) {
	for r := rune(0); r < 0x3100; r++ {
		want := unicode.IsSpace(r) && !punctuation(r) || r == 0xA0
		if got := space(r); got != want {
			t.Errorf("space(%U) = %v, want %v", r, got, want)
		}
	}
}
