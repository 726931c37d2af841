package analyzer

import (
	"bytes"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of the input.
type Span struct{ Start, End int }

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "gen": true, "col": true, "lt": true,
	"sgt": true, "gov": true, "sen": true, "rep": true, "st": true, "jr": true, "sr": true,
	"prof": true, "rev": true, "hon": true, "capt": true, "cmdr": true, "maj": true, "adm": true,
	"vs": true, "inc": true, "ltd": true, "co": true, "corp": true, "dept": true, "no": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "mt": true, "ft": true,
	"approx": true, "est": true, "fig": true, "gens": true, "reps": true, "sens": true, "govt": true,
	"amb": true, "pres": true, "supt": true, "insp": true, "det": true, "brig": true, "cpl": true,
	"pvt": true, "messrs": true, "mme": true, "mlle": true, "nos": true, "vol": true, "op": true,
}

// sentencePlain marks the ASCII bytes that are neither space nor an end
// mark: inside a sentence, they only move its end.
var sentencePlain = func() (t [256]bool) {
	for c := '!'; c < utf8.RuneSelf; c++ {
		t[c] = c != '.' && c != '!' && c != '?'
	}
	return t
}()

// sentenceOrdinary is sentencePlain and the space.
var sentenceOrdinary = func() (t [256]bool) {
	t = sentencePlain
	t[' '] = true
	return t
}()

// closer reports whether r may follow a sentence's final punctuation and still
// belong to it (a closing quote or bracket).
func closer(r rune) bool {
	switch r {
	case '"', '”', '’', '\'', '»', ')', ']':
		return true
	}
	return false
}

// space reports whether r is white space: for ASCII, from a table, since a
// chain of comparisons is a chain of branches that text does not predict.
func space(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiSpace[r]
	}
	return r == 0xA0 || !punctuation(r) && unicode.IsSpace(r)
}

// Sentences splits input into sentences with byte offsets. A sentence ends at
// '.', '!', '?' or '…' (with any closing quotes or brackets after it) followed by
// space and a word that does not start in lower case, unless the period closes
// an abbreviation ("Mr.", "U.S.", "a.m.") or an initial ("S. Jaishankar"). A
// line break ends a sentence unless the next line starts in lower case (a
// hard-wrapped paragraph); a blank line always does. Sentences do not overlap
// and hold every non-space byte of the input.
func Sentences(input []byte) []Span {
	return sentences(input, nil)
}

func sentences(input []byte, out []Span) []Span { return sentencesFrom(input, 0, out) }

// sentencesFrom is sentences of input[from:], with offsets into input: a
// window of a long input, which starts after a blank line, where no
// sentence goes on (analyzeWindows).
func sentencesFrom(input []byte, from int, out []Span) []Span {
	return sentencesIn(input, from, nil, false, out)
}

// sentencesAt is sentencesFrom that reads only the bytes at marks, the
// places tokenizeFrom listed, one by one: the bytes between two marks are
// neither an end mark nor a space but ' ', and only move the sentence's
// start and end.
func sentencesAt(input []byte, from int, marks []int32, out []Span) []Span {
	return sentencesIn(input, from, marks, true, out)
}

