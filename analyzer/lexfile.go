package analyzer

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits on lexicon and actor files. A lexicon comes from a newsroom's
// directory or bucket, so a file may be hostile or broken: each limit refuses
// it with one line that names the file, before it can cost much time or
// memory. The shipped files are far below each (the largest is 23 KB and its
// longest term 38 bytes).
const (
	// MaxLexiconFileBytes is the size limit of one lexicon or actor file.
	MaxLexiconFileBytes = 1 << 20
	// maxTermBytes limits a term, variant, context phrase, actor name or
	// alias.
	maxTermBytes = 200
	// maxErrors is how many problems a failed load lists; a count says how
	// many more there were.
	maxErrors = 50
	// maxDepth limits the nesting of a YAML document.
	maxDepth = 100
	// quoteBytes is how much of a term an error message quotes.
	quoteBytes = 64
)

// readLexiconFile reads one lexicon or actor file: a regular file (a symbolic
// link to one is fine) of at most MaxLexiconFileBytes. A device, a named pipe
// or a directory is refused without being opened where fsys can tell its type
// first (fs.StatFS, as os.DirFS; fs.ReadDirFS lists types too).
func readLexiconFile(fsys fs.FS, name, file string, kind fs.FileMode) ([]byte, error) {
	if kind&fs.ModeType&^fs.ModeSymlink != 0 {
		return nil, notRegular(file, kind)
	}
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if !info.Mode().IsRegular() {
		return nil, notRegular(file, info.Mode())
	}
	if info.Size() > MaxLexiconFileBytes {
		return nil, tooLarge(file)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	defer f.Close()
	// The size can change between Stat and reading: read one byte past
	// the limit, no more.
	data, err := io.ReadAll(io.LimitReader(f, MaxLexiconFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(data) > MaxLexiconFileBytes {
		return nil, tooLarge(file)
	}
	return data, nil
}

func tooLarge(file string) error {
	return fmt.Errorf("%s: larger than the limit of %d bytes for a lexicon file", file, MaxLexiconFileBytes)
}

func notRegular(file string, mode fs.FileMode) error {
	what := "not a regular file"
	switch {
	case mode&fs.ModeDir != 0:
		what = "a directory"
	case mode&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case mode&fs.ModeDevice != 0:
		what = "a device"
	case mode&fs.ModeSocket != 0:
		what = "a socket"
	}
	return fmt.Errorf("%s: %s, not a regular file: refused", file, what)
}

// yamlFiles lists the *.yaml files at the top of fsys, sorted, with the type
// bits of each as the directory lists them.
func yamlFiles(fsys fs.FS) ([]string, []fs.FileMode, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, err
	}
	var names []string
	var kinds []fs.FileMode
	for _, e := range entries { // fs.ReadDir sorts by name
		if strings.HasSuffix(e.Name(), ".yaml") {
			names = append(names, e.Name())
			kinds = append(kinds, e.Type())
		}
	}
	return names, kinds, nil
}

// checkAliases refuses a YAML document whose aliases expand it past twice
// its size (plus 4 KiB). yaml.v3 guards against alias bombs within one
// decoder, but every entry that decodes itself (Entry.UnmarshalYAML) starts a
// new one; a parse into a Node keeps aliases unexpanded, and the walk below
// stops as soon as the budget is spent.
func checkAliases(file string, data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil // decodeStrict reports the syntax error with its line
	}
	budget, tooDeep := 2*len(data)+4096, false
	var walk func(n *yaml.Node, depth int) bool
	walk = func(n *yaml.Node, depth int) bool {
		budget -= 1 + len(n.Value)
		if depth > maxDepth {
			tooDeep = true
			return false
		}
		if budget < 0 {
			return false
		}
		if n.Kind == yaml.AliasNode && n.Alias != nil {
			return walk(n.Alias, depth+1)
		}
		for _, c := range n.Content {
			if !walk(c, depth+1) {
				return false
			}
		}
		return true
	}
	if !walk(&doc, 0) {
		if tooDeep {
			return fmt.Errorf("%s:1: YAML nested more than %d deep: refused", file, maxDepth)
		}
		return fmt.Errorf("%s:1: YAML aliases expand the file to more than twice its size: refused", file)
	}
	return nil
}

// short quotes a term for an error message, cut to quoteBytes bytes.
func short(s string) string {
	if len(s) <= quoteBytes {
		return fmt.Sprintf("%q", s)
	}
	cut := quoteBytes
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%q… (%d bytes)", s[:cut], len(s))
}

// cut shortens a YAML key for an error message, unquoted.
func cut(s string) string {
	if len(s) <= quoteBytes {
		return s
	}
	return short(s)
}

// joinErrors joins the problems of a load, one a line, keeping the first
// maxErrors lines and counting the rest.
func joinErrors(errs []error) error {
	err := errors.Join(errs...)
	if err == nil {
		return nil
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) <= maxErrors {
		return err
	}
	return &manyErrors{err: err, msg: strings.Join(lines[:maxErrors], "\n") + fmt.Sprintf("\nand %d more problems", len(lines)-maxErrors)}
}

// manyErrors is a load's problems with the message cut to maxErrors lines;
// Unwrap still reaches every one.
type manyErrors struct {
	err error
	msg string
}

func (e *manyErrors) Error() string { return e.msg }
func (e *manyErrors) Unwrap() error { return e.err }
