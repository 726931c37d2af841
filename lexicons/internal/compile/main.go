// Command compile writes the compiled form of a lexicon directory and of
// its actors/ directory (analyzer.CompiledFile) into each: go generate in
// lexicons/ runs it on en/. It is not part of any binary.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/slantnews/slant/analyzer"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compile DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	b, err := analyzer.CompileLexicon(os.DirFS(dir))
	if err != nil {
		fmt.Fprintf(os.Stderr, "compile %s: %v\n", dir, err)
		os.Exit(1)
	}
	actorDir := filepath.Join(dir, "actors")
	ab, err := analyzer.CompileActors(os.DirFS(actorDir))
	if err != nil {
		fmt.Fprintf(os.Stderr, "compile %s: %v\n", actorDir, err)
		os.Exit(1)
	}
	for _, f := range []struct {
		dir  string
		data []byte
	}{{dir, b}, {actorDir, ab}} {
		if err := os.WriteFile(filepath.Join(f.dir, analyzer.CompiledFile), f.data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
