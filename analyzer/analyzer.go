package analyzer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
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
}

// Option configures an Analyzer.
type Option func(*config)

type config struct {
	cacheLimit int
	actors     *ActorLexicon
}

// WithStemCache bounds the number of distinct words whose stems are cached
// (default 131,072, in a table of 8 MiB: 262,144 slots of 32 bytes). Past it, new words are stemmed on
// every use; 0 turns the cache off.
func WithStemCache(n int) Option { return func(c *config) { c.cacheLimit = n } }

// New compiles a lexicon into an Analyzer.
func New(lex *Lexicon, opts ...Option) (*Analyzer, error) {
	cfg := config{cacheLimit: 1 << 17}
	for _, o := range opts {
		o(&cfg)
	}
	a := &Analyzer{lex: lex, cats: lex.Categories, scareCat: -1, trie: newTrie(), rules: lex.Rules}
	a.actors = cfg.actors
	ids := map[string]int32{}
	seq := func(text string) []int32 {
		toks := Tokenize([]byte(text))
		out := make([]int32, len(toks))
		var buf []byte
		for i, t := range toks {
			buf = fold(buf[:0], []byte(text[t.Start:t.End]))
			st := stemWord(string(buf))
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
			ref := termRef{cat: ci, entry: e, weight: w, except: phrases(e.Except, termIDs), requires: phrases(e.Requires, termIDs)}
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
	a.cache = newStemCache(ids, exact, cfg.cacheLimit)
	a.free = make(chan *state, runtime.GOMAXPROCS(0))
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
	ids     []int32 // stem id per token, -1 when not in the lexicon
	roles   []uint8 // exact-form role bits per token (negators)
	sent    []int32 // sentence index per token
	quote   []int32 // innermost quote index per token, -1 outside quotes
	spans   []Span
	quotes  []Quote
	qkind   []quoteKind
	qfirst  []int32 // first token inside each quote
	matches []match
	buf     []byte
	actors  *actorPass // attribution's scratch, made on first use
}

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
		if t := s.toks[k]; t.Kind == Word && !startsUpper(s.input[t.Start:t.End]) {
			return false
		}
	}
	return true
}

// Analyze returns the report for one input. name is the file name, "-" for
// stdin, or an object key. Analyze does not fail: invalid UTF-8 is counted
// and treated as space, and empty input gives a report with no findings.
// Callers reject binary or oversized input with CheckInput first.
func (a *Analyzer) Analyze(name string, input []byte) *Report {
	s := a.getState()
	defer a.putState(s)
	s.input = input
	sum := sha256.Sum256(input)
	rep := &Report{
		Schema:  Schema,
		Source:  Source{Name: name, Bytes: len(input), SHA256: hex.EncodeToString(sum[:])},
		Lexicon: a.lex.Info(),
	}
	rep.Stats.InvalidUTF8 = countInvalid(input)

	if want := len(input)/5 + 16; cap(s.toks) < want {
		// Size for the input at once rather than growing (about one token
		// per 5-6 bytes of news text).
		s.toks = make([]Token, 0, want)
	}
	s.toks = tokenize(input, s.toks[:0])
	s.spans = sentences(input, s.spans[:0])
	s.quotes = quotes(input, s.quotes[:0])
	n := len(s.toks)
	s.ids = grow(s.ids, n)
	s.sent = grow(s.sent, n)
	s.quote = grow(s.quote, n)
	if cap(s.roles) < n {
		s.roles = make([]uint8, n)
	}
	s.roles = s.roles[:n]

	words := 0
	si := 0
	for i, t := range s.toks {
		for si+1 < len(s.spans) && t.Start >= s.spans[si].End {
			si++
		}
		s.sent[i] = int32(si)
		s.quote[i] = -1
		s.ids[i] = -1
		s.roles[i] = 0
		if t.Kind == Word {
			words++
			s.buf = fold(s.buf[:0], input[t.Start:t.End])
			s.ids[i], s.roles[i] = a.cache.id(s.buf)
		}
	}
	a.assignQuotes(s)
	rep.Stats.Words = words
	rep.Stats.Sentences = len(s.spans)
	for qi, k := range s.qkind {
		if k != quoteNone && s.quotes[qi].Depth == 0 {
			rep.Stats.Quotes++
		}
	}
	for i := range s.toks {
		if s.quote[i] >= 0 && s.toks[i].Kind == Word {
			rep.Stats.QuotedWords++
		}
	}

	rep.Findings = a.findings(s)
	a.score(rep, s.spans)
	if a.actors != nil {
		if s.actors == nil {
			s.actors = newActorPass(a.actors)
		}
		s.actors.attribute(rep, input, s.toks, s.sent)
	}
	return rep
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
	s.input = nil
	if cap(s.toks) > maxKeptTokens {
		return
	}
	select {
	case a.free <- s:
	default:
	}
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

// assignQuotes marks each token with its innermost quote and classifies each
// quote as reported speech or a scare quote.
func (a *Analyzer) assignQuotes(s *state) {
	s.qkind = s.qkind[:0]
	s.qfirst = s.qfirst[:0]
	for range s.quotes {
		s.qkind = append(s.qkind, quoteNone)
		s.qfirst = append(s.qfirst, -1)
	}
	ti := 0
	for qi, q := range s.quotes {
		for ti < len(s.toks) && s.toks[ti].Start < q.Inner.Start {
			ti++
		}
		for k := ti; k < len(s.toks) && s.toks[k].End <= q.Inner.End; k++ {
			s.quote[k] = int32(qi)
		}
	}
	ti = 0
	for qi, q := range s.quotes {
		for ti < len(s.toks) && s.toks[ti].Start < q.Inner.Start {
			ti++
		}
		first, last := ti, ti-1
		for k := ti; k < len(s.toks) && s.toks[k].End <= q.Inner.End; k++ {
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
	if words >= 3 && endsSentence(inner) && startsUpper(s.input[s.toks[first].Start:]) {
		return quoteReported
	}
	return quoteScare
}

// withinSentence reports whether sp lies inside one sentence.
func withinSentence(spans []Span, sp Span) bool {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].End > sp.Start })
	return i < len(spans) && spans[i].Start <= sp.Start && sp.End <= spans[i].End
}

