package config

import (
	"bytes"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Effective is the configuration in force: every category of the lexicon
// with whether it is on and its weight, the thresholds, the directories
// resolved to full paths, and the formats with their defaults. Its YAML
// (Marshal) is itself a valid configuration.
func (e *Engine) Effective() *Config {
	eff := &Config{Categories: map[string]bool{}, Weights: map[string]float64{}, Format: "text", CheckFormat: "text"}
	c := e.cfg
	if c != nil {
		eff.Lexicons, eff.Actors = c.LexiconDirs(), c.ActorDirs()
		eff.Accept, eff.Ban = c.Accept, c.Ban
		eff.path, eff.sha = c.path, c.sha
		for id, on := range c.Categories {
			if !on {
				eff.Categories[id] = false
			}
		}
		if c.Format != "" {
			eff.Format = c.Format
		}
		if c.CheckFormat != "" {
			eff.CheckFormat = c.CheckFormat
		}
	}
	lex := e.an.Lexicon()
	for _, cat := range lex.Categories {
		eff.Categories[cat.ID] = true
		eff.Weights[cat.ID] = cat.Weight
	}
	d, s := lex.Rules.Scoring.DocumentThreshold, lex.Rules.Scoring.SentenceThreshold
	eff.Thresholds = Thresholds{Document: &d, Sentence: &s}
	return eff
}

// Marshal is the configuration as YAML, with a header comment naming the
// file and its hash when it came from one.
func (c *Config) Marshal() []byte {
	var b bytes.Buffer
	if c.path != "" {
		fmt.Fprintf(&b, "# %s (sha256 %s)\n", c.path, c.sha)
	} else {
		b.WriteString("# no " + FileName + ": the defaults\n")
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		panic(err) // maps and slices of plain values always encode
	}
	return b.Bytes()
}
