package analyzer

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
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

	// classes holds the word classes (the w* bits) of every folded word
	// that is in a list of names.yaml, starts an alias, or is one of the
	// few function words attribution looks for; ascii holds those of its
	// words that are ASCII, for a lookup per token that needs no folding.
	classes map[string]uint32
	ascii   wordTable
	// aliasSlots finds the alias lists by the hash of their first word
	// (wordTable.wordHash), the hash prepare keeps per token: 1 + the index
	// in aliasLists, 0 for an empty slot, probed from hash&(len-1) on.
	aliasSlots []int32
	aliasLists [][]actorAlias
	// objectFirst lists categories whose findings are aimed at the object
	// of their clause before its subject ("sharply undercut Islamabad's …").
	objectFirst map[string]bool
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

type actorDef struct {
	name   string
	kind   string
	person bool // kind is ActorPerson
	target int  // the actor this one counts for: itself, or the one it represents
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
	// hash is the wordTable hash of fold, and lo, hi fold as packWord packs
	// it (packed is false when it does not pack): a token is tested against
	// the word without being folded.
	hash   uint32
	lo, hi uint64
	packed bool
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
			return fmt.Errorf("line %d: field %s not found in actor", k.Line, cut(k.Value))
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
		kind       fs.FileMode
		extra      bool
		comp       *compiledLexicon
	}
	var files []sourceFile
	for si, fsys := range sources {
		comp := readCompiled(fsys)
		names, kinds, err := yamlFiles(fsys)
		if err != nil {
			return nil, err
		}
		if si > 0 && len(names) == 0 {
			errs = append(errs, fmt.Errorf("actor source %d: no *.yaml files", si+1))
		}
		for ni, name := range names {
			file := name
			if named, ok := fsys.(interface{ Name() string }); ok {
				file = path.Join(named.Name(), name)
			}
			files = append(files, sourceFile{fsys, name, file, kinds[ni], si > 0, comp})
		}
	}
	for _, sf := range files {
		name := sf.file
		data, err := readLexiconFile(sf.fsys, sf.name, sf.file, sf.kind)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if sf.name == "names.yaml" && sf.extra {
			errs = append(errs, fmt.Errorf("%s:1: name rules come from the built-in actor lexicon only; put actors in another file", name))
			continue
		}
		compiled := sf.comp.file(sf.name, data)
		if sf.name == "names.yaml" {
			var r nameRules
			if compiled != nil && compiled.Names != nil {
				r = *compiled.Names
			} else if err := decodeStrict(name, data, &r); err != nil {
				errs = append(errs, err)
				continue
			}
			haveRules = true
			errs = append(errs, lex.setRules(name, r)...)
			continue
		}
		var f actorFile
		if compiled != nil && compiled.Actors != nil {
			f = compiled.actorFile()
		} else if err := decodeStrict(name, data, &f); err != nil {
			errs = append(errs, err)
			continue
		}
		switch f.Kind {
		case ActorCountry, ActorOrganization, ActorGroup, ActorPerson:
		default:
			errs = append(errs, fmt.Errorf("%s:1: kind %s must be %s, %s, %s or %s", name, short(f.Kind), ActorCountry, ActorOrganization, ActorGroup, ActorPerson))
		}
		if len(f.Actors) == 0 {
			errs = append(errs, fmt.Errorf("%s:1: no actors", name))
		}
		for _, e := range f.Actors {
			e.Name = strings.TrimSpace(e.Name)
			if len(e.Represents) > maxTermBytes {
				errs = append(errs, fmt.Errorf("%s:%d: represents %s, longer than %d bytes", name, e.line, short(e.Represents), maxTermBytes))
				continue
			}
			if e.Name == "" {
				errs = append(errs, fmt.Errorf("%s:%d: name is empty", name, e.line))
				continue
			}
			if _, dup := byName[e.Name]; dup {
				errs = append(errs, fmt.Errorf("%s:%d: actor %s is listed twice", name, e.line, short(e.Name)))
				continue
			}
			idx := len(lex.actors)
			byName[e.Name] = idx
			lex.actors = append(lex.actors, actorDef{name: e.Name, kind: f.Kind, person: f.Kind == ActorPerson, target: idx})
			if e.Represents != "" {
				reps = append(reps, pending{idx, e.Represents, name, e.line})
			}
			for _, form := range append([]string{e.Name}, e.Aliases...) {
				if len(form) > maxTermBytes {
					errs = append(errs, fmt.Errorf("%s:%d: alias %s is longer than %d bytes", name, e.line, short(form), maxTermBytes))
					continue
				}
				words := aliasWords(form)
				if len(words) == 0 {
					errs = append(errs, fmt.Errorf("%s:%d: alias %s has no words", name, e.line, short(form)))
					continue
				}
				key := aliasKey(words)
				if o, ok := owners[key]; ok && o.actor != idx {
					errs = append(errs, fmt.Errorf("%s:%d: alias %s is also used by %s at %s:%d", name, e.line, short(form), short(lex.actors[o.actor].name), o.file, o.line))
					continue
				} else if ok && sameWords(lex.aliases[words[0].fold], words) {
					errs = append(errs, fmt.Errorf("%s:%d: alias %s repeats", name, e.line, short(form)))
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
			errs = append(errs, fmt.Errorf("%s:%d: represents %s, which is not an actor", p.file, p.line, short(p.represents)))
		case t == p.actor:
			errs = append(errs, fmt.Errorf("%s:%d: actor represents itself", p.file, p.line))
		default:
			lex.actors[p.actor].target = t
		}
	}
	for _, p := range reps { // one level only: an official speaks for a country, not for another official
		if t := lex.actors[p.actor].target; lex.actors[t].target != t {
			errs = append(errs, fmt.Errorf("%s:%d: represents %s, which itself represents %s", p.file, p.line, short(p.represents), short(lex.actors[lex.actors[t].target].name)))
		}
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
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
	lex.indexAliases()
	return lex, nil
}

// indexAliases sets the hash and packed form of every alias word and fills
// aliasSlots, once the word table has its seed.
func (lex *ActorLexicon) indexAliases() {
	keys := make([]string, 0, len(lex.aliases))
	for k := range lex.aliases {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the same table every time
	n := 16
	for n < 4*len(keys) {
		n *= 2
	}
	lex.aliasSlots = make([]int32, n)
	lex.aliasLists = lex.aliasLists[:0]
	for _, k := range keys {
		list := lex.aliases[k]
		for _, a := range list {
			for i := range a.words {
				w := &a.words[i]
				w.hash = lex.ascii.wordHash([]byte(w.fold))
				w.lo, w.hi, w.packed = packWord([]byte(w.fold))
			}
		}
		lex.aliasLists = append(lex.aliasLists, list)
		i := list[0].words[0].hash & uint32(n-1)
		for lex.aliasSlots[i] != 0 {
			i = (i + 1) & uint32(n-1)
		}
		lex.aliasSlots[i] = int32(len(lex.aliasLists))
	}
}

func (lex *ActorLexicon) setRules(file string, r nameRules) []error {
	var errs []error
	lex.classes = map[string]uint32{"the": wArticle | wThe, "a": wArticle, "an": wArticle, "of": wOf}
	set := func(field string, list []string, class uint32) {
		m := map[string]bool{}
		for _, w := range list {
			toks := Tokenize([]byte(w))
			if len(toks) != 1 || toks[0].Start != 0 || int(toks[0].End) != len(w) {
				errs = append(errs, fmt.Errorf("%s:1: %s: %s must be one word", file, field, short(w)))
				continue
			}
			k := string(fold(nil, []byte(w)))
			if m[k] {
				errs = append(errs, fmt.Errorf("%s:1: %s: %s is listed twice", file, field, short(w)))
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
			errs = append(errs, fmt.Errorf("%s:1: object_first: %s is not a category id", file, short(id)))
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
