package main

import (
	"fmt"
	"io"
	"strings"
)

// cmdLexiconCheck validates the built-in lexicons and each DIR on top of
// them: slant lexicon check [DIR...]. Problems print as file:line on stdout.
func cmdLexiconCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("lexicon check")
	dirs, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if err := checkDirs("lexicons", dirs); err != nil {
		return err
	}
	a, err := loadAnalyzer(dirs, nil)
	if err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(stdout, line)
		}
		return errReported
	}
	info := a.Lexicon().Info()
	fmt.Fprintf(stdout, "ok: %d categories, %d entries, version %s\n", info.Categories, info.Entries, info.Version)
	return nil
}
