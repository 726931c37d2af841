package analyzer

import (
	"encoding/binary"
	"math/bits"
)

// The scanners' fast paths test eight bytes at a time, as one uint64 (SWAR):
// each finds the first byte of a class in a run of bytes that are not. A
// test sets the high bit of the lanes it matches; where a lane can borrow
// from the one below, it does so only above a lane that matched, so the
// lowest set lane is always a true match.

const (
	ones8 = 0x0101010101010101
	high8 = 0x8080808080808080
)

// zeroLanes sets the high bit of the lowest zero byte of y, and maybe of
// bytes above it.
func zeroLanes(y uint64) uint64 { return (y - ones8) &^ y & high8 }

// ordinaryRun returns the end of the run of sentenceOrdinary bytes from i:
// the first byte of 0x80 or more, below 0x20, or an end mark.
func ordinaryRun(input []byte, i int) int {
	for i+8 <= len(input) {
		x := binary.LittleEndian.Uint64(input[i:])
		m := x&high8 | (x-ones8*0x20)&^x&high8 | zeroLanes(x^ones8*'.') | zeroLanes(x^ones8*'!') | zeroLanes(x^ones8*'?')
		if m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		i += 8
	}
	for i < len(input) && sentenceOrdinary[input[i]] {
		i++
	}
	return i
}

// quoteRun returns the first byte from i that quoteStop marks, or
// len(input).
func quoteRun(input []byte, i int) int {
	for i+8 <= len(input) {
		x := binary.LittleEndian.Uint64(input[i:])
		if m := zeroLanes(x^ones8*'"') | zeroLanes(x^ones8*'\'') | zeroLanes(x^ones8*'\n') | zeroLanes(x^ones8*0xC2) | zeroLanes(x^ones8*0xE2); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		i += 8
	}
	for i < len(input) && !quoteStop[input[i]] {
		i++
	}
	return i
}

// notAlnum sets the high bit of each byte lane of x that is not an ASCII
// letter or digit. A lane of 0x80 or more is set; below, no lane carries
// into the next, so every lane is exact.
func notAlnum(x uint64) uint64 {
	low := x &^ high8 // each lane below 0x80
	l := low | ones8*0x20
	alpha := (l + ones8*(0x80-'a')) &^ (l + ones8*(0x80-'z'-1))
	digit := (low + ones8*(0x80-'0')) &^ (low + ones8*(0x80-'9'-1))
	return (x | ^(alpha | digit)) & high8
}
