package config

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/slantnews/slant/analyzer"
	"go.yaml.in/yaml/v3"
)

// FileName is the name of the project configuration file.
const FileName = ".slant.yaml"

// BannedCategory is the id of the category that holds the banned terms.
const BannedCategory = "banned"

// DefaultBanWeight is the weight of a banned term unless weights.banned says otherwise.
const DefaultBanWeight = 3.0

// Formats that the format keys may name.
var (
	AnalyzeFormats = []string{"text", "json", "markdown", "html"}
	CheckFormats   = []string{"text", "github", "rdjsonl", "sarif"}
)

// Config is a decoded, validated .slant.yaml. The zero value (and nil) is
// no configuration: every default.
type Config struct {
	// Lexicons and Actors are extra lexicon and actor directories, relative
	// to the configuration file, loaded over the built-in ones.
	Lexicons []string `yaml:"lexicons,omitempty"`
	Actors   []string `yaml:"actors,omitempty"`
	// Categories turns categories on (true) or off (false) by id.
	Categories map[string]bool `yaml:"categories,omitempty"`
	// Weights overrides the weight of a category by id (and of "banned").
	Weights map[string]float64 `yaml:"weights,omitempty"`
	// Accept lists terms that are never reported (house style).
	Accept []string `yaml:"accept,omitempty"`
	// Ban lists terms that are always reported, in category "banned".
	Ban        []Ban      `yaml:"ban,omitempty"`
	Thresholds Thresholds `yaml:"thresholds,omitempty"`
	// Format is slant analyze's output format; CheckFormat slant check's.
	Format      string `yaml:"format,omitempty"`
	CheckFormat string `yaml:"check_format,omitempty"`

	path  string // as found or given; "" for no file
	sha   string
	dir   string // the directory that relative paths start from
	lines map[string]int
}

// Ban is a banned term and the style guide's reason.
type Ban struct {
	Term   string `yaml:"term"`
	Reason string `yaml:"reason"`
}

// Thresholds override the lexicon's document and sentence thresholds
// (docs/scoring.md). Nil means the lexicon's.
type Thresholds struct {
	Document *float64 `yaml:"document,omitempty"`
	Sentence *float64 `yaml:"sentence,omitempty"`
}

// Path is the file the configuration was read from ("" for none).
func (c *Config) Path() string {
	if c == nil {
		return ""
	}
	return c.path
}

// SHA256 is the hex SHA-256 of the configuration file's bytes ("" for none).
func (c *Config) SHA256() string {
	if c == nil {
		return ""
	}
	return c.sha
}

// Info is what a report records of the configuration; nil for none.
func (c *Config) Info() *analyzer.ConfigInfo {
	if c == nil || c.sha == "" {
		return nil
	}
	return &analyzer.ConfigInfo{Path: c.path, SHA256: c.sha}
}

// LexiconDirs and ActorDirs are the extra directories, resolved against the
// configuration file's directory.
func (c *Config) LexiconDirs() []string { return c.resolve(c.lexicons()) }

// ActorDirs: see LexiconDirs.
func (c *Config) ActorDirs() []string { return c.resolve(c.actors()) }

func (c *Config) lexicons() []string {
	if c == nil {
		return nil
	}
	return c.Lexicons
}

func (c *Config) actors() []string {
	if c == nil {
		return nil
	}
	return c.Actors
}

func (c *Config) resolve(dirs []string) []string {
	var out []string
	for _, d := range dirs {
		if !filepath.IsAbs(d) && c.dir != "" {
			d = filepath.Join(c.dir, d)
		}
		out = append(out, d)
	}
	return out
}

