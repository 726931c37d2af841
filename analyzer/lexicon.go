package analyzer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Category roles.
const (
	RoleTerm       = "term"        // entries are findings
	RoleBooster    = "booster"     // entries are findings and raise the weight of the next finding
	RoleScareQuote = "scare-quote" // no entries: findings are scare quotes the analyzer detects
)

// Category is one lexicon file: a kind of loaded or framing language.
type Category struct {
	ID          string  `yaml:"id"`
	Name        string  `yaml:"name"`
	Description string  `yaml:"description"`
	Rationale   string  `yaml:"rationale"`
	Weight      float64 `yaml:"weight"`
	Role        string  `yaml:"role"`
	// Technique is the persuasion technique the category stands for: a
	// SemEval-2020 Task 11 class or a slant: name (technique.go).
	Technique string   `yaml:"technique"`
	Examples  []string `yaml:"examples"`
	Sources   []string `yaml:"sources"`
	Entries   []Entry  `yaml:"entries"`

	file string
}

// Entry is one term of a category. In YAML an entry is either a plain string
// (the term, with the category's weight) or a mapping with these keys.
type Entry struct {
	Term        string   `yaml:"term"`
	Weight      float64  `yaml:"weight"`
	Variants    []string `yaml:"variants"`
	Note        string   `yaml:"note"`
	Alternative string   `yaml:"alternative"`
	// Except lists phrases that contain the term in a sense that is not
	// loaded ("claimed responsibility"); a match inside one is dropped.
	Except []string `yaml:"except"`
	// Requires lists phrases containing the term; when set, the term is a
	// finding only inside one of them ("maintained that").
	Requires []string `yaml:"requires"`
	// Exact matches the listed forms only, not every word with the same stem
	// ("clearly" but not "clear").
	Exact bool `yaml:"exact"`
	// Technique overrides the category's technique for this entry.
	Technique string `yaml:"technique"`

	line int
}

var entryKeys = map[string]bool{"term": true, "weight": true, "variants": true, "note": true, "alternative": true, "except": true, "requires": true, "exact": true, "technique": true}

// UnmarshalYAML accepts a plain string or a mapping, rejecting unknown keys.
func (e *Entry) UnmarshalYAML(n *yaml.Node) error {
	e.line = n.Line
	if n.Kind == yaml.ScalarNode {
		e.Term = n.Value
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: entry must be a string or a mapping", n.Line)}}
	}
	// Problems are returned as a *yaml.TypeError, which the decoder collects
	// while it goes on with the rest of the file: every problem is reported.
	var problems []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !entryKeys[k.Value] {
			problems = append(problems, fmt.Sprintf("line %d: field %s not found in entry", k.Line, cut(k.Value)))
		}
	}
	type plain Entry
	var p plain
	if err := n.Decode(&p); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return err
		}
		problems = append(problems, te.Errors...)
	}
	*e = Entry(p)
	e.line = n.Line
	if len(problems) > 0 {
		return &yaml.TypeError{Errors: problems}
	}
	return nil
}

// Scoring holds the parameters of the score formulas (docs/scoring.md).
type Scoring struct {
	NegationFactor    float64 `yaml:"negation_factor"`
	BoosterFactor     float64 `yaml:"booster_factor"`
	QuotedFactor      float64 `yaml:"quoted_factor"`
	IntensityScale    float64 `yaml:"intensity_scale"`
	DocumentThreshold float64 `yaml:"document_threshold"`
	SentenceThreshold float64 `yaml:"sentence_threshold"`
	// ReportedFactor scales the contribution of reported-speech findings
	// (voice reported), as QuotedFactor does for quotations.
	ReportedFactor float64 `yaml:"reported_factor"`
}

// Rules is rules.yaml: the context words and scoring parameters.
type Rules struct {
	Version string `yaml:"version"`
	// Negators mark a finding negated when one stands in the NegationWindow
	// words before it in the same clause.
	Negators       []string `yaml:"negators"`
	NegationWindow int      `yaml:"negation_window"`
	// NotNegating are words that cancel a negator right before them ("not only").
	NotNegating []string `yaml:"not_negating"`
	// BoosterWindow is how many words after a booster the boosted finding may start.
	BoosterWindow int `yaml:"booster_window"`
	// ReportingVerbs attribute a nearby quotation to a speaker (reported speech).
	ReportingVerbs []string `yaml:"reporting_verbs"`
	// ScareMarkers right before a short quotation make it a scare quote.
	ScareMarkers []string `yaml:"scare_markers"`
	// ScareMaxWords is the longest quotation that can be a scare quote.
	ScareMaxWords int `yaml:"scare_max_words"`
	// SpeechVerbs (exact word forms) introduce reported speech: the clause
	// they govern is what their subject said ("officials said the bid had
	// failed"). Empty: no reported voice.
	SpeechVerbs []string `yaml:"speech_verbs"`
	// SpeakerRoles are nouns that name a speaker by role ("official",
	// "spokesperson"), exact word forms.
	SpeakerRoles []string `yaml:"speaker_roles"`
	// AnonymousMarkers make a speaker anonymous ("source", "anonymity").
	AnonymousMarkers []string `yaml:"anonymous_markers"`
	Scoring          Scoring  `yaml:"scoring"`

	file string
}

