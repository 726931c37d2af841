package analyzer

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The reference scanners: tokenize, scanWord, scanNumber, sentences and
// quotes as they were before their fast paths tested eight bytes at a time
// (main at 718dc18), one byte or rune at a time. FuzzScannersMatchReference
// and TestScannersMatchReference hold the fast ones to them.

func sentencesRef(input []byte, out []Span) []Span {
	start := -1 // first non-space byte of the current sentence
	lastNonSpace := 0
	for i := 0; i < len(input); {
		c := input[i]
		if c == ' ' {
			i++
			continue
		}
		if c < utf8.RuneSelf && c > ' ' && c != '.' && c != '!' && c != '?' {
			// Fast path: an ASCII byte that is neither space nor an end mark.
			if start < 0 {
				start = i
			}
			i++
			lastNonSpace = i
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

func tokenizeRef(input []byte, toks []Token) []Token {
	brk := false
	for i := 0; i < len(input); {
		c := input[i]
		if c < utf8.RuneSelf {
			cls := asciiClass[c]
			if cls&clsLetter != 0 {
				end := scanWordRef(input, i+1)
				toks = append(toks, Token{Start: int32(i), End: int32(end), Kind: Word, Break: brk})
				brk = false
				i = end
				continue
			}
			if cls&clsDigit == 0 {
				if cls&clsBreak != 0 {
					brk = true
				}
				i++
				continue
			}
		}
		r, size := decode(input, i)
		switch {
		case letter(r):
			end := scanWordRef(input, i+size)
			toks = append(toks, Token{Start: int32(i), End: int32(end), Kind: Word, Break: brk})
			brk = false
			i = end
		case digit(r):
			end := scanNumberRef(input, i+size)
			toks = append(toks, Token{Start: int32(i), End: int32(end), Kind: Number, Break: brk})
			brk = false
			i = end
		default:
			// Invalid UTF-8 also breaks: no finding spans it, so finding
			// texts are always valid UTF-8 and survive JSON unchanged.
			if clauseBreak(r) || r == utf8.RuneError && size == 1 {
				brk = true
			}
			i += size
		}
	}
	return toks
}

// tokenizeFromRef is tokenizeFrom as it was before it read 64 bytes at a
// time: one byte or rune, or one token, per step.
func tokenizeFromRef(input []byte, from int, brk bool, toks []Token, m *scanMarks) []Token {
	for i := from; i < len(input); {
		c := input[i]
		if c < utf8.RuneSelf {
			cls := asciiClass[c]
			if cls&clsLetter != 0 {
				// scanWord's first step, inline: most words end in their
				// first eight bytes, at an ASCII byte that is no apostrophe
				var end int
				if j := i + 1; j+8 <= len(input) {
					if m := notAlnum(binary.LittleEndian.Uint64(input[j:])); m != 0 {
						end = j + bits.TrailingZeros64(m)/8
						if c := input[end]; c >= utf8.RuneSelf || c == '\'' {
							end = scanWord(input, end)
						}
					} else {
						end = scanWord(input, j+8)
					}
				} else {
					end = scanWord(input, j)
				}
				toks = append(toks, Token{Start: int32(i), End: int32(end), Kind: Word, Break: brk})
				brk = false
				i = end
				if i < len(input) {
					// the space after most words, skipped without a
					// branch on it: punctuation follows a word in four
					i += int((uint32(input[i]^' ') - 1) >> 31)
				}
				continue
			}
			if cls&clsDigit == 0 {
				if cls&(clsBreak|clsMark) != 0 {
					brk = brk || cls&clsBreak != 0
					if cls&clsMark != 0 && m != nil {
						m.at = append(m.at, int32(i))
						m.quotes += int(cls / clsQuote & 1)
					}
				}
				i++
				continue
			}
		}
		r, size := decode(input, i)
		switch {
		case letter(r):
			end := scanWord(input, i+size)
			toks = append(toks, Token{Start: int32(i), End: int32(end), Kind: Word, Break: brk})
			brk = false
			i = end
		case digit(r):
			end := scanNumber(input, i+size)
			toks = append(toks, Token{Start: int32(i), End: int32(end), Kind: Number, Break: brk})
			brk = false
			i = end
		default:
			// Invalid UTF-8 also breaks: no finding spans it, so finding
			// texts are always valid UTF-8 and survive JSON unchanged.
			if clauseBreak(r) {
				brk = true
			} else if r == utf8.RuneError && size == 1 {
				brk = true
				if m != nil {
					m.invalid++
				}
			}
			if m != nil {
				if quoteMark(r) {
					m.at = append(m.at, int32(i))
					m.quotes++
				} else if r == '…' || space(r) {
					m.at = append(m.at, int32(i))
				}
			}
			i += size
		}
	}
	return toks
}

func scanWordRef(input []byte, i int) int {
	for i < len(input) {
		c := input[i]
		if c < utf8.RuneSelf && asciiClass[c]&(clsLetter|clsDigit) != 0 {
			i++
			continue
		}
		r, size := decode(input, i)
		if letter(r) || digit(r) {
			i += size
			continue
		}
		if apostrophe(r) && r != '‘' && i+size < len(input) {
			if r2, _ := decode(input, i+size); letter(r2) {
				i += size
				continue
			}
		}
		return i
	}
	return i
}

func scanNumberRef(input []byte, i int) int {
	for i < len(input) {
		r, size := decode(input, i)
		if digit(r) {
			i += size
			continue
		}
		if (r == '.' || r == ',') && i+1 < len(input) && input[i+1] >= '0' && input[i+1] <= '9' {
			i++
			continue
		}
		if letter(r) { // "22nd", "15-member" stays split at '-'
			return scanWordRef(input, i)
		}
		return i
	}
	return i
}

func quotesRef(input []byte, out []Quote) []Quote {
	var stack [4]openQuote
	n := 0
	closeAll := func(at int) {
		for n > 0 {
			n--
			q := &out[stack[n].idx]
			q.End, q.Inner.End = at, at
		}
	}
	open := func(i, size int, double, straight bool) {
		if n == len(stack) {
			return
		}
		stack[n] = openQuote{start: i, innerStart: i + size, double: double, straight: straight, idx: len(out)}
		out = append(out, Quote{Span: Span{i, i + size}, Inner: Span{i + size, i + size}, Depth: n})
		n++
	}
	// closeTo closes the innermost open quote of the given kind and any
	// quotes opened inside it.
	closeTo := func(i, size int, double bool) bool {
		for k := n - 1; k >= 0; k-- {
			if stack[k].double != double {
				continue
			}
			for n > k+1 { // unclosed inner quotes end here
				n--
				q := &out[stack[n].idx]
				q.End, q.Inner.End = i, i
			}
			n--
			q := &out[stack[n].idx]
			q.Inner.End = i
			q.End = i + size
			q.Closed = true
			return true
		}
		return false
	}
	lineEnd := 0
	for i := 0; i < len(input); {
		if c := input[i]; c < utf8.RuneSelf && c != '"' && c != '\'' && c != '\n' {
			i++
			continue
		}
		r, size := decode(input, i)
		switch r {
		case '\n':
			if n > 0 && lineBreakEnds(input, i) {
				closeAll(lastNonSpaceBefore(input, lineEnd, i))
			}
			lineEnd = i + 1
		case '“', '«', '„':
			open(i, size, true, false)
		case '”', '»':
			closeTo(i, size, true)
		case '"':
			if topKind(stack[:n], true, true) {
				closeTo(i, size, true)
			} else if opensHere(input, i, size) {
				open(i, size, true, true)
			} else {
				closeTo(i, size, true)
			}
		case '‘':
			open(i, size, false, false)
		case '’', '\'':
			prevLetter := i > 0 && wordBefore(input, i)
			nextLetter := i+size < len(input) && wordAt(input, i+size)
			switch {
			case prevLetter && nextLetter:
				// an apostrophe inside a word
			case !prevLetter && nextLetter && r == '\'' && opensHere(input, i, size):
				open(i, size, false, true)
			case !nextLetter && hasOpen(stack[:n], false):
				closeTo(i, size, false)
			}
		}
		i += size
	}
	closeAll(lastNonSpaceBefore(input, lineEnd, len(input)))
	return out
}

func scannerInputs(t testing.TB) [][]byte {
	inputs := [][]byte{newsCorpus(256 << 10)}
	inputs = append(inputs, realNews(t)...)
	inputs = append(inputs, seedNews()...)
	for _, g := range adversarial {
		inputs = append(inputs, g.gen(8<<10))
	}
	for _, s := range fuzzSeeds {
		inputs = append(inputs, []byte(s))
	}
	// every kind of space and control byte at a sentence's start and end,
	// and the bytes the token scan reads inside words and numbers
	for _, sp := range []string{" ", "\t", "\r", "\v", "\f", "\n", "\u00a0", "\u0085", "\u2003", "\u2028", "\u3000", "\x01", "\x1f", "\x80", "…", "’", "\""} {
		inputs = append(inputs, []byte(sp+"The 3.5 rise."+sp+"It's Pakistan’s"+sp+"‘claim’."+sp+sp+"Mr."+sp+"Li left…"+sp+"Then 1,000 more!"+sp))
	}
	return inputs
}

func sameScans(t *testing.T, in []byte) {
	t.Helper()
	// abbreviationBefore at every period, from the start and from a few
	// bytes before it
	for i, c := range in {
		if c != '.' {
			continue
		}
		for _, from := range []int{0, max(i-3, 0), i} {
			for _, end := range []int{i + 1, min(i+3, len(in))} {
				if got, want := abbreviationBefore(in, from, end), abbreviationBeforeRef(in, from, end); got != want {
					t.Fatalf("abbreviationBefore(%q, %d, %d) = %v, the reference %v", in[:min(len(in), 200)], from, end, got, want)
				}
			}
		}
	}
	if got, want := tokenize(in, nil), tokenizeRef(in, nil); !slices.Equal(got, want) {
		t.Fatalf("tokenize differs from the reference on %q", in[:min(len(in), 200)])
	}
	if got, want := sentences(in, nil), sentencesRef(in, nil); !slices.Equal(got, want) {
		t.Fatalf("sentences differs from the reference on %q", in[:min(len(in), 200)])
	}
	want := quotesRef(in, nil)
	if got := quotes(in, nil); !slices.Equal(got, want) {
		t.Fatalf("quotes differs from the reference on %q", in[:min(len(in), 200)])
	}
	// quotesAt and sentencesAt, at the places the token scan lists, from the start and from
	// a byte inside the input, as a window starts
	for _, from := range []int{0, len(in) / 3} {
		var m, mr scanMarks
		toks := tokenizeFrom(in, from, false, nil, &m)
		marks := m.at
		// the block scan against the scan of a step a token or a rune
		if ref := tokenizeFromRef(in, from, false, nil, &mr); !slices.Equal(toks, ref) || !slices.Equal(marks, mr.at) || m.quotes != mr.quotes || m.invalid != mr.invalid {
			t.Fatalf("tokenizeFrom from %d differs from tokenizeFromRef (tokens %d and %d, marks %d and %d, quote marks %d and %d, invalid %d and %d) on %q",
				from, len(toks), len(ref), len(marks), len(mr.at), m.quotes, mr.quotes, m.invalid, mr.invalid, in[:min(len(in), 200)])
		}
		if !slices.Equal(toks, tokenizeFrom(in, from, false, nil, nil)) {
			t.Fatalf("tokenizeFrom listing marks gives other tokens on %q", in[:min(len(in), 200)])
		}
		if want := countInvalid(in[from:]); m.invalid != want {
			t.Fatalf("tokenizeFrom from %d counted %d invalid bytes, countInvalid %d, on %q", from, m.invalid, want, in[:min(len(in), 200)])
		}
		qs := quotesFrom(in, from, nil)
		if got := quotesAt(in, from, marks, nil); !slices.Equal(got, qs) {
			t.Fatalf("quotesAt from %d differs from quotesFrom on %q", from, in[:min(len(in), 200)])
		}
		if len(qs) > m.quotes {
			t.Fatalf("%d quotes from %d, with %d quote marks listed, on %q", len(qs), from, m.quotes, in[:min(len(in), 200)])
		}
		if got := sentencesAt(in, from, marks, nil); !slices.Equal(got, sentencesFrom(in, from, nil)) {
			t.Fatalf("sentencesAt from %d differs from sentencesFrom on %q", from, in[:min(len(in), 200)])
		}
	}
	if got := quotesAt(in, 0, nil, nil); len(got) > 0 {
		t.Fatalf("quotesAt with no marks found %d quotes", len(got))
	}
}

func TestScannersMatchReference(t *testing.T) {
	for _, in := range scannerInputs(t) {
		sameScans(t, in)
		// every cut of the start, so that each byte lands in every lane
		for k := 1; k < 9 && k < len(in); k++ {
			sameScans(t, in[k:min(len(in), k+4096)])
		}
	}
}

func FuzzScannersMatchReference(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte("Mr. Smith said: \"It's a ‘flop’ show.\"\n\nHe left… «Non» „ja“ x\x80\xff\tend."))
	f.Fuzz(func(t *testing.T, in []byte) {
		sameScans(t, in)
		// and long enough for the token scan's blocks of 64 bytes, which
		// it reads whole only with 64 bytes left
		if len(in) > 0 && len(in) < 3*blockBytes {
			sameScans(t, bytes.Repeat(in, 3*blockBytes/len(in)+1))
		}
	})
}

// abbreviationBeforeRef is abbreviationBefore as it was before its ASCII fast
// paths (main at 8ff4f25): it reports whether the period run ending at end follows an
// abbreviation, an initial, or a dotted acronym. from is the sentence start.
func abbreviationBeforeRef(input []byte, from, end int) bool {
	// Find the period the run starts with.
	p := end
	for p > from {
		r, size := utf8.DecodeLastRune(input[from:p])
		if r == '.' {
			p -= size
			break
		}
		p -= size
	}
	// The word before the period: letters and inner periods.
	w := p
	for w > from {
		r, size := utf8.DecodeLastRune(input[from:w])
		if letter(r) || r == '.' {
			w -= size
			continue
		}
		break
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
	var low [8]byte
	return abbreviations[string(fold(low[:0], word))]
}
