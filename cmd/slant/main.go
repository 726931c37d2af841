// Command slant finds loaded and framing language in news text.
//
//	slant analyze [--format text|json|markdown|html] [--lexicons DIR] [--actors DIR] [--max-bytes N] [FILE...]
//	slant compare A B [--format text|json|html] [--lexicons DIR] [--actors DIR] [--max-bytes N]
//	slant batch [--lexicons DIR] [--actors DIR] [--max-bytes N]     JSON Lines {"id","text"} on stdin
//	slant lexicon check [DIR...]
//	slant eval --labels FILE.csv [--lexicons DIR] [--format text|json]
//	slant version
//
// Exit codes: 0 ok, 1 failure, 2 usage, 3 input rejected.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
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

// rejectedError is input the analyzer refuses: exit 3.
type rejectedError struct{ err error }

func (e rejectedError) Error() string { return e.err.Error() }
func (e rejectedError) Unwrap() error { return e.err }

const usage = `usage:
  slant analyze [--format text|json|markdown|html] [--lexicons DIR] [--actors DIR] [--max-bytes N] [FILE...]
  slant compare A B [--format text|json|html] [--lexicons DIR] [--actors DIR] [--max-bytes N]
  slant batch [--lexicons DIR] [--actors DIR] [--max-bytes N] < docs.jsonl
  slant lexicon check [DIR...]
  slant eval --labels FILE.csv [--lexicons DIR] [--format text|json]
  slant version
FILE "-" or no FILE reads stdin. Exit codes: 0 ok, 1 failure, 2 usage, 3 input rejected.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "analyze":
		err = cmdAnalyze(args[1:], stdin, stdout, stderr)
	case "batch":
		err = cmdBatch(args[1:], stdin, stdout, stderr)
	case "lexicon":
		if len(args) < 2 || args[1] != "check" {
			err = usageError{"lexicon: want \"lexicon check [DIR...]\""}
		} else {
			err = cmdLexiconCheck(args[2:], stdout, stderr)
		}
	case "compare":
		err = cmdCompare(args[1:], stdin, stdout, stderr)
	case "eval":
		err = cmdEval(args[1:], stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "slant", version())
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		err = usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	var ue usageError
	var re rejectedError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errReported):
		return exitFailure
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "slant: %s\n%s", ue.msg, usage)
		return exitUsage
	case errors.As(err, &re):
		fmt.Fprintf(stderr, "slant: %s\n", re.err)
		return exitRejected
	default:
		fmt.Fprintf(stderr, "slant: %s\n", err)
		return exitFailure
	}
}

// errReported means the details were already printed.
var errReported = errors.New("reported")

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
