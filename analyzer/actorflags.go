package analyzer

import (
	"slices"
	"unicode/utf8"
)

// Token bits, kept with the word classes of a token (actorPass.flags), and
// above them a 15-bit hash of the folded token (wordTable.wordHash).
const (
	tGlued  uint32 = 1 << (12 + iota) // can continue the name of the token before it
	tPoss                             // ends in a possessive 's
	tUpper                            // starts with an upper-case letter
	tWord                             // a word, not a number
	tClause                           // starts a clause (not the first token)

	hashShift = 17
	hashBits  = 32 - hashShift
)

// mentionBits are the bits of the words findMentions reads (p.cands): a
// capital, a pronoun, a title or the first word of a lower-case alias.
const mentionBits = tUpper | wPossPron | wSubjectPron | wTitle | wAliasLower

// prepare classifies the tokens before upto, marks where clauses start and
// tells headlines from sentences: a clause ends at a sentence end or at , ; :
// ( ) [ ] — – or a line break. Quote marks do not end a clause, so a scare
// quote stays in the clause of the words around it. It lists the tokens
// findMentions reads in p.cands.
func (p *actorPass) prepare(upto int) {
	toks := p.toks[:upto]
	flags, sent, input, headlines := p.flags[:len(toks)], p.sent[:len(toks)], p.input, p.headlines
	k := p.prepared
	st := prepState{words: p.sentWords, upper: p.sentUpper}
	if k > 0 {
		st.prevEnd, st.prevSent = toks[k-1].End, sent[k-1]
	} else if p.cont {
		st.prevSent = -1 // token 0 starts a sentence, after the window before
	}
	// Room for every token in cands: each is written, and kept by moving
	// nc on only when it is a word with a mention bit.
	cands := slices.Grow(p.cands, len(toks)-k)
	st.nc = len(cands)
	cands = cands[:cap(cands)]
	for k < len(toks) {
		if k > 0 && p.classified {
			// The loop runs once per token of the input. Most tokens are
			// ASCII words Analyze classified, not possessive, after one
			// space or ", " or starting a sentence: this loop takes them
			// and makes no call, so that what it reads stays in registers;
			// it stops at any other token, for prepareToken.
			words, upper, prevEnd, prevSent, nc := st.words, st.upper, st.prevEnd, st.prevSent, st.nc
		fast:
			for ; k < len(toks); k++ {
				t := &toks[k]
				start, end := t.Start, t.End
				c := input[start]
				// the main pass set tPoss on the words that may end in a
				// possessive 's
				if t.Kind != Word || c >= utf8.RuneSelf || start <= prevEnd || flags[k]&tPoss != 0 {
					break
				}
				f := flags[k] | tWord | asciiUpper[c]
				// the gaps of most tokens: one space, a new sentence, ", "
				switch s := sent[k]; {
				case s != prevSent:
					f |= tClause
					headlines[prevSent] = headline(words, upper)
					words, upper, prevSent = 0, 0, s
				case start == prevEnd+1 && input[prevEnd] == ' ':
					f |= tGlued
				case start == prevEnd+2 && input[prevEnd] == ',' && input[prevEnd+1] == ' ':
					f |= tClause
				default:
					break fast
				}
				prevEnd = end
				// count the words, connectors aside, and the capitalized ones
				w := int(^f / wConnector & 1)
				words += w
				upper += w & int(f/tUpper&1)
				flags[k] = f
				cands[nc] = int32(k)
				m := f & mentionBits
				nc += int((m | -m) >> 31)
			}
			st.words, st.upper, st.prevEnd, st.prevSent, st.nc = words, upper, prevEnd, prevSent, nc
			if k == len(toks) {
				break
			}
		}
		p.prepareToken(k, &st, cands)
		k++
	}
	p.cands = cands[:st.nc]
	if n := len(p.toks); upto == n && n > 0 && p.prepared < n {
		p.headlines[sent[n-1]] = headline(st.words, st.upper)
	}
	p.prepared, p.sentWords, p.sentUpper = upto, st.words, st.upper
}

// headline reports whether a sentence of words words (connectors aside), of
// which upper are capitalized, is a headline.
func headline(words, upper int) bool { return words >= 3 && upper*10 >= words*7 }

// prepState is what prepare carries from one token to the next.
type prepState struct {
	words, upper int // of the current sentence
	prevEnd      int32
	prevSent     int32
	nc           int // tokens in cands
}

