package eval

import (
	"strings"

	"github.com/kljensen/snowball/english"
	"github.com/slantnews/slant/analyzer"
)

// normWord is the comparison key of one word: lower case, apostrophes and
// possessive dropped, Snowball stem.
func normWord(w string) string {
	w = strings.ToLower(w)
	w = apostrophes.Replace(w)
	w = strings.TrimSuffix(w, "'s")
	w = strings.Trim(w, "'")
	return english.Stem(w, false)
}

var apostrophes = strings.NewReplacer("’", "'", "‘", "'")

// words is a text's tokens with their comparison keys.
type words struct {
	toks []analyzer.Token
	keys []string
}

func tokenize(s string) words {
	toks := analyzer.Tokenize([]byte(s))
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = normWord(s[t.Start:t.End])
	}
	return words{toks, keys}
}

// stopWords are function words that carry no slant on their own.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the of to in on at for from by with and or but as is are was were be been
		being it its this that these those he she they them his her their we our us you your i me my
		has have had do does did will would can could should may might must not no so than then there
		here who whom which what when where why how all any some up out over into about after before`) {
		stopWords[w] = true
	}
}

func stopWord(w string) bool { return stopWords[strings.ToLower(strings.TrimSpace(w))] }

type span struct{ start, end int }

func (a span) overlaps(b span) bool { return a.start < b.end && b.start < a.end }

func findingSpan(f analyzer.Finding) span { return span{f.Start, f.End} }

// locate returns the byte spans of text where the words of w occur in order.
func (t words) locate(w string) []span {
	want := tokenize(w).keys
	if len(want) == 0 {
		return nil
	}
	var out []span
	for i := 0; i+len(want) <= len(t.toks); i++ {
		ok := true
		for k, key := range want {
			if t.keys[i+k] != key {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, span{int(t.toks[i].Start), int(t.toks[i+len(want)-1].End)})
		}
	}
	return out
}

// anyOverlaps tells whether a span of xs overlaps s.
func anyOverlaps(xs []span, s span) bool {
	for _, x := range xs {
		if x.overlaps(s) {
			return true
		}
	}
	return false
}
