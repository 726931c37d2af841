package analyzer

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
)

// Reported speech and speakers. Two passes after the main one: markReported
// (before scoring) finds the complements of speech verbs and "according to"
// phrases outside quotation marks and gives their findings voice reported;
// collectSpeech (after actor attribution) lists every quotation and report
// with its speaker and verb (Report.Quotes) and sums them by speaker
// (Report.Speakers).
//
// A report is read from one sentence, in one of these shapes:
//
//	SUBJ VERB [that] COMPLEMENT          Officials said (that) the bid had failed.
//	COMPLEMENT, SUBJ VERB [tail]         The bid had failed, officials said on Monday.
//	COMPLEMENT, VERB SUBJ                The bid had failed, said one diplomatic source.
//	HEAD, SUBJ VERB, REST                The bid, officials said, had failed.
//	according to X, COMPLEMENT           According to diplomats, the bid had failed.
//	COMPLEMENT, according to X           The bid had failed, according to diplomats.
//
// The verb itself and the words before it (the writer's "falsely claimed")
// stay in the writer's voice. Sentences after the report are not read as
// governed by its verb: nothing in the text marks where such a continuation
// ends, so only quotation marks carry speech across sentences.

// role bits of exact word forms (state.roles), besides the negators'.
const (
	roleSpeech    = 1 << 3 // a speech verb: said, claimed, told
	roleAccording = 1 << 4 // "according" (of "according to")
)

// Speaker kinds.
const (
	SpeakerNamed     = "named"
	SpeakerRole      = "role"
	SpeakerAnonymous = "anonymous"
)

// Verb categories of a quotation or report.
const (
	VerbNeutral = "neutral" // said, told: no finding on the verb
	VerbLoaded  = "loaded"  // claimed, lamented: a lexicon finding on the verb
)

// Grammar bits of a word form (state.gram): which of the word sets below
// (and of the speech rules' speaker roles and anonymity markers) the folded
// word is in, and two of its endings. The stem cache computes them once per
// distinct word, so the speech passes test a token's word with a mask
// instead of folding it and looking it up again.
const (
	gDeterminer = 1 << iota
	gIndefinite
	gNPStop
	gCircumstance
	gPronoun
	gCoordinator
	gPassive
	gSubordinator
	gListener
	gPreVerb
	gRelative
	gThatVerb
	gComplement
	gRole       // speaker_roles
	gAnon       // anonymous_markers
	gTo         // "to"
	gThat       // "that"
	gTell       // told, tells, telling
	gAs         // "as"
	gAccording  // "according"
	gGroup      // they, we: never one person
	gHeShe      // he, she
	gLy         // ends in "ly"
	gPossessive // ends in "'s"
	// gUpper is set per token, not per word, by the main pass: the token
	// starts with an upper-case letter.
	gUpper
)

// A speech verb's grammar bits hold, from bit verbShift, 1 + its index in
// Analyzer.verbs (0 past the 127th): the speech pass names the verb without
// reading the text again.
const (
	verbShift = 25
	maxVerbs  = 1<<(32-verbShift) - 1
)

// grammarSets are the word sets of grammar, not of the lexicon: they shape
// a noun phrase.
var grammarSets = []struct {
	bit   uint32
	words string
}{
	{gDeterminer, "a an the one some several two three four many multiple other another any its his her their our this that these those"},
	{gIndefinite, "a an one some several two three four many multiple other another any"},
	// npStop ends a subject noun phrase read backwards from its verb.
	{gNPStop, "on in at and but or while after before late earlier later yesterday today tonight also then meanwhile however when as because since so who which that had has have was were is are will would could should may might also monday tuesday wednesday thursday friday saturday sunday speaking spoke"},
	// circumstance starts the short tail after a verb that ends its
	// sentence ("…, officials said on Monday").
	{gCircumstance, "on in at during after before late earlier later yesterday today tonight last this in to on"},
	{gPronoun, "he she they it we i"},
	{gCoordinator, "and but while although though whereas yet"},
	{gPassive, "was were is are be been being"},
	{gSubordinator, "even as while and but which who when although though because so"},
	{gListener, "reporters journalists me us him her them you lawmakers parliament delegates members"},
	// preVerb are adverbs between a subject and its verb ("Arno later claimed").
	{gPreVerb, "later also then again once earlier previously repeatedly separately subsequently"},
	{gRelative, "which who whom whose"},
	// thatVerbs after "and that" make "that" a pronoun, not a conjunction.
	{gThatVerb, "is was are were be been has had have will would could should may might must can means meant did does"},
	// complements start the part of a noun phrase that is not its head:
	// "Dr. Anton Brel of the Lenport Institute", "an envoy from Ostrel".
	{gComplement, "of from at"},
	{gTo, "to"},
	{gThat, "that"},
	{gTell, "told tells telling"},
	{gAs, "as"},
	{gAccording, "according"},
	{gGroup, "they we"},
	{gHeShe, "he she"},
}

