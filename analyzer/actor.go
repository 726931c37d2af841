package analyzer

import (
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Actor kinds in an actor lexicon file.
const (
	ActorCountry      = "country"
	ActorOrganization = "organization"
	ActorGroup        = "group"
	ActorPerson       = "person"
)

// ActorLexicon is a validated actor lexicon: the actors news names (countries,
// their demonyms and capitals, organizations, office holders) and the word
// lists that guide the detection of capitalized names it does not list. Build
// it with LoadActors and pass it to New with WithActors.
type ActorLexicon struct {
	actors  []actorDef
	aliases map[string][]actorAlias // by the folded first word, longest first

	titles, notNames, notActorWords, connectors map[string]bool
	subjectPron, possPron, personPron           map[string]bool
	// objectFirst lists categories whose findings are aimed at the object
	// of their clause before its subject ("sharply undercut Islamabad's …").
	objectFirst map[string]bool
}

type actorDef struct {
	name   string
	kind   string
	target int // the actor this one counts for: itself, or the one it represents
}

type actorAlias struct {
	words []aliasWord
	actor int
}

// aliasWord is one word of an alias. exact is set when the case must match
// too: acronyms ("US", "LeT") and initials ("S."), which fold into common words.
// An alias matches only where its first word is capitalized, unless it is
// written in lower case in the lexicon (lower: "al-Qaeda").
type aliasWord struct {
	fold, exact string
	lower       bool
}

// WithActors turns on actor attribution: each finding is given the actor it is
// aimed at, and the report lists the actors (Report.Actors, Finding.Actor).
func WithActors(lex *ActorLexicon) Option { return func(c *config) { c.actors = lex } }

type actorFile struct {
	Kind   string       `yaml:"kind"`
	Actors []actorEntry `yaml:"actors"`
}

type actorEntry struct {
	Name       string   `yaml:"name"`
	Aliases    []string `yaml:"aliases"`
	Represents string   `yaml:"represents"`
	line       int
}

var actorEntryKeys = map[string]bool{"name": true, "aliases": true, "represents": true}

// UnmarshalYAML decodes an actor entry strictly, keeping its line.
func (e *actorEntry) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: actor must be a mapping with name and aliases", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !actorEntryKeys[k.Value] {
			return fmt.Errorf("line %d: field %s not found in actor", k.Line, k.Value)
		}
	}
	type plain actorEntry
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	*e = actorEntry(p)
	e.line = n.Line
	return nil
}

type nameRules struct {
	Titles             []string `yaml:"titles"`
	NotNames           []string `yaml:"not_names"`
	NotActorWords      []string `yaml:"not_actor_words"`
	Connectors         []string `yaml:"connectors"`
	SubjectPronouns    []string `yaml:"subject_pronouns"`
	PossessivePronouns []string `yaml:"possessive_pronouns"`
	PersonPronouns     []string `yaml:"person_pronouns"`
	ObjectFirst        []string `yaml:"object_first"`
}

