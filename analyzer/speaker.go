package analyzer

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Speech is one quotation or report of Report.Quotes: who speaks, and with
// which verb.
type Speech struct {
	Start int `json:"start"`
	End   int `json:"end"`
	// Voice is quoted (a quotation) or reported (a report without quote marks).
	Voice string `json:"voice"`
	// Speaker and SpeakerKind (named, role or anonymous) are empty when the
	// text names no one.
	Speaker     string `json:"speaker,omitempty"`
	SpeakerKind string `json:"speaker_kind,omitempty"`
	// Verb is the folded verb that introduces the speech ("said", "claimed",
	// "according to"); VerbCategory is neutral or loaded (a lexicon finding
	// on the verb). Both are empty for a quotation that continues one before.
	Verb         string `json:"verb,omitempty"`
	VerbCategory string `json:"verb_category,omitempty"`
}

// Speaker sums the quotations and reports of one speaker.
type Speaker struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Quotes counts the quotations and reports, Words the words inside them.
	Quotes int       `json:"quotes"`
	Words  int       `json:"words"`
	Verbs  []VerbUse `json:"verbs"`
}

// VerbUse is how often a speaker's words are introduced by one verb.
type VerbUse struct {
	Verb     string `json:"verb"`
	Category string `json:"category"`
	Count    int    `json:"count"`
}

// speechRef is a quotation (an index into state.quotes) or a report (into
// speechState.reports) by its start, while collectSpeech orders them.
type speechRef struct {
	start int
	i     int32
}

// speechItem is a quotation or report while collectSpeech reads it.
type speechItem struct {
	first, last int // content tokens
	start, end  int
	voice       string
	verb        int // token, -1 when none
	according   bool
	np, zone    tokSpan
	words       int
	sent        int32
}

// collectSpeech fills Report.Quotes and Report.Speakers.
func (a *Analyzer) collectSpeech(s *state, rep *Report) {
	rep.Quotes, rep.Speakers = nil, nil
	if len(a.rules.SpeechVerbs) == 0 {
		return
	}
	var c speechCarry
	a.speechWindow(s, rep, rep.Findings, &c)
	finishSpeakers(rep)
}

// speechCarry is what the speech of one window of a long input passes to
// the next (analyzeWindows); zero for the first.
type speechCarry struct {
	bySpeaker map[string]int // index into rep.Speakers (speechWindow)
	key       []byte
	verbs     []VerbUse // room for new speakers' verbs (speakerVerbs each)
	rc        recentSpeakers
	groupSent int32 // the sentence of rc's group, counted in the input
	base      int32 // the window's first sentence, counted in the input
	// piSent is the sentence, counted in the input, of the first token
	// that ends with the last speech or after it, when piFound.
	piSent  int32
	piFound bool
	started bool
}