// sentencesIn is sentencesFrom, or with listed sentencesAt.
func sentencesIn(input []byte, from int, marks []int32, listed bool, out []Span) []Span {
	start := -1 // first non-space byte of the current sentence
	lastNonSpace := from
	mi := 0
	for i := from; i < len(input); {
		// j is the end of a run of bytes that only move the sentence's
		// start and end, from i
		j := i
		if listed {
			for mi < len(marks) && int(marks[mi]) < i {
				mi++ // passed over with an end mark's closers
			}
			j = len(input)
			if mi < len(marks) {
				j = int(marks[mi])
			}
			if j == i {
				mi++
			}
		} else if c := input[i]; sentenceOrdinary[c] {
			// Fast path: a run of spaces and ASCII bytes that are not end
			// marks, found eight bytes at a time.
			j = ordinaryRun(input, i+1)
		}
		if j > i {
			// The run moves the sentence's start to its first byte that
			// is not a space, if none yet, and its end past the last.
			if start < 0 {
				k := i
				for k < j && input[k] == ' ' {
					k++
				}
				if k < j {
					start = k
				}
			}
			e := j
			for e > i && input[e-1] == ' ' {
				e--
			}
			if e > i {
				lastNonSpace = e
			}
			i = j
			continue
		}
		r, size := decode(input, i)
		if r == '\n' {
			if start >= 0 && lineBreakEnds(input, i) {
				out = append(out, Span{start, lastNonSpace})
				start = -1
			}
			i += size
			continue
		}
		if space(r) {
			i += size
			continue
		}
		if start < 0 {
			start = i
		}
		i += size
		lastNonSpace = i
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		// Take the run of terminal punctuation and closers.
		for i < len(input) {
			r2, s2 := decode(input, i)
			if r2 == '.' || r2 == '!' || r2 == '?' || r2 == '…' || closer(r2) {
				i += s2
				continue
			}
			break
		}
		lastNonSpace = i
		if i < len(input) {
			if r2, _ := decode(input, i); !space(r2) {
				continue // "flat.The", "3.5", "U.S"
			}
		}
		if r == '.' && abbreviationBefore(input, start, lastNonSpace) {
			continue
		}
		if nextStartsLower(input, i) {
			continue
		}
		out = append(out, Span{start, i})
		start = -1
	}
	if start >= 0 {
		out = append(out, Span{start, lastNonSpace})
	}
	return out
}

// lineBreakEnds reports whether the newline at i ends the current sentence.
func lineBreakEnds(input []byte, i int) bool {
	j := i + 1
	for j < len(input) {
		r, size := decode(input, j)
		if r == '\n' {
			return true // blank line
		}
		if !space(r) {
			break
		}
		j += size
	}
	return !nextStartsLower(input, i+1)
}

// nextStartsLower reports whether the next non-space rune from i is a
// lower-case letter (or a digit or comma that continues the sentence).
func nextStartsLower(input []byte, i int) bool {
	for i < len(input) {
		r, size := decode(input, i)
		if space(r) {
			i += size
			continue
		}
		return !punctuation(r) && unicode.IsLower(r) || r == ',' || r == ';'
	}
	return false
}

// abbreviationBefore reports whether the period run ending at end follows an
// abbreviation, an initial, or a dotted acronym. from is the sentence start.
func abbreviationBefore(input []byte, from, end int) bool {
	// Find the period the run starts with.
	p := end
	for p > from {
		if c := input[p-1]; c < utf8.RuneSelf {
			p--
			if c == '.' {
				break
			}
			continue
		}
		_, size := utf8.DecodeLastRune(input[from:p]) // not a period
		p -= size
	}
	// The word before the period: letters and inner periods.
	w := p
	for w > from {
		if c := input[w-1]; c < utf8.RuneSelf {
			if asciiClass[c]&clsLetter == 0 && c != '.' {
				break
			}
			w--
			continue
		}
		r, size := utf8.DecodeLastRune(input[from:w])
		if !letter(r) {
			break
		}
		w -= size
	}
	word := input[w:p]
	if len(word) == 0 {
		return false
	}
	if bytes.IndexByte(word, '.') >= 0 {
		return true // U.S., a.m., e.g.
	}
	if r, size := utf8.DecodeRune(word); size == len(word) && unicode.IsUpper(r) {
		return true // an initial: "S. Jaishankar"
	}
	if len(word) > 6 {
		return false
	}
	if x, ok := packAbbrev(word); ok {
		i := lowerBound(abbrevPacked, x)
		return i < len(abbrevPacked) && abbrevPacked[i] == x
	}
	var low [8]byte
	return abbreviations[string(fold(low[:0], word))]
}

// packAbbrev is the lower-case bytes of an ASCII word of 1 to 8 bytes in one
// word, the first in the lowest byte, and false for any other word.
func packAbbrev(w []byte) (uint64, bool) {
	if len(w) > 8 {
		return 0, false
	}
	var x uint64
	for i := len(w) - 1; i >= 0; i-- {
		c := w[i]
		if c >= utf8.RuneSelf {
			return 0, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		x = x<<8 | uint64(c)
	}
	return x, true
}

// abbrevPacked is abbreviations packed by packAbbrev, sorted.
var abbrevPacked = func() []uint64 {
	var xs []uint64
	for a := range abbreviations {
		x, ok := packAbbrev([]byte(a))
		if !ok {
			panic("abbreviation " + a + " is not ASCII")
		}
		xs = append(xs, x)
	}
	slices.Sort(xs)
	return xs
}()
