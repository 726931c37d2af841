package analyzer

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
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

	// classes holds the word classes (the w* bits) of every folded word
	// that is in a list of names.yaml, starts an alias, or is one of the
	// few function words attribution looks for; ascii holds those of its
	// words that are ASCII, for a lookup per token that needs no folding.
	classes map[string]uint32
	ascii   wordTable
	// objectFirst lists categories whose findings are aimed at the object
	// of their clause before its subject ("sharply undercut Islamabad's …").
	objectFirst map[string]bool

	passes sync.Pool // of *actorPass, the scratch space of attribute
}

// Word classes of a folded word (ActorLexicon.classes): the lists of
// names.yaml, the first words of aliases, and the articles and "of".
const (
	wTitle uint32 = 1 << iota
	wNotName
	wNotActor
	wConnector
	wSubjectPron
	wPossPron
	wPersonPron
	wAliasUpper // the first word of an alias that can start with a capital
	wAliasLower // the first word of an alias that can start in lower case
	wArticle    // the, a, an
	wThe
	wOf
)

// Token bits, kept with the word classes of a token (actorPass.flags), and
// above them a 15-bit hash of the folded token (wordTable.wordHash).
const (
	tGlued  uint32 = 1 << (12 + iota) // can continue the name of the token before it
	tPoss                             // ends in a possessive 's
	tUpper                            // starts with an upper-case letter
	tWord                             // a word, not a number
	tClause                           // starts a clause (not the first token)

	hashShift = 17
	hashBits  = 32 - hashShift
)

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
// detection) and any other *.yaml file at the top of each source, each a list
// of actors of one kind. The first source is the built-in lexicon; later
// sources (a newsroom's own actors) add actors and may not repeat an actor or
// an alias, nor bring a names.yaml. Decoding is strict and every problem is
// returned at once as "file:line: problem".
func LoadActors(sources ...fs.FS) (*ActorLexicon, error) {
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
	type sourceFile struct {
		fsys       fs.FS
		name, file string
		extra      bool
	}
	var files []sourceFile
	for si, fsys := range sources {
		names, err := fs.Glob(fsys, "*.yaml")
		if err != nil {
			return nil, err
		}
		if si > 0 && len(names) == 0 {
			errs = append(errs, fmt.Errorf("actor source %d: no *.yaml files", si+1))
		}
		sort.Strings(names)
		for _, name := range names {
			file := name
			if named, ok := fsys.(interface{ Name() string }); ok {
				file = path.Join(named.Name(), name)
			}
			files = append(files, sourceFile{fsys, name, file, si > 0})
		}
	}
	for _, sf := range files {
		name := sf.file
		data, err := fs.ReadFile(sf.fsys, sf.name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		if sf.name == "names.yaml" && sf.extra {
			errs = append(errs, fmt.Errorf("%s:1: name rules come from the built-in actor lexicon only; put actors in another file", name))
			continue
		}
		if sf.name == "names.yaml" {
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
		for _, a := range list {
			if w := a.words[0]; w.exact != "" && upperStart([]byte(w.exact)) || w.exact == "" && !w.lower {
				lex.classes[k] |= wAliasUpper
			} else {
				lex.classes[k] |= wAliasLower
			}
		}
	}
	lex.ascii = newWordTable(lex.classes)
	return lex, nil
}

func (lex *ActorLexicon) setRules(file string, r nameRules) []error {
	var errs []error
	lex.classes = map[string]uint32{"the": wArticle | wThe, "a": wArticle, "an": wArticle, "of": wOf}
	set := func(field string, list []string, class uint32) {
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
			lex.classes[k] |= class
		}
		if len(m) == 0 {
			errs = append(errs, fmt.Errorf("%s:1: %s is empty", file, field))
		}
	}
	set("titles", r.Titles, wTitle)
	set("not_names", r.NotNames, wNotName)
	set("not_actor_words", r.NotActorWords, wNotActor)
	set("connectors", r.Connectors, wConnector)
	set("subject_pronouns", r.SubjectPronouns, wSubjectPron)
	set("possessive_pronouns", r.PossessivePronouns, wPossPron)
	set("person_pronouns", r.PersonPronouns, wPersonPron)
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

// mention is one place an actor is named (or a pronoun stands for it).
type mention struct {
	first, last int // token range
	ref         int
	person      bool // a person named, even if counted for a country
	poss        bool // "Pakistan's", "its"
	subject     bool // starts its clause
	pronoun     bool
}

// tokSpan is a token range [first, last].
type tokSpan struct{ first, last int }

// actorPass holds one attribution over one input. Passes are pooled by the
// lexicon: everything but the input is scratch space that outlives a call.
type actorPass struct {
	lex   *ActorLexicon
	input []byte
	toks  []Token
	sent  []int32
	// flags holds, per token, the word classes of its folded form (without
	// a possessive 's), the t* bits and the hash of the folded form. Folded
	// text is made again where a name is read, instead of kept for every
	// token.
	flags     []uint32
	headlines []bool // per sentence: in title case, where capitals do not mark names
	refs      []actorRef
	known     []int32 // lexicon actor → ref, -1 while not mentioned
	named     map[string]int
	surnames  map[string]int
	// surnameHashes has the bit of the hash of every key of surnames: most
	// capitalized words are not surnames, and need no folding to tell.
	surnameHashes [1 << hashBits / 64]uint64
	mentions      []mention
	// an appositive after "Pakistan's Permanent Representative" names
	// someone who speaks for Pakistan.
	pendingRef, pendingUntil int
	// how far prepare and findMentions have read, and the word counts of
	// the sentence prepare is in.
	prepared, next       int
	sentWords, sentUpper int
	// where the search for the previous finding ended (targetOf)
	tokHint, mentionHint int

	knowns []mention // scratch of run
	chunks []tokSpan // scratch of run
	fold   []byte    // scratch of foldAt
	name   []byte    // scratch of nameText
}

// attribute fills Finding.Actor and Report.Actors.
func (lex *ActorLexicon) attribute(rep *Report, input []byte, toks []Token, sent []int32) {
	p, _ := lex.passes.Get().(*actorPass)
	if p == nil {
		p = &actorPass{lex: lex, named: map[string]int{}, surnames: map[string]int{}}
	}
	p.reset(input, toks, sent)
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
		for ; next < len(rep.Findings) && (to == n || toks[to-3].End > rep.Findings[next].End); next++ {
			p.attributeFinding(&rep.Findings[next])
		}
		from = to
	}
	for ; next < len(rep.Findings); next++ {
		p.attributeFinding(&rep.Findings[next])
	}
	rep.Actors = nil
	for i := range p.refs {
		r := &p.refs[i]
		if r.findings == 0 && !(r.known && r.mentions > 0) && r.mentions < 2 {
			continue
		}
		slices.SortFunc(r.cats, func(x, y catTally) int {
			if x.weight != y.weight {
				return cmp.Compare(y.weight, x.weight)
			}
			return strings.Compare(x.id, y.id)
		})
		cats := make([]string, 0, len(r.cats))
		for _, c := range r.cats {
			cats = append(cats, c.id)
		}
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
	p.input, p.toks, p.sent = nil, nil, nil
	lex.passes.Put(p)
}

// actorBlock is the number of tokens attribute reads at a time, rounded up
// to a sentence: their flags, tokens and text stay in the cache.
const actorBlock = 4096

// attributeFinding gives a finding its actor.
func (p *actorPass) attributeFinding(f *Finding) {
	ref := p.targetOf(f.Start, f.End, p.lex.objectFirst[f.Category])
	if ref < 0 {
		return
	}
	r := &p.refs[ref]
	f.Actor = r.name
	r.findings++
	r.weight = round2(r.weight + f.Weight)
	r.tally(f.Category, f.Weight)
}

// reset readies a pass, new or pooled, for one input.
func (p *actorPass) reset(input []byte, toks []Token, sent []int32) {
	p.input, p.toks, p.sent = input, toks, sent
	if cap(p.flags) < len(toks) {
		p.flags = make([]uint32, len(toks))
	}
	p.flags = p.flags[:len(toks)]
	p.headlines = p.headlines[:0]
	p.prepared, p.sentWords, p.sentUpper, p.next = 0, 0, 0, 0
	clear(p.refs) // drop the names and tallies of the last input
	p.refs = p.refs[:0]
	p.mentions = p.mentions[:0]
	p.known = p.known[:0]
	for range p.lex.actors {
		p.known = append(p.known, -1)
	}
	clear(p.named)
	clear(p.surnames)
	clear(p.surnameHashes[:])
	p.pendingRef, p.pendingUntil = -1, 0
	p.tokHint, p.mentionHint = 0, 0
}

// prepare classifies the tokens before upto, marks where clauses start and
// tells headlines from sentences: a clause ends at a sentence end or at , ; :
// ( ) [ ] — – or a line break. Quote marks do not end a clause, so a scare
// quote stays in the clause of the words around it.
func (p *actorPass) prepare(upto int) {
	// The loop runs once per token of the input: it keeps what it reads in
	// locals and looks short ASCII words up in p.lex.ascii inline.
	toks, input, sent, flags := p.toks, p.input, p.sent, p.flags
	table := &p.lex.ascii
	slots, classes, shift := table.slots, table.classes, table.shift
	words, upper := p.sentWords, p.sentUpper // of the current sentence
	prevEnd, prevSent := 0, int32(0)
	if k := p.prepared; k > 0 {
		prevEnd, prevSent = toks[k-1].End, sent[k-1]
	}
	for k := p.prepared; k < upto; k++ {
		t := &toks[k]
		w := input[t.Start:t.End]
		base, poss := w, false
		// A possessive is rare: test its last two bytes with one branch.
		if t.End >= 2 && possTail[input[t.End-1]]&(possTail[input[t.End-2]]>>1) != 0 {
			base, poss = splitPossessive(w)
		}
		var f, h uint32
		if n := len(base); n <= 15 && cap(base) >= 16 {
			// packWord and table.find, inline: load 16 bytes and mask
			// off what follows the word.
			lo := binary.LittleEndian.Uint64(base[:8:8]) & (^uint64(0) >> (64 - 8*min(n, 8)))
			hi := binary.LittleEndian.Uint64(base[8:16:16]) & (^uint64(0) >> (64 - 8*max(n-8, 0)))
			if (lo|hi)&0x8080808080808080 == 0 {
				lo, hi := lowerASCII(lo), lowerASCII(hi)|uint64(n)<<56
				a, b := table.mix(lo, hi)
				i, j := a>>shift, b>>shift
				ci, cj := classes[i], classes[j]
				if (slots[i].lo^lo)|(slots[i].hi^hi) == 0 {
					f = ci
				}
				if (slots[j].lo^lo)|(slots[j].hi^hi) == 0 {
					f = cj
				}
				h = uint32(a >> (64 - hashBits))
			} else {
				f, h = p.slowClasses(base)
			}
		} else if lo, hi, ok := packWord(base); ok {
			f, h = table.find(lo, hi)
		} else {
			f, h = p.slowClasses(base)
		}
		f |= h << hashShift
		if poss {
			f |= tPoss
		}
		if c := w[0]; c < utf8.RuneSelf {
			f |= asciiUpper[c]
		} else if upperStart(w) {
			f |= tUpper
		}
		if t.Kind == Word {
			f |= tWord
		}
		s := sent[k]
		switch gap := input[prevEnd:t.Start]; {
		case k == 0:
		case s != prevSent:
			f |= tClause
			p.endSentence(prevSent, words, upper)
			words, upper = 0, 0
		case len(gap) == 1 && gap[0] == ' ':
			f |= tGlued
		case len(gap) == 2 && gap[0] == ',' && gap[1] == ' ':
			f |= tClause
		default:
			if clauseGap(gap) {
				f |= tClause
			}
			if p.gluedGap(k, gap) {
				f |= tGlued
			}
		}
		prevEnd, prevSent = t.End, s
		if f&(tWord|wConnector) == tWord {
			words++
			upper += int(f / tUpper & 1)
		}
		flags[k] = f
	}
	if n := len(toks); upto == n && n > 0 && p.prepared < n {
		p.endSentence(sent[n-1], words, upper)
	}
	p.prepared, p.sentWords, p.sentUpper = upto, words, upper
}

// possTail marks the bytes that can end a possessive 's: s and S (1), and
// before them the last byte of an apostrophe (2): ' or the last byte of ’ ʼ ‘.
// splitPossessive decides.
var possTail = func() (t [256]uint8) {
	t['s'], t['S'] = 1, 1
	for _, r := range []rune{'\'', '’', 'ʼ', '‘'} {
		b := utf8.AppendRune(nil, r)
		t[b[len(b)-1]] |= 2
	}
	return t
}()

// asciiUpper is tUpper for the ASCII capitals.
var asciiUpper = func() (t [utf8.RuneSelf]uint32) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = tUpper
	}
	return t
}()