// speechWindow appends the quotations and reports of the tokens of s, an
// input's or one window's, to Report.Quotes, and counts them for their
// speakers in Report.Speakers; fs are the findings of those tokens.
func (a *Analyzer) speechWindow(s *state, rep *Report, fs []Finding, c *speechCarry) {
	if !c.started {
		// sized for news, about 700 speakers per MB, so that it does not
		// grow speaker by speaker through a long input
		c.bySpeaker, c.groupSent, c.started = make(map[string]int, min(len(s.input)/1500, 1<<16)), -1, true
	}
	n := len(s.toks)
	ss := &s.speech
	// The quotations and the reports in order of start, a quotation before
	// a report that starts with it: each list is sorted (stably, and most
	// often already in order), then the two are merged. An item is made
	// from its quotation or report only when the loop below reaches it, so
	// that each part of the text is read once, in order.
	quoted := slices.Grow(ss.quoted[:0], len(s.quotes))
	for qi, q := range s.quotes {
		if s.qkind[qi] == quoteReported && q.Depth == 0 && s.qfirst[qi] >= 0 {
			quoted = append(quoted, speechRef{start: q.Start, i: int32(qi)})
		}
	}
	reported := slices.Grow(ss.reported[:0], len(ss.reports))
	for ri := range ss.reports {
		reported = append(reported, speechRef{start: ss.reports[ri].start, i: int32(ri)})
	}
	ss.quoted, ss.reported = quoted, reported
	byStart := func(x, y speechRef) int { return cmp.Compare(x.start, y.start) }
	for _, l := range [][]speechRef{quoted, reported} {
		if !slices.IsSortedFunc(l, byStart) {
			slices.SortStableFunc(l, byStart)
		}
	}
	if want := len(quoted) + len(reported); cap(ss.items) < want {
		ss.items = make([]speechItem, want)
	}
	all := ss.items[:len(quoted)+len(reported)]
	ss.items = all
	next := func() speechItem {
		if len(reported) == 0 || len(quoted) > 0 && quoted[0].start <= reported[0].start {
			qi := quoted[0].i
			quoted = quoted[1:]
			q := s.quotes[qi]
			first := int(s.qfirst[qi])
			last := first
			for last+1 < n && int(s.toks[last+1].End) <= q.Inner.End {
				s.steps++
				last++
			}
			it := speechItem{first: first, last: last, start: q.Start, end: q.End, voice: VoiceQuoted, verb: -1, sent: s.sent[first]}
			a.quoteVerb(s, &it)
			return it
		}
		r := &ss.reports[reported[0].i]
		reported = reported[1:]
		return speechItem{first: r.first, last: r.last, start: r.start, end: r.end,
			voice: VoiceReported, verb: r.verb, according: r.according, np: r.np, zone: r.zone, sent: s.sent[r.first]}
	}
	if rep.Quotes == nil {
		rep.Quotes = make([]Speech, 0, len(all))
	} else {
		rep.Quotes = slices.Grow(rep.Quotes, len(all))
	}
	starts := slices.Grow(ss.fStart[:0], len(fs))
	for i := range fs {
		starts = append(starts, fs[i].Start)
	}
	ss.fStart = starts
	ss.mFirst = ss.mFirst[:0]
	if p := s.actors; a.actors != nil && p != nil {
		ss.mFirst = slices.Grow(ss.mFirst, len(p.mentions))
		for i := range p.mentions {
			ss.mFirst = append(ss.mFirst, p.mentions[i].first)
		}
	}
	// Speakers are grouped case-insensitively, under the first spelling:
	// bySpeaker is keyed by the lower-case name, a 0 byte and the kind.
	bySpeaker, key, rc, groupSent := c.bySpeaker, c.key, c.rc, c.groupSent
	base, qbase := c.base, len(rep.Quotes) // all[i] is rep.Quotes[qbase+i]
	report := -1                           // the latest report, for the quotations inside it
	// the speakers counted last, as written, and their indexes in
	// rep.Speakers: a speech's speaker is most often one of the last few
	var recent [8]recentSpeaker
	nRecent := 0 // speakers put in recent, the next at nRecent%8
	for i := range all {
		all[i] = next()
		it := &all[i]
		it.words = s.wordsIn(it.first, it.last)
		sp := Speech{Start: it.start, End: it.end, Voice: it.voice}
		if it.verb >= 0 {
			switch vi := s.gram[it.verb] >> verbShift; {
			case it.according:
				sp.Verb = "according to"
			case vi > 0:
				sp.Verb = a.verbs[vi-1]
			default: // a reporting verb that is not a speech verb
				s.buf = fold(s.buf[:0], s.input[s.toks[it.verb].Start:s.toks[it.verb].End])
				sp.Verb = s.save(s.buf)
			}
			sp.VerbCategory = a.verbCategory(s, fs, it.verb, it.according)
			cur := rc
			if groupSent < 0 || base+it.sent-groupSent > 1 {
				cur.group, cur.groupKind = "", ""
			}
			sp.Speaker, sp.SpeakerKind = a.speakerOf(s, it.np, it.zone, cur)
			if sp.Speaker == "" {
				if name := a.subjectBefore(s, it.verb); name != "" {
					sp.Speaker, sp.SpeakerKind = name, SpeakerNamed
				}
			}
			if r := report; it.voice == VoiceQuoted && r >= 0 && all[r].sent == it.sent && all[r].verb < it.first && all[r].verb != it.verb {
				// A quotation inside a report ("X said the dam was, in
				// its words, “a weapon”") is the report's speaker's.
				sp.Speaker, sp.SpeakerKind = rep.Quotes[qbase+r].Speaker, rep.Quotes[qbase+r].SpeakerKind
			}
		} else if it.voice == VoiceQuoted && len(rep.Quotes) > 0 {
			// A quotation with no verb of its own continues the speech
			// that ends in its sentence or the one before.
			prev := rep.Quotes[len(rep.Quotes)-1]
			// the first token that ends with it or after: from the last
			// token of the speech before, the first token after a closing
			// quote mark at most
			if i > 0 {
				pi := all[i-1].last
				for pi < n && int(s.toks[pi].End) < prev.End {
					pi++
				}
				if pi < n && s.sent[it.first]-s.sent[pi] <= 1 {
					sp.Speaker, sp.SpeakerKind = prev.Speaker, prev.SpeakerKind
				}
			} else if c.findPi(s, prev.End); c.piFound && base+it.sent-c.piSent <= 1 {
				// the speech before is in a window before
				sp.Speaker, sp.SpeakerKind = prev.Speaker, prev.SpeakerKind
			}
		}
		switch {
		case sp.SpeakerKind == SpeakerNamed:
			rc.named = sp.Speaker
		case sp.Speaker != "" && plural(sp.Speaker):
			rc.group, rc.groupKind, groupSent = sp.Speaker, sp.SpeakerKind, base+it.sent
		}
		if it.voice == VoiceReported {
			report = i
		}
		rep.Quotes = append(rep.Quotes, sp)
		if sp.Speaker == "" {
			continue
		}
		si := -1
		for _, r := range recent[:min(nRecent, len(recent))] {
			if r.name == sp.Speaker && r.kind == sp.SpeakerKind {
				si = r.si
				break
			}
		}
		if si < 0 {
			key = append(appendLower(key[:0], sp.Speaker), 0)
			key = append(key, sp.SpeakerKind...)
			var ok bool
			si, ok = bySpeaker[string(key)]
			if !ok {
				si = len(rep.Speakers)
				bySpeaker[s.save(key)] = si // the key kept in the arena, not an allocation of its own
				// room for a speaker's first verbs, cut from one block for
				// many speakers: for as many again as there are, 4 to 256
				if len(c.verbs) < speakerVerbs {
					c.verbs = make([]VerbUse, speakerVerbs*min(max(len(rep.Speakers), 4), 256))
				}
				verbs := c.verbs[:0:speakerVerbs]
				c.verbs = c.verbs[speakerVerbs:]
				rep.Speakers = append(rep.Speakers, Speaker{Name: sp.Speaker, Kind: sp.SpeakerKind, Verbs: verbs})
			}
			recent[nRecent%len(recent)] = recentSpeaker{sp.Speaker, sp.SpeakerKind, si}
			nRecent++
		}
		sk := &rep.Speakers[si]
		sk.Quotes++
		sk.Words += it.words
		if sp.Verb != "" {
			found := false
			for vi := range sk.Verbs {
				if sk.Verbs[vi].Verb == sp.Verb {
					sk.Verbs[vi].Count++
					found = true
					break // a verb is listed once
				}
			}
			if !found {
				sk.Verbs = append(sk.Verbs, VerbUse{Verb: sp.Verb, Category: sp.VerbCategory, Count: 1})
			}
		}
	}
	c.key, c.rc, c.groupSent = key, rc, groupSent
	// Where the next window's first speech with no verb of its own looks
	// for the end of the last one.
	if len(all) > 0 {
		c.piFound = false
		pi, end := all[len(all)-1].last, rep.Quotes[len(rep.Quotes)-1].End
		for pi < n && int(s.toks[pi].End) < end {
			pi++
		}
		if pi < n {
			c.piSent, c.piFound = base+s.sent[pi], true
		}
	} else if len(rep.Quotes) > 0 {
		c.findPi(s, rep.Quotes[len(rep.Quotes)-1].End)
	}
}

