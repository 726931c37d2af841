package analyzer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"runtime"
	"slices"
	"sync"
)

// A long input is analyzed in windows of about windowBytes, cut after
// blank lines, one after the other through the per-token passes: the token
// arrays (about 33 bytes a token) are those of one window, reused, not of
// the whole input, and they stay in the processor's caches. The report is
// the one the whole input read at once gives, byte for byte
// (TestWindowsSameReport, FuzzWindowsSameReport): a blank line ends every
// sentence and quote, so each window finds its own; what a pass reads
// across a cut is carried over: the actors named so far and the mentions
// of the last sentences (actorPass.carry), the speakers and where the last
// speech ended (speechCarry), the end of the last token (state.before), how
// many findings the input may still hold. The scores are made once, at the
// end.
const (
	// windowBytes: on 20 MiB of newsCorpus, windows of 128 KiB peak at 5
	// MB less than windows of 256 KiB (anonymous memory, three states of
	// per-token arrays), at the same speed since runWindows; 1 MiB ones
	// peak 4 MB higher still.
	windowBytes = 128 << 10
	// windowMin is the least input read in windows; below it an input is
	// read whole (on two goroutines from parallelBytes on).
	windowMin = 2 << 20
)

// windowCuts returns where the windows of input start, and len(input)
// last: at most one window when nothing can be cut. A cut follows a blank
// line (a line of nothing or of spaces, tabs and carriage returns), at
// least size bytes after the one before: a blank line ends every sentence
// and every quote, so each window's sentences and quotes are those of the
// whole input, found in the window alone.
func windowCuts(input []byte, size int) []int {
	cuts := []int{0}
	for from := size; from < len(input); {
		k := bytes.IndexByte(input[from:], '\n')
		if k < 0 {
			break
		}
		from += k + 1
		c := from
		for c < len(input) && (input[c] == ' ' || input[c] == '\t' || input[c] == '\r') {
			c++
		}
		if c == len(input) || input[c] != '\n' {
			continue // not a blank line
		}
		if c+1 == len(input) {
			break
		}
		cuts = append(cuts, c+1)
		from = c + 1 + size
	}
	return append(cuts, len(input))
}

// window is one window of a long input: its bytes, and the words, quotes,
// quoted words and bytes that are not UTF-8 its token pass counted.
type window struct {
	lo, hi, words, quotes, quoted, invalid int
}

