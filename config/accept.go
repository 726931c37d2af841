package config

import (
	"strings"

	"github.com/slantnews/slant/analyzer"
)

// acceptor finds the findings that lie inside an accepted phrase: "terror
// attack" accepts the finding "terror" in "a terror attack", and the
// finding "terror attacks" itself. Words compare as the matcher compares
// them (analyzer.TermKey). Sentences are tokenized only when they hold a
// finding, once each.
type acceptor struct {
	phrases [][]string // word keys of each accepted term
	input   []byte
	spans   map[int][][2]int // sentence → spans of accepted phrases in it
}

func newAcceptor(terms []string, input []byte) *acceptor {
	a := &acceptor{input: input, spans: map[int][][2]int{}}
	for _, t := range terms {
		if k := analyzer.TermKey(t); k != "" {
			a.phrases = append(a.phrases, strings.Split(k, " "))
		}
	}
	return a
}

func (a *acceptor) accepts(f analyzer.Finding, sentences []analyzer.SentenceScore) bool {
	if len(a.phrases) == 0 || f.Sentence < 0 || f.Sentence >= len(sentences) {
		return false
	}
	spans, ok := a.spans[f.Sentence]
	if !ok {
		spans = a.find(sentences[f.Sentence])
		a.spans[f.Sentence] = spans
	}
	for _, sp := range spans {
		if f.Start >= sp[0] && f.End <= sp[1] {
			return true
		}
	}
	return false
}

// find returns the spans of every accepted phrase in a sentence.
func (a *acceptor) find(s analyzer.SentenceScore) [][2]int {
	text := a.input[s.Start:s.End]
	toks := analyzer.Tokenize(text)
	keys := make([]string, len(toks))
	for i, t := range toks {
		keys[i] = analyzer.TermKey(string(text[t.Start:t.End]))
	}
	var out [][2]int
	for _, p := range a.phrases {
		for i := 0; i+len(p) <= len(toks); i++ {
			match := true
			for k, w := range p {
				if keys[i+k] != w {
					match = false
					break
				}
			}
			if match {
				out = append(out, [2]int{s.Start + int(toks[i].Start), s.Start + int(toks[i+len(p)-1].End)})
			}
		}
	}
	return out
}
