package analyzer

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// CompiledFile is the name of a lexicon source's compiled form: its YAML
// files decoded and validated, and the stems of every word they hold, so
// that loading the source needs no YAML decoding and no stemming.
// CompileLexicon writes it (go generate in lexicons/); LoadLexicon reads it
// when a source has one, and takes from it each file whose bytes it was
// compiled from. A file that changed since is decoded from its YAML as
// usual, so a stale compiled form is slower, never wrong.
const CompiledFile = "lexicon.compiled"

// compiledLexicon is the compiled form, in gob. Slices, not maps, so that
// the same YAML always compiles to the same bytes.
type compiledLexicon struct {
	Format int
	Files  []compiledFile // by name
	Stems  []string       // pairs: a folded word, its stem; sorted
}

// compiledFormat changes when the compiled form, or anything it is decoded
// into, changes meaning: a form of another format is ignored.
const compiledFormat = 1

type compiledFile struct {
	Name     string
	SHA256   [32]byte // of the YAML it was compiled from
	Rules    *Rules
	Category *Category
	Lines    []int // Category.Entries[i].line, or Actors.Actors[i].line
	Names    *nameRules
	Actors   *actorFile
}

// CompileActors compiles the *.yaml files at the top of fsys, an actor
// lexicon source as LoadActors reads it, into the bytes of CompiledFile.
func CompileActors(fsys fs.FS) ([]byte, error) {
	if _, err := LoadActors(fsys); err != nil {
		return nil, err
	}
	names, kinds, err := yamlFiles(fsys)
	if err != nil {
		return nil, err
	}
	c := compiledLexicon{Format: compiledFormat}
	for i, name := range names {
		data, err := readLexiconFile(fsys, name, name, kinds[i])
		if err != nil {
			return nil, err
		}
		f := compiledFile{Name: name, SHA256: sha256.Sum256(data)}
		if name == "names.yaml" {
			f.Names = new(nameRules)
			err = decodeStrict(name, data, f.Names)
		} else {
			f.Actors = new(actorFile)
			err = decodeStrict(name, data, f.Actors)
			for _, e := range f.Actors.Actors {
				f.Lines = append(f.Lines, e.line)
			}
		}
		if err != nil {
			return nil, err
		}
		c.Files = append(c.Files, f)
	}
	return encodeCompiled(&c)
}

func encodeCompiled(c *compiledLexicon) ([]byte, error) {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(c); err != nil {
		return nil, fmt.Errorf("compile lexicon: %w", err)
	}
	return b.Bytes(), nil
}

// actorFile is the compiled actor file of f, as decodeStrict gives it.
func (f *compiledFile) actorFile() actorFile {
	a := *f.Actors
	a.Actors = slices.Clone(a.Actors)
	for i := range a.Actors {
		a.Actors[i].line = f.Lines[i]
	}
	return a
}

// CompileLexicon compiles the *.yaml files at the top of fsys, a lexicon
// source as LoadLexicon reads it, into the bytes of CompiledFile.
func CompileLexicon(fsys fs.FS) ([]byte, error) {
	if _, err := LoadLexicon(fsys); err != nil {
		return nil, err // every problem, as LoadLexicon gives them
	}
	names, kinds, err := yamlFiles(fsys)
	if err != nil {
		return nil, err
	}
	c := compiledLexicon{Format: compiledFormat}
	stems := map[string]string{}
	for i, name := range names {
		data, err := readLexiconFile(fsys, name, name, kinds[i])
		if err != nil {
			return nil, err
		}
		f := compiledFile{Name: name, SHA256: sha256.Sum256(data)}
		if name == "rules.yaml" {
			r, err := decodeRules(name, data)
			if err != nil {
				return nil, err
			}
			f.Rules = &r
			for _, list := range [][]string{r.Negators, r.NotNegating, r.ReportingVerbs, r.ScareMarkers} {
				for _, w := range list {
					addStems(stems, w)
				}
			}
		} else {
			cat, err := decodeCategory(name, data)
			if err != nil {
				return nil, err
			}
			f.Category = cat
			for _, e := range cat.Entries {
				f.Lines = append(f.Lines, e.line)
				for _, list := range [][]string{{e.Term}, e.Variants, e.Except, e.Requires} {
					for _, w := range list {
						addStems(stems, w)
					}
				}
			}
		}
		c.Files = append(c.Files, f)
	}
	for _, w := range slices.Sorted(mapKeys(stems)) {
		c.Stems = append(c.Stems, w, stems[w])
	}
	return encodeCompiled(&c)
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// addStems records the stem of every word of text.
func addStems(stems map[string]string, text string) {
	var buf []byte
	for _, t := range Tokenize([]byte(text)) {
		buf = fold(buf[:0], []byte(text[t.Start:t.End]))
		if _, ok := stems[string(buf)]; !ok {
			stems[string(buf)] = stemWord(string(buf))
		}
	}
}

// readCompiled returns the compiled form of a source, or nil when it has
// none or one this version cannot read.
func readCompiled(fsys fs.FS) *compiledLexicon {
	data, err := fs.ReadFile(fsys, CompiledFile)
	if err != nil {
		return nil
	}
	var c compiledLexicon
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); err != nil || c.Format != compiledFormat || len(c.Stems)%2 != 0 {
		return nil
	}
	return &c
}

// file returns the compiled file name, when it was compiled from data.
func (c *compiledLexicon) file(name string, data []byte) *compiledFile {
	if c == nil {
		return nil
	}
	i, ok := slices.BinarySearchFunc(c.Files, name, func(f compiledFile, name string) int { return strings.Compare(f.Name, name) })
	if !ok || c.Files[i].SHA256 != sha256.Sum256(data) {
		return nil
	}
	f := &c.Files[i]
	if f.Category != nil && len(f.Lines) != len(f.Category.Entries) || f.Actors != nil && len(f.Lines) != len(f.Actors.Actors) {
		return nil
	}
	return f
}

// category is the compiled category of file f, as decodeCategory(file, …)
// returns it.
func (f *compiledFile) category(file string) *Category {
	c := f.Category
	c.file = file
	for i := range c.Entries {
		c.Entries[i].line = f.Lines[i]
	}
	return c
}

// stemMemo is the stem of every word a lexicon's terms, phrases and rules
// hold, filled while it loads: each word is stemmed once, and New stems
// none.
type stemMemo map[string]string

// stem returns stemWord(w) for a folded word, from the memo when it is there
// and recording it when record is set.
func (m stemMemo) stem(w string, record bool) string {
	if s, ok := m[w]; ok {
		return s
	}
	s := stemWord(w)
	if record && m != nil {
		m[w] = s
	}
	return s
}
