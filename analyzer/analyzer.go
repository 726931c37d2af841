package analyzer

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// role bits of a stem id.
const (
	roleNegator = 1 << iota
	roleNotNegating
	roleReporting
)

// Analyzer finds loaded and framing language. Build one per process with New;
// it is safe for concurrent use.
type Analyzer struct {
	lex      *Lexicon
	cats     []*Category
	scareCat int // index into cats, or -1
	trie     *trie
	roles    []uint8 // by stem id
	markers  []phrase
	cache    *stemCache
	// free holds scratch states between calls. Unlike a sync.Pool it is not
	// emptied by each garbage collection, so a long input does not allocate
	// and zero its token arrays again on every call.
	free   chan *state
	rules  Rules
	actors *ActorLexicon // nil: no actor attribution
	tech   techniqueTable
	verbs  []string // the folded speech verbs, as grammar bits index them
	// parallelMin is the least input that Analyze reads on more than one
	// goroutine (parallelBytes; tests change it).
	parallelMin int
	// window is the size of the windows a long input, of windowMin bytes or
	// more, is read in (windowBytes; tests change both; 0 reads every
	// input whole).
	window, windowMin int
}

// parallelBytes is the least input whose independent scans and passes run
// at once on more than one core: below it the handoffs cost more than the
// overlap saves (an article of a few KB takes a tenth of a millisecond).
const parallelBytes = 1 << 20

// Option configures an Analyzer.
type Option func(*config)

type config struct {
	cacheLimit int
	actors     *ActorLexicon
}

// WithStemCache bounds the number of distinct words whose stems are cached
// (default 131,072; the table grows with the vocabulary to at most 262,144 slots of 32 bytes, 8 MiB). Past it, new words are stemmed on
// every use; 0 turns the cache off.
func WithStemCache(n int) Option { return func(c *config) { c.cacheLimit = n } }

// New compiles a lexicon into an Analyzer.
func New(lex *Lexicon, opts ...Option) (*Analyzer, error) {
	cfg := config{cacheLimit: 1 << 17}
	for _, o := range opts {
		o(&cfg)
	}
	a := &Analyzer{lex: lex, cats: lex.Categories, scareCat: -1, trie: newTrie(), rules: lex.Rules, parallelMin: parallelBytes, window: windowBytes, windowMin: windowMin}
	a.actors = cfg.actors
	a.tech = newTechniqueTable(lex.Categories)
	ids := make(map[string]int32, len(lex.stems))
	seq := func(text string) []int32 {
		toks := Tokenize([]byte(text))
		out := make([]int32, len(toks))
		var buf []byte
		for i, t := range toks {
			buf = fold(buf[:0], []byte(text[t.Start:t.End]))
			st := lex.stems.stem(string(buf), false)
			id, ok := ids[st]
			if !ok {
				id = int32(len(ids))
				ids[st] = id
			}
			out[i] = id
		}
		return out
	}
	phrases := func(list []string, term []int32) []phrase {
		var out []phrase
		for _, p := range list {
			ps := seq(p)
			out = append(out, phrase{ids: ps, offset: indexSeq(ps, term)})
		}
		return out
	}
	for ci, c := range a.cats {
		if c.Role == RoleScareQuote {
			a.scareCat = ci
		}
		for ei := range c.Entries {
			e := &c.Entries[ei]
			if e.dropped() {
				continue
			}
			w := e.Weight
			if w == 0 {
				w = c.Weight
			}
			termIDs := seq(e.Term)
			ref := termRef{cat: ci, entry: e, weight: w, except: phrases(e.Except, termIDs), requires: phrases(e.Requires, termIDs),
				technique: a.tech.of(c.ID, e.Term)}
			if e.Exact {
				for _, form := range append([]string{e.Term}, e.Variants...) {
					ref.exact = append(ref.exact, foldPhrase([]byte(form)))
				}
			}
			a.trie.terms = append(a.trie.terms, ref)
			r := int32(len(a.trie.terms) - 1)
			for _, form := range append([]string{e.Term}, e.Variants...) {
				if !a.trie.insert(seq(form), r) {
					return nil, fmt.Errorf("lexicon %s: term %q is listed twice", c.file, form)
				}
			}
		}
	}
	setRole := func(words []string, bit uint8) {
		for _, w := range words {
			for _, id := range seq(w) {
				for int(id) >= len(a.roles) {
					a.roles = append(a.roles, 0)
				}
				a.roles[id] |= bit
			}
		}
	}
	// Reporting verbs match on stems (said, says, saying); negators match
	// exact word forms, since the stems of "hardly" and "barely" are "hard"
	// and "bare".
	setRole(lex.Rules.ReportingVerbs, roleReporting)
	exact := map[string]uint8{}
	for _, list := range []struct {
		words []string
		bit   uint8
	}{{lex.Rules.Negators, roleNegator}, {lex.Rules.NotNegating, roleNotNegating}} {
		for _, w := range list.words {
			exact[foldPhrase([]byte(w))] |= list.bit
		}
	}
	for _, m := range lex.Rules.ScareMarkers {
		a.markers = append(a.markers, phrase{ids: seq(m)})
	}
	for len(a.roles) < len(ids) {
		a.roles = append(a.roles, 0)
	}
	gram, verbs := grammarWords(lex.Rules, exact)
	a.verbs = verbs
	a.cache = newStemCache(ids, exact, gram, cfg.cacheLimit, a.actors)
	// One state per core, and one more: a long input on more than one
	// core is read on three (analyzeWindows).
	a.free = make(chan *state, runtime.GOMAXPROCS(0)+1)
	return a, nil
}