func (a *Analyzer) role(id int32) uint8 {
	if id < 0 || int(id) >= len(a.roles) {
		return 0
	}
	return a.roles[id]
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

func startsUpper(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return unicode.IsUpper(r)
}

// findings turns matches and scare quotes into findings with context applied.
func (a *Analyzer) findings(s *state) []Finding {
	s.matches = a.trie.matchAll(s, s.matches[:0])
	out := make([]Finding, 0, len(s.matches)+4)
	kept := s.matches[:0]
	for _, m := range s.matches {
		ref := &a.trie.terms[m.ref]
		if !a.contextOK(s, ref, m.first, m.last) {
			continue
		}
		kept = append(kept, m)
	}
	s.matches = kept
	for mi, m := range s.matches {
		ref := &a.trie.terms[m.ref]
		c := a.cats[ref.cat]
		start, end := s.toks[m.first].Start, s.toks[m.last].End
		f := Finding{
			Start: start, End: end, Text: string(s.input[start:end]),
			Term: ref.entry.Term, Category: c.ID, BaseWeight: ref.weight,
			Voice: VoiceAuthor, Sentence: int(s.sent[m.first]), Suggestion: ref.entry.Alternative,
		}
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
		out = append(out, f)
	}
	if a.scareCat >= 0 {
		c := a.cats[a.scareCat]
		for qi, q := range s.quotes {
			if s.qkind[qi] != quoteScare || !utf8.Valid(s.input[q.Start:q.End]) {
				// A span with invalid UTF-8 could not keep text ==
				// input[start:end] through JSON; its words still count.
				continue
			}
			first := s.qfirst[qi]
			voice := VoiceAuthor
			if q.Depth > 0 {
				voice = VoiceQuoted
			}
			s.buf = fold(s.buf[:0], trimInner(s.input[q.Inner.Start:q.Inner.End]))
			out = append(out, Finding{
				Start: q.Start, End: q.End, Text: string(s.input[q.Start:q.End]),
				Term: string(s.buf), Category: c.ID, Weight: c.Weight, BaseWeight: c.Weight,
				Voice: voice, Sentence: int(s.sent[first]),
			})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := &out[i], &out[j]
		if x.Start != y.Start {
			return x.Start < y.Start
		}
		if x.End != y.End {
			return x.End < y.End
		}
		return x.Category < y.Category
	})
	return out
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
