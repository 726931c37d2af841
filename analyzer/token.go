package analyzer

import (
	"encoding/binary"
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// TokenKind tells words from numbers.
type TokenKind uint8

const (
	// Word is a run of letters (and marks), with apostrophes inside it.
	Word TokenKind = iota + 1
	// Number is a run of digits, with '.' or ',' between digits ("3.5", "1,000").
	Number
)

// Token is a word or number with byte offsets into the original input.
// The offsets are 32-bit, so that a token takes 12 bytes; the analyzer reads
// at most MaxInputBytes of an input.
type Token struct {
	Start, End int32
	Kind       TokenKind
	// Break is true when clause punctuation (, ; : ( ) — – and quote marks)
	// or a line break stands between the previous token and this one.
	Break bool
}

// apostrophe reports whether r is an apostrophe or a right single quote, which
// inside a word is an apostrophe ("Pakistan’s", "don’t").
func apostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == '‘'
}

// letter reports whether r can be part of a word.
func letter(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r]&clsLetter != 0
	}
	if punctuation(r) {
		return false // curly quotes, dashes, the ellipsis: most runes past ASCII in news
	}
	return unicode.IsLetter(r) || unicode.IsMark(r)
}

func digit(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r]&clsDigit != 0
	}
	return !punctuation(r) && unicode.IsDigit(r)
}

// punctuation reports whether r is in U+2010-U+2027 (dashes, curly quotes,
// daggers, bullets, the ellipsis): no letter, mark, digit, space or cased
// rune (TestPunctuationRange), tested before the unicode tables' searches.
func punctuation(r rune) bool { return uint32(r)-0x2010 <= 0x2027-0x2010 }

// clauseBreak reports whether r separates clauses for the context rules.
func clauseBreak(r rune) bool {
	switch r {
	case ',', ';', ':', '(', ')', '[', ']', '—', '–', '"', '“', '”', '«', '»', '‘', '\n', '!', '?', '.':
		return true
	}
	return false
}

const (
	clsLetter = 1 << iota
	clsDigit
	clsBreak
	clsMark  // a byte quotes or sentences must look at (tokenizeFrom)
	clsQuote // a straight quote mark
)

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= clsLetter
		t[c-'a'+'A'] |= clsLetter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] |= clsDigit
	}
	for _, c := range ",;:()[]\"\n!?." {
		t[c] |= clsBreak
	}
	for _, c := range "\"'\n.!?\t\r\v\f" {
		t[c] |= clsMark
	}
	t['"'] |= clsQuote
	t['\''] |= clsQuote
	return t
}()

// quoteMark reports whether r, past ASCII, is a quote mark quotes acts on:
// the curly quotes, guillemets and the low opening quote.
func quoteMark(r rune) bool {
	switch r {
	case '“', '”', '„', '‘', '’', '«', '»':
		return true
	}
	return false
}