func indexSeq(hay, needle []int32) int {
	for i := 0; i+len(needle) <= len(hay); i++ {
		ok := true
		for k := range needle {
			if hay[i+k] != needle[k] {
				ok = false
				break
			}
		}
		if ok {
			return i
		}
	}
	return 0
}

// Lexicon returns the lexicon the Analyzer was built from.
func (a *Analyzer) Lexicon() *Lexicon { return a.lex }

// state is the scratch space of one Analyze call.
type state struct {
	input   []byte
	toks    []Token
	marks   scanMarks  // where sentences and quotes look, invalid bytes (tokenizeFrom)
	half    tokenLists // the second half's lists of a long input (scanTokens)
	halfBuf []byte
	ids     []int32  // stem id per token, -1 when not in the lexicon
	roles   []uint8  // exact-form role bits per token (negators)
	gram    []uint32 // grammar bits per token (the g* bits)
	sent    []int32  // sentence index per token
	quote   []int32  // innermost quote index per token, -1 outside quotes
	// flags holds, with actors, the word classes of each token from the
	// stem cache, for attribution (actorPass.flags).
	flags   []uint32
	spans   []Span
	quotes  []Quote
	qkind   []quoteKind
	qfirst  []int32 // first token inside each quote
	matches []match
	starts  []int32 // the tokens whose stem starts a term, in order
	// speechToks are the speech verbs and "according", in order.
	speechToks []int32
	sentFirst  []int32 // first token per sentence, and len(toks) last
	numbers    []int32 // the tokens that are numbers, in order
	scareQ     []int32 // the quotes that are scare-quote findings
	// before is the end of the last token before toks[0]: 0, but for a
	// window of a long input (analyzeWindows) the end of the last token of
	// the window before.
	before int32
	buf    []byte
	arena  []byte     // the bytes of the report's strings (save), made in this call
	actors *actorPass // attribution's scratch, made on first use
	speech speechState
	// steps counts the iterations of the loops whose length depends on the
	// text around a token (matching, quotes, attribution), for the tests
	// that hold an Analyze call to linear work.
	steps int
	// quotedWords counts the words inside quotes (assignQuotes).
	quotedWords int
	// front and halfFront are the front caches of the main pass over the
	// tokens and of its second half (scanTokens), made on first use (front:
	// see tokenPass); reused is set when the state goes back to the pool.
	front, halfFront *frontCache
	reused           bool
}

