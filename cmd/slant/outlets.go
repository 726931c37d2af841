package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/slantnews/slant/query"
	"github.com/slantnews/slant/render"
)

// cmdOutlets is slant outlets DIR: the comparison of the outlets of a
// tables tree, computed by package query and drawn by package render.
func cmdOutlets(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("outlets")
	format := fs.String("format", "text", "print the comparison as `text|html`")
	terms := fs.Int("terms", 10, "terms shown per outlet")
	actors := fs.Int("top-actors", 8, "actors shown per outlet")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *format != "text" && *format != "html" {
		return usageError{fmt.Sprintf("outlets: --format %q: want text or html", *format)}
	}
	if len(rest) != 1 {
		return usageError{"outlets: want one DIR (the tables slant batch --tables wrote)"}
	}
	if *terms < 1 || *actors < 1 {
		return usageError{"outlets: --terms and --top-actors must be positive"}
	}
	if st, err := os.Stat(rest[0]); err != nil {
		return rejectedError{err}
	} else if !st.IsDir() {
		return rejectedError{fmt.Errorf("%s: not a directory", rest[0])}
	}
	db, err := query.Open(rest[0])
	if errors.Is(err, query.ErrNoTables) {
		return rejectedError{err}
	}
	if err != nil {
		return err
	}
	defer db.Close()
	o, err := db.Outlets(context.Background(), *terms, *actors)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(stdout)
	if *format == "html" {
		err = render.OutletsHTML(w, o)
	} else {
		err = render.OutletsText(w, o)
	}
	if err != nil {
		return err
	}
	return w.Flush()
}