// LoadActors reads an actor lexicon: names.yaml (the word lists of name
// detection) and any other *.yaml file at the top of fsys, each a list of
// actors of one kind. Decoding is strict and every problem is returned at
// once as "file:line: problem".
func LoadActors(fsys fs.FS) (*ActorLexicon, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	lex := &ActorLexicon{aliases: map[string][]actorAlias{}}
	var errs []error
	type pending struct {
		actor      int
		represents string
		file       string
		line       int
	}
	var reps []pending
	type owner struct {
		actor int
		file  string
		line  int
	}
	owners := map[string]owner{}
	byName := map[string]int{}
	haveRules := false
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		if name == "names.yaml" {
			var r nameRules
			if err := decodeStrict(name, data, &r); err != nil {
				errs = append(errs, err)
				continue
			}
			haveRules = true
			errs = append(errs, lex.setRules(name, r)...)
			continue
		}
		var f actorFile
		if err := decodeStrict(name, data, &f); err != nil {
			errs = append(errs, err)
			continue
		}
		switch f.Kind {
		case ActorCountry, ActorOrganization, ActorGroup, ActorPerson:
		default:
			errs = append(errs, fmt.Errorf("%s:1: kind %q must be %s, %s, %s or %s", name, f.Kind, ActorCountry, ActorOrganization, ActorGroup, ActorPerson))
		}
		if len(f.Actors) == 0 {
			errs = append(errs, fmt.Errorf("%s:1: no actors", name))
		}
		for _, e := range f.Actors {
			e.Name = strings.TrimSpace(e.Name)
			if e.Name == "" {
				errs = append(errs, fmt.Errorf("%s:%d: name is empty", name, e.line))
				continue
			}
			if _, dup := byName[e.Name]; dup {
				errs = append(errs, fmt.Errorf("%s:%d: actor %q is listed twice", name, e.line, e.Name))
				continue
			}
			idx := len(lex.actors)
			byName[e.Name] = idx
			lex.actors = append(lex.actors, actorDef{name: e.Name, kind: f.Kind, target: idx})
			if e.Represents != "" {
				reps = append(reps, pending{idx, e.Represents, name, e.line})
			}
			for _, form := range append([]string{e.Name}, e.Aliases...) {
				words := aliasWords(form)
				if len(words) == 0 {
					errs = append(errs, fmt.Errorf("%s:%d: alias %q has no words", name, e.line, form))
					continue
				}
				key := aliasKey(words)
				if o, ok := owners[key]; ok && o.actor != idx {
					errs = append(errs, fmt.Errorf("%s:%d: alias %q is also used by %q at %s:%d", name, e.line, form, lex.actors[o.actor].name, o.file, o.line))
					continue
				} else if ok && sameWords(lex.aliases[words[0].fold], words) {
					errs = append(errs, fmt.Errorf("%s:%d: alias %q repeats", name, e.line, form))
					continue
				}
				owners[key] = owner{idx, name, e.line}
				lex.aliases[words[0].fold] = append(lex.aliases[words[0].fold], actorAlias{words: words, actor: idx})
			}
		}
	}
	if !haveRules {
		errs = append(errs, errors.New("names.yaml: missing from the actor lexicon"))
	}
	for _, p := range reps {
		t, ok := byName[p.represents]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("%s:%d: represents %q, which is not an actor", p.file, p.line, p.represents))
		case t == p.actor:
			errs = append(errs, fmt.Errorf("%s:%d: actor represents itself", p.file, p.line))
		default:
			lex.actors[p.actor].target = t
		}
	}
	for _, p := range reps { // one level only: an official speaks for a country, not for another official
		if t := lex.actors[p.actor].target; lex.actors[t].target != t {
			errs = append(errs, fmt.Errorf("%s:%d: represents %q, which itself represents %q", p.file, p.line, p.represents, lex.actors[lex.actors[t].target].name))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for k, list := range lex.aliases {
		sort.SliceStable(list, func(i, j int) bool { return len(list[i].words) > len(list[j].words) })
		lex.aliases[k] = list
	}
	return lex, nil
}

func (lex *ActorLexicon) setRules(file string, r nameRules) []error {
	var errs []error
	set := func(field string, list []string) map[string]bool {
		m := map[string]bool{}
		for _, w := range list {
			toks := Tokenize([]byte(w))
			if len(toks) != 1 || toks[0].Start != 0 || toks[0].End != len(w) {
				errs = append(errs, fmt.Errorf("%s:1: %s: %q must be one word", file, field, w))
				continue
			}
			k := string(fold(nil, []byte(w)))
			if m[k] {
				errs = append(errs, fmt.Errorf("%s:1: %s: %q is listed twice", file, field, w))
			}
			m[k] = true
		}
		if len(m) == 0 {
			errs = append(errs, fmt.Errorf("%s:1: %s is empty", file, field))
		}
		return m
	}
	lex.titles = set("titles", r.Titles)
	lex.notNames = set("not_names", r.NotNames)
	lex.notActorWords = set("not_actor_words", r.NotActorWords)
	lex.connectors = set("connectors", r.Connectors)
	lex.subjectPron = set("subject_pronouns", r.SubjectPronouns)
	lex.possPron = set("possessive_pronouns", r.PossessivePronouns)
	lex.personPron = set("person_pronouns", r.PersonPronouns)
	lex.objectFirst = map[string]bool{}
	for _, id := range r.ObjectFirst {
		if !idPattern.MatchString(id) {
			errs = append(errs, fmt.Errorf("%s:1: object_first: %q is not a category id", file, id))
		}
		lex.objectFirst[id] = true
	}
	return errs
}

// Len returns the number of actors the lexicon lists.
func (lex *ActorLexicon) Len() int { return len(lex.actors) }

func aliasWords(form string) []aliasWord {
	b := []byte(form)
	var out []aliasWord
	for _, t := range Tokenize(b) {
		w := b[t.Start:t.End]
		r, _ := utf8.DecodeRune(w)
		aw := aliasWord{fold: string(fold(nil, w)), lower: !unicode.IsUpper(r)}
		if caseMatters(w) {
			aw.exact = string(w)
		}
		out = append(out, aw)
	}
	return out
}

// caseMatters reports whether a word is an acronym or an initial, whose case
// tells it from a common word ("US" and "us", "LeT" and "let").
func caseMatters(w []byte) bool {
	r, size := utf8.DecodeRune(w)
	if size == len(w) {
		return unicode.IsUpper(r)
	}
	for _, r := range string(w[size:]) {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

func aliasKey(words []aliasWord) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = fmt.Sprintf("%s/%s/%v", w.fold, w.exact, w.lower)
	}
	return strings.Join(parts, " ")
}

func sameWords(list []actorAlias, words []aliasWord) bool {
	for _, a := range list {
		if aliasKey(a.words) == aliasKey(words) {
			return true
		}
	}
	return false
}

// actorTok is what actor attribution needs of a token.
type actorTok struct {
	fold  string // folded, without a possessive 's
	text  string // as written, without a possessive 's
	poss  bool
	upper bool // starts with an upper-case letter
	word  bool
}

// actorRef is one actor of a report: a lexicon actor or a detected name.
type actorRef struct {
	name     string
	person   bool
	known    bool
	mentions int
	findings int
	weight   float64
	cats     map[string]*catTally
}

type catTally struct {
	count  int
	weight float64
}

// mention is one place an actor is named (or a pronoun stands for it).
type mention struct {
	first, last int // token range
	ref         int
	person      bool // a person named, even if counted for a country
	poss        bool // "Pakistan's", "its"
	subject     bool // starts its clause
	pronoun     bool
}

// actorPass holds one attribution over one input.
type actorPass struct {
	lex      *ActorLexicon
	input    []byte
	toks     []Token
	sent     []int32
	info     []actorTok
	clause   []int32 // clause index per token
	refs     []actorRef
	known    map[int]int // lexicon actor → ref
	named    map[string]int
	surnames map[string]int
	mentions []mention
	// an appositive after "Pakistan's Permanent Representative" names
	// someone who speaks for Pakistan.
	pendingRef, pendingUntil int
}

// attribute fills Finding.Actor and Report.Actors.
func (lex *ActorLexicon) attribute(rep *Report, input []byte, toks []Token, sent []int32) {
	p := &actorPass{lex: lex, input: input, toks: toks, sent: sent, known: map[int]int{}, named: map[string]int{}, surnames: map[string]int{}, pendingRef: -1}
	p.prepare()
	p.findMentions()
	for i := range rep.Findings {
		f := &rep.Findings[i]
		ref := p.targetOf(f.Start, f.End, lex.objectFirst[f.Category])
		if ref < 0 {
			continue
		}
		r := &p.refs[ref]
		f.Actor = r.name
		r.findings++
		r.weight = round2(r.weight + f.Weight)
		ct := r.cats[f.Category]
		if ct == nil {
			ct = &catTally{}
			r.cats[f.Category] = ct
		}
		ct.count++
		ct.weight = round2(ct.weight + f.Weight)
	}
	rep.Actors = nil
	for _, r := range p.refs {
		if r.findings == 0 && !(r.known && r.mentions > 0) && r.mentions < 2 {
			continue
		}
		cats := make([]string, 0, len(r.cats))
		for id := range r.cats {
			cats = append(cats, id)
		}
		sort.Slice(cats, func(i, j int) bool {
			x, y := r.cats[cats[i]], r.cats[cats[j]]
			if x.weight != y.weight {
				return x.weight > y.weight
			}
			return cats[i] < cats[j]
		})
		rep.Actors = append(rep.Actors, ActorScore{Name: r.name, Mentions: r.mentions, Findings: r.findings, Weight: r.weight, Categories: cats})
	}
	sort.SliceStable(rep.Actors, func(i, j int) bool {
		x, y := rep.Actors[i], rep.Actors[j]
		switch {
		case x.Weight != y.Weight:
			return x.Weight > y.Weight
		case x.Findings != y.Findings:
			return x.Findings > y.Findings
		case x.Mentions != y.Mentions:
			return x.Mentions > y.Mentions
		}
		return x.Name < y.Name
	})
}

// prepare folds every token and numbers the clauses: a clause ends at a
// sentence end or at , ; : ( ) [ ] — – or a line break. Quote marks do not end
// a clause, so a scare quote stays in the clause of the words around it.
func (p *actorPass) prepare() {
	p.info = make([]actorTok, len(p.toks))
	p.clause = make([]int32, len(p.toks))
	// Fold every token into one buffer and slice one string: two
	// allocations per input instead of two per token.
	ends := make([]int, len(p.toks))
	var folded []byte
	c := int32(0)
	for k, t := range p.toks {
		w := p.input[t.Start:t.End]
		base, poss := splitPossessive(w)
		folded = fold(folded, base)
		ends[k] = len(folded)
		r, _ := utf8.DecodeRune(w)
		p.info[k] = actorTok{poss: poss, upper: unicode.IsUpper(r), word: t.Kind == Word}
		if k > 0 && (p.sent[k] != p.sent[k-1] || clauseGap(p.input[p.toks[k-1].End:t.Start])) {
			c++
		}
		p.clause[k] = c
	}
	all, text := string(folded), string(p.input)
	from := 0
	for k, t := range p.toks {
		end := t.End
		if p.info[k].poss {
			base, _ := splitPossessive(p.input[t.Start:t.End])
			end = t.Start + len(base)
		}
		p.info[k].fold, p.info[k].text = all[from:ends[k]], text[t.Start:end]
		from = ends[k]
	}
}

// splitPossessive strips a final 's or ’s.
func splitPossessive(w []byte) ([]byte, bool) {
	if len(w) < 3 || (w[len(w)-1] != 's' && w[len(w)-1] != 'S') {
		return w, false
	}
	r, size := utf8.DecodeLastRune(w[:len(w)-1])
	if !apostrophe(r) || len(w)-1-size == 0 {
		return w, false
	}
	return w[:len(w)-1-size], true
}

func clauseGap(gap []byte) bool {
	for _, r := range string(gap) {
		switch r {
		case ',', ';', ':', '(', ')', '[', ']', '—', '–', '\n', '.', '!', '?':
			return true
		}
	}
	return false
}

// glued reports whether tokens k-1 and k can belong to one name: only spaces
// and hyphens between them, or the period of an initial or abbreviation
// ("S. Jaishankar", "U.N. Security Council", "Dr. Brel").
func (p *actorPass) glued(k int) bool {
	if k == 0 || p.sent[k] != p.sent[k-1] {
		return false
	}
	gap := p.input[p.toks[k-1].End:p.toks[k].Start]
	if len(gap) > 4 || len(gap) == 0 {
		return false
	}
	for _, r := range string(gap) {
		switch {
		case r == ' ' || r == 0xA0 || r == '-' || r == '‐' || r == '‑':
		case r == '.':
			prev := p.info[k-1]
			if !prev.upper || utf8.RuneCountInString(prev.text) > 3 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// matchAlias returns the lexicon actor and word count of the longest alias
// that starts at token k and ends by token limit, or -1.
func (p *actorPass) matchAlias(k, limit int) (int, int) {
	for _, a := range p.lex.aliases[p.info[k].fold] {
		n := len(a.words)
		if k+n-1 > limit {
			continue
		}
		ok := true
		for i, w := range a.words {
			t := p.info[k+i]
			if (i > 0 && !p.glued(k+i)) || (i < n-1 && t.poss) {
				ok = false
				break
			}
			if w.exact != "" {
				ok = t.text == w.exact
			} else {
				ok = t.fold == w.fold && (i > 0 || t.upper != w.lower)
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

func (p *actorPass) refFor(actor int) int {
	t := p.lex.actors[actor].target
	if r, ok := p.known[t]; ok {
		return r
	}
	p.refs = append(p.refs, actorRef{name: p.lex.actors[t].name, person: p.lex.actors[t].kind == ActorPerson, known: true, cats: map[string]*catTally{}})
	p.known[t] = len(p.refs) - 1
	return len(p.refs) - 1
}

func (p *actorPass) newName(name string) int {
	if r, ok := p.named[name]; ok {
		return r
	}
	p.refs = append(p.refs, actorRef{name: name, person: true, cats: map[string]*catTally{}})
	p.named[name] = len(p.refs) - 1
	return len(p.refs) - 1
}

// headline reports whether the sentence of token k is in title case, where
// capitals do not mark names.
func (p *actorPass) headline(k int) bool {
	s := p.sent[k]
	lo, hi := k, k
	for lo > 0 && p.sent[lo-1] == s {
		lo--
	}
	for hi+1 < len(p.toks) && p.sent[hi+1] == s {
		hi++
	}
	words, upper := 0, 0
	for i := lo; i <= hi; i++ {
		if !p.info[i].word || p.lex.connectors[p.info[i].fold] {
			continue
		}
		words++
		if p.info[i].upper {
			upper++
		}
	}
	return words >= 3 && upper*10 >= words*7
}

// clauseInitial reports whether token k starts its clause, allowing an
// article before it.
func (p *actorPass) clauseInitial(k int) bool {
	for i := k - 1; i >= 0 && p.clause[i] == p.clause[k]; i-- {
		switch p.info[i].fold {
		case "the", "a", "an":
			continue
		}
		return false
	}
	return true
}

func (p *actorPass) addMention(m mention) {
	m.subject = p.clauseInitial(m.first)
	if !m.pronoun {
		p.refs[m.ref].mentions++
	}
	p.mentions = append(p.mentions, m)
}

// findMentions walks the tokens once, in order, so that a pronoun resolves to
// the actors named before it.
func (p *actorPass) findMentions() {
	headline := map[int32]bool{}
	for k := 0; k < len(p.toks); {
		t := p.info[k]
		if !t.word {
			k++
			continue
		}
		if p.pendingRef >= 0 && k > p.pendingUntil {
			p.pendingRef = -1
		}
		if p.lex.possPron[t.fold] || (p.lex.subjectPron[t.fold] && !t.poss) {
			p.pronoun(k)
			k++
			continue
		}
		if !t.upper {
			if p.lex.titles[t.fold] {
				p.titleAfterPossessive(k, k) // "Ostrel's ambassador, Mira Talvet"
			}
			// a lower-case alias ("al-Qaeda") stands on its own
			if actor, n := p.matchAlias(k, len(p.toks)-1); actor >= 0 {
				p.addMention(mention{first: k, last: k + n - 1, ref: p.refFor(actor), person: p.lex.actors[actor].kind == ActorPerson, poss: p.info[k+n-1].poss})
				k += n
				continue
			}
			k++
			continue
		}
		// A run of capitalized words, glued, with connectors between them; a
		// possessive ends it.
		end := k
		for !p.info[end].poss && end+1 < len(p.toks) && p.glued(end+1) {
			n := p.info[end+1]
			if n.word && n.upper {
				end++
				continue
			}
			if n.word && p.lex.connectors[n.fold] && end+2 < len(p.toks) && p.info[end+2].upper && p.glued(end+2) {
				end += 2
				continue
			}
			break
		}
		s := p.sent[k]
		if _, ok := headline[s]; !ok {
			headline[s] = p.headline(k)
		}
		p.run(k, end, headline[s])
		k = end + 1
	}
}

// run reads one run of capitalized words [first, last].
func (p *actorPass) run(first, last int, headline bool) {
	from := len(p.mentions)
	var knowns []mention
	type chunk struct{ first, last int }
	var chunks []chunk
	titles, thing := 0, false
	open := -1 // start of the current unknown chunk
	closeChunk := func(end int) {
		if open >= 0 {
			chunks = append(chunks, chunk{open, end})
			open = -1
		}
	}
	for k := first; k <= last; {
		if actor, n := p.matchAlias(k, last); actor >= 0 {
			closeChunk(k - 1)
			ref := p.refFor(actor)
			m := mention{first: k, last: k + n - 1, ref: ref, person: p.lex.actors[actor].kind == ActorPerson, poss: p.info[k+n-1].poss}
			if len(knowns) > 0 && knowns[len(knowns)-1].ref == ref {
				knowns[len(knowns)-1].last = m.last // "Russian President Vladimir Putin" is one mention
				knowns[len(knowns)-1].poss = m.poss
				knowns[len(knowns)-1].person = knowns[len(knowns)-1].person || m.person
			} else {
				knowns = append(knowns, m)
			}
			k += n
			continue
		}
		w := p.info[k].fold
		switch {
		case p.lex.titles[w]:
			titles++
			closeChunk(k - 1)
		case p.lex.notActorWords[w]:
			thing = true
			closeChunk(k - 1)
		case p.lex.notNames[w]:
			closeChunk(k - 1)
		case p.lex.connectors[w] && !p.info[k].upper:
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
		chunks = nil
	}
	for _, c := range chunks {
		for c.last > c.first && p.lex.connectors[p.info[c.last].fold] {
			c.last--
		}
		name := p.nameText(c.first, c.last)
		if c.first == c.last || headline {
			// One capitalized word names someone only when it repeats part of
			// a name already seen ("Guterres", "Iftikhar").
			if r, ok := p.surnames[p.info[c.first].fold]; ok && c.first == c.last {
				p.addMention(mention{first: c.first, last: c.last, ref: r, person: true, poss: p.info[c.last].poss})
			}
			continue
		}
		if len(knowns) > 0 {
			// "Pakistani Defence Minister Khawaja Asif": the name speaks for
			// the actor named in the same run.
			kn := &knowns[len(knowns)-1]
			p.remember(name, c.last, kn.ref)
			if c.last > kn.last {
				kn.last = c.last
				kn.poss = p.info[c.last].poss
			}
			kn.person = true
			continue
		}
		ref := -1
		if r, ok := p.named[name]; ok {
			ref = r
		} else if r, ok := p.surnames[p.info[c.last].fold]; ok && p.refs[r].person {
			ref = r // "Iftikhar Ahmad" after "Asim Iftikhar Ahmad"
		} else if p.pendingRef >= 0 {
			ref = p.pendingRef
			p.remember(name, c.last, ref)
		} else {
			ref = p.newName(name)
			p.remember(name, c.last, ref)
		}
		p.pendingRef = -1
		p.addMention(mention{first: c.first, last: c.last, ref: ref, person: true, poss: p.info[c.last].poss})
	}
	for _, m := range knowns {
		p.addMention(m)
	}
	added := p.mentions[from:]
	sort.SliceStable(added, func(i, j int) bool { return added[i].first < added[j].first })
	// "Pakistan's Permanent Representative, Asim Iftikhar": a possessive
	// actor right before a run of titles.
	if titles > 0 && len(knowns) == 0 && len(chunks) == 0 {
		p.titleAfterPossessive(first, last)
	}
}

// titleAfterPossessive arms the appositive rule when the title run [first,
// last] follows a possessive mention directly.
func (p *actorPass) titleAfterPossessive(first, last int) {
	for i := len(p.mentions) - 1; i >= 0; i-- {
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

func (p *actorPass) remember(name string, lastTok, ref int) {
	p.named[name] = ref
	if _, ok := p.surnames[p.info[lastTok].fold]; !ok {
		p.surnames[p.info[lastTok].fold] = ref
	}
}

// nameText is the name as written, without a possessive, spaces squeezed.
func (p *actorPass) nameText(first, last int) string {
	end := p.toks[last].Start + len(p.info[last].text)
	return strings.Join(strings.Fields(string(p.input[p.toks[first].Start:end])), " ")
}

// pronoun adds the mention a pronoun stands for. A possessive pronoun ("its
// attempt") stands for the latest actor named in this or the previous
// sentence; a subject pronoun starting a clause ("He lamented") for the
// subject of an earlier sentence. Person pronouns prefer people, the others
// prefer countries and organizations.
func (p *actorPass) pronoun(k int) {
	t := p.info[k]
	person := p.lex.personPron[t.fold]
	poss := p.lex.possPron[t.fold]
	best, fallback := -1, -1
	if poss || !p.clauseInitial(k) {
		for i := len(p.mentions) - 1; i >= 0; i-- {
			m := p.mentions[i]
			if int(p.sent[k])-int(p.sent[m.first]) > 1 {
				break
			}
			if fallback < 0 {
				fallback = m.ref
			}
			if m.person == person {
				best = m.ref
				break
			}
		}
	} else {
		for i := len(p.mentions) - 1; i >= 0; i-- {
			m := p.mentions[i]
			if p.sent[m.first] == p.sent[k] || !m.subject {
				continue
			}
			if int(p.sent[k])-int(p.sent[m.first]) > 2 {
				break
			}
			if fallback < 0 {
				fallback = m.ref
			}
			if m.person == person {
				best = m.ref
				break
			}
		}
	}
	if best < 0 {
		best = fallback
	}
	if best < 0 {
		return
	}
	p.addMention(mention{first: k, last: k, ref: best, person: person, poss: poss, pronoun: true})
	if poss && p.lex.titles[p.nextFold(k)] && !p.refs[best].person {
		// "its ambassador, Mira Talvet": she speaks for it.
		p.pendingRef, p.pendingUntil = best, k+12
	}
}

func (p *actorPass) nextFold(k int) string {
	if k+1 < len(p.info) && p.sent[k+1] == p.sent[k] {
		return p.info[k+1].fold
	}
	return ""
}

// targetOf returns the ref a finding over [start, end) is aimed at, or -1:
//
//  1. an actor named inside the finding;
//  2. a possessive just before it, in the same clause: "Pakistan's narrative",
//     "its “false flag” claim";
//  3. "of" and an actor right after it: "the hollowness of Pakistan's …";
//  4. the subject: the latest actor before it in the sentence that starts a
//     clause ("Islamabad faced a thumbs down");
//  5. the object: the first actor after it in the same clause;
//  6. the nearest actor before it in the sentence;
//  7. the first subject after it in the sentence (an opening clause).
//
// With objectFirst (verbs and the adverbs that boost them), 5 comes before 4.
func (p *actorPass) targetOf(start, end int, objectFirst bool) int {
	fi := sort.Search(len(p.toks), func(i int) bool { return p.toks[i].Start >= start })
	fl := sort.Search(len(p.toks), func(i int) bool { return p.toks[i].End > end }) - 1
	if fi >= len(p.toks) || fl < fi {
		return -1
	}
	s := p.sent[fi]
	mi := sort.Search(len(p.mentions), func(i int) bool { return p.mentions[i].first >= fi })
	// 1. inside
	for i := mi; i < len(p.mentions) && p.mentions[i].last <= fl; i++ {
		if !p.mentions[i].pronoun {
			return p.mentions[i].ref
		}
	}
	// 2. possessive before
	if mi > 0 {
		m := p.mentions[mi-1]
		if m.poss && p.sent[m.first] == s && fi-m.last <= 6 && p.clause[m.last] == p.clause[fi] {
			return m.ref
		}
	}
	// 3. "of" after
	k := fl + 1
	if k < len(p.toks) && p.sent[k] == s && p.info[k].fold == "of" {
		k++
		if k < len(p.toks) && p.info[k].fold == "the" {
			k++
		}
		for i := mi; i < len(p.mentions); i++ {
			if p.mentions[i].first == k {
				return p.mentions[i].ref
			}
			if p.mentions[i].first > k {
				break
			}
		}
	}
	subject := func() int {
		for i := mi - 1; i >= 0 && p.sent[p.mentions[i].first] == s; i-- {
			if p.mentions[i].subject {
				return p.mentions[i].ref
			}
		}
		return -1
	}
	object := func() int {
		for i := mi; i < len(p.mentions); i++ {
			m := p.mentions[i]
			if m.first <= fl {
				continue
			}
			if p.clause[m.first] == p.clause[fl] && m.first-fl <= 8 {
				return m.ref
			}
			break
		}
		return -1
	}
	// 4. subject, 5. object
	first, second := subject, object
	if objectFirst {
		first, second = object, subject
	}
	if r := first(); r >= 0 {
		return r
	}
	if r := second(); r >= 0 {
		return r
	}
	// 6. nearest before
	if mi > 0 && p.sent[p.mentions[mi-1].first] == s {
		return p.mentions[mi-1].ref
	}
	// 7. an opening clause takes the subject after it: "Under the guise of
	// talks, Ostrel's envoy …"
	for i := mi; i < len(p.mentions) && p.sent[p.mentions[i].first] == s; i++ {
		if p.mentions[i].subject && p.mentions[i].first > fl {
			return p.mentions[i].ref
		}
	}
	return -1
}
