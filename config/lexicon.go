package config

import (
	"errors"
	"fmt"
	"io/fs"
	"testing/fstest"

	"github.com/slantnews/slant/analyzer"
	"go.yaml.in/yaml/v3"
)

// BannedSource is a lexicon source holding one category, "banned", with the
// banned terms; nil when nothing is banned. Load it last, so that a banned
// term that another category also lists is reported as banned.
func (c *Config) BannedSource() fs.FS {
	if c == nil || len(c.Ban) == 0 {
		return nil
	}
	type entry struct {
		Term string `yaml:"term"`
		Note string `yaml:"note"`
	}
	cat := struct {
		ID          string  `yaml:"id"`
		Name        string  `yaml:"name"`
		Description string  `yaml:"description"`
		Weight      float64 `yaml:"weight"`
		Technique   string  `yaml:"technique"`
		Entries     []entry `yaml:"entries"`
	}{BannedCategory, "Banned by the style guide", "Terms the project configuration bans; each finding carries the reason.", DefaultBanWeight, "slant:Banned_Term", nil}
	for _, b := range c.Ban {
		cat.Entries = append(cat.Entries, entry{b.Term, b.Reason})
	}
	data, err := yaml.Marshal(cat)
	if err != nil {
		panic(err) // a struct of strings always marshals
	}
	return fstest.MapFS{BannedCategory + ".yaml": {Data: data}}
}

// Apply changes a loaded lexicon as the configuration says, before
// analyzer.New: it turns categories off, overrides weights (an entry with a
// weight of its own is scaled by the same ratio as its category) and sets
// the thresholds. A category id the lexicon lacks is an error at its line.
func (c *Config) Apply(lex *analyzer.Lexicon) error {
	if c == nil {
		return nil
	}
	var errs []error
	bad := func(key string, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:%d: %s", c.path, c.line(key), fmt.Sprintf(format, args...)))
	}
	for _, id := range sortedKeys(c.Weights) {
		cat := lex.Category(id)
		if cat == nil {
			bad("weights."+id, "no category %q in the lexicon", id)
			continue
		}
		w := c.Weights[id]
		ratio := w / cat.Weight
		cat.Weight = w
		for i := range cat.Entries {
			cat.Entries[i].Weight *= ratio
		}
	}
	for _, id := range sortedKeys(c.Categories) {
		switch {
		case lex.Category(id) == nil:
			bad("categories."+id, "no category %q in the lexicon", id)
		case id == BannedCategory && !c.Categories[id]:
			bad("categories."+id, "the banned category cannot be turned off; remove the ban entries instead")
		case !c.Categories[id]:
			lex.RemoveCategory(id)
		}
	}
	if d := c.Thresholds.Document; d != nil {
		lex.Rules.Scoring.DocumentThreshold = *d
	}
	if s := c.Thresholds.Sentence; s != nil {
		lex.Rules.Scoring.SentenceThreshold = *s
	}
	return errors.Join(errs...)
}