// Analyze returns the report for one input. name is the file name, "-" for
// stdin, or an object key. Analyze does not fail: invalid UTF-8 is counted
// and treated as space, and empty input gives a report with no findings.
// Callers reject binary or oversized input with CheckInput first; an input
// over MaxInputBytes is a programming error, and Analyze panics on it.
func (a *Analyzer) Analyze(name string, input []byte) *Report {
	if len(input) > MaxInputBytes {
		panic(fmt.Sprintf("analyzer: %s: %d bytes, more than MaxInputBytes (%d)", name, len(input), MaxInputBytes))
	}
	rep, _ := a.analyze(name, input)
	return rep
}

// analyze is Analyze, and returns the steps it took too.
func (a *Analyzer) analyze(name string, input []byte) (*Report, int) {
	if a.window > 0 && len(input) >= a.windowMin {
		if rep, steps, ok := a.analyzeWindows(name, input); ok {
			return rep, steps
		}
	}
	s := a.getState()
	defer a.putState(s)
	s.input, s.arena, s.steps, s.before = input, nil, 0, 0
	parallel := len(input) >= a.parallelMin && runtime.GOMAXPROCS(0) > 1

	if want := len(input)/5 + 16; cap(s.toks) < want {
		// Size for the input at once rather than growing (about one token
		// per 5-6 bytes of news text).
		s.toks = make([]Token, 0, want)
	}
	// Likewise about a sentence per 125 bytes and a quote per 500.
	if want := len(input)/100 + 16; cap(s.spans) < want {
		s.spans = make([]Span, 0, want)
	}
	// Every quote opens with a mark: sized once, an input of nothing but
	// quotes does not grow the array by doubling.
	sizeQuotes := func(marks int) {
		if want := marks + 16; cap(s.quotes) < want {
			s.quotes = make([]Quote, 0, want)
		}
	}
	// The tokens, the sentences and quotes, and the digest are three scans
	// that do not depend on each other: a long input on more than one core
	// has them done at once. On one, the token scan lists the places the
	// sentences and quotes scans read (sentencesAt, quotesAt).
	var sum [sha256.Size]byte
	var invalid int
	if parallel {
		sizeQuotes(quoteMarks(input))
		var g passGroup
		g.Go(func() { sum, invalid = sha256.Sum256(input), countInvalid(input) })
		g.Go(func() {
			s.spans = sentences(input, s.spans[:0])
			s.quotes = quotes(input, s.quotes[:0])
		})
		s.toks = tokenize(input, s.toks[:0])
		g.Wait()
	} else {
		sum = sha256.Sum256(input)
		s.marks = scanMarks{at: s.marks.at[:0]}
		s.toks = tokenizeFrom(input, 0, false, s.toks[:0], &s.marks)
		invalid = s.marks.invalid
		s.spans = sentencesAt(input, 0, s.marks.at, s.spans[:0])
		sizeQuotes(s.marks.quotes)
		s.quotes = quotesAt(input, 0, s.marks.at, s.quotes[:0])
	}
	rep := &Report{
		Schema:  Schema,
		Source:  Source{Name: name, Bytes: len(input), SHA256: hex.EncodeToString(sum[:])},
		Lexicon: a.lex.Info(),
	}
	rep.Stats.InvalidUTF8 = invalid
	words := a.tokenPass(s, input, parallel)
	a.assignQuotes(s)
	rep.Stats.Words = words
	rep.Stats.Sentences = len(s.spans)
	rep.Stats.Quotes, rep.Stats.QuotedWords = s.quoteStats()

	var dropped int
	rep.Findings, dropped = a.findings(s, maxFindings(len(input)), nil)
	if dropped > 0 {
		rep.Truncated = &Truncated{Findings: dropped}
	}
	// Attribution writes each finding's actor and the report's actors; the
	// three passes before speech write other fields (technique, voice, the
	// scores) and read none it writes: on more than one core a long input
	// has them run beside it.
	var attributing passGroup
	if a.actors != nil {
		if s.actors == nil {
			s.actors = newActorPass(a.actors)
		}
		s.actors.classified = true
		if parallel {
			// Joined before the state goes back to the pool, also when a
			// pass below panics.
			defer attributing.Join()
			attributing.Go(func() { s.actors.attribute(rep, input, s.toks, s.sent, s.flags) })
		} else {
			s.actors.attribute(rep, input, s.toks, s.sent, s.flags)
		}
	}
	a.setTechniques(rep.Findings)
	a.markReported(s, rep.Findings)
	a.score(rep, s.spans)
	attributing.Wait()
	if a.actors != nil {
		s.steps += s.actors.steps
	}
	a.collectSpeech(s, rep)
	return rep, s.steps
}

