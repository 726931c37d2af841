package analyzer

import (
	"strings"
	"sync"

	"github.com/kljensen/snowball/english"
)

// stemWord turns a folded word into the key the matcher compares: British
// spellings folded to American, then the Snowball English stem.
func stemWord(w string) string {
	w = strings.TrimSuffix(w, "'")
	return english.Stem(americanize(w), false)
}

// spellingWords are British spellings that the suffix rules below do not reach.
var spellingWords = map[string]string{
	"defence": "defense", "defences": "defenses", "offence": "offense", "offences": "offenses",
	"pretence": "pretense", "licence": "license", "centre": "center", "centres": "centers",
	"theatre": "theater", "programme": "program", "programmes": "programs", "manoeuvre": "maneuver",
	"grey": "gray", "sceptical": "skeptical", "sceptic": "skeptic", "scepticism": "skepticism",
	"travelled": "traveled", "labelled": "labeled", "labelling": "labeling", "cancelled": "canceled",
	"fuelled": "fueled", "fuelling": "fueling", "counselling": "counseling", "modelling": "modeling",
	"signalling": "signaling", "signalled": "signaled", "levelled": "leveled", "towards": "toward",
}

var ourSuffixes = []string{"", "s", "ed", "ing", "ite", "ites", "able", "ably", "er", "ers", "ful", "less", "ism", "ist"}

var iseSuffixes = []string{"ise", "ised", "ises", "ising", "isation", "isations", "iser", "isers", "yse", "ysed", "yses", "ysing"}

// americanize folds British -our, -ise and -yse spellings (harbour, destabilise,
// analyse) to the American ones so one lexicon entry matches both. It is applied
// to the text and the lexicon alike, so a rare false fold joins two spellings of
// one word at worst.
func americanize(w string) string {
	if a, ok := spellingWords[w]; ok {
		return a
	}
	if len(w) < 6 {
		return w
	}
	for _, suf := range iseSuffixes {
		if stem, ok := strings.CutSuffix(w, suf); ok && len(stem) >= 3 {
			if suf[0] == 'y' {
				return stem + "yz" + suf[2:]
			}
			return stem + "iz" + suf[2:]
		}
	}
	for _, suf := range ourSuffixes {
		if stem, ok := strings.CutSuffix(w, "our"+suf); ok && len(stem) >= 3 {
			return stem + "or" + suf
		}
	}
	return w
}

// stemCache maps a folded word to its stem id (or -1 when the stem is not in
// the lexicon). It is shared by all goroutines of one Analyzer and bounded.
type stemCache struct {
	mu    sync.RWMutex
	m     map[string]int32
	limit int
	ids   map[string]int32 // stem → id, read-only after New
}

func newStemCache(ids map[string]int32, limit int) *stemCache {
	return &stemCache{m: make(map[string]int32, 4096), limit: limit, ids: ids}
}

// id returns the stem id of a folded word.
func (c *stemCache) id(w []byte) int32 {
	c.mu.RLock()
	id, ok := c.m[string(w)]
	c.mu.RUnlock()
	if ok {
		return id
	}
	s := string(w)
	id, known := c.ids[stemWord(s)]
	if !known {
		id = -1
	}
	c.mu.Lock()
	if len(c.m) < c.limit {
		c.m[s] = id
	}
	c.mu.Unlock()
	return id
}
