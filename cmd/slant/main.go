// Command slant finds loaded and framing language in news text.
//
//	slant analyze [--format text|json|markdown|html] [--input text|html] [--config FILE] [--lexicons DIR] [--actors DIR] [--max-bytes N] [FILE...]
//	slant check [--format text|github|rdjsonl|sarif] [--config FILE] [--document-threshold N] [--sentence-threshold N] [FILE...]
//	slant accept --term T [--sentence N] FILE
//	slant config check [FILE]
//	slant config show [--config FILE] [PATH]
//	slant compare [--format text|json|html] [--input text|html] [--config FILE] [--no-config] [--lexicons DIR] [--actors DIR] [--max-bytes N] A B
//	slant extract [--input text|html|warc|jsonl] [--max-bytes N] [-j N] [FILE...]
//	slant batch [--input warc|jsonl] [--tables DIR] [--lexicons DIR] [--actors DIR] [--max-bytes N] [-j N] [FILE...] (or < docs.jsonl)
//	slant query DIR ['SQL' | --outlets | --terms | --actors | --over-time] [--sql] [--format table|csv|json]
//	slant outlets DIR [--format text|html]
//	slant lexicon check [DIR...]
//	slant eval --labels FILE.csv [--lexicons DIR] [--actors DIR] [--format text|json]
//	slant serve [--addr HOST:PORT] [--lexicons DIR] [--actors DIR] [--max-bytes N] [--concurrency N]
//	slant version
//	slant help [COMMAND]
//
// Flags may come before or after the other arguments; "--" ends the flags.
// "slant COMMAND -h" and "slant help COMMAND" print the command's flags.
//
// Exit codes: 0 ok, 1 failure (for check: a file failed the check), 2 usage,
// 3 input rejected (a file or directory named on the command line is
// missing, unreadable or refused).
//
// The command only parses flags and wires: the analysis is package analyzer,
// the comparison package compare, the evaluation package eval, the tables
// packages tables (writing) and query (DuckDB), and the drawing package
// render.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/slantnews/slant/internal/textsafe"
)

// Exit codes.
const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitRejected = 3
)

// usageError is a command-line mistake: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// rejectedError is input that is missing, unreadable or refused: exit 3.
type rejectedError struct{ err error }

func (e rejectedError) Error() string { return e.err.Error() }
func (e rejectedError) Unwrap() error { return e.err }

// errReported means the details were already printed.
var errReported = errors.New("reported")

// command is one subcommand, as usage and help show it.
type command struct {
	name    string // as typed: "analyze", "lexicon check"
	args    string // what follows the name in the usage line
	summary string // what it does, one line
}

var commands = []command{
	{"analyze", "[--format text|json|markdown|html] [--input text|html] [--config FILE] [--no-config] [--lexicons DIR] [--actors DIR] [--max-bytes N] [FILE...]",
		"analyze each FILE (\"-\" or none: stdin; a web page is read as its article) and print its report"},
	{"check", "[--format text|github|rdjsonl|sarif] [--config FILE] [--no-config] [--document-threshold N] [--sentence-threshold N] [--lexicons DIR] [--actors DIR] [--max-bytes N] [FILE...]",
		"exit 1 when a FILE's author-voice findings cross the thresholds or it uses a banned term; annotations for CI"},
	{"accept", "--term T [--sentence N] [--config FILE] FILE",
		"record the findings of T in FILE as accepted, in FILE.slant-accept.yaml"},
	{"config check", "[FILE]", "validate a project configuration (default: the nearest .slant.yaml); problems as file:line"},
	{"config show", "[--config FILE] [--no-config] [PATH]", "print the effective configuration for PATH (default: here) as YAML"},
	{"extract", "[--input text|html|warc|jsonl] [--max-bytes N] [-j N] [FILE...]",
		"print the text Slant analyzes for each FILE (a web page's headline and article), the report's \"text\""},
	{"compare", "[--format text|json|html] [--input text|html] [--config FILE] [--no-config] [--lexicons DIR] [--actors DIR] [--max-bytes N] A B",
		"analyze two reports of one event and set them side by side"},
	{"batch", "[--input warc|jsonl] [--tables DIR] [--lexicons DIR] [--actors DIR] [--max-bytes N] [-j N] [FILE...] (or < docs.jsonl)",
		"analyze JSON Lines {\"id\",\"text\"} on stdin, or each page of WARC archives and JSON Lines exports, one report per line; with --tables DIR, write Parquet tables instead (FILEs may also be pages and directories)"},
	{"query", "DIR ['SQL' | --outlets | --terms | --actors | --over-time] [--sql] [--format table|csv|json]",
		"run SQL, or a named question, over the tables slant batch --tables wrote (views documents and findings)"},
	{"outlets", "DIR [--format text|html]", "compare the outlets of the tables under DIR: intensity, terms, actors, voice and time"},
	{"lexicon check", "[DIR...]", "validate the built-in lexicons and each DIR on top of them; problems as file:line"},
	{"eval", "--labels FILE.csv [--lexicons DIR] [--actors DIR] [--format text|json]",
		"measure agreement with labeled sentences"},
	{"serve", "[--addr HOST:PORT] [--lexicons DIR] [--actors DIR] [--max-bytes N] [--concurrency N]",
		"serve the web page and the JSON API on HOST:PORT (default 127.0.0.1:8080)"},
	{"version", "", "print the version of slant from its build info"},
	{"help", "[COMMAND]", "print this usage, or a command's flags"},
}