// Lexicon is a validated set of categories and rules, ready for New.
type Lexicon struct {
	Categories []*Category
	Rules      Rules
	sha        string
	entries    int
	stems      stemMemo // the stems of the words of every term, phrase and rule
}

// Info describes the lexicon for reports.
func (l *Lexicon) Info() LexiconInfo {
	return LexiconInfo{Version: l.Rules.Version, SHA256: l.sha, Categories: len(l.Categories), Entries: l.entries}
}

// Category returns the category with the given id, or nil.
func (l *Lexicon) Category(id string) *Category {
	for _, c := range l.Categories {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// LoadLexicon reads every *.yaml file at the top of each fsys: rules.yaml holds
// the rules, every other file one category. A later source adds categories; a
// category id or a rules.yaml that an earlier source had is replaced, and a
// term that an earlier source had moves to the later category. Decoding is
// strict, and all problems of all files are returned at once, each as
// "file:line: problem".
func LoadLexicon(sources ...fs.FS) (*Lexicon, error) {
	var errs []error
	lex := &Lexicon{}
	h := sha256.New()
	haveRules := false
	byID := map[string]int{}
	type owner struct {
		cat   *Category
		entry int
		src   int
	}
	owners := map[string]owner{}
	memo := stemMemo{}
	for si, fsys := range sources {
		comp := readCompiled(fsys)
		if comp != nil && len(memo) == 0 {
			memo = make(stemMemo, len(comp.Stems)/2+64)
		}
		if comp != nil {
			for i := 0; i < len(comp.Stems); i += 2 {
				memo[comp.Stems[i]] = comp.Stems[i+1]
			}
		}
		names, kinds, err := yamlFiles(fsys)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(names) == 0 {
			errs = append(errs, fmt.Errorf("lexicon source %d: no *.yaml files", si+1))
		}
		for ni, name := range names {
			file := name
			if named, ok := fsys.(interface{ Name() string }); ok {
				file = path.Join(named.Name(), name)
			}
			data, err := readLexiconFile(fsys, name, file, kinds[ni])
			if err != nil {
				errs = append(errs, err)
				continue
			}
			fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
			h.Write(data)
			compiled := comp.file(name, data)
			if name == "rules.yaml" && compiled != nil && compiled.Rules != nil {
				r := *compiled.Rules
				r.file = file
				lex.Rules, haveRules = r, true
				continue
			}
			if name == "rules.yaml" {
				r, err := decodeRules(file, data)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				lex.Rules, haveRules = r, true
				continue
			}
			var c *Category
			if compiled != nil && compiled.Category != nil {
				c = compiled.category(file)
			} else if c, err = decodeCategory(file, data); err != nil {
				errs = append(errs, err)
				continue
			}
			if i, ok := byID[c.ID]; ok && si > 0 {
				lex.Categories[i] = c
			} else if ok {
				errs = append(errs, fmt.Errorf("%s:1: category id %s is also used by %s", file, short(c.ID), lex.Categories[i].file))
				continue
			} else {
				byID[c.ID] = len(lex.Categories)
				lex.Categories = append(lex.Categories, c)
			}
			for ei := range c.Entries {
				e := &c.Entries[ei]
				for _, form := range append([]string{e.Term}, e.Variants...) {
					key := memo.termKey(form)
					if key == "" {
						continue
					}
					if o, ok := owners[key]; ok && o.cat != c {
						if o.src == si {
							errs = append(errs, fmt.Errorf("%s:%d: term %s is also in %s:%d", file, e.line, short(form), o.cat.file, o.cat.Entries[o.entry].line))
							continue
						}
						o.cat.Entries[o.entry].drop(key, memo)
					} else if ok && o.entry != ei {
						errs = append(errs, fmt.Errorf("%s:%d: term %s repeats line %d", file, e.line, short(form), c.Entries[o.entry].line))
						continue
					}
					owners[key] = owner{c, ei, si}
				}
			}
		}
	}
	if !haveRules && len(sources) > 0 {
		errs = append(errs, errors.New("rules.yaml: missing from every lexicon source"))
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	sort.SliceStable(lex.Categories, func(i, j int) bool { return lex.Categories[i].ID < lex.Categories[j].ID })
	for _, c := range lex.Categories {
		for _, e := range c.Entries {
			if !e.dropped() {
				lex.entries++
			}
		}
	}
	lex.sha = hex.EncodeToString(h.Sum(nil))
	// Stem the rest once too, so that New stems nothing.
	for _, c := range lex.Categories {
		for _, e := range c.Entries {
			for _, list := range [][]string{e.Except, e.Requires} {
				for _, p := range list {
					addStems(memo, p)
				}
			}
		}
	}
	for _, list := range [][]string{lex.Rules.Negators, lex.Rules.NotNegating, lex.Rules.ReportingVerbs, lex.Rules.ScareMarkers} {
		for _, w := range list {
			addStems(memo, w)
		}
	}
	lex.stems = memo
	return lex, nil
}

// drop removes a form (the term or a variant) that a later source took over.
func (e *Entry) drop(key string, memo stemMemo) {
	if memo.termKey(e.Term) == key {
		e.Term = ""
	}
	kept := e.Variants[:0]
	for _, v := range e.Variants {
		if memo.termKey(v) != key {
			kept = append(kept, v)
		}
	}
	e.Variants = kept
	if e.Term == "" && len(e.Variants) > 0 {
		e.Term, e.Variants = e.Variants[0], e.Variants[1:]
	}
}

func (e *Entry) dropped() bool { return e.Term == "" }

// termKey is the stem sequence of a term, the identity of a lexicon entry.
func termKey(term string) string { return stemMemo(nil).termKey(term) }

// termKey is termKey with the stems from and into the memo.
func (m stemMemo) termKey(term string) string {
	toks := Tokenize([]byte(term))
	var b strings.Builder
	var buf []byte
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		buf = fold(buf[:0], []byte(term[t.Start:t.End]))
		b.WriteString(m.stem(string(buf), true))
	}
	return b.String()
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

const maxTermWords = 8

// decodeError is a decoding problem as "file:line: problem" lines. typeOnly
// is true when every problem was a type error (an unknown key, a wrong type),
// after which yaml.v3 has decoded the rest.
type decodeError struct {
	msg      string
	typeOnly bool
}

func (e *decodeError) Error() string { return e.msg }

// decodeStrict decodes data into v, rejecting unknown keys.
func decodeStrict(file string, data []byte, v any) error {
	if err := checkAliases(file, data); err != nil {
		return &decodeError{msg: err.Error()}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		var te *yaml.TypeError
		return &decodeError{msg: fmt.Sprintf("%s:%s", file, yamlErrorText(err)), typeOnly: errors.As(err, &te)}
	}
	return nil
}

// yamlErrorText turns "yaml: line 3: …" into "3: …" so that errors read file:line.
func yamlErrorText(err error) string {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		parts := make([]string, len(te.Errors))
		for i, e := range te.Errors {
			parts[i] = strings.TrimPrefix(e, "line ")
		}
		return strings.Join(parts, "\n")
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		return rest
	}
	return "1: " + msg
}

func decodeCategory(file string, data []byte) (*Category, error) {
	c := &Category{file: file}
	var errs []error
	if err := decodeStrict(file, data, c); err != nil {
		var de *decodeError
		typeOnly := errors.As(err, &de) && de.typeOnly
		// A type error names every bad line; prefix each with the file.
		lines := strings.Split(err.Error(), "\n")
		for i := 1; i < len(lines); i++ {
			lines[i] = file + ":" + lines[i]
		}
		err = errors.New(strings.Join(lines, "\n"))
		if !typeOnly {
			return nil, err // a syntax error: nothing more can be read
		}
		// Type errors leave the rest decoded: validate it too.
		errs = append(errs, err)
	}
	if c.Role == "" {
		c.Role = RoleTerm
	}
	bad := func(line int, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:%d: %s", file, line, fmt.Sprintf(format, args...)))
	}
	if !idPattern.MatchString(c.ID) {
		bad(1, "id %s must match %s", short(c.ID), idPattern)
	}
	if want := strings.TrimSuffix(path.Base(file), ".yaml"); c.ID != want {
		bad(1, "id %s does not match the file name %s", short(c.ID), path.Base(file))
	}
	if strings.TrimSpace(c.Name) == "" {
		bad(1, "name is empty")
	}
	if strings.TrimSpace(c.Description) == "" {
		bad(1, "description is empty")
	}
	if c.Weight <= 0 || c.Weight > 10 {
		bad(1, "weight %v must be in (0, 10]", c.Weight)
	}
	switch c.Role {
	case RoleTerm, RoleBooster:
		if len(c.Entries) == 0 {
			bad(1, "no entries")
		}
	case RoleScareQuote:
		if len(c.Entries) > 0 {
			bad(c.Entries[0].line, "a %s category takes no entries", RoleScareQuote)
		}
	default:
		bad(1, "role %s must be %s, %s or %s", short(c.Role), RoleTerm, RoleBooster, RoleScareQuote)
	}
	validateTechniques(c, data, bad)
	seen := map[string]int{}
	for i := range c.Entries {
		e := &c.Entries[i]
		e.Term = strings.TrimSpace(e.Term)
		if e.Weight < 0 || e.Weight > 10 {
			bad(e.line, "weight %v must be in [0, 10]", e.Weight)
		}
		long := false
		for _, form := range append(append(append([]string{e.Term}, e.Variants...), e.Except...), e.Requires...) {
			if len(form) > maxTermBytes {
				bad(e.line, "term %s is longer than %d bytes", short(form), maxTermBytes)
				long = true
			}
		}
		if long {
			continue
		}
		for _, form := range append([]string{e.Term}, e.Variants...) {
			n := len(Tokenize([]byte(form)))
			switch {
			case n == 0:
				bad(e.line, "term %s has no words", short(form))
				continue
			case n > maxTermWords:
				bad(e.line, "term %s has %d words, more than %d", short(form), n, maxTermWords)
			}
			key := termKey(form)
			if prev, ok := seen[key]; ok && !(e.Exact && prev == e.line) {
				bad(e.line, "term %s repeats line %d", short(form), prev)
				continue
			}
			seen[key] = e.line
		}
		key := termKey(e.Term)
		for _, p := range append(append([]string(nil), e.Except...), e.Requires...) {
			if !strings.Contains(" "+termKey(p)+" ", " "+key+" ") {
				bad(e.line, "context phrase %s does not contain the term %s", short(p), short(e.Term))
			}
		}
	}
	// Duplicates were reported above; keep the first of each so that loading
	// reports every problem without tripping over its own earlier ones.
	return c, errors.Join(errs...)
}

func decodeRules(file string, data []byte) (Rules, error) {
	r := Rules{file: file}
	if err := decodeStrict(file, data, &r); err != nil {
		return r, err
	}
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:1: %s", file, fmt.Sprintf(format, args...)))
	}
	if r.Version == "" {
		bad("version is empty")
	}
	if r.NegationWindow < 1 || r.NegationWindow > 6 {
		bad("negation_window %d must be in [1, 6]", r.NegationWindow)
	}
	if r.BoosterWindow < 1 || r.BoosterWindow > 4 {
		bad("booster_window %d must be in [1, 4]", r.BoosterWindow)
	}
	if r.ScareMaxWords < 1 || r.ScareMaxWords > 8 {
		bad("scare_max_words %d must be in [1, 8]", r.ScareMaxWords)
	}
	if len(r.Negators) == 0 {
		bad("negators is empty")
	}
	if len(r.ReportingVerbs) == 0 {
		bad("reporting_verbs is empty")
	}
	s := r.Scoring
	for _, p := range []struct {
		name   string
		v      float64
		lo, hi float64
	}{
		{"negation_factor", s.NegationFactor, 0, 1},
		{"booster_factor", s.BoosterFactor, 1, 4},
		{"quoted_factor", s.QuotedFactor, 0, 1},
		{"intensity_scale", s.IntensityScale, 0.1, 1000},
		{"document_threshold", s.DocumentThreshold, 0, 100},
		{"sentence_threshold", s.SentenceThreshold, 0.01, 100},
		{"reported_factor", s.ReportedFactor, 0, 1},
	} {
		if p.v < p.lo || p.v > p.hi {
			bad("scoring.%s %v must be in [%v, %v]", p.name, p.v, p.lo, p.hi)
		}
	}
	if len(r.SpeechVerbs) > 0 && s.ReportedFactor == 0 {
		bad("scoring.reported_factor is missing or 0, and speech_verbs is set: reported findings would count nothing")
	}
	return r, errors.Join(errs...)
}
