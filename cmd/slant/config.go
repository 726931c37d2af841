package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/check"
	"github.com/slantnews/slant/config"
	"github.com/slantnews/slant/ingest"
	"github.com/slantnews/slant/internal/docreport"
	"github.com/slantnews/slant/lexicons"
	"github.com/slantnews/slant/suppress"
)

// configFlags are --config FILE and --no-config, with the lexicon flags:
// what every command that applies a project configuration takes.
type configFlags struct {
	file    string
	none    bool
	lex     *lexiconFlags
	engines map[string]*config.Engine // by configuration path ("" for none)
}

func addConfigFlags(fs *flag.FlagSet) *configFlags {
	c := &configFlags{lex: addLexiconFlags(fs), engines: map[string]*config.Engine{}}
	fs.StringVar(&c.file, "config", "", "project configuration `FILE` (default: the nearest "+config.FileName+" above each input)")
	fs.BoolVar(&c.none, "no-config", false, "use no project configuration")
	return c
}

// pathFor is the configuration that applies to an input: --config, or the
// nearest .slant.yaml above the input's directory (the working directory
// for stdin), or none.
func (c *configFlags) pathFor(input string) (string, error) {
	switch {
	case c.none:
		return "", nil
	case c.file != "":
		return c.file, nil
	}
	dir := "."
	if input != "-" && input != "" {
		dir = filepath.Dir(input)
	}
	return config.Find(dir)
}

// engine is the Engine for an input, built once per configuration.
func (c *configFlags) engine(input string) (*config.Engine, error) {
	path, err := c.pathFor(input)
	if err != nil {
		return nil, err
	}
	if e, ok := c.engines[path]; ok {
		return e, nil
	}
	var cfg *config.Config
	if path != "" {
		if _, err := os.Stat(path); err != nil && c.file != "" {
			return nil, rejectedError{fmt.Errorf("config %s: %w", path, errors.Unwrap(err))}
		}
		if cfg, err = config.Load(path); err != nil {
			return nil, err
		}
	}
	e, err := buildEngine(cfg, c.lex.dirs, c.lex.actorDirs)
	if err != nil {
		return nil, err
	}
	c.engines[path] = e
	return e, nil
}

// buildEngine loads the built-in lexicons, the configuration's directories
// and then the flags', and applies the configuration.
func buildEngine(cfg *config.Config, dirs, actorDirs []string) (*config.Engine, error) {
	sources, err := dirSources("lexicons", lexicons.English(), append(cfg.LexiconDirs(), dirs...))
	if err != nil {
		return nil, err
	}
	actorSources, err := dirSources("actors", lexicons.Actors(), append(cfg.ActorDirs(), actorDirs...))
	if err != nil {
		return nil, err
	}
	actors, err := analyzer.LoadActors(actorSources...)
	if err != nil {
		return nil, err
	}
	return config.Build(cfg, sources, analyzer.WithActors(actors))
}

// analyzeInput analyzes one plain-text input with its configuration, its
// inline directives and its sidecar of accepted findings.
func (c *configFlags) analyzeInput(name string, data []byte, stderr io.Writer) (*analyzer.Report, *config.Engine, error) {
	return c.analyzeComments(name, data, suppress.Comments(data), stderr)
}

// analyzeDocument analyzes an extracted document like analyzeInput, with the
// directives of a page (its slant-* comments, kept by ingest at their
// offsets in the text), and completes the report with what the document says
// about itself (format, metadata, text, headline).
func (c *configFlags) analyzeDocument(name string, doc *ingest.Document, stderr io.Writer) (*analyzer.Report, *config.Engine, error) {
	rep, e, err := c.analyzeComments(name, doc.Text, docreport.Comments(doc), stderr)
	if err != nil {
		return nil, nil, err
	}
	docreport.Finish(rep, doc)
	return rep, e, nil
}

func (c *configFlags) analyzeComments(name string, data []byte, comments []suppress.Comment, stderr io.Writer) (*analyzer.Report, *config.Engine, error) {
	e, err := c.engine(name)
	if err != nil {
		return nil, nil, err
	}
	in := config.Input{Name: name, Data: data}
	var errs []error
	in.Directives, errs = suppress.Parse(comments)
	for _, err := range errs {
		var de *suppress.Error
		if errors.As(err, &de) {
			p := check.NewLines(data).At(de.Offset)
			fmt.Fprintf(stderr, "slant: %s:%d:%d: warning: %s\n", name, p.Line, p.Column, de.Msg)
		}
	}
	if name != "-" {
		sc, err := suppress.LoadSidecar(suppress.SidecarPath(name))
		if err != nil {
			return nil, nil, err
		}
		in.Sidecar = sc
	}
	return e.Analyze(in), e, nil
}

// cmdConfig runs "config check [FILE]" and "config show [FILE]".
func cmdConfigCheck(args []string, stdout io.Writer) error {
	fs := newFlags("config check")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 1 {
		return usageError{"config check: at most one FILE"}
	}
	path := ""
	if len(rest) == 1 {
		path = rest[0]
		if _, err := os.Stat(path); err != nil {
			return rejectedError{err}
		}
	} else if path, err = config.Find("."); err != nil {
		return err
	} else if path == "" {
		return rejectedError{fmt.Errorf("config check: no %s here or above", config.FileName)}
	}
	cfg, err := config.Load(path)
	if err == nil {
		var e *config.Engine
		if e, err = buildEngine(cfg, nil, nil); err == nil {
			fmt.Fprintf(stdout, "ok: %s (sha256 %s): %d accepted, %d banned, %d categories\n", path, cfg.SHA256(), len(cfg.Accept), len(cfg.Ban), len(e.Analyzer().Lexicon().Categories))
			return nil
		}
	}
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintln(stdout, line)
	}
	return errReported
}

// cmdConfigShow prints the effective configuration as YAML: the file that
// applies to PATH (default: the working directory) merged with the defaults.
func cmdConfigShow(args []string, stdout io.Writer) error {
	fs := newFlags("config show")
	cf := addConfigFlags(fs)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 1 {
		return usageError{"config show: at most one PATH"}
	}
	at := "-"
	if len(rest) == 1 {
		at = rest[0]
		if st, err := os.Stat(at); err != nil {
			return rejectedError{err}
		} else if st.IsDir() {
			at = filepath.Join(at, "x") // look from inside the directory
		}
	}
	e, err := cf.engine(at)
	if err != nil {
		return err
	}
	_, err = stdout.Write(e.Effective().Marshal())
	return err
}

// defaultFormat sets *format from the configuration of the first input when
// --format was not given: flag > file > default.
func (c *configFlags) defaultFormat(fs *flag.FlagSet, format *string, files []string) error {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "format" })
	if set {
		return nil
	}
	first := "-"
	if len(files) > 0 {
		first = files[0]
	}
	e, err := c.engine(first)
	if err != nil {
		return err
	}
	if cfg := e.Config(); cfg != nil && cfg.Format != "" {
		f := cfg.Format
		*format = f
	}
	return nil
}