// speakerVerbs is the room a speaker's list of verbs starts with: most
// speakers use a few.
const speakerVerbs = 4

// recentSpeaker is a speaker as written, its kind and its index in the
// report's speakers.
type recentSpeaker struct {
	name, kind string
	si         int
}

// findPi looks in the tokens of s for the first that ends at end or after,
// when no window before had it.
func (c *speechCarry) findPi(s *state, end int) {
	if c.piFound {
		return
	}
	for pi := range s.toks {
		if int(s.toks[pi].End) >= end {
			c.piSent, c.piFound = c.base+s.sent[pi], true
			return
		}
	}
}

// finishSpeakers orders Report.Speakers and each one's verbs.
func finishSpeakers(rep *Report) {
	for i := range rep.Speakers {
		slices.SortFunc(rep.Speakers[i].Verbs, func(x, y VerbUse) int {
			if x.Count != y.Count {
				return cmp.Compare(y.Count, x.Count)
			}
			return strings.Compare(x.Verb, y.Verb)
		})
	}
	if len(rep.Speakers) < 2 {
		return
	}
	// Sorted through their indexes: a Speaker is 72 bytes to move.
	byRank := make([]int32, len(rep.Speakers))
	for i := range byRank {
		byRank[i] = int32(i)
	}
	slices.SortStableFunc(byRank, func(i, j int32) int {
		x, y := &rep.Speakers[i], &rep.Speakers[j]
		switch {
		case x.Words != y.Words:
			return cmp.Compare(y.Words, x.Words)
		case x.Quotes != y.Quotes:
			return cmp.Compare(y.Quotes, x.Quotes)
		case x.Name != y.Name:
			return strings.Compare(x.Name, y.Name)
		}
		return strings.Compare(x.Kind, y.Kind)
	})
	sorted := make([]Speaker, len(byRank))
	for i, j := range byRank {
		sorted[i] = rep.Speakers[j]
	}
	rep.Speakers = sorted
}

