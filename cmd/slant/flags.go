package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/slantnews/slant/analyzer"
)

// helpRequest is -h or --help: print text on stdout and exit 0.
type helpRequest struct{ text string }

func (h helpRequest) Error() string { return "help requested" }

// newFlags is the flag set of one command; parseArgs reports its errors.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseArgs parses args with fs, taking flags wherever they are among the
// other arguments (up to "--", after which everything is an argument), and
// returns the other arguments in order. -h or --help gives a helpRequest with
// the command's help.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			return nil, helpRequest{help(fs)}
		}
		if err != nil {
			return nil, usageError{fmt.Sprintf("%s: %v", fs.Name(), err)}
		}
		left := fs.Args()
		if len(left) == 0 {
			return rest, nil
		}
		if used := len(args) - len(left); used > 0 && args[used-1] == "--" {
			return append(rest, left...), nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

// help is a command's usage line, what it does, and every flag with its help.
func help(fs *flag.FlagSet) string {
	var b strings.Builder
	for _, c := range commands {
		if c.name == fs.Name() {
			line := strings.TrimSpace("slant " + c.name + " " + c.args)
			fmt.Fprintf(&b, "usage: %s\n\n%s.\n", line, strings.ToUpper(c.summary[:1])+c.summary[1:])
		}
	}
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return b.String()
	}
	b.WriteString("\nflags:\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fs.VisitAll(func(f *flag.Flag) {
		kind, text := flag.UnquoteUsage(f)
		if kind != "" {
			kind = " " + kind
		}
		if _, isDirs := f.Value.(*dirsFlag); isDirs {
			kind = " DIR"
		}
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
			text += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(tw, "  --%s%s\t%s\n", f.Name, kind, text)
	})
	tw.Flush()
	return b.String()
}

// dirsFlag collects a repeatable DIR flag.
type dirsFlag []string

func (d *dirsFlag) String() string     { return strings.Join(*d, ",") }
func (d *dirsFlag) Set(v string) error { *d = append(*d, v); return nil }

// lexiconFlags are --lexicons DIR and --actors DIR, both repeatable.
type lexiconFlags struct{ dirs, actorDirs dirsFlag }

func addLexiconFlags(fs *flag.FlagSet) *lexiconFlags {
	l := &lexiconFlags{}
	fs.Var(&l.dirs, "lexicons", "extra lexicon directory (repeatable)")
	fs.Var(&l.actorDirs, "actors", "extra actor lexicon directory (repeatable)")
	return l
}

// checkMaxBytes is the usage error of a --max-bytes that is not positive,
// for command cmd; a larger one than analyzer.MaxInputBytes (2 GiB less a
// byte: the analyzer's offsets are 32-bit) is lowered to it, so that "no
// limit" still rejects what the analyzer cannot take.
func checkMaxBytes(cmd string, n *int64) error {
	if *n <= 0 {
		return usageError{cmd + ": --max-bytes must be positive"}
	}
	*n = min(*n, analyzer.MaxInputBytes)
	return nil
}
