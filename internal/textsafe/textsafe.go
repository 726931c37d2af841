// Package textsafe makes untrusted text safe to print on a terminal: article
// text, file names and lexicon fields (names, notes, suggestions) reach the
// text outputs, and none of them may carry escape sequences or bidirectional
// controls that would drive the terminal or reorder what is shown. It is
// internal: a detail of the text outputs, not an API.
package textsafe

import "strings"

// Unsafe reports whether r must not reach a terminal: C0 and C1 control
// characters, DEL, and the Unicode bidirectional controls (marks,
// embeddings, overrides and isolates).
func Unsafe(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
		return true
	case r == 0x061c || r == 0x200e || r == 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Field makes one field safe to print inside a line: white space becomes a
// space, and invalid UTF-8 and every unsafe rune become U+FFFD.
func Field(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
			return ' '
		case Unsafe(r):
			return '\uFFFD'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// Output is the last pass over a whole text output: it replaces what Field
// replaces but keeps the layout's newlines and tabs.
func Output(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if Unsafe(r) {
			return '\uFFFD'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