// wordsIn counts the word tokens in [first, last]: all but the numbers.
func (s *state) wordsIn(first, last int) int {
	ss := &s.speech
	lo := lowerBoundNear(s.numbers, int32(first), ss.near[nearNumbers])
	hi := lowerBoundNear(s.numbers, int32(last+1), lo)
	ss.near[nearNumbers] = lo
	return last - first + 1 - (hi - lo)
}

// mentionAt is the index of the first actor mention that starts at token k
// or later. It searches mFirst, the mentions' first tokens, which
// collectSpeech lists: a slice of ints stays in the processor's cache, the
// mentions do not.
func (s *state) mentionAt(k int) int {
	ss := &s.speech
	i := lowerBoundNear(ss.mFirst, k, ss.near[nearMentions])
	ss.near[nearMentions] = i
	return i
}

// appendLower appends the lower case of name to b, as strings.ToLower
// writes it.
func appendLower(b []byte, name string) []byte {
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			return append(b, strings.ToLower(name)...)
		}
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// quoteVerb finds the verb of a quotation: a speech or reporting verb in
// the words right after it ("…,” the minister said), else in the words
// before it in its sentence (The minister said: “…”).
func (a *Analyzer) quoteVerb(s *state, it *speechItem) {
	n := len(s.toks)
	isVerb := func(k int) bool {
		if s.roles[k]&roleSpeech != 0 {
			return true
		}
		if a.role(s.ids[k])&roleReporting == 0 {
			return false
		}
		return !s.is(k, gAs|gAccording)
	}
	sq := s.sent[it.last]
	for k := it.last + 1; k < n && k <= it.last+6 && s.sent[k] == sq; k++ {
		s.steps++
		if s.quote[k] >= 0 {
			break
		}
		if s.is(k, gNPStop) {
			break // "…” and emphasized": not this quotation's verb
		}
		if isVerb(k) {
			_, s1 := s.sentence(k)
			it.verb = k
			if k > it.last+1 {
				it.np = npBefore(s, it.last+1, k)
			} else {
				it.np = npAfter(s, k, s1)
			}
			it.zone = it.np
			return
		}
	}
	s0, _ := s.sentence(it.first)
	for k := it.first - 1; k >= s0 && k >= it.first-10; k-- {
		s.steps++
		if s.quote[k] >= 0 {
			continue
		}
		if isVerb(k) {
			cs := clauseStart(s, s0, k)
			if cs == k && k > s0 {
				cs = clauseStart(s, s0, k-1)
			}
			it.verb = k
			it.np = npBefore(s, cs, k)
			it.zone = tokSpan{cs, k - 1}
			return
		}
	}
}