// tokenPass sizes the per-token arrays for s.toks and runs the main pass
// over them (on two goroutines when parallel); it returns the words.
func (a *Analyzer) tokenPass(s *state, input []byte, parallel bool) int {
	n := len(s.toks)
	s.ids = grow(s.ids, n)
	s.sent = grow(s.sent, n)
	s.quote = grow(s.quote, n)
	if cap(s.roles) < n {
		s.roles = make([]uint8, n)
	}
	s.roles = s.roles[:n]
	if cap(s.gram) < n {
		s.gram = make([]uint32, n)
	}
	s.gram = s.gram[:n]

	// With actors, the stem cache gives each word its word classes too, in
	// the flags array attribution reads them from (prepare).
	var flags []uint32
	if a.actors != nil {
		if cap(s.flags) < n {
			s.flags = make([]uint32, n)
		}
		s.flags = s.flags[:n]
		flags = s.flags
	}
	// Sized once for news (about a token in 2 starts a term, one in 16
	// matches), so that a long input does not copy them as they grow.
	if want := n/2 + 16; cap(s.starts) < want {
		s.starts = make([]int32, 0, want)
	}
	if want := n/16 + 16; cap(s.matches) < want {
		s.matches = make([]match, 0, want)
	}
	s.starts = s.starts[:0]
	s.speechToks = reserve(s.speechToks, n/16)
	s.numbers = s.numbers[:0]
	// sentFirst[x] is the first token of sentence x or a later one.
	ns := max(len(s.spans), 1)
	if cap(s.sentFirst) < ns+1 {
		s.sentFirst = make([]int32, ns+1)
	}
	s.sentFirst = s.sentFirst[:ns+1]
	s.sentFirst[0] = 0
	// The front cache (128 KiB) is made for a state that is used again or
	// for a long input: a state made for one short input, when the pool
	// has none free (many calls at once), is not worth it.
	if s.front == nil && (s.reused || n >= frontMinTokens) {
		s.front = new(frontCache)
	}
	var words, si int
	if m := n / 2; parallel && m > 0 {
		if s.halfFront == nil {
			s.halfFront = new(frontCache)
		}
		// The two halves of the tokens are looked up at once: the stem
		// cache is shared, each half writes its own tokens' entries, and
		// the lists of the second half follow those of the first.
		lists := tokenLists{ // sized as the first half's, not grown by doubling
			starts:  reserve(s.half.starts, cap(s.starts)/2),
			speech:  reserve(s.half.speech, cap(s.speechToks)/2),
			numbers: s.half.numbers[:0],
		}
		var w2 int
		var g passGroup
		g.Go(func() {
			w2, si = a.scanTokens(s, input, flags, m, n, s.sentenceOf(m-1), s.halfFront, &s.halfBuf, &lists)
		})
		own := tokenLists{starts: s.starts, speech: s.speechToks, numbers: s.numbers}
		words, _ = a.scanTokens(s, input, flags, 0, m, 0, s.front, &s.buf, &own)
		g.Wait()
		words += w2
		s.starts = append(own.starts, lists.starts...)
		s.speechToks = append(own.speech, lists.speech...)
		s.numbers = append(own.numbers, lists.numbers...)
		s.half = lists // kept for the next long input
	} else {
		own := tokenLists{starts: s.starts, speech: s.speechToks, numbers: s.numbers}
		words, si = a.scanTokens(s, input, flags, 0, n, 0, s.front, &s.buf, &own)
		s.starts, s.speechToks, s.numbers = own.starts, own.speech, own.numbers
	}
	for x := si + 1; x <= ns; x++ {
		s.sentFirst[x] = int32(n)
	}
	return words
}

