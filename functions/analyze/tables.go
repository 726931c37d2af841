package main

import (
	"context"
	"fmt"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/tables"
)

// tablesContentType is the media type of the Parquet files.
const tablesContentType = "application/vnd.apache.parquet"

// writeTables writes the report's rows as one small Parquet file per table
// under <REPORT_PREFIX><TABLES_PREFIX>, with the partitions and the file
// names of package tables: the name is a function of the document id, so a
// retry or a duplicate delivery replaces the files. It returns the keys.
func (h *Handler) writeTables(ctx context.Context, rep *analyzer.Report) ([]string, error) {
	files, err := tables.ReportFiles(rep)
	if err != nil {
		return nil, fmt.Errorf("encode table rows of s3://%s/%s: %w", rep.Source.Bucket, rep.Source.Key, err)
	}
	keys := make([]string, 0, len(files))
	for _, f := range files {
		key := h.cfg.ReportPrefix + h.cfg.TablesPrefix + f.Path
		if err := h.store.Put(ctx, h.cfg.ReportBucket, key, tablesContentType, f.Data); err != nil {
			return keys, err
		}
		keys = append(keys, key)
	}
	return keys, nil
}
