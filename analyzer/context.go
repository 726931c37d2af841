package analyzer

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// findings turns matches and scare quotes into findings with context
// applied, in order of start, appends them to dst (a new slice when nil),
// and returns how many past limit it dropped without building them.
func (a *Analyzer) findings(s *state, limit int, dst []Finding) ([]Finding, int) {
	a.findMatches(s)
	return a.buildFindings(s, limit, dst)
}

// findMatches lists the matches that pass their context rules
// (s.matches) and the scare quotes (s.scareQ) of s: what findings reads of
// the tokens and quotes alone.
func (a *Analyzer) findMatches(s *state) {
	s.matches = a.trie.matchAll(s, s.matches[:0])
	kept := s.matches[:0]
	for _, m := range s.matches {
		ref := &a.trie.terms[m.ref]
		if !a.contextOK(s, ref, m.first, m.last) {
			continue
		}
		kept = append(kept, m)
	}
	s.matches = kept
	s.scareQ = s.scareQ[:0]
	if a.scareCat >= 0 {
		for qi, q := range s.quotes {
			// A span with invalid UTF-8 could not keep text ==
			// input[start:end] through JSON; its words still count.
			if s.qkind[qi] == quoteScare && utf8.Valid(s.input[q.Start:q.End]) {
				s.scareQ = append(s.scareQ, int32(qi))
			}
		}
	}
}

// buildFindings is findings after findMatches.
func (a *Analyzer) buildFindings(s *state, limit int, dst []Finding) ([]Finding, int) {
	// Matches and scare quotes, each in order of start, merged by start. No
	// two share a start: matches do not overlap and a scare quote starts at
	// a quote mark, never at a token. Past the limit nothing is built.
	total := len(s.matches) + len(s.scareQ)
	var out []Finding
	if dst == nil {
		out = make([]Finding, 0, min(total, limit))
	} else {
		out = slices.Grow(dst, min(total, limit))
	}
	from := len(out)
	mi, qi := 0, 0
	for len(out)-from < limit && (mi < len(s.matches) || qi < len(s.scareQ)) {
		// each finding built in its place in out: a Finding is over 200
		// bytes, and returned and appended it would be copied twice
		out = append(out, Finding{})
		if f := &out[len(out)-1]; qi == len(s.scareQ) || mi < len(s.matches) && s.matches[mi].start < s.quotes[s.scareQ[qi]].Start {
			a.matchFinding(s, mi, f)
			mi++
		} else {
			a.scareFinding(s, int(s.scareQ[qi]), f)
			qi++
		}
	}
	return out, total - (len(out) - from)
}

// maxFindings is the most findings a report of n input bytes holds: one per
// 32 bytes and 1,000 more, far above any news (about one per 200 bytes), so
// that no input can make a report, and the memory it takes, grow past that.
func maxFindings(n int) int { return n/32 + 1000 }

// matchFinding builds the finding of match mi in f, a zero Finding.
func (a *Analyzer) matchFinding(s *state, mi int, f *Finding) {
	m := &s.matches[mi]
	ref := &a.trie.terms[m.ref]
	start, end := m.start, m.end
	f.Start, f.End, f.Text = start, end, s.text(start, end)
	f.Term, f.Category, f.Technique, f.BaseWeight = ref.entry.Term, a.cats[ref.cat].ID, ref.technique, ref.weight
	f.Voice, f.Sentence, f.Suggestion = VoiceAuthor, int(s.sent[m.first]), ref.entry.Alternative
	if s.quote[m.first] >= 0 {
		f.Voice = VoiceQuoted
	}
	if neg, at := a.negated(s, m.first); neg {
		f.Negated = true
		f.Factors = append(f.Factors, Factor{Kind: "negation", Term: strings.ToLower(string(s.input[s.toks[at].Start:s.toks[at].End])), Factor: a.rules.Scoring.NegationFactor})
	}
	if b := a.booster(s, mi); b >= 0 {
		bt := s.toks[s.matches[b].first]
		f.Factors = append(f.Factors, Factor{Kind: "booster", Term: strings.ToLower(string(s.input[bt.Start:s.toks[s.matches[b].last].End])), Factor: a.rules.Scoring.BoosterFactor})
	}
	w := f.BaseWeight
	for _, x := range f.Factors {
		w *= x.Factor
	}
	f.Weight = round2(w)
}

