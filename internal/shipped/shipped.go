// Package shipped builds the Analyzer that the CLI, the Lambda and the web
// page run by default: the shipped lexicons with actor attribution, once per
// process. It is internal: tests and benchmarks of several packages share it
// instead of each writing the same loading code.
package shipped

import (
	"sync"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/lexicons"
)

var analyzerOnce = sync.OnceValues(func() (*analyzer.Analyzer, error) {
	lex, err := analyzer.LoadLexicon(lexicons.English())
	if err != nil {
		return nil, err
	}
	actors, err := analyzer.LoadActors(lexicons.Actors())
	if err != nil {
		return nil, err
	}
	return analyzer.New(lex, analyzer.WithActors(actors))
})

// Analyzer returns the shipped lexicons' Analyzer with actor attribution,
// built on the first call. It is safe for concurrent use.
func Analyzer() (*analyzer.Analyzer, error) { return analyzerOnce() }
