package analyzer

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// mention is one place an actor is named (or a pronoun stands for it).
type mention struct {
	first, last int // token range
	ref         int
	person      bool // a person named, even if counted for a country
	// own is 1 + the lexicon person this mention names when the person
	// counts for another actor (a representative: the ambassador for a
	// country), 0 otherwise; speakers are named by it.
	own     int32
	sent    int32 // the sentence of first, set by addMention
	poss    bool  // "Pakistan's", "its"
	subject bool  // starts its clause
	pronoun bool
}

// tokSpan is a token range [first, last].
type tokSpan struct{ first, last int }

// matchAlias returns the lexicon actor and word count of the longest alias
// that starts at token k and ends by token limit, or -1.
func (p *actorPass) matchAlias(k, limit int) (int, int) {
	if !p.aliasStart(k) {
		return -1, 0
	}
	for _, a := range p.aliasesAt(k) {
		n := len(a.words)
		if k+n-1 > limit {
			continue
		}
		ok := true
		for i := range a.words {
			w := &a.words[i]
			f := p.flags[k+i]
			if (i > 0 && !p.glued(k+i)) || (i < n-1 && f&tPoss != 0) {
				ok = false
				break
			}
			if w.exact != "" {
				ok = string(p.text(k+i)) == w.exact
			} else {
				ok = p.foldIs(k+i, w) && (i > 0 || (f&tUpper != 0) != w.lower)
			}
			if !ok {
				break
			}
		}
		if ok {
			return a.actor, n
		}
	}
	return -1, 0
}

// aliasesAt returns the aliases whose first word token k is when folded,
// longest first: the lexicon finds them by the hash prepare keeps.
func (p *actorPass) aliasesAt(k int) []actorAlias {
	slots := p.lex.aliasSlots
	mask := uint32(len(slots) - 1)
	h := p.flags[k] >> hashShift
	for i := h & mask; slots[i] != 0; i = (i + 1) & mask {
		list := p.lex.aliasLists[slots[i]-1]
		if p.foldIs(k, &list[0].words[0]) {
			return list
		}
	}
	return nil
}

// foldIs reports whether token k folds to w.fold. The hash tells most words
// apart; a word that packs is then compared packed, without folding.
func (p *actorPass) foldIs(k int, w *aliasWord) bool {
	if p.flags[k]>>hashShift != w.hash {
		return false
	}
	if w.packed {
		if lo, hi, ok := packWord(p.text(k)); ok {
			return lo == w.lo && hi == w.hi
		}
	}
	return string(p.foldAt(k)) == w.fold
}

// aliasStart reports whether an alias can start at token k: whether its
// folded form starts an alias of its case.
func (p *actorPass) aliasStart(k int) bool {
	f := p.flags[k]
	if f&tUpper != 0 {
		return f&wAliasUpper != 0
	}
	return f&wAliasLower != 0
}

// ownOf is mention.own for the lexicon actor actor.
func (p *actorPass) ownOf(actor int) int32 {
	if a := p.lex.actors[actor]; a.person && a.target != actor {
		return int32(actor) + 1
	}
	return 0
}

// speakerName is the name a mention gives a speaker: the person it names,
// also when the person counts for another actor, else its actor's name.
func (p *actorPass) speakerName(m mention) string {
	if m.own > 0 {
		return p.lex.actors[m.own-1].name
	}
	return p.refs[m.ref].name
}

func (p *actorPass) refFor(actor int) int {
	t := p.lex.actors[actor].target
	if r := p.known[t]; r >= 0 {
		return int(r)
	}
	p.known[t] = int32(p.addRef(actorRef{name: p.lex.actors[t].name, person: p.lex.actors[t].person, known: true}))
	return len(p.refs) - 1
}

// addRef appends r to p.refs, reusing the tally array a ref of an earlier
// input left in its place.
func (p *actorPass) addRef(r actorRef) int {
	if n := len(p.refs); n < cap(p.refs) {
		r.cats = p.refs[:n+1][n].cats[:0]
	}
	p.refs = append(p.refs, r)
	return len(p.refs) - 1
}

// newName adds a detected name that is not in p.named yet.
func (p *actorPass) newName(name string) int {
	p.named[name] = p.addRef(actorRef{name: name, person: true})
	return len(p.refs) - 1
}

// clauseInitial reports whether token k starts its clause, allowing an
// article before it.
func (p *actorPass) clauseInitial(k int) bool {
	for i := k - 1; i >= 0 && p.flags[i+1]&tClause == 0; i-- {
		p.steps++
		if p.flags[i]&wArticle == 0 {
			return false
		}
	}
	return true
}