// runCommand runs the command named c with the arguments after its name.
func runCommand(c *command, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	switch c.name {
	case "analyze":
		return cmdAnalyze(args, stdin, stdout, stderr)
	case "check":
		return cmdCheck(args, stdin, stdout, stderr)
	case "accept":
		return cmdAccept(args, stdout, stderr)
	case "config check":
		return cmdConfigCheck(args, stdout)
	case "config show":
		return cmdConfigShow(args, stdout)
	case "compare":
		return cmdCompare(args, stdin, stdout, stderr)
	case "batch":
		return cmdBatch(args, stdin, stdout, stderr)
	case "extract":
		return cmdExtract(args, stdin, stdout, stderr)
	case "query":
		return cmdQuery(args, stdout, stderr)
	case "outlets":
		return cmdOutlets(args, stdout, stderr)
	case "lexicon check":
		return cmdLexiconCheck(args, stdout, stderr)
	case "eval":
		return cmdEval(args, stdout, stderr)
	case "serve":
		return cmdServe(args, stdout, stderr)
	case "version":
		return cmdVersion(args, stdout)
	default:
		return cmdHelp(args, stdin, stdout, stderr)
	}
}

// lookup finds the command that args start with, and the arguments after its name.
func lookup(args []string) (*command, []string) {
	for i := range commands {
		c := &commands[i]
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name {
			return c, args[len(words):]
		}
	}
	return nil, nil
}

// usage is the usage of every command.
func usage() string {
	var b strings.Builder
	b.WriteString("usage:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  slant %s %s\n", c.name, c.args)
	}
	b.WriteString(`FILE "-" or no FILE reads stdin. Flags may come before or after the other
arguments. "slant help COMMAND" or "slant COMMAND -h" lists a command's flags.
Exit codes: 0 ok, 1 failure, 2 usage, 3 input rejected.
`)
	return strings.ReplaceAll(b.String(), " \n", "\n")
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	stderr = safeWriter{stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return exitUsage
	}
	var err error
	switch args[0] {
	case "-h", "-help", "--help":
		err = cmdHelp(args[1:], stdin, stdout, stderr)
	case "-version", "--version":
		err = cmdVersion(args[1:], stdout)
	default:
		c, rest := lookup(args)
		switch {
		case c != nil:
			err = runCommand(c, rest, stdin, stdout, stderr)
		case args[0] == "lexicon":
			err = usageError{"lexicon: want \"lexicon check [DIR...]\""}
		case args[0] == "config":
			err = usageError{"config: want \"config check [FILE]\" or \"config show [PATH]\""}
		default:
			err = usageError{fmt.Sprintf("unknown command %q", args[0])}
		}
	}
	return exit(err, stdout, stderr)
}

// exit prints err as its kind asks and returns the exit code.
func exit(err error, stdout, stderr io.Writer) int {
	var ue usageError
	var re rejectedError
	var he helpRequest
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &he):
		fmt.Fprint(stdout, he.text)
		return exitOK
	case errors.Is(err, errReported):
		return exitFailure
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "slant: %s\n%s", ue.msg, usage())
		return exitUsage
	case errors.As(err, &re):
		fmt.Fprintf(stderr, "slant: %s\n", re.err)
		return exitRejected
	default:
		fmt.Fprintf(stderr, "slant: %s\n", err)
		return exitFailure
	}
}

// cmdHelp prints the usage, or with a command name that command's help:
// "slant help analyze" is "slant analyze -h".
func cmdHelp(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		return helpRequest{usage()}
	}
	c, rest := lookup(args)
	if c == nil || len(rest) > 0 {
		return usageError{fmt.Sprintf("help: unknown command %q", strings.Join(args, " "))}
	}
	if c.name == "help" {
		return helpRequest{usage()}
	}
	return runCommand(c, []string{"-h"}, stdin, stdout, stderr)
}

// safeWriter passes every message to stderr through textsafe.Output: error
// lines quote file names, terms and lexicon fields, and none of them may
// drive the terminal. Reports on stdout are written as they are.
type safeWriter struct{ w io.Writer }

func (s safeWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(s.w, textsafe.Output(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