// grammarWords maps each folded word of the grammar sets and of the speech
// rules to its bits, and returns the folded speech verbs that the bits
// index; New builds it, and the speech rules' role bits of exact word forms,
// into exact.
func grammarWords(r Rules, exact map[string]uint8) (map[string]uint32, []string) {
	g := map[string]uint32{}
	var verbs []string
	for _, w := range r.SpeechVerbs {
		f := foldPhrase([]byte(w))
		exact[f] |= roleSpeech
		if g[f]>>verbShift == 0 && len(verbs) < maxVerbs {
			verbs = append(verbs, f)
			g[f] |= uint32(len(verbs)) << verbShift
		}
	}
	if len(r.SpeechVerbs) > 0 {
		exact["according"] |= roleAccording
	}
	for _, set := range grammarSets {
		for _, w := range strings.Fields(set.words) {
			g[w] |= set.bit
		}
	}
	for _, w := range r.SpeakerRoles {
		g[foldPhrase([]byte(w))] |= gRole
	}
	for _, w := range r.AnonymousMarkers {
		g[foldPhrase([]byte(w))] |= gAnon
	}
	return g, verbs
}

// grammar is the grammar bits of a folded word.
func grammar(words map[string]uint32, folded []byte) uint32 {
	g := words[string(folded)]
	if bytes.HasSuffix(folded, []byte("ly")) {
		g |= gLy
	}
	if bytes.HasSuffix(folded, []byte("'s")) {
		g |= gPossessive
	}
	return g
}

// report is one reported-speech span found by markReported: the content
// tokens [first, last], the verb token (or the "according" token), and the
// tokens that name the speaker.
type report struct {
	first, last int
	start, end  int // byte offsets of first and last
	verb        int
	according   bool
	np          tokSpan // the speaker's noun phrase; first > last when none
	zone        tokSpan // where an anonymity marker makes the speaker anonymous
}

// speechState is the scratch of the speech passes. Every search for a
// clause break reads a clauseTable of its sentence, made in one pass over
// the sentence's tokens when it is first read, so that a sentence with a
// speech verb in every clause still takes linear work. Two tables are kept,
// the most recently used: the passes read the sentences in order, and a
// quotation reads at most two (where it ends and where it starts), so a
// sentence's table is made at most a few times and the scratch is the size
// of the longest sentence, not of the text.
type speechState struct {
	reports []report
	held    []tokSpan // the reports' tokens, by first token
	tables  [2]clauseTable
	recent  int // the index of the table used last
	// the quotations and reports, and their order by start, for collectSpeech
	items            []speechItem
	quoted, reported []speechRef
	// fStart is the start of each finding, for verbCategory; mFirst the
	// first token of each actor mention, for mentionAt.
	fStart []int
	mFirst []int
	// near is where the searches of numbers, mFirst and fStart ended
	// last (lowerBoundNear)
	near [3]int
}

// The searches of speechState.near.
const (
	nearNumbers = iota
	nearMentions
	nearFindings
)

// is reports whether the word of token k has one of the grammar bits.
func (s *state) is(k int, bits uint32) bool { return s.gram[k]&bits != 0 }

// punctBefore reports whether one of the bytes in set stands between token
// k-1 and token k.
func (s *state) punctBefore(k int, set string) bool {
	if !s.toks[k].Break {
		return false // every byte of set is clause punctuation
	}
	from := s.before // the end of the token before the first, in a window
	if k > 0 {
		from = s.toks[k-1].End
	}
	return bytes.ContainsAny(s.input[from:s.toks[k].Start], set)
}

