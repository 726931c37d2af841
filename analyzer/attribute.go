package analyzer

import (
	"cmp"
	"slices"
	"strings"
)

// actorRef is one actor of a report: a lexicon actor or a detected name.
type actorRef struct {
	name     string
	person   bool
	known    bool
	mentions int
	findings int
	weight   float64
	cats     []catTally // one per category of its findings
}

// reported reports whether the report lists r: aimed at by a finding, a
// lexicon actor mentioned, or a name mentioned twice.
func (r *actorRef) reported() bool {
	return r.findings > 0 || r.known && r.mentions > 0 || r.mentions >= 2
}

type catTally struct {
	id     string
	weight float64
}

// tally adds a finding of category id and weight w.
func (r *actorRef) tally(id string, w float64) {
	for i := range r.cats {
		if r.cats[i].id == id {
			r.cats[i].weight = round2(r.cats[i].weight + w)
			return
		}
	}
	r.cats = append(r.cats, catTally{id: id, weight: round2(w)})
}

// actorPass holds one attribution over one input. A pass belongs to the
// scratch state of an Analyze call (state.actors) and is reused with it:
// everything but the input is scratch space that outlives a call.
type actorPass struct {
	lex   *ActorLexicon
	input []byte
	toks  []Token
	sent  []int32
	// flags holds, per token, the word classes of its folded form (without
	// a possessive 's), the t* bits and the hash of the folded form. Folded
	// text is made again where a name is read, instead of kept for every
	// token.
	flags []uint32
	// classified is set while flags holds the word classes of every word,
	// written by Analyze from the stem cache, for prepare to take.
	classified bool
	headlines  []bool // per sentence: in title case, where capitals do not mark names
	refs       []actorRef
	known      []int32 // lexicon actor → ref, -1 while not mentioned
	named      map[string]int
	// surnames maps a folded surname to its ref; packedSurnames holds
	// those that pack (packWord), looked up without folding.
	surnames       map[string]int
	packedSurnames slotMap
	// surnameHashes has the bit of the hash of every surname: most
	// capitalized words are not surnames, and need no folding to tell.
	surnameHashes [1 << hashBits / 64]uint64
	mentions      []mention
	// index tables over mentions[:scanned] (scan), so that no search for a
	// subject or a pronoun's antecedent walks back over a whole sentence:
	// prevSubj[x][i] is the latest subject mention ≤ i whose person is x
	// (0 or 1), nextSubj[i] the first subject mention ≥ i (-1: none yet, from
	// pendingNext on), lastOf[x] the latest mention whose person is x, and
	// sentStart the first mention of the sentence of the latest mention.
	scanned     int
	prevSubj    [2][]int32
	nextSubj    []int32
	pendingNext int
	lastOf      [2]int32
	sentStart   int
	// steps counts the iterations of the loops that search tokens or
	// mentions, for the tests that hold attribution to linear work.
	steps int
	// an appositive after "Pakistan's Permanent Representative" names
	// someone who speaks for Pakistan.
	pendingRef, pendingUntil int
	// cont is set from the second window of a long input on: token 0
	// is not the input's first (carry).
	cont bool
	// how far prepare and findMentions have read, and the word counts of
	// the sentence prepare is in.
	prepared, next       int
	sentWords, sentUpper int
	// where the search for the previous finding ended (targetOf)
	tokHint, mentionHint int

	// cands lists the tokens from next on that prepare found findMentions
	// must read (mentionBits).
	cands []int32

	// catCache holds lex.objectFirst for the categories seen (objectFirst).
	catCache [64]struct {
		id          string
		objectFirst bool
	}

	knowns []mention // scratch of run
	chunks []tokSpan // scratch of run
	fold   []byte    // scratch of foldAt
	name   []byte    // scratch of nameText
}

func newActorPass(lex *ActorLexicon) *actorPass {
	return &actorPass{lex: lex, named: map[string]int{}, surnames: map[string]int{}}
}

// attribute fills Finding.Actor and Report.Actors.
func (p *actorPass) attribute(rep *Report, input []byte, toks []Token, sent []int32, flags []uint32) {
	p.begin(len(toks))
	p.window(rep.Findings, input, toks, sent, flags)
	p.finish(rep)
}