// analyzeWindows is analyze for a long input, in windows; it returns false
// when input cannot be cut. On more than one core, the token passes of the
// next windows (sentences, tokens, stems: they read and write nothing the
// other passes do but the shared stem cache) run on their own states while
// the other passes read the window before (runWindows).
func (a *Analyzer) analyzeWindows(name string, input []byte) (*Report, int, bool) {
	cuts := windowCuts(input, a.window)
	if len(cuts) < 3 {
		return nil, 0, false
	}
	ws := make([]window, len(cuts)-1)
	most := 0 // the longest window
	for w := range ws {
		ws[w] = window{lo: cuts[w], hi: cuts[w+1]}
		most = max(most, cuts[w+1]-cuts[w])
	}
	rep := &Report{Schema: Schema, Source: Source{Name: name, Bytes: len(input)}, Lexicon: a.lex.Info()}
	var sum [sha256.Size]byte
	digest := func() { sum = sha256.Sum256(input) } // the token passes count the invalid bytes
	var digesting passGroup
	defer digesting.Join()

	// One state on one core; on more, three: a window's state is held
	// from its token pass to the end of its other passes, and with three
	// the two goroutines can both run token passes, as at the start,
	// where the token passes stem most new words.
	states := []*state{a.getState()}
	if runtime.GOMAXPROCS(0) > 1 {
		states = append(states, a.getState(), a.getState())
		digesting.Go(digest) // beside the first windows' token passes
	} else {
		digest()
	}
	for _, s := range states {
		defer a.putState(s)
		s.input, s.arena, s.steps, s.before = input, nil, 0, 0
		// The per-token arrays, sized once for the longest window (about
		// a token in 5-6 bytes of news): grown window by window, each new
		// size would leave the last behind.
		if want := most/100 + 16; cap(s.spans) < want {
			s.spans = make([]Span, 0, want)
		}
		if want := most/5 + 16; cap(s.toks) < want {
			s.toks = make([]Token, 0, want)
			s.ids, s.sent, s.quote = grow(s.ids, want), grow(s.sent, want), grow(s.quote, want)
			s.roles, s.gram = make([]uint8, want), make([]uint32, want)
			if a.actors != nil {
				s.flags = make([]uint32, want)
			}
		}
	}
	// One actor pass reads every window, through any state.
	p := states[0].actors
	if a.actors != nil {
		if p == nil {
			p = newActorPass(a.actors)
			states[0].actors = p
		}
		p.begin(most / 5)
	}
	for _, o := range states[1:] {
		own := o.actors
		defer func() { o.actors = own }() // lent to the passes below
	}
	// tokens is the token pass of window w, on s, its quotes and its
	// matches: all that reads nothing but the window.
	tokens := func(w int, s *state) {
		wi := &ws[w]
		in := input[:wi.hi]
		s.marks = scanMarks{at: s.marks.at[:0]}
		s.toks = tokenizeFrom(in, wi.lo, w > 0, s.toks[:0], &s.marks)
		wi.invalid = s.marks.invalid
		s.spans = sentencesAt(in, wi.lo, s.marks.at, s.spans[:0])
		wi.words = a.tokenPass(s, input, false)
		// every quote opens at a quote mark
		if want := s.marks.quotes + 16; cap(s.quotes) < want {
			s.quotes = make([]Quote, 0, want)
		}
		s.quotes = quotesAt(in, wi.lo, s.marks.at, s.quotes[:0])
		a.assignQuotes(s)
		wi.quotes, wi.quoted = s.quoteStats()
		a.findMatches(s)
	}
	speech := len(a.rules.SpeechVerbs) > 0
	var sc speechCarry
	z := a.newScorer()
	limit, dropped, d := maxFindings(len(input)), 0, 0
	before := int32(0) // the end of the last token of the window before
	s0 := 0            // the first sentence of the window, in the input
	// passes is the other passes of window w, on the state of its token
	// pass, one window after the other.
	passes := func(w int, s *state) {
		wi := ws[w]
		rep.Stats.Words += wi.words
		rep.Stats.Quotes += wi.quotes
		rep.Stats.QuotedWords += wi.quoted
		rep.Stats.InvalidUTF8 += wi.invalid
		s.before = before
		s.actors = p // the pass that carries the mentions, for speech
		f0 := len(rep.Findings)
		rep.Findings, d = a.buildFindings(s, limit-f0, rep.Findings)
		dropped += d
		fs := rep.Findings[f0:]
		for i := range fs {
			fs[i].Sentence += s0
		}
		if p != nil {
			p.classified = true
			p.window(fs, input, s.toks, s.sent, s.flags)
		}
		a.setTechniques(fs)
		a.markReported(s, fs)
		if speech {
			sc.base = int32(s0)
			a.speechWindow(s, rep, fs, &sc)
		}
		for _, sp := range s.spans {
			rep.Sentences = append(rep.Sentences, SentenceScore{Start: sp.Start, End: sp.End, Label: LabelNeutral})
		}
		// the window's findings are all in its own sentences, and
		// nothing after this changes their weights or voices
		z.add(rep, fs)
		z.label(rep.Sentences[s0:])
		if w == 0 {
			// The report's lists, sized from the first window for all:
			// grown by doubling, they would leave as much again behind.
			// A first window far denser than the rest (a block of scare
			// quotes before the news) must not reserve for its density
			// in every window: the findings are capped as the report is,
			// the others at one in 16 bytes (news has one sentence in
			// about 120 bytes, one quotation in 200); past that they grow.
			more := func(n, most int) int { return max(min(n*len(ws)*9/8+16, most-n), 0) }
			rep.Findings = slices.Grow(rep.Findings, more(len(rep.Findings), limit))
			rep.Quotes = slices.Grow(rep.Quotes, more(len(rep.Quotes), len(input)/16))
			rep.Sentences = slices.Grow(rep.Sentences, more(len(rep.Sentences), len(input)/16))
		}
		if n := len(s.toks); n > 0 {
			before = s.toks[n-1].End
		}
		if p != nil {
			// also for a window of sentences with no token ("! ! !"): its
			// sentences still stand between the mentions and the next
			p.carry(len(s.toks), len(s.spans))
		}
		s0 += len(s.spans)
	}
	if len(states) == 1 {
		for w := range ws {
			tokens(w, states[0])
			passes(w, states[0])
		}
	} else {
		runWindows(len(ws), states, tokens, passes)
	}
	digesting.Wait()
	rep.Source.SHA256 = hex.EncodeToString(sum[:])
	if rep.Findings == nil {
		rep.Findings = []Finding{}
	}
	if dropped > 0 {
		rep.Truncated = &Truncated{Findings: dropped}
	}
	steps := 0
	for _, s := range states {
		if s != nil {
			steps += s.steps
		}
	}
	if p != nil {
		p.finish(rep)
		steps += p.steps
	}
	rep.Stats.Sentences = len(rep.Sentences)
	if rep.Sentences == nil {
		rep.Sentences = []SentenceScore{}
	}
	z.finish(rep)
	if speech {
		finishSpeakers(rep)
	}
	return rep, steps, true
}