// sameClause reports whether tokens i and j are in one clause.
func (p *actorPass) sameClause(i, j int) bool {
	if i > j {
		i, j = j, i
	}
	for k := i + 1; k <= j; k++ {
		if p.flags[k]&tClause != 0 {
			return false
		}
	}
	return true
}

func (p *actorPass) addMention(m mention) {
	m.subject = p.clauseInitial(m.first)
	m.sent = p.sent[m.first]
	if !m.pronoun {
		p.refs[m.ref].mentions++
	}
	p.mentions = append(p.mentions, m)
}

// findMentions reads the tokens from p.next to the sentence start to, in
// order, so that a pronoun resolves to the actors named before it. It reads
// only the tokens prepare listed in p.cands (mentionBits): the others are
// lower-case words in no class that matters here, or numbers.
func (p *actorPass) findMentions(to int) {
	k := p.next
	cands := p.cands
	ci := 0
	for ; ci < len(cands) && int(cands[ci]) < to; ci++ {
		if int(cands[ci]) < k {
			continue // read with a run or an alias before it
		}
		k = int(cands[ci])
		p.steps++
		f := p.flags[k]
		if p.pendingRef >= 0 && k > p.pendingUntil {
			p.pendingRef = -1
		}
		if f&wPossPron != 0 || f&(wSubjectPron|tPoss) == wSubjectPron {
			p.pronoun(k)
			k++
			continue
		}
		if f&tUpper == 0 {
			if f&wTitle != 0 {
				p.titleAfterPossessive(k, k) // "Ostrel's ambassador, Mira Talvet"
			}
			// a lower-case alias ("al-Qaeda") stands on its own
			if f&wAliasLower == 0 {
				k++
				continue
			}
			if actor, n := p.matchAlias(k, len(p.toks)-1); actor >= 0 {
				p.addMention(mention{first: k, last: k + n - 1, ref: p.refFor(actor), person: p.lex.actors[actor].person, poss: p.flags[k+n-1]&tPoss != 0, own: p.ownOf(actor)})
				k += n
				continue
			}
			k++
			continue
		}
		// A run of capitalized words, glued, with connectors between them; a
		// possessive ends it.
		end := k
		for p.flags[end]&tPoss == 0 && end+1 < len(p.toks) && p.glued(end+1) {
			n := p.flags[end+1]
			if n&(tWord|tUpper) == tWord|tUpper {
				end++
				continue
			}
			if n&(tWord|wConnector) == tWord|wConnector && end+2 < len(p.toks) && p.flags[end+2]&tUpper != 0 && p.glued(end+2) {
				end += 2
				continue
			}
			break
		}
		switch {
		case end == k && f&(wAliasUpper|wTitle|wNotActor|wNotName) == 0:
			// One capitalized word, not an alias and in no list: all that
			// run would do is look it up as a surname.
			if r, ok := p.surname(k); ok {
				p.addMention(mention{first: k, last: k, ref: r, person: true, poss: f&tPoss != 0})
			}
		case end == k && f&(wAliasUpper|wTitle) == 0:
			// One word that names no one ("The", "Treaty"): run would find
			// nothing.
		default:
			p.run(k, end, p.headlines[p.sent[k]])
		}
		k = end + 1
	}
	// keep the tokens prepare listed past to for the next block
	p.cands = cands[:copy(cands, cands[ci:])]
	p.next = max(k, to)
}

