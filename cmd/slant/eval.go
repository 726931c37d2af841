package main

import (
	"fmt"
	"io"
	"os"

	"github.com/slantnews/slant/eval"
)

// cmdEval measures the analyzer against labeled sentences (package eval):
// slant eval --labels FILE.csv [--format text|json] [--lexicons DIR] [--actors DIR].
func cmdEval(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval")
	labels := fs.String("labels", "", "labeled `FILE.csv`, with columns text,label[,biased_words] (required)")
	format := fs.String("format", "text", "text or json")
	lexFlags := addLexiconFlags(fs)
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *labels == "" {
		return usageError{"eval: --labels FILE.csv is required"}
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("eval: unexpected argument %q", rest[0])}
	}
	if *format != "text" && *format != "json" {
		return usageError{fmt.Sprintf("eval: unknown --format %q (want text or json)", *format)}
	}
	f, err := os.Open(*labels)
	if err != nil {
		return rejectedError{err}
	}
	defer f.Close()
	rows, err := eval.ReadLabels(*labels, f)
	if err != nil {
		return rejectedError{err}
	}
	a, err := lexFlags.load()
	if err != nil {
		return err
	}
	res := eval.Run(a, rows)
	res.Labels = *labels
	if *format == "json" {
		b, err := res.JSON()
		if err != nil {
			return err
		}
		_, err = stdout.Write(b)
		return err
	}
	return eval.WriteText(stdout, res)
}