// window attributes the findings fs of the tokens toks, an input's or
// those of one window of it (analyzeWindows); the names, the actors' counts
// and the mentions carried from the window before stay.
func (p *actorPass) window(fs []Finding, input []byte, toks []Token, sent []int32, flags []uint32) {
	p.reset(input, toks, sent, flags)
	// Read the input in blocks of whole sentences, each while its tokens
	// are still in the cache: classify the tokens, find the mentions, then
	// attribute the findings whose mentions are all known.
	n, next := len(toks), 0
	for from := 0; from < n; {
		to := min(from+actorBlock, n)
		for to < n && sent[to] == sent[to-1] {
			to++
		}
		p.prepare(min(to+3, n))
		p.findMentions(to)
		// targetOf looks up to 3 tokens past a finding, and a mention
		// never spans two sentences.
		for ; next < len(fs) && (to == n || int(toks[to-3].End) > fs[next].End); next++ {
			p.attributeFinding(&fs[next])
		}
		from = to
	}
	for ; next < len(fs); next++ {
		p.attributeFinding(&fs[next])
	}
}

// carry readies the pass for the window after the one it read, of n tokens
// and ns sentences: it keeps the mentions a later one may reach back to
// (pronouns look two sentences back, speakers 64 mentions: the mentions
// of the last three sentences, and at least the last 64), numbered from the
// next window's first token and sentence, so before it.
func (p *actorPass) carry(n, ns int) {
	ms := p.mentions
	from := max(len(ms)-64, 0)
	for from > 0 && int(ms[from-1].sent) >= ns-3 {
		from--
	}
	kept := copy(ms, ms[from:])
	for i := range kept {
		m := &ms[i]
		m.first -= n
		m.last -= n
		m.sent -= int32(ns)
	}
	p.mentions = ms[:kept]
	p.pendingUntil -= n
	p.cont = true
}

// finish writes the report's actors.
func (p *actorPass) finish(rep *Report) {
	rep.Actors = nil
	// The actors and their categories are counted first, to be made in one
	// allocation each.
	actors, ncats := 0, 0
	for i := range p.refs {
		if r := &p.refs[i]; r.reported() {
			actors++
			ncats += len(r.cats)
		}
	}
	if actors > 0 {
		rep.Actors = make([]ActorScore, 0, actors)
	}
	all := make([]string, 0, ncats)
	for i := range p.refs {
		r := &p.refs[i]
		if !r.reported() {
			continue
		}
		slices.SortFunc(r.cats, func(x, y catTally) int {
			if x.weight != y.weight {
				return cmp.Compare(y.weight, x.weight)
			}
			return strings.Compare(x.id, y.id)
		})
		from := len(all)
		for _, c := range r.cats {
			all = append(all, c.id)
		}
		cats := all[from:len(all):len(all)]
		rep.Actors = append(rep.Actors, ActorScore{Name: r.name, Mentions: r.mentions, Findings: r.findings, Weight: r.weight, Categories: cats})
	}
	slices.SortStableFunc(rep.Actors, func(x, y ActorScore) int {
		switch {
		case x.Weight != y.Weight:
			return cmp.Compare(y.Weight, x.Weight)
		case x.Findings != y.Findings:
			return cmp.Compare(y.Findings, x.Findings)
		case x.Mentions != y.Mentions:
			return cmp.Compare(y.Mentions, x.Mentions)
		}
		return strings.Compare(x.Name, y.Name)
	})
	p.input, p.toks, p.sent, p.flags = nil, nil, nil, nil
	p.classified = false
}

// actorBlock is the number of tokens attribute reads at a time, rounded up
// to a sentence: their flags, tokens and text stay in the cache.
const actorBlock = 4096

// attributeFinding gives a finding its actor.
func (p *actorPass) attributeFinding(f *Finding) {
	ref := p.targetOf(f.Start, f.End, p.objectFirst(f.Category))
	if ref < 0 {
		return
	}
	r := &p.refs[ref]
	f.Actor = r.name
	r.findings++
	r.weight = round2(r.weight + f.Weight)
	r.tally(f.Category, f.Weight)
}

// objectFirst is lex.objectFirst for category id, through a cache of the
// ids seen, probed from a hash of the length and three bytes of the id: a
// map lookup per finding would hash the whole id every time.
func (p *actorPass) objectFirst(id string) bool {
	if id == "" {
		return p.lex.objectFirst[id]
	}
	n := len(p.catCache)
	h := len(id)*7 + int(id[0])*3 + int(id[len(id)/2])*5 + int(id[len(id)-1])
	for j := range 4 {
		e := &p.catCache[(h+j)%n]
		if e.id == id {
			return e.objectFirst
		}
		if e.id == "" {
			e.id, e.objectFirst = id, p.lex.objectFirst[id]
			return e.objectFirst
		}
	}
	return p.lex.objectFirst[id] // the cache is full around h
}