// quoteStats counts the quotations of s (outermost, not scare quotes or
// names) and the words inside quotes.
func (s *state) quoteStats() (quotes, words int) {
	for qi, k := range s.qkind {
		if k != quoteNone && s.quotes[qi].Depth == 0 {
			quotes++
		}
	}
	return quotes, s.quotedWords
}

// passGroup runs passes on goroutines of their own. Wait waits for them
// and panics with the first panic of one, on the caller's goroutine, as
// the pass would have run there: a caller that recovers (net/http, for
// one) still can.
type passGroup struct {
	wg       sync.WaitGroup
	mu       sync.Mutex
	panicked any
	started  bool
}

func (g *passGroup) Go(f func()) {
	g.started = true
	g.wg.Go(func() {
		defer func() {
			if p := recover(); p != nil {
				g.mu.Lock()
				if g.panicked == nil {
					g.panicked = p
				}
				g.mu.Unlock()
			}
		}()
		f()
	})
}

// Wait waits for the passes and re-panics the first panic among them.
func (g *passGroup) Wait() {
	g.Join()
	g.mu.Lock()
	p := g.panicked
	g.panicked = nil
	g.mu.Unlock()
	if p != nil {
		panic(p)
	}
}

// Join waits for the passes, whatever they did.
func (g *passGroup) Join() {
	if g.started {
		g.wg.Wait()
	}
}

// tokenLists are the token lists the main pass makes: the tokens that may
// start a term, the speech tokens, the numbers.
type tokenLists struct {
	starts, speech, numbers []int32
}

