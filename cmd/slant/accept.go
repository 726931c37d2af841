package main

import (
	"fmt"
	"io"
	"os"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/suppress"
)

// cmdAccept records findings a reviewer has checked in FILE's sidecar:
// slant accept --term T [--sentence N] FILE.
func cmdAccept(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("accept")
	term := fs.String("term", "", "accept the findings of term `T` (its words, in any form)")
	sentence := fs.Int("sentence", -1, "only in sentence `N` (the report's sentence index; default every sentence)")
	cf := addConfigFlags(fs)
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 || files[0] == "-" || *term == "" {
		return usageError{"accept: want --term T and one FILE"}
	}
	name := files[0]
	data, err := readInput(name, nil, analyzer.DefaultMaxBytes)
	if err != nil {
		return err
	}
	path := suppress.SidecarPath(name)
	sc, err := suppress.LoadSidecar(path)
	if err != nil {
		return err
	}
	if sc == nil {
		sc = &suppress.Sidecar{}
	}
	// Accept among the findings that are still reported.
	rep, _, err := cf.analyzeInput(name, data, stderr)
	if err != nil {
		return err
	}
	n := sc.Add(rep, data, *term, *sentence)
	if n == 0 {
		return fmt.Errorf("accept: no reported finding of %q in %s", *term, name)
	}
	if err := os.WriteFile(path, sc.Marshal(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "accepted %d finding(s) of %q in %s\n", n, *term, path)
	return nil
}
