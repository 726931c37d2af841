package query

// The DuckDB bindings link with -rdynamic, which exports all of DuckDB's
// 59,000 C++ symbols from the binary, for extensions loaded at run time.
// Slant links the extensions it uses (parquet) and loads none at run time:
// undone, every start maps 6.7 MB less of the symbol tables.

// #cgo LDFLAGS: -Wl,--no-export-dynamic
import "C"