// Find looks for FileName in dir and each of its parents up to the root,
// as Vale looks for .vale.ini. It returns "" when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, FileName)
		st, err := os.Stat(p)
		switch {
		case err == nil && !st.IsDir():
			return p, nil
		case err != nil && !errors.Is(err, os.ErrNotExist):
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and validates the configuration file at path, including that
// its lexicon and actor directories exist.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	c.dir = filepath.Dir(abs)
	var errs []error
	for _, list := range []struct {
		key  string
		dirs []string
	}{{"lexicons", c.Lexicons}, {"actors", c.Actors}} {
		for i, d := range c.resolve(list.dirs) {
			if st, err := os.Stat(d); err != nil || !st.IsDir() {
				errs = append(errs, fmt.Errorf("%s:%d: %s directory %s does not exist", path, c.lines[fmt.Sprintf("%s.%d", list.key, i)], list.key, list.dirs[i]))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// Parse decodes and validates a configuration. name is what errors and
// reports call it (a path or an object URI). Decoding is strict (an unknown
// key is an error) and every problem is returned at once as "name:line: problem".
// Category ids are checked against a lexicon by Apply.
func Parse(name string, data []byte) (*Config, error) {
	c := &Config{path: name}
	sum := sha256.Sum256(data)
	c.sha = hex.EncodeToString(sum[:])
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s:%s", name, yamlErrorText(err))
	}
	c.lines = nodeLines(&root)
	if len(root.Content) == 0 {
		return c, nil // an empty file: every default
	}
	var errs []error
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, fmt.Errorf("%s:%s", name, yamlErrorText(err))
		}
		for _, e := range te.Errors {
			e = unknownField.ReplaceAllString(strings.TrimPrefix(e, "line "), `unknown key "$1"`)
			errs = append(errs, fmt.Errorf("%s:%s", name, e))
		}
	}
	errs = append(errs, c.validate()...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

var unknownField = regexp.MustCompile(`field (\S+) not found in type \S+`)

// validate checks what the types do not, each problem with its line.
func (c *Config) validate() []error {
	var errs []error
	bad := func(key string, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:%d: %s", c.path, c.line(key), fmt.Sprintf(format, args...)))
	}
	for _, list := range []struct {
		key  string
		dirs []string
	}{{"lexicons", c.Lexicons}, {"actors", c.Actors}} {
		for i, d := range list.dirs {
			if strings.TrimSpace(d) == "" {
				bad(fmt.Sprintf("%s.%d", list.key, i), "%s: empty directory", list.key)
			}
		}
	}
	for _, id := range sortedKeys(c.Weights) {
		if w := c.Weights[id]; w <= 0 || w > 10 {
			bad("weights."+id, "weight %v of %s must be in (0, 10]", w, id)
		}
	}
	seen := map[string]string{} // term key → where
	term := func(key, t string) {
		n := len(analyzer.Tokenize([]byte(t)))
		switch {
		case n == 0:
			bad(key, "term %q has no words", t)
			return
		case n > 8:
			bad(key, "term %q has %d words, more than 8", t, n)
		}
		k := analyzer.TermKey(t)
		if where, ok := seen[k]; ok {
			bad(key, "term %q is also %s", t, where)
			return
		}
		seen[k] = fmt.Sprintf("%s at line %d", strings.SplitN(key, ".", 2)[0], c.line(key))
	}
	for i, t := range c.Accept {
		term(fmt.Sprintf("accept.%d", i), t)
	}
	for i, b := range c.Ban {
		key := fmt.Sprintf("ban.%d", i)
		term(key, b.Term)
		if strings.TrimSpace(b.Reason) == "" {
			bad(key, "banned term %q has no reason", b.Term)
		}
	}
	if d := c.Thresholds.Document; d != nil && (*d < 0 || *d > 100) {
		bad("thresholds.document", "document threshold %v must be in [0, 100]", *d)
	}
	if s := c.Thresholds.Sentence; s != nil && *s < 0 {
		bad("thresholds.sentence", "sentence threshold %v must not be negative", *s)
	}
	if c.Format != "" && !slices.Contains(AnalyzeFormats, c.Format) {
		bad("format", "format %q must be one of %s", c.Format, strings.Join(AnalyzeFormats, ", "))
	}
	if c.CheckFormat != "" && !slices.Contains(CheckFormats, c.CheckFormat) {
		bad("check_format", "check_format %q must be one of %s", c.CheckFormat, strings.Join(CheckFormats, ", "))
	}
	return errs
}

// line is the line of a dotted key path ("weights.hedges", "ban.2"), or of
// the closest key above it that has one.
func (c *Config) line(key string) int {
	for key != "" {
		if n, ok := c.lines[key]; ok {
			return n
		}
		i := strings.LastIndexByte(key, '.')
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return 1
}

// nodeLines maps each dotted key path of a YAML document to its line:
// mapping keys by name, sequence items by index.
func nodeLines(root *yaml.Node) map[string]int {
	lines := map[string]int{}
	var walk func(n *yaml.Node, prefix string)
	walk = func(n *yaml.Node, prefix string) {
		join := func(k string) string {
			if prefix == "" {
				return k
			}
			return prefix + "." + k
		}
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, prefix)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := join(n.Content[i].Value)
				lines[k] = n.Content[i].Line
				walk(n.Content[i+1], k)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				k := join(fmt.Sprint(i))
				lines[k] = c.Line
				walk(c, k)
			}
		}
	}
	walk(root, "")
	return lines
}

// yamlErrorText turns "yaml: line 3: …" into "3: …" so that errors read name:line.
func yamlErrorText(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		return rest
	}
	return "1: " + msg
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