// decode returns the rune at input[i] and its size. Invalid UTF-8 yields
// utf8.RuneError with size 1 and is treated as a separator.
func decode(input []byte, i int) (rune, int) {
	if c := input[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRune(input[i:])
}

// Tokenize splits input into words and numbers with byte offsets into input.
// Hyphens and dashes separate words, so "so-called", "so‑called" and
// "so called" give the same two tokens.
func Tokenize(input []byte) []Token {
	return tokenize(input, nil)
}

func tokenize(input []byte, toks []Token) []Token {
	return tokenizeFrom(input, 0, false, toks, nil)
}

// tokenizeFrom is tokenize of input[from:], with offsets into input: the
// tokens of one window of a long input (analyzeWindows). brk is whether a
// break stands before from. Given m, it also appends to m.at where quotes
// and sentences have to look (quotesAt, sentencesAt): each quote mark, end
// mark, line break and space but ' ' that the tokens leave out; counts the
// quote marks among them in m.quotes (every quote opens at one), and in
// m.invalid the bytes that are not UTF-8 (as countInvalid does: it reads
// every rune of input[from:] from its start).
// The apostrophes it leaves in words ("don't", "Pakistan’s") and the
// periods in numbers ("3.5") are not listed: to quotes, an apostrophe
// between two letters is part of a word; to sentences, a period before a
// digit ends none.
//
// It reads 64 bytes at a time while as many are left (tokenBlock), the
// rest a token or a rune at a time (tokenStep); TestScannersMatchReference
// and its fuzzer hold it to tokenizeFromRef, which reads the whole input
// the second way. On the 4 MiB of newsCorpus the blocks take 7.1 ms where
// the steps took 8.8 (one core, in one process in turn); on text in which
// most words start past ASCII (Cyrillic) they take about a tenth longer.
func tokenizeFrom(input []byte, from int, brk bool, toks []Token, m *scanMarks) []Token {
	i := from
	for i+blockBytes <= len(input) {
		i, brk, toks = tokenBlock(input, i, brk, toks, m)
	}
	for i < len(input) {
		i, brk, toks = tokenStep(input, i, brk, toks, m)
	}
	return toks
}

// blockBytes is how many bytes tokenBlock reads at once.
const blockBytes = 64

// tokenBlock is tokenizeFrom for the 64 bytes from i: it finds where the
// words and numbers start in bit masks of the block, one bit a byte, not
// byte by byte, and reads one by one only the bytes between tokens that
// are not ' '; a byte of 0x80 or more between them it reads as tokenStep
// does, a rune. It returns the first position past the block it reached:
// a token may end beyond it.
func tokenBlock(input []byte, i int, brk bool, toks []Token, m *scanMarks) (int, bool, []Token) {
	alnum, other := blockMasks(input[i : i+blockBytes : i+blockBytes])
	pos := 0
	for pos < blockBytes {
		// pos is below 64: masked, the shifts need no test for more
		rest := alnum >> (pos & 63)
		// the bytes before the next token (all the rest for none), by
		// the lowest bit of rest
		o := other >> (pos & 63) & (rest&-rest - 1)
		for ; o != 0; o &= o - 1 {
			k := i + pos + bits.TrailingZeros64(o)
			c := input[k]
			if c >= utf8.RuneSelf {
				break
			}
			brk = gapByte(asciiClass[c], k, brk, m)
		}
		if o != 0 {
			// a rune past ASCII: a separator, or the start of a token
			var next int
			next, brk, toks = tokenStep(input, i+pos+bits.TrailingZeros64(o), brk, toks, m)
			pos = next - i
			continue
		}
		if rest == 0 {
			return i + blockBytes, brk, toks
		}
		t := pos + bits.TrailingZeros64(rest)
		start, kind := i+t, Word
		var end int
		if input[start] <= '9' { // an ASCII digit: letters come after
			kind, end = Number, scanNumber(input, start+1)
		} else if e := t + bits.TrailingZeros64(^(alnum >> (t & 63))); e == blockBytes {
			end = scanWord(input, i+e) // the word goes on past the block
		} else if c := input[i+e]; c >= utf8.RuneSelf || c == '\'' {
			end = scanWord(input, i+e)
		} else {
			end = i + e
		}
		toks = append(toks, Token{Start: int32(start), End: int32(end), Kind: kind, Break: brk})
		brk = false
		pos = end - i
	}
	return i + pos, brk, toks
}

// gapByte reads the ASCII byte at i between two tokens, of class cls: it
// returns brk, set when the byte breaks a clause, and lists the byte in m
// when quotes or sentences look at it.
func gapByte(cls uint8, i int, brk bool, m *scanMarks) bool {
	if cls&(clsBreak|clsMark) != 0 {
		brk = brk || cls&clsBreak != 0
		if cls&clsMark != 0 && m != nil {
			m.at = append(m.at, int32(i))
			m.quotes += int(cls / clsQuote & 1)
		}
	}
	return brk
}

// blockMasks returns the masks of the 64 bytes of b, bit k for b[k]: of
// the ASCII letters and digits, and of the other bytes but ' ' (ASCII
// punctuation and controls, and bytes of 0x80 or more).
func blockMasks(b []byte) (alnum, other uint64) {
	for k := 0; k < blockBytes; k += 8 {
		x := binary.LittleEndian.Uint64(b[k : k+8])
		na := notAlnum(x)
		y := x ^ ones8*' '
		notSpace := ((y &^ high8) + ones8*0x7f | y) & high8 // exact: no lane carries
		alnum |= lanes(^na&high8) << (k & 63)
		other |= lanes(na&notSpace) << (k & 63)
	}
	return alnum, other
}

// lanes packs the high bits of the eight lanes of h, and nothing else,
// into bits 0-7: a multiply moves each to its place in the top byte, and
// no two products meet.
func lanes(h uint64) uint64 { return (h >> 7) * 0x0102040810204080 >> 56 }

// tokenStep is one step of tokenizeFrom from i, byte by byte: a token, or
// a byte or rune between tokens.
func tokenStep(input []byte, i int, brk bool, toks []Token, m *scanMarks) (int, bool, []Token) {
	c := input[i]
	if c < utf8.RuneSelf {
		cls := asciiClass[c]
		if cls&clsLetter != 0 {
			end := scanWord(input, i+1)
			return end, false, append(toks, Token{Start: int32(i), End: int32(end), Kind: Word, Break: brk})
		}
		if cls&clsDigit == 0 {
			return i + 1, gapByte(cls, i, brk, m), toks
		}
	}
	r, size := decode(input, i)
	switch {
	case letter(r):
		end := scanWord(input, i+size)
		return end, false, append(toks, Token{Start: int32(i), End: int32(end), Kind: Word, Break: brk})
	case digit(r):
		end := scanNumber(input, i+size)
		return end, false, append(toks, Token{Start: int32(i), End: int32(end), Kind: Number, Break: brk})
	}
	// Invalid UTF-8 also breaks: no finding spans it, so finding texts
	// are always valid UTF-8 and survive JSON unchanged.
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
	return i + size, brk, toks
}

// scanMarks is what tokenizeFrom notes beside the tokens.
type scanMarks struct {
	at      []int32 // where sentences and quotes look
	quotes  int     // quote marks in at
	invalid int     // bytes that are not UTF-8
}

// scanWord returns the end of the word that continues at i.
func scanWord(input []byte, i int) int {
	for i < len(input) {
		if i+8 <= len(input) {
			// Skip ASCII letters and digits eight at a time, to the first
			// byte that is not one.
			if m := notAlnum(binary.LittleEndian.Uint64(input[i:])); m == 0 {
				i += 8
				continue
			} else {
				i += bits.TrailingZeros64(m) / 8
			}
		}
		c := input[i]
		if c < utf8.RuneSelf {
			if asciiClass[c]&(clsLetter|clsDigit) != 0 {
				i++
				continue
			}
			if c != '\'' {
				return i // ASCII that is neither part of a word nor an apostrophe
			}
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

// scanNumber returns the end of the number that continues at i.
func scanNumber(input []byte, i int) int {
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
			return scanWord(input, i)
		}
		return i
	}
	return i
}

// upperStart reports whether w starts with an upper-case letter.
func upperStart(w []byte) bool {
	if len(w) == 0 {
		return false
	}
	if c := w[0]; c < utf8.RuneSelf {
		return 'A' <= c && c <= 'Z'
	}
	r, _ := utf8.DecodeRune(w)
	return unicode.IsUpper(r)
}

// fold appends the normalized form of a token to buf: lower case and
// apostrophes as ASCII ', so that the lexicon and the text meet in one form.
// stemWord folds British spellings to American after it.
func fold(buf []byte, word []byte) []byte {
	for i := 0; i < len(word); {
		c := word[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(word[i:])
		if apostrophe(r) {
			buf = append(buf, '\'')
		} else {
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		}
		i += size
	}
	return buf
}