// windowPlan hands the passes of n windows to the goroutines that call
// work, each task as it can run: the other passes of window w once its
// token pass is done and those of w-1 are, one at a time and in order,
// first; else the token pass of the next window, on a free state. A
// window holds its state from its token pass to the end of its other
// passes.
type windowPlan struct {
	mu             sync.Mutex
	wake           sync.Cond
	n, nextT, next int  // windows; the next token pass; the next other passes
	busy           bool // the other passes of next are running
	ready          []bool
	of             []*state
	free           []*state
	stop           bool // a task panicked
}

// runWindows runs tokens and passes for n windows on the caller's
// goroutine and one more, on the states, and panics with a task's panic
// on the caller's goroutine once both are done.
func runWindows(n int, states []*state, tokens, passes func(int, *state)) {
	pl := &windowPlan{n: n, ready: make([]bool, n), of: make([]*state, n), free: slices.Clone(states)}
	pl.wake.L = &pl.mu
	var helper passGroup
	defer helper.Join() // also when a task below panics
	helper.Go(func() { pl.work(tokens, passes) })
	pl.work(tokens, passes)
	helper.Wait()
}

func (pl *windowPlan) work(tokens, passes func(int, *state)) {
	pl.mu.Lock()
	for !pl.stop && pl.next < pl.n {
		switch {
		case !pl.busy && pl.ready[pl.next]:
			w := pl.next
			s := pl.of[w]
			pl.busy = true
			pl.mu.Unlock()
			pl.do(passes, w, s)
			pl.mu.Lock()
			pl.busy = false
			pl.next++
			pl.free = append(pl.free, s)
			pl.wake.Broadcast()
		case pl.nextT < pl.n && len(pl.free) > 0:
			w := pl.nextT
			s := pl.free[len(pl.free)-1]
			pl.nextT++
			pl.free = pl.free[:len(pl.free)-1]
			pl.of[w] = s
			pl.mu.Unlock()
			pl.do(tokens, w, s)
			pl.mu.Lock()
			pl.ready[w] = true
			pl.wake.Broadcast()
		default:
			pl.wake.Wait()
		}
	}
	pl.mu.Unlock()
}

// do runs one task; when it panics, the other goroutine stops waiting and
// the panic goes on.
func (pl *windowPlan) do(task func(int, *state), w int, s *state) {
	defer func() {
		if p := recover(); p != nil {
			pl.mu.Lock()
			pl.stop = true
			pl.wake.Broadcast()
			pl.mu.Unlock()
			panic(p)
		}
	}()
	task(w, s)
}
