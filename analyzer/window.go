package analyzer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"slices"
)

// A long input is analyzed in windows of about windowBytes, cut at
// paragraph breaks, one after the other through the per-token passes: the
// token arrays (about 33 bytes a token) are those of one window, reused, not
// of the whole input, and they stay in the processor's caches. The report
// is the one the whole input read at once gives, byte for byte
// (TestWindowsSameReport): the sentences and quotes are found over the
// whole input first, a window ends where a sentence does and no quote goes
// on, and what a pass reads across a cut is carried over: the actors named
// so far and the mentions of the last sentences (actorPass.carry), the
// speakers and where the last speech ended (speechCarry), how many findings
// the input may still hold. The scores are made once, at the end.
const (
	windowBytes = 1 << 20
	// windowMin is the least input read in windows: below, one window
	// would hold most of it.
	windowMin = 2 * windowBytes
)

// windowCuts returns where the windows of input start, and len(input)
// last: at most one window when nothing can be cut. A cut follows a blank
// line, at least size bytes after the one before, between two sentences
// with only space between them, and inside no quote.
func windowCuts(input []byte, spans []Span, qs []Quote, size int) []int {
	cuts := []int{0}
	si, qi := 0, 0
	for from := size; from < len(input); {
		k := bytes.Index(input[from:], []byte("\n\n"))
		if k < 0 {
			break
		}
		c := from + k + 2
		from = c
		for si < len(spans) && spans[si].End <= c {
			si++
		}
		if si == len(spans) {
			break // no sentence after c
		}
		if spans[si].Start < c || si > 0 && !onlySpace(input[spans[si-1].End:c]) {
			continue
		}
		open := false
		for ; qi < len(qs) && qs[qi].Start < c; qi++ {
			open = open || qs[qi].End > c
		}
		if open {
			continue
		}
		cuts = append(cuts, c)
		from = c + size
	}
	return append(cuts, len(input))
}

// onlySpace reports whether b holds nothing but ASCII space.
func onlySpace(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			return false
		}
	}
	return true
}

// analyzeWindows is analyze for a long input, in windows; it returns false
// when input cannot be cut.
func (a *Analyzer) analyzeWindows(name string, input []byte) (*Report, int, bool) {
	spans := sentences(input, make([]Span, 0, len(input)/100+16))
	qs := quotes(input, make([]Quote, 0, quoteMarks(input)+16))
	cuts := windowCuts(input, spans, qs, a.window)
	if len(cuts) < 3 {
		return nil, 0, false
	}
	sum := sha256.Sum256(input)
	rep := &Report{
		Schema:  Schema,
		Source:  Source{Name: name, Bytes: len(input), SHA256: hex.EncodeToString(sum[:])},
		Lexicon: a.lex.Info(),
	}
	rep.Stats.InvalidUTF8 = countInvalid(input)
	rep.Stats.Sentences = len(spans)
	s := a.getState()
	defer a.putState(s)
	s.input, s.arena, s.steps, s.before = input, nil, 0, 0
	if a.actors != nil {
		if s.actors == nil {
			s.actors = newActorPass(a.actors)
		}
		s.actors.begin(a.window / 5)
	}
	// The per-token arrays, sized once for the longest window (about a
	// token in 5-6 bytes of news): grown window by window, each new size
	// would leave the last behind.
	most := 0
	for w := 0; w+1 < len(cuts); w++ {
		most = max(most, cuts[w+1]-cuts[w])
	}
	if want := most/5 + 16; cap(s.toks) < want {
		s.toks = make([]Token, 0, want)
		s.ids, s.sent, s.quote = grow(s.ids, want), grow(s.sent, want), grow(s.quote, want)
		s.roles, s.gram = make([]uint8, want), make([]uint32, want)
		if a.actors != nil {
			s.actors.sizeFlags(want)
		}
	}
	speech := len(a.rules.SpeechVerbs) > 0
	var sc speechCarry
	limit, dropped, d := maxFindings(len(input)), 0, 0
	si, qi := 0, 0 // the first sentence and quote of the next window
	for w := 0; w+1 < len(cuts); w++ {
		lo, hi := cuts[w], cuts[w+1]
		s0, q0 := si, qi
		for si < len(spans) && spans[si].Start < hi {
			si++
		}
		for qi < len(qs) && qs[qi].Start < hi {
			qi++
		}
		s.spans, s.quotes = spans[s0:si:si], qs[q0:qi:qi]
		s.toks = tokenizeFrom(input[:hi], lo, w > 0, s.toks[:0])
		rep.Stats.Words += a.tokenPass(s, input, false)
		quotes, words := s.quoteStats()
		rep.Stats.Quotes += quotes
		rep.Stats.QuotedWords += words

		f0 := len(rep.Findings)
		rep.Findings, d = a.findings(s, limit-f0, rep.Findings)
		dropped += d
		fs := rep.Findings[f0:]
		for i := range fs {
			fs[i].Sentence += s0
		}
		if a.actors != nil {
			s.actors.classified = true
			s.actors.window(fs, input, s.toks, s.sent)
		}
		a.setTechniques(fs)
		a.markReported(s, fs)
		if speech {
			sc.base = int32(s0)
			a.speechWindow(s, rep, fs, &sc)
		}
		if w == 0 {
			// The report's lists, sized from the first window for all:
			// grown by doubling, they would leave as much again behind.
			more := func(n int) int { return n*(len(cuts)-1)*9/8 + 16 }
			rep.Findings = slices.Grow(rep.Findings, more(len(rep.Findings)))
			rep.Quotes = slices.Grow(rep.Quotes, more(len(rep.Quotes)))
		}
		if n := len(s.toks); n > 0 {
			s.before = s.toks[n-1].End
			if a.actors != nil {
				s.actors.carry(n, si-s0)
			}
		}
	}
	if rep.Findings == nil {
		rep.Findings = []Finding{}
	}
	if dropped > 0 {
		rep.Truncated = &Truncated{Findings: dropped}
	}
	if a.actors != nil {
		s.actors.finish(rep)
		s.steps += s.actors.steps
	}
	a.score(rep, spans)
	if speech {
		finishSpeakers(rep)
	}
	s.spans, s.quotes = nil, nil // the input's, not the state's to keep
	return rep, s.steps, true
}
