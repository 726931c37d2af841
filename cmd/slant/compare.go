package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/compare"
	"github.com/slantnews/slant/render"
)

// cmdCompare analyzes two reports of the same event and sets them side by
// side: slant compare [--format text|json|html] A B. A web page is compared
// as its article; each file's project configuration applies, as in analyze.
func cmdCompare(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("compare")
	format := fs.String("format", "text", "text, json or html")
	cf := addConfigFlags(fs)
	maxBytes := fs.Int64("max-bytes", analyzer.DefaultMaxBytes, "reject inputs larger than `N` bytes")
	input := addInputFlag(fs)
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	inFormat, err := inputFormat("compare", *input)
	if err != nil {
		return err
	}
	if len(files) != 2 {
		return usageError{fmt.Sprintf("compare: want two files, got %d", len(files))}
	}
	switch *format {
	case "text", "json", "html":
	default:
		return usageError{fmt.Sprintf("compare: unknown --format %q (want text, json or html)", *format)}
	}
	if err := checkMaxBytes("compare", maxBytes); err != nil {
		return err
	}
	if files[0] == "-" && files[1] == "-" {
		return usageError{"compare: only one of the files can be stdin"}
	}
	docs, err := readDocuments(files, stdin, stderr, *maxBytes, inFormat)
	if err != nil {
		return err
	}
	ra, _, err := cf.analyzeDocument(files[0], docs[0], stderr)
	if err != nil {
		return err
	}
	rb, _, err := cf.analyzeDocument(files[1], docs[1], stderr)
	if err != nil {
		return err
	}
	c := compare.Reports(ra, rb)
	var out bytes.Buffer
	switch *format {
	case "json":
		var b []byte
		if b, err = c.JSON(); err == nil {
			out.Write(b)
		}
	case "html":
		err = render.CompareHTML(&out, c, ra, docs[0].Text, rb, docs[1].Text)
	default:
		err = render.CompareText(&out, c)
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(out.Bytes())
	return err
}