// prepareToken is prepare for any token k.
func (p *actorPass) prepareToken(k int, st *prepState, cands []int32) {
	t := &p.toks[k]
	input := p.input
	start, end := t.Start, t.End
	var f uint32
	// A possessive is rare: test its last two bytes with one branch.
	if t.Kind == Word && p.classified && (end < 2 || possTail[input[end-1]]&(possTail[input[end-2]]>>1) == 0) {
		f = p.flags[k] | tWord // Analyze looked the word up with its stem
	} else {
		f = p.classify(k)
	}
	c := input[start]
	f |= asciiUpper[c]
	if c >= utf8.RuneSelf && upperStart(input[start:end]) {
		f |= tUpper
	}
	s := p.sent[k]
	switch {
	case k == 0 && !p.cont:
	case s != st.prevSent:
		f |= tClause
		if st.prevSent >= 0 {
			p.headlines[st.prevSent] = headline(st.words, st.upper)
		}
		st.words, st.upper = 0, 0
	case start == st.prevEnd+1 && input[st.prevEnd] == ' ':
		f |= tGlued
	default:
		f |= p.gapFlags(k, input[st.prevEnd:start])
	}
	st.prevEnd, st.prevSent = end, s
	if f&(tWord|wConnector) == tWord {
		st.words++
		if f&tUpper != 0 {
			st.upper++
		}
	}
	p.flags[k] = f
	if f&tWord != 0 && f&mentionBits != 0 {
		cands[st.nc] = int32(k)
		st.nc++
	}
}

// classify returns the classes, hash, tPoss and tWord of token k, looking it
// up without a possessive 's.
func (p *actorPass) classify(k int) uint32 {
	t := p.toks[k]
	base, poss := splitPossessive(p.input[t.Start:t.End])
	var f uint32
	if t.Kind == Word && !poss && p.classified {
		f = p.flags[k] &^ tPoss // the main pass's mark: the word may be one
	} else {
		c, h, ok := p.lex.ascii.lookup(base)
		if !ok {
			c, h = p.slowClasses(base)
		}
		f = c | h<<hashShift
	}
	if poss {
		f |= tPoss
	}
	if t.Kind == Word {
		f |= tWord
	}
	return f
}

// gapFlags returns tClause and tGlued for gap, the text between tokens k-1
// and k of one sentence, when it is not one space.
func (p *actorPass) gapFlags(k int, gap []byte) uint32 {
	if len(gap) == 2 && gap[0] == ',' && gap[1] == ' ' {
		return tClause
	}
	var f uint32
	if clauseGap(gap) {
		f |= tClause
	}
	if p.gluedGap(k, gap) {
		f |= tGlued
	}
	return f
}

// possTail marks the bytes that can end a possessive 's: s and S (1), and
// before them the last byte of an apostrophe (2): ' or the last byte of ’ ʼ ‘.
// splitPossessive decides.
var possTail = func() (t [256]uint8) {
	t['s'], t['S'] = 1, 1
	for _, r := range []rune{'\'', '’', 'ʼ', '‘'} {
		b := utf8.AppendRune(nil, r)
		t[b[len(b)-1]] |= 2
	}
	return t
}()

// asciiUpper is tUpper for the ASCII capitals, 0 for any other byte.
var asciiUpper = func() (t [256]uint32) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = tUpper
	}
	return t
}()

// slowClasses returns the classes and hash of a word the table does not
// cover, after folding it.
func (p *actorPass) slowClasses(w []byte) (class, hash uint32) {
	p.fold = fold(p.fold[:0], w)
	return p.lex.classes[string(p.fold)], p.lex.ascii.wordHash(p.fold)
}

// text is token k as written, without a possessive 's.
func (p *actorPass) text(k int) []byte {
	t := p.toks[k]
	w := p.input[t.Start:t.End]
	if p.flags[k]&tPoss != 0 {
		w, _ = splitPossessive(w)
	}
	return w
}

// foldAt is the folded text of token k, in scratch space that the next call
// reuses.
func (p *actorPass) foldAt(k int) []byte {
	p.fold = fold(p.fold[:0], p.text(k))
	return p.fold
}

// splitPossessive strips a final 's or ’s.
func splitPossessive(w []byte) ([]byte, bool) {
	if len(w) < 3 || (w[len(w)-1] != 's' && w[len(w)-1] != 'S') {
		return w, false
	}
	r, size := utf8.DecodeLastRune(w[:len(w)-1])
	if !apostrophe(r) || len(w)-1-size == 0 {
		return w, false
	}
	return w[:len(w)-1-size], true
}

func clauseGap(gap []byte) bool {
	for _, r := range string(gap) {
		switch r {
		case ',', ';', ':', '(', ')', '[', ']', '—', '–', '\n', '.', '!', '?':
			return true
		}
	}
	return false
}

// glued reports whether tokens k-1 and k can belong to one name: only spaces
// and hyphens between them, or the period of an initial or abbreviation
// ("S. Jaishankar", "U.N. Security Council", "Dr. Brel"). prepare sets the
// bit with gluedGap.
func (p *actorPass) glued(k int) bool { return p.flags[k]&tGlued != 0 }

// gluedGap reports whether gap, between tokens k-1 and k of one sentence,
// glues them; the flags of k-1 must be set.
func (p *actorPass) gluedGap(k int, gap []byte) bool {
	if len(gap) > 4 || len(gap) == 0 {
		return false
	}
	for _, r := range string(gap) {
		switch {
		case r == ' ' || r == 0xA0 || r == '-' || r == '‐' || r == '‑':
		case r == '.':
			if p.flags[k-1]&tUpper == 0 || utf8.RuneCount(p.text(k-1)) > 3 {
				return false
			}
		default:
			return false
		}
	}
	return true
}
