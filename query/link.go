//go:build linux

package query

// The DuckDB bindings link with -rdynamic, which exports all of DuckDB's
// 59,000 C++ symbols from the binary, for extensions loaded at run time.
// Undone, every start maps 4 MB less of symbol tables (slant version: 28
// MB resident, not 32). The price: slant query runs on the extensions
// built into the binary (parquet, json, icu, core functions among them),
// and an extension loaded at run time (LOAD, or one DuckDB would fetch for
// an https:// or s3:// path) fails to find DuckDB's symbols
// (docs/tables.md). Apple's linker has no such flag, and needs none.

// #cgo LDFLAGS: -Wl,--no-export-dynamic
import "C"
