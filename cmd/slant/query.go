package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/slantnews/slant/query"
)

// cmdQuery is slant query DIR 'SQL' or slant query DIR --QUESTION: SQL over
// the tables slant batch --tables wrote, through package query.
func cmdQuery(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("query")
	format := fs.String("format", "table", "print the rows as `table|csv|json`")
	showSQL := fs.Bool("sql", false, "print the named question's SQL instead of running it")
	asked := map[string]*bool{}
	for _, q := range query.Questions {
		asked[q.Name] = fs.Bool(q.Name, false, q.Summary)
	}
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if !slices.Contains(query.Formats, *format) {
		return usageError{fmt.Sprintf("query: --format %q: want %s", *format, strings.Join(query.Formats, ", "))}
	}
	var named []*query.Question
	for _, q := range query.Questions {
		if *asked[q.Name] {
			named = append(named, query.Lookup(q.Name))
		}
	}
	if *showSQL {
		if len(named) == 0 {
			return usageError{"query: --sql prints a named question's SQL: add --outlets, --terms, --actors or --over-time"}
		}
		for _, q := range named {
			fmt.Fprintf(stdout, "-- %s: %s\n%s;\n", q.Name, q.Summary, q.SQL)
		}
		return nil
	}
	var sqlText string
	switch {
	case len(rest) == 2 && len(named) == 0:
		sqlText = rest[1]
	case len(rest) == 1 && len(named) == 1:
		sqlText = named[0].SQL
	case len(rest) == 0:
		return usageError{"query: want DIR and 'SQL' or a named question"}
	case len(named) > 1:
		return usageError{"query: ask one named question at a time"}
	default:
		return usageError{"query: want DIR and either 'SQL' or a named question, not both"}
	}
	dir := rest[0]
	if st, err := os.Stat(dir); err != nil {
		return rejectedError{err}
	} else if !st.IsDir() {
		return rejectedError{fmt.Errorf("%s: not a directory", dir)}
	}
	db, err := query.Open(dir)
	if errors.Is(err, query.ErrNoTables) {
		return rejectedError{err}
	}
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Query(context.Background(), sqlText)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	w := bufio.NewWriter(stdout)
	if err := res.WriteFormat(w, *format); err != nil {
		return err
	}
	return w.Flush()
}