// slowClasses returns the classes and hash of a word the table does not
// cover, after folding it.
func (p *actorPass) slowClasses(w []byte) (class, hash uint32) {
	p.fold = fold(p.fold[:0], w)
	return p.lex.classes[string(p.fold)], p.lex.ascii.wordHash(p.fold)
}

// endSentence records whether sentence s, with words words (connectors
// aside) of which upper are capitalized, is a headline.
func (p *actorPass) endSentence(s int32, words, upper int) {
	for len(p.headlines) <= int(s) {
		p.headlines = append(p.headlines, false)
	}
	p.headlines[s] = words >= 3 && upper*10 >= words*7
}

// upperStart reports whether w starts with an upper-case letter.
func upperStart(w []byte) bool {
	if c := w[0]; c < utf8.RuneSelf {
		return 'A' <= c && c <= 'Z'
	}
	r, _ := utf8.DecodeRune(w)
	return unicode.IsUpper(r)
}

// text is token k as written, without a possessive 's.
func (p *actorPass) text(k int) []byte {
	t := p.toks[k]
	w := p.input[t.Start:t.End]
	if p.flags[k]&tPoss != 0 {
		w, _ = splitPossessive(w)
	}
	return w
}

// foldAt is the folded text of token k, in scratch space that the next call
// reuses.
func (p *actorPass) foldAt(k int) []byte {
	p.fold = fold(p.fold[:0], p.text(k))
	return p.fold
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
// ("S. Jaishankar", "U.N. Security Council", "Dr. Brel"). prepare sets the
// bit with gluedGap.
func (p *actorPass) glued(k int) bool { return p.flags[k]&tGlued != 0 }

// gluedGap reports whether gap, between tokens k-1 and k of one sentence,
// glues them; the flags of k-1 must be set.
func (p *actorPass) gluedGap(k int, gap []byte) bool {
	if len(gap) > 4 || len(gap) == 0 {
		return false
	}
	for _, r := range string(gap) {
		switch {
		case r == ' ' || r == 0xA0 || r == '-' || r == '‐' || r == '‑':
		case r == '.':
			if p.flags[k-1]&tUpper == 0 || utf8.RuneCount(p.text(k-1)) > 3 {
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
	if !p.aliasStart(k) {
		return -1, 0
	}
	for _, a := range p.lex.aliases[string(p.foldAt(k))] {
		n := len(a.words)
		if k+n-1 > limit {
			continue
		}
		ok := true
		for i, w := range a.words {
			f := p.flags[k+i]
			if (i > 0 && !p.glued(k+i)) || (i < n-1 && f&tPoss != 0) {
				ok = false
				break
			}
			if w.exact != "" {
				ok = string(p.text(k+i)) == w.exact
			} else {
				ok = string(p.foldAt(k+i)) == w.fold && (i > 0 || (f&tUpper != 0) != w.lower)
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

// aliasStart reports whether an alias can start at token k: whether its
// folded form starts an alias of its case.
func (p *actorPass) aliasStart(k int) bool {
	f := p.flags[k]
	if f&tUpper != 0 {
		return f&wAliasUpper != 0
	}
	return f&wAliasLower != 0
}

func (p *actorPass) refFor(actor int) int {
	t := p.lex.actors[actor].target
	if r := p.known[t]; r >= 0 {
		return int(r)
	}
	p.refs = append(p.refs, actorRef{name: p.lex.actors[t].name, person: p.lex.actors[t].kind == ActorPerson, known: true})
	p.known[t] = int32(len(p.refs) - 1)
	return len(p.refs) - 1
}

// newName adds a detected name that is not in p.named yet.
func (p *actorPass) newName(name string) int {
	p.refs = append(p.refs, actorRef{name: name, person: true})
	p.named[name] = len(p.refs) - 1
	return len(p.refs) - 1
}

// clauseInitial reports whether token k starts its clause, allowing an
// article before it.
func (p *actorPass) clauseInitial(k int) bool {
	for i := k - 1; i >= 0 && p.flags[i+1]&tClause == 0; i-- {
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
	if !m.pronoun {
		p.refs[m.ref].mentions++
	}
	p.mentions = append(p.mentions, m)
}

// findMentions walks the tokens from p.next to the sentence start to, in
// order, so that a pronoun resolves to the actors named before it.
func (p *actorPass) findMentions(to int) {
	k := p.next
	for k < to {
		f := p.flags[k]
		if f&tWord == 0 {
			k++
			continue
		}
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
				p.addMention(mention{first: k, last: k + n - 1, ref: p.refFor(actor), person: p.lex.actors[actor].kind == ActorPerson, poss: p.flags[k+n-1]&tPoss != 0})
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
		if end == k && f&(wAliasUpper|wTitle|wNotActor|wNotName) == 0 {
			// One capitalized word, not an alias and in no list: all that
			// run would do is look it up as a surname.
			if r, ok := p.surname(k); ok {
				p.addMention(mention{first: k, last: k, ref: r, person: true, poss: f&tPoss != 0})
			}
		} else {
			p.run(k, end, p.headlines[p.sent[k]])
		}
		k = end + 1
	}
	p.next = k
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
		if actor, n := p.matchAlias(k, last); actor >= 0 {
			closeChunk(k - 1)
			ref := p.refFor(actor)
			m := mention{first: k, last: k + n - 1, ref: ref, person: p.lex.actors[actor].kind == ActorPerson, poss: p.flags[k+n-1]&tPoss != 0}
			if kn := len(p.knowns) - 1; kn >= 0 && p.knowns[kn].ref == ref {
				p.knowns[kn].last = m.last // "Russian President Vladimir Putin" is one mention
				p.knowns[kn].poss = m.poss
				p.knowns[kn].person = p.knowns[kn].person || m.person
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
	// Order the mentions of the run by their first token (a stable
	// insertion sort: a run has a handful).
	added := p.mentions[from:]
	for i := 1; i < len(added); i++ {
		for j := i; j > 0 && added[j].first < added[j-1].first; j-- {
			added[j], added[j-1] = added[j-1], added[j]
		}
	}
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
	if _, ok := p.surnames[string(p.foldAt(lastTok))]; !ok {
		p.surnames[string(p.fold)] = ref
		h := p.flags[lastTok] >> hashShift
		p.surnameHashes[h/64] |= 1 << (h % 64)
	}
}

// surname returns the ref whose surname token k is, if any.
func (p *actorPass) surname(k int) (int, bool) {
	if h := p.flags[k] >> hashShift; p.surnameHashes[h/64]&(1<<(h%64)) == 0 {
		return 0, false
	}
	r, ok := p.surnames[string(p.foldAt(k))]
	return r, ok
}

// nameText is the name as written, without a possessive, spaces squeezed,
// in scratch space that the next call reuses.
func (p *actorPass) nameText(first, last int) []byte {
	end := p.toks[last].Start + len(p.text(last))
	p.name = appendFields(p.name[:0], p.input[p.toks[first].Start:end])
	return p.name
}

// appendFields appends the space-separated fields of b to dst, joined by
// single spaces: strings.Join(strings.Fields(b), " ") without allocating.
func appendFields(dst, b []byte) []byte {
	start, space := len(dst), false
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if unicode.IsSpace(r) {
			space = true
		} else {
			if space && len(dst) > start {
				dst = append(dst, ' ')
			}
			space = false
			dst = append(dst, b[i:i+size]...)
		}
		i += size
	}
	return dst
}

// pronoun adds the mention a pronoun stands for. A possessive pronoun ("its
// attempt") stands for the latest actor named in this or the previous
// sentence; a subject pronoun starting a clause ("He lamented") for the
// subject of an earlier sentence. Person pronouns prefer people, the others
// prefer countries and organizations.
func (p *actorPass) pronoun(k int) {
	person := p.flags[k]&wPersonPron != 0
	poss := p.flags[k]&wPossPron != 0
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
	// Findings come in order of start: search on from the previous one.
	lo := p.tokHint
	if lo > 0 && p.toks[lo-1].Start >= start {
		lo = 0
	}
	fi := gallop(lo, len(p.toks), func(i int) bool { return p.toks[i].Start >= start })
	p.tokHint = fi
	if fi >= len(p.toks) || fi > 0 && p.toks[fi-1].End > end {
		return -1 // no token, or the last token by end is before fi
	}
	fl := gallop(fi, len(p.toks), func(i int) bool { return p.toks[i].End > end }) - 1
	if fl < fi {
		return -1
	}
	s := p.sent[fi]
	lo = p.mentionHint
	if lo > 0 && p.mentions[lo-1].first >= fi {
		lo = 0
	}
	mi := gallop(lo, len(p.mentions), func(i int) bool { return p.mentions[i].first >= fi })
	p.mentionHint = mi
	// 1. inside
	for i := mi; i < len(p.mentions) && p.mentions[i].last <= fl; i++ {
		if !p.mentions[i].pronoun {
			return p.mentions[i].ref
		}
	}
	// 2. possessive before
	if mi > 0 {
		m := p.mentions[mi-1]
		if m.poss && p.sent[m.first] == s && fi-m.last <= 6 && p.sameClause(m.last, fi) {
			return m.ref
		}
	}
	// 3. "of" after
	k := fl + 1
	if k < len(p.toks) && p.sent[k] == s && p.flags[k]&wOf != 0 {
		k++
		if k < len(p.toks) && p.flags[k]&wThe != 0 {
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
			if m.first-fl <= 8 && p.sameClause(m.first, fl) {
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

// wordTable is a hash table from short folded ASCII words to their classes.
// A word has two candidate slots (cuckoo hashing), so a lookup reads both and
// does not branch on what it finds. A word is packed into two little-endian
// uint64s and folded eight bytes at a time: a token is looked up as written,
// without a folded copy.
type wordTable struct {
	slots   []wordSlot // a power of two, at most half full
	classes []uint32   // by slot
	shift   uint       // 64 - log2(len(slots))
	seed    uint64
}

// wordSlot is a word as packWord packs it; 0, 0 for an empty slot.
type wordSlot struct{ lo, hi uint64 }

func newWordTable(classes map[string]uint32) wordTable {
	keys := make([]string, 0, len(classes))
	for k := range classes {
		if _, _, ok := packWord([]byte(k)); ok {
			keys = append(keys, k) // the others are found through the map, after folding
		}
	}
	sort.Strings(keys) // the same table every time
	n, shift := 16, uint(64-4)
	for n < 2*len(keys) {
		n, shift = n*2, shift-1
	}
	for seed := uint64(0); ; seed++ {
		if seed%8 == 7 {
			n, shift = n*2, shift-1
		}
		t := wordTable{slots: make([]wordSlot, n), classes: make([]uint32, n), shift: shift, seed: seed}
		ok := true
		for _, k := range keys {
			lo, hi, _ := packWord([]byte(k))
			if ok = t.insert(wordSlot{lo, hi}, classes[k]); !ok {
				break
			}
		}
		if ok {
			return t
		}
	}
}

// insert places s in one of its slots, moving the words in the way to their
// other slot, and reports whether it found room.
func (t *wordTable) insert(s wordSlot, class uint32) bool {
	a, b := t.index(s.lo, s.hi)
	if t.slots[a].hi != 0 {
		a = b
	}
	for range 64 {
		if t.slots[a].hi == 0 {
			t.slots[a], t.classes[a] = s, class
			return true
		}
		s, t.slots[a] = t.slots[a], s
		class, t.classes[a] = t.classes[a], class
		x, y := t.index(s.lo, s.hi)
		if a == x {
			a = y
		} else {
			a = x
		}
	}
	return false
}

// mix returns the two hashes of a packed word; their top bits index the
// slots.
func (t *wordTable) mix(lo, hi uint64) (uint64, uint64) {
	lo ^= t.seed
	return lo*0x9E3779B97F4A7C15 ^ hi*0xC2B2AE3D27D4EB4F, lo*0xD6E8FEB86659FD93 ^ hi*0xFF51AFD7ED558CCD
}

func (t *wordTable) index(lo, hi uint64) (int, int) {
	a, b := t.mix(lo, hi)
	return int(a >> t.shift), int(b >> t.shift)
}

// find returns the classes (0 for none) and the hash of a word packed by
// packWord. It reads and compares both slots without a branch: whether a
// token is in a class cannot be predicted.
func (t *wordTable) find(lo, hi uint64) (class, hash uint32) {
	a, b := t.mix(lo, hi)
	i, j := a>>t.shift, b>>t.shift
	ci, cj := t.classes[i], t.classes[j]
	if (t.slots[i].lo^lo)|(t.slots[i].hi^hi) == 0 {
		class = ci
	}
	if (t.slots[j].lo^lo)|(t.slots[j].hi^hi) == 0 {
		class = cj
	}
	return class, uint32(a >> (64 - hashBits))
}

// wordHash is the hash of a folded word (hashBits wide), the same as find
// gives for any spelling that folds to it.
func (t *wordTable) wordHash(folded []byte) uint32 {
	if lo, hi, ok := packWord(folded); ok {
		a, _ := t.mix(lo, hi)
		return uint32(a >> (64 - hashBits))
	}
	h := uint32(2166136261)
	for _, c := range folded {
		h = (h ^ uint32(c)) * 16777619
	}
	return h >> (32 - hashBits)
}

// packWord returns w, folded to lower case, as two little-endian words padded
// with zero bytes and its length in the top byte, and false when w is empty,
// longer than 15 bytes or not ASCII. Folding ASCII only lowers A-Z, as fold
// does.
func packWord(w []byte) (lo, hi uint64, ok bool) {
	switch {
	case len(w) == 0 || len(w) > 15:
		return 0, 0, false
	case len(w) > 8:
		lo, hi = loadWord(w[:8]), loadWord(w[8:])
	default:
		lo = loadWord(w)
	}
	const high = 0x8080808080808080
	if (lo|hi)&high != 0 {
		return 0, 0, false
	}
	return lowerASCII(lo), lowerASCII(hi) | uint64(len(w))<<56, true
}

// loadWord loads 1 to 8 bytes little-endian, zero-padded. A token is a slice
// of the input, so the bytes after it can usually be loaded with it and
// masked off.
func loadWord(w []byte) uint64 {
	n := len(w)
	if cap(w) >= 8 {
		return binary.LittleEndian.Uint64(w[:8:8]) & (^uint64(0) >> (64 - 8*n))
	}
	var x uint64
	for i := n - 1; i >= 0; i-- {
		x = x<<8 | uint64(w[i])
	}
	return x
}

// lowerASCII maps the bytes A-Z of an ASCII word to a-z. No byte carries into
// the next: each is below 0x80.
func lowerASCII(x uint64) uint64 {
	const ones = 0x0101010101010101
	ge := x + ones*(0x80-'A') // high bit set where the byte is >= 'A'
	gt := x + ones*(0x80-'Z'-1)
	return x | (ge&^gt&(ones*0x80))>>2
}

// gallop returns the smallest i in [lo, n) for which f is true, or n, where f
// is false before lo and stays true once true: sort.Search from a hint, in
// time logarithmic in the distance from lo.
func gallop(lo, n int, f func(int) bool) int {
	hi, step := lo, 1
	for hi < n && !f(hi) {
		lo = hi + 1
		hi += step
		step *= 2
	}
	hi = min(hi, n)
	return lo + sort.Search(hi-lo, func(i int) bool { return f(lo + i) })
}
