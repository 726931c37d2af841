// Package query runs SQL over a tables tree (package tables) with an
// embedded DuckDB: documents and findings are views over the Parquet files
// with Hive partitioning, so a WHERE on outlet or date reads only the
// partitions it names. It holds the named questions (docs/tables.md shows
// each one's SQL), the result formats, and the numbers of the outlets
// report.
//
// It needs cgo (DuckDB is C++). Only the CLI imports it: the Lambda and
// every package it imports stay pure Go, which the Makefile checks.
package query
