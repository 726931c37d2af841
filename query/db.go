package query

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"path/filepath"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" database/sql driver
	"github.com/slantnews/slant/tables"
)

// DB is an in-memory DuckDB with the views documents and findings over
// one tables tree.
type DB struct {
	db  *sql.DB
	dir string
}

// ErrNoTables means the directory holds no documents table.
var ErrNoTables = errors.New("no tables (want DIR/documents/outlet=…/date=…/*.parquet, as slant batch --tables DIR writes)")

// Open opens an in-memory database over the tables under dir (a local
// directory, e.g. an `aws s3 sync` copy of a tables prefix).
func Open(dir string) (*DB, error) {
	for _, t := range []string{tables.Documents, tables.Findings} {
		m, _ := filepath.Glob(filepath.Join(dir, t, "*", "*", "*.parquet"))
		if len(m) == 0 {
			return nil, fmt.Errorf("%s: %s: %w", dir, t, ErrNoTables)
		}
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, fmt.Errorf("open duckdb: %w", err)
	}
	// One connection: the views live in it, and DuckDB parallelises a
	// query itself.
	db.SetMaxOpenConns(1)
	d := &DB{db: db, dir: dir}
	for _, t := range []string{tables.Documents, tables.Findings} {
		if _, err := db.Exec(viewSQL(dir, t)); err != nil {
			db.Close()
			return nil, fmt.Errorf("%s: view %s: %w", dir, t, err)
		}
	}
	return d, nil
}

// viewSQL is the view of one table: its files read with Hive partitioning
// and the partition columns as text (a date partition may be
// __unknown__), union_by_name so that files of a later schema version
// with more columns read together with older ones.
func viewSQL(dir, table string) string {
	glob := filepath.ToSlash(filepath.Join(dir, table)) + "/*/*/*.parquet"
	return fmt.Sprintf("CREATE OR REPLACE VIEW %s AS SELECT * FROM read_parquet(%s, hive_partitioning = true, "+
		"hive_types = {'outlet': VARCHAR, 'date': VARCHAR}, union_by_name = true)", table, quote(glob))
}

// quote is s as an SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Close closes the database.
func (d *DB) Close() error { return d.db.Close() }

// Result is the answer of one query: its column names, and each row's
// values as Go values (nil for NULL; int64, float64, string, bool,
// time.Time; []any and map[string]any for lists and structs).
type Result struct {
	Columns []string
	Rows    [][]any
}

// Query runs one SQL statement and returns its rows.
func (d *DB) Query(ctx context.Context, q string) (*Result, error) {
	rows, err := d.db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			vals[i] = normalize(v)
		}
		res.Rows = append(res.Rows, vals)
	}
	return res, rows.Err()
}

// normalize turns DuckDB's wide numbers into int64 or float64 where they
// fit, so that every format prints them the same way.
func normalize(v any) any {
	switch x := v.(type) {
	case *big.Int:
		if x.IsInt64() {
			return x.Int64()
		}
		return x.String()
	case interface{ Float64() float64 }: // DECIMAL
		return x.Float64()
	case int32:
		return int64(x)
	case int16:
		return int64(x)
	case int8:
		return int64(x)
	case uint64:
		return int64(x)
	case uint32:
		return int64(x)
	case float32:
		return float64(x)
	case []byte:
		return string(x)
	case []any:
		for i := range x {
			x[i] = normalize(x[i])
		}
		return x
	case map[string]any:
		for k := range x {
			x[k] = normalize(x[k])
		}
		return x
	}
	return v
}

// Explain returns DuckDB's physical plan of q, one string.
func (d *DB) Explain(ctx context.Context, q string) (string, error) {
	res, err := d.Query(ctx, "EXPLAIN "+q)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, r := range res.Rows {
		for _, v := range r {
			fmt.Fprintln(&b, v)
		}
	}
	return b.String(), nil
}
