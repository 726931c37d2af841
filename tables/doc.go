// Package tables writes slant.report/v1 reports as rows of two Parquet
// tables, documents (one row per article) and findings (one row per
// finding), in Hive-style partitions outlet=…/date=…/ that DuckDB and Athena
// prune by. docs/tables.md is the schema's contract (slant.tables/v1).
//
// It is pure Go (github.com/parquet-go/parquet-go) so that the Lambda can
// write rows too. It does not read or query the tables: package query does,
// with DuckDB, in the CLI only. It does no analysis and no network I/O; a
// Writer writes files through a Sink (Dir for a local directory). It also
// holds the types of the outlets comparison (Outlets), which query fills
// and render draws, so that render needs no DuckDB.
package tables
