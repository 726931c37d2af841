package check

import (
	"slices"
	"unicode/utf8"
)

// Position is a place in a text, 1-based: Line, Column counting code points
// (SARIF with columnKind unicodeCodePoints, GitHub) and ByteColumn counting
// UTF-8 bytes (reviewdog).
type Position struct {
	Line, Column, ByteColumn int
}

// Lines finds the positions of byte offsets in one text.
type Lines struct {
	text   []byte
	starts []int // byte offset of each line's start
}

// NewLines indexes the line starts of text.
func NewLines(text []byte) *Lines {
	l := &Lines{text: text, starts: []int{0}}
	for i, b := range text {
		if b == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// At is the position of a byte offset; an offset outside the text is taken
// as its nearest end.
func (l *Lines) At(offset int) Position {
	offset = min(max(offset, 0), len(l.text))
	n, _ := slices.BinarySearch(l.starts, offset+1)
	start := l.starts[n-1]
	return Position{Line: n, Column: utf8.RuneCount(l.text[start:offset]) + 1, ByteColumn: offset - start + 1}
}