// scareFinding builds the finding of scare quote qi in f, a zero Finding.
func (a *Analyzer) scareFinding(s *state, qi int, f *Finding) {
	c := a.cats[a.scareCat]
	q := &s.quotes[qi]
	voice := VoiceAuthor
	if q.Depth > 0 {
		voice = VoiceQuoted
	}
	s.buf = fold(s.buf[:0], trimInner(s.input[q.Inner.Start:q.Inner.End]))
	*f = Finding{
		Start: q.Start, End: q.End, Text: s.text(q.Start, q.End),
		Term: s.save(s.buf), Category: c.ID, Weight: c.Weight, BaseWeight: c.Weight,
		Voice: voice, Sentence: int(s.sent[s.qfirst[qi]]),
	}
}

// trimInner drops space and trailing punctuation inside quote marks.
func trimInner(b []byte) []byte {
	for len(b) > 0 {
		r, size := utf8.DecodeLastRune(b)
		if space(r) || r == '.' || r == ',' || r == '!' || r == '?' || r == ';' || r == ':' {
			b = b[:len(b)-size]
			continue
		}
		break
	}
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if !space(r) {
			break
		}
		b = b[size:]
	}
	return b
}

// foldPhrase is the folded words of text joined by single spaces.
func foldPhrase(text []byte) string {
	var b []byte
	for i, t := range Tokenize(text) {
		if i > 0 {
			b = append(b, ' ')
		}
		b = fold(b, text[t.Start:t.End])
	}
	return string(b)
}

// contextOK applies an entry's exact forms and its except and requires phrases.
func (a *Analyzer) contextOK(s *state, ref *termRef, first, last int) bool {
	if len(ref.exact) > 0 {
		s.buf = s.buf[:0]
		for k := first; k <= last; k++ {
			if k > first {
				s.buf = append(s.buf, ' ')
			}
			s.buf = fold(s.buf, s.input[s.toks[k].Start:s.toks[k].End])
		}
		found := false
		for _, form := range ref.exact {
			if form == string(s.buf) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	for _, p := range ref.except {
		if phraseAt(s, p, first) {
			return false
		}
	}
	if len(ref.requires) == 0 {
		return true
	}
	for _, p := range ref.requires {
		if phraseAt(s, p, first) {
			return true
		}
	}
	return false
}

// negated reports whether a negator stands in the window before token first,
// in the same clause, and returns its token index.
func (a *Analyzer) negated(s *state, first int) (bool, int) {
	k := first
	for step := 0; step < a.rules.NegationWindow; step++ {
		if s.toks[k].Break {
			return false, 0
		}
		k--
		if k < 0 || s.sent[k] != s.sent[first] || s.quote[k] != s.quote[first] {
			return false, 0
		}
		if s.roles[k]&roleNegator != 0 {
			if s.roles[k+1]&roleNotNegating != 0 {
				return false, 0 // "not only"
			}
			return true, k
		}
	}
	return false, 0
}

// booster returns the index of the booster match that modifies match mi, or -1.
func (a *Analyzer) booster(s *state, mi int) int {
	m := s.matches[mi]
	if a.cats[a.trie.terms[m.ref].cat].Role == RoleBooster || mi == 0 {
		return -1
	}
	b := s.matches[mi-1]
	if a.cats[a.trie.terms[b.ref].cat].Role != RoleBooster {
		return -1
	}
	if m.first-b.last > a.rules.BoosterWindow || s.sent[b.last] != s.sent[m.first] {
		return -1
	}
	for k := b.last + 1; k <= m.first; k++ {
		if s.toks[k].Break {
			return -1
		}
	}
	return mi - 1
}
