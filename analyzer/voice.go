package analyzer

import (
	"sort"
	"unicode/utf8"
)

type quoteKind uint8

const (
	quoteNone     quoteKind = iota // no words inside
	quoteReported                  // reported speech
	quoteScare                     // a scare quote
	quoteName                      // a name or title in quote marks
)

// allCapitalized reports whether every word of tokens [first, last] starts
// with an upper-case letter.
func allCapitalized(s *state, first, last int) bool {
	for k := first; k <= last; k++ {
		if t := s.toks[k]; t.Kind == Word && !upperStart(s.input[t.Start:t.End]) {
			return false
		}
	}
	return true
}

// assignQuotes marks each token with its innermost quote and classifies each
// quote as reported speech or a scare quote. It counts the words inside
// quotes in s.quotedWords.
func (a *Analyzer) assignQuotes(s *state) {
	s.qkind = s.qkind[:0]
	s.qfirst = s.qfirst[:0]
	for range s.quotes {
		s.qkind = append(s.qkind, quoteNone)
		s.qfirst = append(s.qfirst, -1)
	}
	toks := s.toks
	quoted := 0
	ti := 0
	for qi, q := range s.quotes {
		ti = tokenFrom(toks, ti, q.Inner.Start)
		// the quote's first token, kept for the loop below
		s.qfirst[qi] = int32(ti)
		for k := ti; k < len(toks) && int(toks[k].End) <= q.Inner.End; k++ {
			s.steps++
			if s.quote[k] < 0 && toks[k].Kind == Word {
				quoted++
			}
			s.quote[k] = int32(qi)
		}
	}
	s.quotedWords = quoted
	for qi, q := range s.quotes {
		first := int(s.qfirst[qi])
		s.qfirst[qi] = -1
		last := first - 1
		for k := first; k < len(toks) && int(toks[k].End) <= q.Inner.End; k++ {
			s.steps++
			if s.quote[k] == int32(qi) {
				last = k
			}
		}
		words := last - first + 1
		if words <= 0 {
			continue
		}
		s.qfirst[qi] = int32(first)
		s.qkind[qi] = a.classifyQuote(s, q, first, last, words)
	}
}

// tokenEndingAfter returns the first token from ti on that ends after pos
// (len(toks) for none): as tokens do not overlap, the one before the first
// that starts at or after pos, if that one reaches past pos.
func tokenEndingAfter(toks []Token, ti, pos int) int {
	k := tokenFrom(toks, ti, pos)
	if k > ti && int(toks[k-1].End) > pos {
		return k - 1
	}
	return k
}

// tokenFrom returns the first token from ti on that starts at or after
// start (len(toks) for none): a search that doubles its step from ti, then
// halves it, as quotations are close together in news. It is gallop
// (target.go) written out for tokens: through gallop's closure and
// sort.Search, the searches of assignQuotes, markReported and targetOf cost
// 14 M more instructions per op of BenchmarkAnalyzeNewsWithActors.
func tokenFrom(toks []Token, ti, start int) int {
	lo, step := ti, 1
	hi := lo
	for hi < len(toks) && int(toks[hi].Start) < start {
		lo = hi + 1
		hi += step
		step *= 2
	}
	hi = min(hi, len(toks))
	// toks[lo-1] starts before start, toks[hi] (if any) at or after it:
	// lowerBound's search, on the tokens' starts
	for n := hi - lo; n > 0; {
		half := n / 2
		// -1 when toks[lo+half] starts before start, else 0
		lt := int((int64(toks[lo+half].Start) - int64(start)) >> 63)
		lo += (half + 1) & lt
		n = half + (n-2*half-1)&lt
	}
	return lo
}

func (a *Analyzer) classifyQuote(s *state, q Quote, first, last, words int) quoteKind {
	if words > a.rules.ScareMaxWords || !withinSentence(s.spans, q.Span) {
		return quoteReported
	}
	if allCapitalized(s, first, last) {
		return quoteName // “Operation Sindoor”, a title or a nickname
	}
	if q.Depth > 0 {
		return quoteScare // a speaker's own scare quote inside their quotation
	}
	sent := s.sent[first]
	// A scare marker right before: its “false flag” claim, so-called “…”.
	for _, m := range a.markers {
		start := first - len(m.ids)
		if start < 0 {
			continue
		}
		ok := true
		for k, id := range m.ids {
			if s.ids[start+k] != id || s.sent[start+k] != sent || s.quote[start+k] >= 0 {
				ok = false
				break
			}
		}
		if ok {
			return quoteScare
		}
	}
	// A reporting verb shortly before or after: said, called it “…”, described as “…”.
	for k := first - 1; k >= 0 && k >= first-5 && s.sent[k] == sent && s.quote[k] < 0; k-- {
		if a.role(s.ids[k])&roleReporting != 0 {
			return quoteReported
		}
	}
	for k := last + 1; k < len(s.toks) && k <= last+3 && s.sent[k] == sent && s.quote[k] < 0; k++ {
		if a.role(s.ids[k])&roleReporting != 0 {
			return quoteReported
		}
	}
	// A whole sentence in quotes is speech.
	inner := s.input[q.Inner.Start:q.Inner.End]
	if words >= 3 && endsSentence(inner) && upperStart(s.input[s.toks[first].Start:]) {
		return quoteReported
	}
	return quoteScare
}

// withinSentence reports whether sp lies inside one sentence.
func withinSentence(spans []Span, sp Span) bool {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].End > sp.Start })
	return i < len(spans) && spans[i].Start <= sp.Start && sp.End <= spans[i].End
}

func endsSentence(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeLastRune(b)
		switch {
		case r == '.' || r == '!' || r == '?' || r == '…':
			return true
		case closer(r) || space(r) || r == ',':
			b = b[:len(b)-size]
		default:
			return false
		}
	}
	return false
}
