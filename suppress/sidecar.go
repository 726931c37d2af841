package suppress

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/slantnews/slant/analyzer"
	"go.yaml.in/yaml/v3"
)

// SidecarSuffix ends the name of a file's sidecar: article.txt's accepted
// findings are in article.txt.slant-accept.yaml.
const SidecarSuffix = ".slant-accept.yaml"

// SidecarPath is the sidecar of the input file at path.
func SidecarPath(path string) string { return path + SidecarSuffix }

// Sidecar is the list of findings a reviewer accepted in one file. An entry
// is keyed by the finding's term and the hash of its sentence, normalized,
// so it stays accepted while the rest of the text is edited and comes back
// when its own sentence changes.
type Sidecar struct {
	Accepted []Accepted `yaml:"accepted"`
}

// Accepted is one accepted finding.
type Accepted struct {
	Term     string `yaml:"term"`
	Sentence string `yaml:"sentence"`          // SentenceHash of its sentence
	Context  string `yaml:"context,omitempty"` // the sentence, for people; not matched
	Note     string `yaml:"note,omitempty"`
}

// SentenceHash is the first 16 hex digits of the SHA-256 of a sentence's
// text, lower-cased, with every run of space made one space and the ends
// trimmed.
func SentenceHash(input []byte, s analyzer.SentenceScore) string {
	sum := sha256.Sum256([]byte(normalize(input[s.Start:s.End])))
	return hex.EncodeToString(sum[:8])
}

func normalize(b []byte) string { return strings.Join(strings.Fields(strings.ToLower(string(b))), " ") }

// LoadSidecar reads a sidecar strictly. A missing file is no sidecar (nil, nil).
func LoadSidecar(path string) (*Sidecar, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return ParseSidecar(path, data)
}

// ParseSidecar decodes a sidecar; problems read "name:line: problem".
func ParseSidecar(name string, data []byte) (*Sidecar, error) {
	s := &Sidecar{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(s); err != nil && !errors.Is(err, io.EOF) {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		var te *yaml.TypeError
		if errors.As(err, &te) {
			var lines []string
			for _, e := range te.Errors {
				lines = append(lines, name+":"+strings.TrimPrefix(e, "line "))
			}
			return nil, errors.New(strings.Join(lines, "\n"))
		}
		return nil, fmt.Errorf("%s:%s", name, strings.TrimPrefix(msg, "line "))
	}
	for i, a := range s.Accepted {
		if strings.TrimSpace(a.Term) == "" || len(a.Sentence) != 16 {
			return nil, fmt.Errorf("%s: accepted entry %d needs a term and a 16-digit sentence hash", name, i+1)
		}
	}
	return s, nil
}

// Marshal is the sidecar as YAML, with a header comment.
func (s *Sidecar) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("# Findings a reviewer accepted (slant accept). Each stays accepted while\n# its sentence is unchanged; edit the sentence and it is reported again.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(s); err != nil {
		panic(err) // a struct of strings always encodes
	}
	return b.Bytes()
}

// Add accepts the findings of rep with the given term (its words, as
// TermKey compares them), in sentence index sentence, or in any sentence
// when sentence is negative. It returns how many it added; an entry already
// there is not added twice.
func (s *Sidecar) Add(rep *analyzer.Report, input []byte, term string, sentence int) int {
	key := analyzer.TermKey(term)
	n := 0
	for _, f := range rep.Findings {
		if sentence >= 0 && f.Sentence != sentence || analyzer.TermKey(f.Term) != key && analyzer.TermKey(f.Text) != key {
			continue
		}
		sp := rep.Sentences[f.Sentence]
		a := Accepted{Term: f.Term, Sentence: SentenceHash(input, sp), Context: normalizeContext(input[sp.Start:sp.End])}
		if s.has(a.Term, a.Sentence) {
			continue
		}
		s.Accepted = append(s.Accepted, a)
		n++
	}
	return n
}

func normalizeContext(b []byte) string {
	c := strings.Join(strings.Fields(string(b)), " ")
	if r := []rune(c); len(r) > 100 {
		c = string(r[:99]) + "…"
	}
	return c
}

func (s *Sidecar) has(term, hash string) bool {
	if s == nil {
		return false
	}
	key := analyzer.TermKey(term)
	for _, a := range s.Accepted {
		if a.Sentence == hash && analyzer.TermKey(a.Term) == key {
			return true
		}
	}
	return false
}

// Match returns, for each finding of rep, "sidecar" when the sidecar
// accepts it and "" otherwise.
func (s *Sidecar) Match(rep *analyzer.Report, input []byte) []string {
	out := make([]string, len(rep.Findings))
	if s == nil || len(s.Accepted) == 0 {
		return out
	}
	hashes := map[int]string{}
	for i, f := range rep.Findings {
		if f.Sentence < 0 || f.Sentence >= len(rep.Sentences) {
			continue
		}
		h, ok := hashes[f.Sentence]
		if !ok {
			h = SentenceHash(input, rep.Sentences[f.Sentence])
			hashes[f.Sentence] = h
		}
		if s.has(f.Term, h) || s.has(f.Text, h) {
			out[i] = analyzer.SuppressSidecar
		}
	}
	return out
}
