package analyzer

import (
	"math/rand/v2"
	"testing"
)

// TestBlockMasks holds the token scan's masks of 64 bytes to a test of
// each byte: every byte value, in every lane.
func TestBlockMasks(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var b [blockBytes]byte
	for n := range 20000 {
		for k := range b {
			if n < 256 {
				b[k] = byte(n + k) // each value in each lane
			} else {
				b[k] = byte(r.UintN(256))
			}
		}
		alnum, other := blockMasks(b[:])
		for k, c := range b {
			isAlnum := c < 0x80 && asciiClass[c]&(clsLetter|clsDigit) != 0
			if got := alnum>>k&1 == 1; got != isAlnum {
				t.Fatalf("blockMasks: byte %d (%#x) alnum %v, want %v", k, c, got, isAlnum)
			}
			if got, want := other>>k&1 == 1, !isAlnum && c != ' '; got != want {
				t.Fatalf("blockMasks: byte %d (%#x) other %v, want %v", k, c, got, want)
			}
		}
	}
}