// scanTokens is the main pass over tokens [from, to): each token's
// sentence, stem id, roles, grammar bits and word classes, the sentence
// starts, and the lists. si is the sentence of token from-1 as the pass
// finds it (0 for from = 0); it returns the words it counted and the
// sentence of its last token.
func (a *Analyzer) scanTokens(s *state, input []byte, flags []uint32, from, to, si int, front *frontCache, buf *[]byte, l *tokenLists) (int, int) {
	words := 0
	small := a.cache.small.Load()
	// The arrays cut to [from, to), so that one index j reaches them all.
	toks := s.toks[from:to]
	sent, quote := s.sent[from:to], s.quote[from:to]
	// Each cut to len(toks) once more, in terms the compiler can see: an
	// index below len(toks) then needs no bounds check, and no length
	// stays in a register.
	n := len(toks)
	sent, quote = sent[:n], quote[:n]
	ids, roles, gram := s.ids[from:to][:n], s.roles[from:to][:n], s.gram[from:to][:n]
	var fl []uint32
	if flags != nil {
		fl = flags[from:to][:n]
	}
	spans, sentFirst := s.spans, s.sentFirst
	// end is where sentence si ends, or past any token for the last one.
	end := math.MaxInt
	if si+1 < len(spans) {
		end = spans[si].End
	}
	// The sentences first, in a loop of their own that keeps what it needs
	// in registers.
	for j := range toks {
		for int(toks[j].Start) >= end {
			si++
			sentFirst[si] = int32(from + j)
			end = math.MaxInt
			if si+1 < len(spans) {
				end = spans[si].End
			}
		}
		sent[j] = int32(si)
		quote[j] = -1
	}
	starts := l.starts
	for j := 0; j < len(toks); j++ {
		if front != nil {
			// The fast loop: a word of up to 8 ASCII bytes, with 8 bytes of
			// input from its start, that the front cache holds and that is
			// no speech verb, as most are. It makes no call, so that more of
			// what it reads stays in registers (Go saves none across a
			// call); it stops at any other token, and at a full starts
			// list, for the loop body below.
			// The starts are written to all of their room, each token's
			// in the place after the last, and counted only when the
			// word starts a term: a branch on it was mispredicted for
			// about one word in three of newsCorpus (valgrind's branch
			// simulation).
			j0 := j
			room, ns := starts[:cap(starts)], len(starts)
			for ; j < len(toks); j++ {
				t := toks[j]
				st, n := int(t.Start), int(t.End-t.Start)
				if t.Kind != Word || uint(n-1) > 7 || st+8 > len(input) || ns >= len(room) {
					break
				}
				raw := binary.LittleEndian.Uint64(input[st:st+8:st+8]) & (^uint64(0) >> (64 - 8*n))
				lo := lowerASCII(raw)
				fe := front.entry(lo)
				if raw&high8 != 0 || fe.lo != lo || fe.lists&frontSpeech != 0 {
					break
				}
				id, role, cls := unpackMeta(fe.meta)
				g, lf := fe.gram, fe.lists
				if c := byte(raw); 'A' <= c && c <= 'Z' {
					g |= gUpper
				}
				ids[j], roles[j], gram[j] = id, role, g
				if fl != nil {
					fl[j] = cls | lf/frontPoss&1*tPoss
				}
				room[ns] = int32(from + j) // within its room (tested above)
				ns += int(lf & frontStarts)
			}
			starts = room[:ns]
			words += j - j0 // every token it read is a word
			if j == len(toks) {
				break
			}
		}
		t := toks[j]
		i := from + j
		if t.Kind != Word {
			ids[j], roles[j], gram[j] = -1, 0, 0
			l.numbers = append(l.numbers, int32(i))
			if c := input[t.End-1]; c < '0' || c > '9' {
				// a number that ends in letters ("1990's") has grammar bits too
				*buf = fold((*buf)[:0], input[t.Start:t.End])
				gram[j] = grammar(a.cache.gram, *buf) // a number starts with a digit: never gUpper
			}
			continue
		}
		words++
		w := input[t.Start:t.End]
		var (
			id   int32
			role uint8
			cls  uint32
			g    uint32
			lf   uint32 // frontStarts, frontSpeech, frontPoss
		)
		// id's fast paths, inline, for the words the fast loop left: the
		// front cache still answers for speech verbs and for words past a
		// full starts list, and most others are short and in small
		if lo, ok := packShort(w); ok && small != nil {
			var fe *frontEntry
			if front != nil {
				fe = front.entry(lo)
				if fe.lo == lo {
					id, role, cls = unpackMeta(fe.meta)
					g, lf = fe.gram, fe.lists
					goto found
				}
			}
			if m, mg := small.find(lo); m != 0 {
				id, role, cls = unpackMeta(m)
				g, lf = mg, a.listBits(id, role, w)
				if fe != nil {
					fe.lo, fe.meta, fe.gram, fe.lists = lo, m, g, lf
				}
				goto found
			}
		} else if lo, hi, ok := packLong(w); ok && front != nil {
			fe := front.longEntry(lo, hi)
			if fe.lo == lo && fe.hi == hi {
				id, role, cls = unpackMeta(fe.meta)
				g, lf = fe.gram, fe.lists
				goto found
			}
			id, role, cls, g = a.cache.id(w, buf)
			lf = a.listBits(id, role, w)
			fe.lo, fe.hi, fe.meta, fe.gram, fe.lists = lo, hi, packMeta(id, role, cls), g, lf
			goto found
		}
		id, role, cls, g = a.cache.id(w, buf)
		lf = a.listBits(id, role, w)
		small = a.cache.small.Load() // id may have grown it
	found:
		if c := w[0]; 'A' <= c && c <= 'Z' || c >= utf8.RuneSelf && upperStart(w) {
			g |= gUpper
		}
		ids[j], roles[j], gram[j] = id, role, g
		if fl != nil {
			// tPoss marks, until attribution's prepare decides, a word
			// that may end in a possessive 's
			fl[j] = cls | lf/frontPoss&1*tPoss
		}
		if lf != 0 {
			if lf&frontStarts != 0 {
				starts = append(starts, int32(i))
			}
			if lf&frontSpeech != 0 {
				l.speech = append(l.speech, int32(i))
			}
		}
	}
	l.starts = starts
	return words, si
}