// markReported finds reported speech and gives the findings of fs inside it
// voice reported. Findings inside quotation marks keep voice quoted, and
// scare quotes stay the writer's.
func (a *Analyzer) markReported(s *state, fs []Finding) {
	sp := &s.speech
	sp.reports = sp.reports[:0]
	if len(a.rules.SpeechVerbs) == 0 {
		return
	}
	if want := len(s.speechToks) + 16; cap(sp.reports) < want {
		sp.reports = make([]report, 0, want) // a verb makes one report, seldom two
	}
	n := len(s.toks)
	for i := range sp.tables {
		sp.tables[i].sent = -1
	}
	// Only the speech verbs and "according" start a report: the main pass
	// listed them, in order.
	for _, k32 := range s.speechToks {
		k := int(k32)
		if s.quote[k] >= 0 {
			continue
		}
		s0, s1 := s.sentence(k)
		if s.roles[k]&roleSpeech != 0 {
			a.speechVerb(s, s0, s1, k)
		} else if s.roles[k]&roleAccording != 0 && k < s1 && s.is(k+1, gTo) {
			a.according(s, s0, s1, k)
		}
	}
	// A finding is reported when a report holds its first token: the
	// reports sorted by first token, the furthest last token of those that
	// start by a token tells whether one holds it.
	held := slices.Grow(sp.held[:0], len(sp.reports))
	for _, r := range sp.reports {
		held = append(held, tokSpan{r.first, r.last})
	}
	byFirst := func(x, y tokSpan) int { return cmp.Compare(x.first, y.first) }
	if !slices.IsSortedFunc(held, byFirst) {
		slices.SortFunc(held, byFirst)
	}
	sp.held = held
	k, prev := 0, 0 // the findings are in order of start: one walk finds their tokens
	j, reach := 0, -1
	for i := range fs {
		f := &fs[i]
		if f.Voice != VoiceAuthor || (a.scareCat >= 0 && f.Category == a.cats[a.scareCat].ID) {
			continue
		}
		if f.Start < prev {
			k, j, reach = 0, 0, -1
		}
		prev = f.Start
		k = tokenEndingAfter(s.toks, k, f.Start) // the finding's first token
		for j < len(held) && held[j].first <= k {
			reach = max(reach, held[j].last)
			j++
		}
		if k < n && s.quote[k] < 0 && reach >= k {
			f.Voice = VoiceReported
		}
	}
}

// sentence is the first and last token of token k's sentence.
func (s *state) sentence(k int) (int, int) {
	si := s.sent[k]
	return int(s.sentFirst[si]), int(s.sentFirst[si+1]) - 1
}

// clauseTable holds, for the tokens of one sentence from s0, prev: the
// latest token ≤ k of the sentence that follows clause punctuation, or s0;
// next: the first token ≥ k that does, or the next sentence's first token;
// hard: likewise for a hardBreak. Each is indexed by k-s0.
type clauseTable struct {
	sent             int32 // -1 for none
	s0               int
	prev, next, hard []int32
}

// clauseTable returns the table of token k's sentence, made if it is not
// one of the two kept.
func (s *state) clauseTable(k int) *clauseTable {
	sp := &s.speech
	si := s.sent[k]
	if t := &sp.tables[sp.recent]; t.sent == si {
		return t
	}
	sp.recent = 1 - sp.recent
	t := &sp.tables[sp.recent]
	if t.sent == si {
		return t
	}
	s0, s1 := s.sentence(k)
	t.sent, t.s0 = si, s0
	m := s1 - s0 + 1
	if cap(t.prev) < m {
		t.prev, t.next, t.hard = make([]int32, m), make([]int32, m), make([]int32, m)
	}
	t.prev, t.next, t.hard = t.prev[:m], t.next[:m], t.hard[:m]
	s.steps += 2 * m
	for k := s0; k <= s1; k++ {
		t.prev[k-s0] = int32(k)
		if k > s0 && !s.toks[k].Break {
			t.prev[k-s0] = t.prev[k-s0-1]
		}
	}
	for k := s1; k >= s0; k-- {
		i := k - s0
		t.next[i], t.hard[i] = int32(k), int32(k)
		next, hard := int32(k+1), int32(k+1)
		if k < s1 {
			next, hard = t.next[i+1], t.hard[i+1]
		}
		if !s.toks[k].Break {
			t.next[i] = next
		}
		if !hardBreak(s, k) {
			t.hard[i] = hard
		}
	}
	return t
}