// verbCategory is loaded when a lexicon finding covers the verb
// ("claimed", "falsely claimed"), else neutral. Anonymous sourcing judges
// the source, not the verb ("sources said", "according to sources").
func (a *Analyzer) verbCategory(s *state, fs []Finding, v int, according bool) string {
	if according {
		return VerbNeutral
	}
	start := int(s.toks[v].Start)
	// fStart is searched rather than the findings: a slice of starts
	// stays in the processor's cache, 200-byte findings do not.
	ss := &s.speech
	i := lowerBoundNear(ss.fStart, start+1, ss.near[nearFindings])
	ss.near[nearFindings] = i
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if f := &fs[j]; f.End > start && f.Technique != TechniqueAnonymousSourcing {
			return VerbLoaded
		}
	}
	return VerbNeutral
}

// recentSpeakers are the speakers a pronoun may stand for: the last named
// one, and the last plural role or anonymous one ("officials") of this or
// the previous sentence.
type recentSpeakers struct {
	named            string
	group, groupKind string
}

// plural reports whether a role or anonymous speaker's name ends in a
// plural noun: "Karvanian officials", "sources", not "the minister".
func plural(name string) bool {
	w := strings.ToLower(name[strings.LastIndexByte(name, ' ')+1:])
	return len(w) > 2 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "'s") && !strings.HasSuffix(w, "’s")
}

// speakerOf names the speaker of a noun phrase np; an anonymity marker
// anywhere in zone makes it anonymous. A role or anonymous speaker is named
// as the text writes it, without a leading article. A lone pronoun stands
// for the actor the actor pass resolved it to, else for the last named
// speaker; "they" and "we" never stand for one person, only for the group
// in rc, else for a country or body the actor pass resolved them to.
func (a *Analyzer) speakerOf(s *state, np, zone tokSpan, rc recentSpeakers) (string, string) {
	if np.first > np.last || np.first < 0 {
		return "", ""
	}
	anon := false
	from := min(np.first, max(zone.first, 0, np.last-12))
	for k := from; k <= min(max(np.last, zone.last), from+24); k++ {
		if s.is(k, gAnon) {
			anon = true
			break
		}
	}
	b := np.first
	for b <= np.last && s.is(b, gDeterminer) {
		b++
	}
	if b > np.last {
		return "", ""
	}
	indef := s.is(np.first, gIndefinite)
	role, capital := false, true
	for k := b; k <= np.last; k++ {
		role = role || s.is(k, gRole)
		capital = capital && s.is(k, gUpper)
	}
	if anon {
		return asWritten(s, b, np.last), SpeakerAnonymous
	}
	lone := b == np.last && s.is(b, gPronoun)
	name, pronoun, person := a.mentionIn(s, np, lone)
	if lone {
		if s.is(b, gGroup) {
			// a quotation with no speaker is better than one credited
			// to the person the group met
			switch {
			case rc.group != "":
				return rc.group, rc.groupKind
			case pronoun && name != "" && !person:
				return name, SpeakerNamed
			}
			return "", ""
		}
		if pronoun && name != "" {
			return name, SpeakerNamed
		}
		if s.is(b, gHeShe) {
			if name := a.personBefore(s, np.first); name != "" {
				return name, SpeakerNamed
			}
		}
		if a.actors == nil && rc.named != "" {
			return rc.named, SpeakerNamed
		}
		return "", ""
	}
	if name == "" && role {
		// "Ostrel's ambassador": someone who speaks for a name
		for k := b; k < np.last; k++ {
			if s.gram[k]&(gPossessive|gUpper) == gPossessive|gUpper { // "Ostrel's"
				name = strings.TrimSuffix(strings.TrimSuffix(string(s.input[s.toks[k].Start:s.toks[k].End]), "'s"), "’s")
				break
			}
		}
	}
	if name == "" && role && np.last < zone.last && s.punctBefore(np.last+1, ",") {
		// "Its ambassador, Mira Talvet, lamented": the apposition names
		// her (a name that owns the role, "Ostrel's ambassador", comes first)
		if name := a.personAt(s, np.last+1, zone.last); name != "" {
			return name, SpeakerNamed
		}
	}
	switch {
	case name != "" && !(indef && role):
		return name, SpeakerNamed
	case role:
		return asWritten(s, b, np.last), SpeakerRole
	case capital:
		return joinTokens(s, b, np.last), SpeakerNamed
	}
	return "", ""
}