// begin readies a pass, new or reused, for one input of about n tokens.
func (p *actorPass) begin(n int) {
	// Drop the names and tallies of the last input, but keep the arrays of
	// category tallies for the refs of this one (addRef).
	for i := range p.refs {
		p.refs[i] = actorRef{cats: p.refs[i].cats[:0]}
	}
	p.refs = p.refs[:0]
	if want := n/8 + 16; cap(p.mentions) < want {
		// about one mention in 10 tokens in news (names, roles, pronouns):
		// sized once, so that a long input does not copy them as they grow
		p.mentions = make([]mention, 0, want)
		p.prevSubj[0], p.prevSubj[1] = make([]int32, 0, want), make([]int32, 0, want)
		p.nextSubj = make([]int32, 0, want)
	}
	p.mentions = p.mentions[:0]
	p.known = p.known[:0]
	for range p.lex.actors {
		p.known = append(p.known, -1)
	}
	clear(p.named)
	clear(p.surnames)
	p.packedSurnames.clear()
	clear(p.surnameHashes[:])
	p.pendingRef, p.pendingUntil = -1, 0
	p.steps = 0
	p.cont = false
}

// reset readies the pass for the tokens of an input or of one window of
// it, after begin or carry.
func (p *actorPass) reset(input []byte, toks []Token, sent []int32, flags []uint32) {
	p.input, p.toks, p.sent, p.flags = input, toks, sent, flags[:len(toks)]
	// a bit per sentence, which prepare sets where the sentence ends
	p.headlines = p.headlines[:0]
	if n := len(toks); n > 0 {
		p.headlines = slices.Grow(p.headlines, int(sent[n-1])+1)[:sent[n-1]+1]
	}
	p.prepared, p.sentWords, p.sentUpper, p.next = 0, 0, 0, 0
	p.cands = p.cands[:0]
	p.tokHint, p.mentionHint = 0, 0
	p.scanned, p.pendingNext, p.sentStart = 0, 0, 0
	p.prevSubj[0], p.prevSubj[1] = p.prevSubj[0][:0], p.prevSubj[1][:0]
	p.nextSubj = p.nextSubj[:0]
	p.lastOf = [2]int32{-1, -1}
}

// scan extends the index tables to the mentions found so far. Mentions are
// final once findMentions has sorted their run, and sorted by first token,
// so the sentences of mentions never decrease. The tables are grown in
// locals, stored back once.
func (p *actorPass) scan() {
	if p.scanned < len(p.mentions) {
		p.scanMore() // a call only when there is something to scan
	}
}

func (p *actorPass) scanMore() {
	ms := p.mentions
	prev0, prev1, next := p.prevSubj[0], p.prevSubj[1], p.nextSubj
	pending, sentStart, lastOf, steps := p.pendingNext, p.sentStart, p.lastOf, p.steps
	prev := [2]int32{-1, -1}
	if i := p.scanned; i > 0 {
		prev = [2]int32{prev0[i-1], prev1[i-1]}
	}
	for i := p.scanned; i < len(ms); i++ {
		m := &ms[i]
		x := b2i(m.person)
		next = append(next, -1)
		if m.subject {
			prev[x] = int32(i)
			for j := pending; j <= i; j++ {
				steps++
				next[j] = int32(i)
			}
			pending = i + 1
		}
		prev0 = append(prev0, prev[0])
		prev1 = append(prev1, prev[1])
		lastOf[x] = int32(i)
		if i == 0 || m.sent != ms[i-1].sent {
			sentStart = i
		}
	}
	p.prevSubj[0], p.prevSubj[1], p.nextSubj = prev0, prev1, next
	p.pendingNext, p.sentStart, p.lastOf, p.steps = pending, sentStart, lastOf, steps
	p.scanned = len(ms)
}

// prevSubject is the latest subject mention at or before mention i, or -1.
func (p *actorPass) prevSubject(i int) int {
	return int(max(p.prevSubj[0][i], p.prevSubj[1][i]))
}

// mentionSent is the sentence of mention i.
func (p *actorPass) mentionSent(i int) int32 { return p.mentions[i].sent }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