// hardBreak reports whether a report's complement ends before token k: a
// semicolon or a dash, or a comma and a conjunction (", and attempted to
// deflect …" is the writer's again). A conjunction and "that" continue the
// report (", and that the vote was lost"), unless "that" is the subject of
// a verb (", and that was the end of it").
func hardBreak(s *state, k int) bool {
	if !s.toks[k].Break {
		return false
	}
	if s.punctBefore(k, ";—") {
		return true
	}
	if !s.toks[k].Break || !s.is(k, gCoordinator) || !s.punctBefore(k, ",") {
		return false
	}
	n := len(s.toks)
	if k+1 < n && s.sent[k+1] == s.sent[k] && s.is(k+1, gThat) {
		return k+2 < n && s.sent[k+2] == s.sent[k] && s.is(k+2, gThatVerb)
	}
	return true
}

// clauseStart is the first token of the clause of token k within [s0, k]:
// after the latest clause break.
func clauseStart(s *state, s0, k int) int {
	for j, stop := k, max(s0, k-clauseScan); j > stop; j-- {
		s.steps++
		if s.toks[j].Break {
			return j
		}
	}
	if k-clauseScan <= s0 {
		return s0
	}
	t := s.clauseTable(k)
	return max(int(t.prev[k-t.s0]), s0)
}

// clauseScan is how many tokens the searches for a clause break read one by
// one before they turn to the sentence's clauseTable: most clauses are
// short, and a table costs a pass over the whole sentence.
const clauseScan = 32

// nextBreak is the first token after k, up to s1, that follows clause
// punctuation, or s1+1.
func nextBreak(s *state, k, s1 int) int {
	if k+1 > s1 {
		return s1 + 1
	}
	stop := min(s1, k+clauseScan)
	for j := k + 1; j <= stop; j++ {
		s.steps++
		if s.toks[j].Break {
			return j
		}
	}
	if stop == s1 {
		return s1 + 1
	}
	t := s.clauseTable(k + 1)
	return min(int(t.next[k+1-t.s0]), s1+1)
}

// nextHard is the first token from k on, in k's sentence, before which a
// report's complement ends (hardBreak), or the next sentence's first token.
func nextHard(s *state, k int) int {
	_, s1 := s.sentence(k)
	stop := min(s1, k+clauseScan)
	for j := k; j <= stop; j++ {
		s.steps++
		if hardBreak(s, j) {
			return j
		}
	}
	if stop == s1 {
		return s1 + 1
	}
	t := s.clauseTable(k)
	return int(t.hard[k-t.s0])
}

// npAfter is the noun phrase right after token k, up to the next clause
// break and at most 6 words.
func npAfter(s *state, k, s1 int) tokSpan {
	end := min(nextBreak(s, k, s1)-1, k+6)
	return tokSpan{k + 1, end}
}

// npBefore is the subject noun phrase that ends before token v, read back
// over adverbs in -ly ("Pakistan falsely claimed") to a stop word or a
// clause break.
func npBefore(s *state, from, v int) tokSpan {
	last := v - 1
	for last >= from && !s.toks[last+1].Break {
		s.steps++
		if !s.is(last, gLy|gPreVerb) {
			break
		}
		last--
	}
	first := last + 1
	for k := last; k >= from && k > last-6; k-- {
		if s.is(k, gNPStop) {
			break
		}
		first = k
		if s.toks[k].Break {
			break
		}
	}
	return tokSpan{first, last}
}

func (a *Analyzer) addReport(s *state, r report) {
	// Quotations at either end are listed as quotations; "that" starts
	// the complement.
	for r.first <= r.last && (s.quote[r.first] >= 0 || s.is(r.first, gThat)) {
		s.steps++
		r.first++
	}
	for r.last >= r.first && s.quote[r.last] >= 0 {
		s.steps++
		r.last--
	}
	if r.first > r.last {
		return
	}
	r.start, r.end = int(s.toks[r.first].Start), int(s.toks[r.last].End)
	s.speech.reports = append(s.speech.reports, r)
}