// asWritten is the text of tokens [first, last] with each run of white
// space as one space: "Karvanian officials", not "karvanian officials".
func asWritten(s *state, first, last int) string {
	s.buf = appendFields(s.buf[:0], s.input[s.toks[first].Start:s.toks[last].End])
	return s.save(s.buf)
}

// joinTokens is the tokens [first, last] joined by single spaces.
func joinTokens(s *state, first, last int) string {
	b := s.buf[:0]
	for k := first; k <= last; k++ {
		if k > first {
			b = append(b, ' ')
		}
		b = append(b, s.input[s.toks[k].Start:s.toks[k].End]...)
	}
	s.buf = b
	return s.save(b)
}

// subjectBefore is the name of the latest actor mention that starts a
// clause before token v in v's sentence (within 32 mentions): the subject of
// "Ambassador Asim Iftikhar, …, maintained" or "He warned … and reiterated".
func (a *Analyzer) subjectBefore(s *state, v int) string {
	p := s.actors
	if a.actors == nil || p == nil {
		return ""
	}
	i := s.mentionAt(v)
	for j := i - 1; j >= 0 && j >= i-32; j-- {
		m := p.mentions[j]
		if m.sent != s.sent[v] {
			break
		}
		if (m.subject || m.pronoun) && m.ref >= 0 && m.ref < len(p.refs) {
			if m.pronoun && s.is(m.first, gGroup) && p.refs[m.ref].person {
				return "" // "they" never stands for one person
			}
			return p.speakerName(m)
		}
	}
	return ""
}

// personBefore is the name of the latest person the actor pass found
// before token k, within 64 mentions: what "she" in "She lamented" stands
// for when the pass gave the pronoun no actor.
func (a *Analyzer) personBefore(s *state, k int) string {
	p := s.actors
	if a.actors == nil || p == nil {
		return ""
	}
	i := s.mentionAt(k)
	for j := i - 1; j >= 0 && j >= i-64; j-- {
		if m := p.mentions[j]; m.person && !m.pronoun && m.ref >= 0 && m.ref < len(p.refs) {
			return p.speakerName(m)
		}
	}
	return ""
}

// personAt is the name of the person the actor pass found at token k,
// ending by token last, or empty.
func (a *Analyzer) personAt(s *state, k, last int) string {
	p := s.actors
	if a.actors == nil || p == nil {
		return ""
	}
	i := s.mentionAt(k)
	if i < len(p.mentions) {
		if m := p.mentions[i]; m.first == k && m.last <= last && m.person && !m.pronoun && m.ref >= 0 && m.ref < len(p.refs) {
			return p.speakerName(m)
		}
	}
	return ""
}

// mentionIn is the name of the actor mention that heads np, from the actor
// pass (empty without actor attribution), whether it is a pronoun, and
// whether its actor is a person; pronoun mentions count only when pronouns
// is set. The head is the first person named in np, else the last mention
// before an "of", "from" or "at" complement, else the last mention in the
// complement ("the envoy of Ostrel" speaks for Ostrel).
func (a *Analyzer) mentionIn(s *state, np tokSpan, pronouns bool) (string, bool, bool) {
	p := s.actors
	if a.actors == nil || p == nil {
		return "", false, false
	}
	head := np.last
	for k := np.first + 1; k <= np.last; k++ {
		if s.is(k, gComplement) {
			head = k - 1
			break
		}
	}
	i := s.mentionAt(np.first)
	name, pronoun, person := "", false, false
	for ; i < len(p.mentions) && p.mentions[i].last <= np.last; i++ {
		m := p.mentions[i]
		if m.ref < 0 || m.ref >= len(p.refs) || !pronouns && m.pronoun {
			continue
		}
		if name != "" && m.first > head {
			break
		}
		name, pronoun, person = p.speakerName(m), m.pronoun, p.refs[m.ref].person
		if m.person && !m.pronoun {
			break
		}
	}
	return name, pronoun, person
}
