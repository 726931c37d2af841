package tables

import (
	"path"

	"github.com/slantnews/slant/analyzer"
)

// ReportFiles returns the two files of one report, one per table, for a
// writer that sees one document at a time (the Lambda). The name is
// "doc-" and 16 hex digits of the SHA-256 of the document's id, so a retry,
// or a second delivery of the same event, replaces the files.
func ReportFiles(r *analyzer.Report) ([]File, error) {
	d, fs := Rows(r)
	p := PartitionOf(r).Path()
	name := fileName("doc-", func(yield func(string) bool) { yield(d.DocID) })
	docs, err := Encode([]DocumentRow{d})
	if err != nil {
		return nil, err
	}
	finds, err := Encode(fs)
	if err != nil {
		return nil, err
	}
	return []File{
		{Path: path.Join(Documents, p, name), Data: docs},
		{Path: path.Join(Findings, p, name), Data: finds},
	}, nil
}