// speechVerb reads the report a speech verb at v introduces, in the
// sentence of tokens [s0, s1].
func (a *Analyzer) speechVerb(s *state, s0, s1, v int) {
	if v < s1 && s.is(v+1, gTo) { // "is said to have", "told to leave"
		return
	}
	if v > s0 {
		if s.is(v-1, gDeterminer|gPossessive|gPassive) {
			return // a noun ("Pakistan's claims"), or the passive ("was claimed by")
		}
		if s.is(v, gUpper) {
			return // a headline in title case: "…, Warns Against Escalation"
		}
	}
	cs := clauseStart(s, s0, v)
	if cs == v && v > s0 {
		// "…, said the spokesperson." or "A senior official, speaking …, said …"
		np := npAfter(s, v, s1)
		if np.last+1 > s1 && a.speakerHint(s, np) {
			a.addReport(s, report{first: s0, last: lastBefore(s, s0, v), verb: v, np: np, zone: np})
			return
		}
		// The subject stands before a parenthetical: read the first clause.
		a.addReport(s, report{first: v + 1, last: s1, verb: v, np: headNP(s, s0, v), zone: tokSpan{s0, v - 1}})
		return
	}
	np := npBefore(s, cs, v)
	if cs > s0 && !s.is(cs, gRelative) {
		// "The bid had failed, officials said [on Monday]." or "The bid,
		// officials said, had failed."
		tailEnd := nextBreak(s, v, s1)
		tail := tailEnd - v - 1
		short := tail == 0 || tail <= 4 && s.is(v+1, gCircumstance) || tail <= 2 && v+1 <= s1 && !s.is(v+1, gThat)
		if short && np.first == cs {
			a.addReport(s, report{first: s0, last: lastBefore(s, s0, cs), verb: v, np: np, zone: tokSpan{cs, v - 1}})
			if tailEnd <= s1 && cs-s0 <= 6 && !s.is(tailEnd, gSubordinator) {
				a.addReport(s, report{first: tailEnd, last: s1, verb: v, np: np, zone: tokSpan{cs, v - 1}})
			}
			return
		}
	}
	// "SUBJ VERB [object] [that] COMPLEMENT": to the end of the sentence,
	// or of the clause when the verb is in a relative clause ("…, which
	// said …, ").
	end := s1
	if s.is(cs, gRelative) {
		end = nextBreak(s, v, s1) - 1
		np = npBefore(s, clauseStart(s, s0, max(cs-1, s0)), cs)
	}
	first := v + 1
	if s.is(v, gTell) && v+1 <= end {
		// the listener is not what was said: told reporters, told the council
		if s.is(v+1, gListener) {
			first = v + 2
		} else if s.is(v+1, gDeterminer) {
			first = v + 3
		}
	}
	for k := v + 1; k <= min(v+4, end); k++ { // told reporters that …
		if s.is(k, gThat) && s.quote[k] < 0 {
			first = k + 1
			break
		}
	}
	if first < end {
		end = min(end, nextHard(s, first+1)-1)
	}
	a.addReport(s, report{first: first, last: end, verb: v, np: np, zone: tokSpan{clauseStart(s, s0, np.first), v - 1}})
}

// lastBefore is the last token before k, at least s0-1.
func lastBefore(s *state, s0, k int) int { return max(k-1, s0-1) }

// according reads "according to X" at token k.
func (a *Analyzer) according(s *state, s0, s1, k int) {
	np := npAfter(s, k+1, s1)
	cs := clauseStart(s, s0, k)
	if cs > s0 {
		a.addReport(s, report{first: s0, last: cs - 1, verb: k, according: true, np: np, zone: np})
		return
	}
	if np.last < s1 {
		a.addReport(s, report{first: np.last + 1, last: s1, verb: k, according: true, np: np, zone: np})
	}
}

// headNP is the sentence's first phrase, before a comma and before token
// v, at most 6 words: the subject of "Dr. S. Harlan, a water expert, said".
func headNP(s *state, s0, v int) tokSpan {
	last := s0
	for k := s0 + 1; k < v && k < s0+6; k++ {
		if s.toks[k].Break && s.punctBefore(k, ",;:()—–") {
			break
		}
		last = k
	}
	return tokSpan{s0, last}
}

// speakerHint reports whether a phrase names a speaker by role, anonymity,
// a capitalized name or a pronoun.
func (a *Analyzer) speakerHint(s *state, np tokSpan) bool {
	for k := np.first; k <= np.last; k++ {
		if s.is(k, gRole|gAnon|gPronoun) || !s.is(k, gDeterminer) && s.is(k, gUpper) {
			return true
		}
	}
	return false
}
