package config

import (
	"io/fs"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/suppress"
)

// Engine is an Analyzer with a configuration applied: banned terms found in
// their own category with their reason, accepted terms and suppressed
// findings moved out of the findings and rescored. Build one per process
// (and configuration); it is safe for concurrent use.
type Engine struct {
	an     *analyzer.Analyzer
	cfg    *Config
	accept []string
	bans   map[string]string // term key → reason
}

// Build loads the lexicon from sources (the built-in one first, then the
// configuration's and the caller's directories) with the banned terms on
// top, applies cfg (which may be nil) and builds the Analyzer with opts.
func Build(cfg *Config, sources []fs.FS, opts ...analyzer.Option) (*Engine, error) {
	if b := cfg.BannedSource(); b != nil {
		sources = append(sources[:len(sources):len(sources)], b)
	}
	lex, err := analyzer.LoadLexicon(sources...)
	if err != nil {
		return nil, err
	}
	if err := cfg.Apply(lex); err != nil {
		return nil, err
	}
	an, err := analyzer.New(lex, opts...)
	if err != nil {
		return nil, err
	}
	return NewEngine(an, cfg), nil
}

// NewEngine wraps an Analyzer built from a lexicon that cfg was applied to
// (Build does both).
func NewEngine(an *analyzer.Analyzer, cfg *Config) *Engine {
	e := &Engine{an: an, cfg: cfg, bans: map[string]string{}}
	if cfg != nil {
		e.accept = cfg.Accept
		for _, b := range cfg.Ban {
			e.bans[analyzer.TermKey(b.Term)] = b.Reason
		}
	}
	return e
}

// Analyzer is the wrapped Analyzer.
func (e *Engine) Analyzer() *analyzer.Analyzer { return e.an }

// Config is the configuration applied (nil for none).
func (e *Engine) Config() *Config { return e.cfg }

// Input is one document and what suppresses findings in it.
type Input struct {
	Name       string
	Data       []byte
	Directives []suppress.Directive // inline directives, offsets into Data
	Sidecar    *suppress.Sidecar    // accepted findings; nil for none
}

// Analyze analyzes one input. Banned findings get their reason and are
// never suppressed. Every other finding that lies inside an accepted term
// ("terror" in "terror attack" when "terror attack" is accepted), a
// directive disables or the sidecar accepts is moved to the report's
// suppressed list (the first reason in that order), and the scores are
// recomputed without it.
func (e *Engine) Analyze(in Input) *analyzer.Report {
	rep := e.an.Analyze(in.Name, in.Data)
	rep.Config = e.cfg.Info()
	inline := suppress.Inline(rep, in.Data, in.Directives)
	sidecar := in.Sidecar.Match(rep, in.Data)
	acc := newAcceptor(e.accept, in.Data)
	// Filter in place: kept never passes the finding being read, and a
	// report without suppressions copies nothing.
	kept := 0
	for i := range rep.Findings {
		f := &rep.Findings[i]
		if f.Category == BannedCategory {
			f.Reason = e.bans[analyzer.TermKey(f.Term)]
			rep.Findings[kept] = *f
			kept++
			continue
		}
		reason := ""
		switch {
		case acc.accepts(*f, rep.Sentences):
			reason = analyzer.SuppressAccept
		case inline[i] != "":
			reason = inline[i]
		case sidecar[i] != "":
			reason = sidecar[i]
		}
		if reason == "" {
			if kept != i {
				rep.Findings[kept] = *f
			}
			kept++
			continue
		}
		rep.Suppressed = append(rep.Suppressed, analyzer.Suppressed{
			Start: f.Start, End: f.End, Text: f.Text, Term: f.Term, Category: f.Category,
			Weight: f.Weight, Voice: f.Voice, Sentence: f.Sentence, Reason: reason,
		})
	}
	clear(rep.Findings[kept:])
	rep.Findings = rep.Findings[:kept]
	if len(rep.Suppressed) > 0 {
		rep.Stats.Suppressed = len(rep.Suppressed)
		e.an.Rescore(rep)
	}
	return rep
}