// run reads one run of capitalized words [first, last].
func (p *actorPass) run(first, last int, headline bool) {
	from := len(p.mentions)
	p.knowns = p.knowns[:0]
	p.chunks = p.chunks[:0]
	titles, thing := 0, false
	open := -1 // start of the current unknown chunk
	closeChunk := func(end int) {
		if open >= 0 {
			p.chunks = append(p.chunks, tokSpan{open, end})
			open = -1
		}
	}
	for k := first; k <= last; {
		p.steps++
		if actor, n := p.matchAlias(k, last); actor >= 0 {
			closeChunk(k - 1)
			ref := p.refFor(actor)
			m := mention{first: k, last: k + n - 1, ref: ref, person: p.lex.actors[actor].person, poss: p.flags[k+n-1]&tPoss != 0, own: p.ownOf(actor)}
			if kn := len(p.knowns) - 1; kn >= 0 && p.knowns[kn].ref == ref {
				p.knowns[kn].last = m.last // "Russian President Vladimir Putin" is one mention
				p.knowns[kn].poss = m.poss
				p.knowns[kn].person = p.knowns[kn].person || m.person
				if m.own > 0 {
					p.knowns[kn].own = m.own // the person, not the country, speaks
				}
			} else {
				p.knowns = append(p.knowns, m)
			}
			k += n
			continue
		}
		f := p.flags[k]
		switch {
		case f&wTitle != 0:
			titles++
			closeChunk(k - 1)
		case f&wNotActor != 0:
			thing = true
			closeChunk(k - 1)
		case f&wNotName != 0:
			closeChunk(k - 1)
		case f&wConnector != 0 && f&tUpper == 0:
			// stays in the chunk it joins
		default:
			if open < 0 {
				open = k
			}
		}
		k++
	}
	closeChunk(last)
	if thing {
		p.chunks = p.chunks[:0]
	}
	for _, c := range p.chunks {
		for c.last > c.first && p.flags[c.last]&wConnector != 0 {
			c.last--
		}
		if c.first == c.last || headline {
			// One capitalized word names someone only when it repeats part of
			// a name already seen ("Guterres", "Iftikhar").
			if c.first == c.last {
				if r, ok := p.surname(c.first); ok {
					p.addMention(mention{first: c.first, last: c.last, ref: r, person: true, poss: p.flags[c.last]&tPoss != 0})
				}
			}
			continue
		}
		name := p.nameText(c.first, c.last)
		if len(p.knowns) > 0 {
			// "Pakistani Defence Minister Khawaja Asif": the name speaks for
			// the actor named in the same run.
			kn := &p.knowns[len(p.knowns)-1]
			p.remember(name, c.last, kn.ref)
			if c.last > kn.last {
				kn.last = c.last
				kn.poss = p.flags[c.last]&tPoss != 0
			}
			kn.person = true
			continue
		}
		ref := -1
		if r, ok := p.named[string(name)]; ok {
			ref = r
		} else if r, ok := p.surname(c.last); ok && p.refs[r].person {
			ref = r // "Iftikhar Ahmad" after "Asim Iftikhar Ahmad"
		} else if p.pendingRef >= 0 {
			ref = p.pendingRef
			p.remember(name, c.last, ref)
		} else {
			ref = p.newName(string(name))
			p.remember(name, c.last, ref)
		}
		p.pendingRef = -1
		p.addMention(mention{first: c.first, last: c.last, ref: ref, person: true, poss: p.flags[c.last]&tPoss != 0})
	}
	for _, m := range p.knowns {
		p.addMention(m)
	}
	// Order the mentions of the run by their first token: a run is short in
	// news, but a sort keeps a long one (a list of names) from taking
	// quadratic time.
	slices.SortStableFunc(p.mentions[from:], func(x, y mention) int { return x.first - y.first })
	// "Pakistan's Permanent Representative, Asim Iftikhar": a possessive
	// actor right before a run of titles.
	if titles > 0 && len(p.knowns) == 0 && len(p.chunks) == 0 {
		p.titleAfterPossessive(first, last)
	}
}

// titleAfterPossessive arms the appositive rule when the title run [first,
// last] follows a possessive mention directly.
func (p *actorPass) titleAfterPossessive(first, last int) {
	for i := len(p.mentions) - 1; i >= 0; i-- {
		p.steps++
		m := p.mentions[i]
		if m.last >= first {
			continue
		}
		if m.poss && m.last == first-1 && !p.refs[m.ref].person {
			p.pendingRef = m.ref
			p.pendingUntil = last + 12
		}
		return
	}
}

// remember records a name and its last word (a surname) for ref. The map
// keys are copied only when they are new.
func (p *actorPass) remember(name []byte, lastTok, ref int) {
	if r, ok := p.named[string(name)]; !ok || r != ref {
		p.named[string(name)] = ref
	}
	h := p.flags[lastTok] >> hashShift
	if key, ok := p.packedFold(lastTok); ok {
		if _, ok := p.packedSurnames.get(key); !ok {
			p.packedSurnames.put(key, ref)
			p.surnameHashes[h/64] |= 1 << (h % 64)
		}
	} else if _, ok := p.surnames[string(p.fold)]; !ok {
		p.surnames[string(p.fold)] = ref
		p.surnameHashes[h/64] |= 1 << (h % 64)
	}
}

// surname returns the ref whose surname token k is, if any.
func (p *actorPass) surname(k int) (int, bool) {
	if h := p.flags[k] >> hashShift; p.surnameHashes[h/64]&(1<<(h%64)) == 0 {
		return 0, false
	}
	if key, ok := p.packedFold(k); ok {
		return p.packedSurnames.get(key)
	}
	r, ok := p.surnames[string(p.fold)]
	return r, ok
}

