package tables

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/parquet-go/parquet-go"
)

// MetaSchema is the key of the files' key-value metadata that holds Schema.
const MetaSchema = "slant.tables.schema"

// Encode returns rows as the bytes of one Parquet file: Snappy-compressed
// (DuckDB, Athena, Spark and pyarrow all read it), with Schema in the
// key-value metadata. Equal rows give equal bytes.
func Encode[T DocumentRow | FindingRow](rows []T) ([]byte, error) {
	var b bytes.Buffer
	w := parquet.NewGenericWriter[T](&b,
		parquet.Compression(&parquet.Snappy),
		parquet.KeyValueMetadata(MetaSchema, Schema),
		parquet.CreatedBy("slant", Schema, ""))
	if _, err := w.Write(rows); err != nil {
		return nil, fmt.Errorf("encode %d rows: %w", len(rows), err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("encode %d rows: %w", len(rows), err)
	}
	return b.Bytes(), nil
}

// fileName is the name of the file that holds the rows of docIDs, a
// function of them alone: prefix, 16 hex digits of the SHA-256 of the ids
// in order, ".parquet". Writing the same documents again writes the same
// name, so a re-run or a retry replaces a file instead of adding a copy.
func fileName(prefix string, docIDs func(yield func(string) bool)) string {
	h := sha256.New()
	for id := range docIDs {
		h.Write([]byte(id))
		h.Write([]byte{0})
	}
	return prefix + hex.EncodeToString(h.Sum(nil)[:8]) + ".parquet"
}

// File is one file of a tables tree: its slash-separated path under the
// tree's root and its bytes.
type File struct {
	Path string
	Data []byte
}
