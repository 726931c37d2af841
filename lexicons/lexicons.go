// Package lexicons embeds the default lexicon data so that every binary
// carries it. The analyzer never imports this package; callers pass
// lexicons.English() to analyzer.LoadLexicon.
package lexicons

import (
	"embed"
	"io/fs"
)

//go:embed en/*.yaml en/actors/*.yaml
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