// packedFold returns token k folded and packed as packWord packs it, and
// false, with the folded text in p.fold, when that does not pack. A token
// that packs as written needs no folding.
func (p *actorPass) packedFold(k int) (wordSlot, bool) {
	w := p.text(k)
	if lo, hi, ok := packWord(w); ok {
		return wordSlot{lo, hi}, true
	}
	p.fold = fold(p.fold[:0], w)
	lo, hi, ok := packWord(p.fold)
	return wordSlot{lo, hi}, ok
}

// nameText is the name as written, without a possessive, spaces squeezed:
// the input itself when it has only single spaces, else in scratch space
// that the next call reuses.
func (p *actorPass) nameText(first, last int) []byte {
	end := int(p.toks[last].Start) + len(p.text(last))
	raw := p.input[p.toks[first].Start:end]
	if squeezed(raw) {
		return raw
	}
	p.name = appendFields(p.name[:0], raw)
	return p.name
}

// squeezed reports whether appendFields would leave b as it is: b is ASCII,
// with no control byte, no space at either end and no two spaces in a row.
func squeezed(b []byte) bool {
	space := true // no space at the start
	for _, c := range b {
		if c >= utf8.RuneSelf || c < ' ' || c == ' ' && space {
			return false
		}
		space = c == ' '
	}
	return !space || len(b) == 0
}

// appendFields appends the space-separated fields of b to dst, joined by
// single spaces: strings.Join(strings.Fields(b), " ") without allocating.
func appendFields(dst, b []byte) []byte {
	start, from := len(dst), 0 // from: the start of the current field, or -1
	for i := 0; i < len(b); {
		size, space := 1, false
		if c := b[i]; c < utf8.RuneSelf {
			space = asciiSpace[c]
		} else {
			var r rune
			r, size = utf8.DecodeRune(b[i:])
			space = unicode.IsSpace(r)
		}
		switch {
		case space && from >= 0:
			dst = appendField(dst, start, b[from:i])
			from = -1
		case !space && from < 0:
			from = i
		}
		i += size
	}
	if from >= 0 {
		dst = appendField(dst, start, b[from:])
	}
	return dst
}

// appendField appends one field of appendFields, after a space unless it is
// the first since start.
func appendField(dst []byte, start int, field []byte) []byte {
	if len(field) == 0 {
		return dst
	}
	if len(dst) > start {
		dst = append(dst, ' ')
	}
	return append(dst, field...)
}

// asciiSpace marks the ASCII bytes unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// pronoun adds the mention a pronoun stands for. A possessive pronoun ("its
// attempt") stands for the latest actor named in this or the previous
// sentence; a subject pronoun starting a clause ("He lamented") for the
// subject of an earlier sentence. Person pronouns prefer people, the others
// prefer countries and organizations.
func (p *actorPass) pronoun(k int) {
	person := p.flags[k]&wPersonPron != 0
	poss := p.flags[k]&wPossPron != 0
	best, fallback := -1, -1 // mention indexes
	p.scan()
	x := b2i(person)
	switch n := len(p.mentions); {
	case n == 0:
	case poss || !p.clauseInitial(k):
		// the latest mention, and the latest of its kind, within this and
		// the previous sentence
		if int(p.sent[k])-int(p.mentionSent(n-1)) <= 1 {
			fallback = n - 1
			if j := int(p.lastOf[x]); j >= 0 && int(p.sent[k])-int(p.mentionSent(j)) <= 1 {
				best = j
			}
		}
	default:
		// the latest subject, and the latest of its kind, in the two
		// sentences before this one
		last := n - 1 // the last mention before this sentence
		if p.mentionSent(last) == p.sent[k] {
			last = p.sentStart - 1
		}
		if last >= 0 {
			if j := p.prevSubject(last); j >= 0 && int(p.sent[k])-int(p.mentionSent(j)) <= 2 {
				fallback = j
			}
			if j := int(p.prevSubj[x][last]); j >= 0 && int(p.sent[k])-int(p.mentionSent(j)) <= 2 {
				best = j
			}
		}
	}
	if best < 0 {
		best = fallback
	}
	if best < 0 {
		return
	}
	src := p.mentions[best]
	best = src.ref
	p.addMention(mention{first: k, last: k, ref: best, person: person, poss: poss, pronoun: true, own: src.own})
	if poss && p.titleNext(k) && !p.refs[best].person {
		// "its ambassador, Mira Talvet": she speaks for it.
		p.pendingRef, p.pendingUntil = best, k+12
	}
}

// titleNext reports whether the token after k, in the same sentence, is a
// title.
func (p *actorPass) titleNext(k int) bool {
	return k+1 < len(p.flags) && p.sent[k+1] == p.sent[k] && p.flags[k+1]&wTitle != 0
}