// listBits are the lists of the main pass word w, with stem id and roles,
// goes in, and whether it may end in a possessive 's, as the front cache
// keeps them.
func (a *Analyzer) listBits(id int32, role uint8, w []byte) uint32 {
	var lf uint32
	if n := len(w); n >= 2 && possTail[w[n-1]]&(possTail[w[n-2]]>>1) != 0 {
		lf |= frontPoss
	}
	if a.trie.starts(id) {
		lf |= frontStarts
	}
	if role&(roleSpeech|roleAccording) != 0 {
		lf |= frontSpeech
	}
	return lf
}

// sentenceOf is the sentence the main pass gives token k: the first whose
// end is past the token's start, or the last.
func (s *state) sentenceOf(k int) int {
	start := int(s.toks[k].Start)
	x, _ := slices.BinarySearchFunc(s.spans, start, func(sp Span, v int) int {
		if sp.End > v {
			return 1
		}
		return -1
	})
	return max(min(x, len(s.spans)-1), 0)
}

// maxKeptTokens bounds the scratch kept between calls (about 40 MiB of
// arrays, 4 more with actor attribution); a state grown past it by a larger
// input is dropped after use.
const maxKeptTokens = 1 << 20

func (a *Analyzer) getState() *state {
	select {
	case s := <-a.free:
		return s
	default:
		return new(state)
	}
}

func (a *Analyzer) putState(s *state) {
	s.input, s.arena, s.reused = nil, nil, true
	if cap(s.toks) > maxKeptTokens || cap(s.marks.at) > maxKeptTokens {
		return
	}
	select {
	case a.free <- s:
	default:
	}
}

// quoteMarks bounds the number of quotes in input from above: the straight
// quote marks and the three-byte runes U+2000 to U+203F (curly quotes among
// them) and « ».
func quoteMarks(input []byte) int {
	return bytes.Count(input, []byte{'"'}) + bytes.Count(input, []byte{'\''}) +
		bytes.Count(input, []byte{0xE2, 0x80}) + bytes.Count(input, []byte{0xC2, 0xAB}) + bytes.Count(input, []byte{0xC2, 0xBB})
}

// text is input[start:end] as a string (save).
func (s *state) text(start, end int) string { return s.save(s.input[start:end]) }

// save returns b as a string kept in the arena: the strings of a report's
// findings share a few blocks instead of taking an allocation each. A block
// is written once and never reused: the report owns it.
func (s *state) save(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(s.arena)+len(b) > cap(s.arena) {
		s.arena = make([]byte, 0, max(len(b), min(arenaBlock, len(s.input)/8+256)))
	}
	start := len(s.arena)
	s.arena = append(s.arena, b...)
	return unsafe.String(&s.arena[start], len(b))
}

// arenaBlock is the largest block save allocates at a time.
const arenaBlock = 64 << 10

// reserve returns b emptied, with room for n. New room is made, not grown
// with slices.Grow, which zeroes it: what is never written then takes no
// memory.
func reserve(b []int32, n int) []int32 {
	if cap(b) < n {
		return make([]int32, 0, n)
	}
	return b[:0]
}

func grow(b []int32, n int) []int32 {
	if cap(b) < n {
		return make([]int32, n)
	}
	return b[:n]
}

func countInvalid(input []byte) int {
	if utf8.Valid(input) {
		return 0
	}
	n := 0
	for i := 0; i < len(input); {
		r, size := utf8.DecodeRune(input[i:])
		if r == utf8.RuneError && size == 1 {
			n++
		}
		i += size
	}
	return n
}

func (a *Analyzer) role(id int32) uint8 {
	if id < 0 || int(id) >= len(a.roles) {
		return 0
	}
	return a.roles[id]
}
