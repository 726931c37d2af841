package analyzer

import (
	"bytes"
	"strings"
)

// The persuasion techniques a category or an entry may declare (its
// technique key). The first fourteen are the classes of the SemEval-2020
// Task 11 propaganda corpus (Da San Martino et al.), spelled as that corpus
// spells them; the slant: names are framing the taxonomy lacks, named by this
// project. docs/methodology.md gives the mapping of the shipped categories
// and why.
var techniques = []string{
	"Loaded_Language",
	"Name_Calling,Labeling",
	"Repetition",
	"Doubt",
	"Exaggeration,Minimisation",
	"Appeal_to_fear-prejudice",
	"Flag-Waving",
	"Causal_Oversimplification",
	"Appeal_to_Authority",
	"Slogans",
	"Whataboutism,Straw_Men,Red_Herring",
	"Black-and-White_Fallacy",
	"Thought-terminating_Cliches",
	"Bandwagon,Reductio_ad_hitlerum",
	TechniqueAnonymousSourcing,
	"slant:Loaded_Attribution",
	"slant:Epistemic_Verb",
	"slant:Presupposition",
	"slant:Hedge",
	"slant:Scare_Quote",
	"slant:Banned_Term",
	TechniqueUnclassified,
}

const (
	// TechniqueAnonymousSourcing marks claims credited to unnamed sources.
	TechniqueAnonymousSourcing = "slant:Anonymous_Sourcing"
	// TechniqueUnclassified is the technique of a category that declares none.
	TechniqueUnclassified = "slant:Unclassified"
)

// Techniques returns the technique names a lexicon may use, in the order
// above: the SemEval-2020 Task 11 classes, then the slant: names.
func Techniques() []string { return append([]string(nil), techniques...) }

func knownTechnique(name string) bool {
	for _, t := range techniques {
		if t == name {
			return true
		}
	}
	return false
}

// techniqueLine is the line of the top-level technique key of a category
// file, or 1 when there is none.
func techniqueLine(data []byte) int {
	for i, line := range bytes.Split(data, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("technique:")) {
			return i + 1
		}
	}
	return 1
}

// validateTechniques checks the technique names of a decoded category.
func validateTechniques(c *Category, data []byte, bad func(line int, format string, args ...any)) {
	if c.Technique != "" && !knownTechnique(c.Technique) {
		bad(techniqueLine(data), "technique %s is not a known technique (%s)", short(c.Technique), strings.Join(techniques, " "))
	}
	for i := range c.Entries {
		e := &c.Entries[i]
		if e.Technique != "" && !knownTechnique(e.Technique) {
			bad(e.line, "technique %s is not a known technique", short(e.Technique))
		}
	}
}

// techniqueTable resolves a finding's technique: its entry's, else its
// category's, else TechniqueUnclassified.
type techniqueTable struct {
	byCat   map[string]string
	byEntry map[[2]string]string // {category, term}
}

func newTechniqueTable(cats []*Category) techniqueTable {
	t := techniqueTable{byCat: map[string]string{}, byEntry: map[[2]string]string{}}
	for _, c := range cats {
		if c.Technique != "" {
			t.byCat[c.ID] = c.Technique
		}
		for _, e := range c.Entries {
			if e.Technique != "" && !e.dropped() {
				t.byEntry[[2]string{c.ID, e.Term}] = e.Technique
			}
		}
	}
	return t
}

func (t techniqueTable) of(category, term string) string {
	if len(t.byEntry) > 0 {
		if x, ok := t.byEntry[[2]string{category, term}]; ok {
			return x
		}
	}
	if x, ok := t.byCat[category]; ok {
		return x
	}
	return TechniqueUnclassified
}

// setTechniques gives every finding its technique, after the main pass; a
// finding of a lexicon term has it already (termRef.technique).
func (a *Analyzer) setTechniques(fs []Finding) {
	for i := range fs {
		if fs[i].Technique == "" {
			fs[i].Technique = a.tech.of(fs[i].Category, fs[i].Term)
		}
	}
}
