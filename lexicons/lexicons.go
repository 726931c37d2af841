// Package lexicons embeds the default lexicon data so that every binary
// carries it. The analyzer never imports this package; callers pass
// lexicons.English() to analyzer.LoadLexicon.
package lexicons

import (
	"embed"
	"io/fs"
)

// en/lexicon.compiled is en/*.yaml decoded, validated and stemmed, and
// en/actors/lexicon.compiled en/actors/*.yaml decoded, so that a process
// starts without YAML decoding or stemming (analyzer.CompiledFile).
// Regenerate it after editing the YAML; TestCompiledIsCurrent fails when it
// is stale.
//
//go:generate go run ./internal/compile en
//go:embed en/*.yaml en/lexicon.compiled en/actors/*.yaml en/actors/lexicon.compiled
var data embed.FS

// English returns the default English lexicons: rules.yaml and one file per category.
func English() fs.FS {
	sub, err := fs.Sub(data, "en")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return sub
}

// Actors returns the default English actor lexicon for analyzer.LoadActors:
// names.yaml and one file per kind of actor.
func Actors() fs.FS {
	sub, err := fs.Sub(data, "en/actors")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return sub
}
