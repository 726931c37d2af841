package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slantnews/slant/ingest"
)

// ArchiveConfig bounds how a WARC archive or JSON Lines export is read. One
// invocation reads a piece of it; when a piece's budget or the function's
// time runs out, the function writes a continuation object and the next
// piece runs in a fresh invocation (docs/lambda.md, "Archives").
type ArchiveConfig struct {
	ContinuePrefix  string        // CONTINUE_PREFIX (default "incoming/_slant-continue/"): continuation objects, in the input bucket, under the trigger's prefix
	PieceBytes      int64         // ARCHIVE_PIECE_BYTES (default 256 MiB): archive bytes one invocation reads
	PieceRecords    int           // ARCHIVE_PIECE_RECORDS (default 20,000): records one invocation reads
	MaxArchiveBytes int64         // MAX_ARCHIVE_BYTES (default ingest.MaxArchiveBytes, 4 GiB): larger archives get a too_large error report
	MaxRecords      int           // MAX_ARCHIVE_RECORDS (default ingest.MaxRecords, 200,000): records read from one archive in all
	DeadlineMargin  time.Duration // CONTINUE_MARGIN_SECONDS (default 10): hand over when less than this is left before the deadline
	// Workers is ARCHIVE_WORKERS (default 8): the records extracted,
	// analyzed and written at once, with at most MAX_OBJECT_BYTES of their
	// input in flight; 1 writes one record at a time.
	Workers int
}

func defaultArchiveConfig() ArchiveConfig {
	return ArchiveConfig{
		ContinuePrefix:  "incoming/_slant-continue/",
		PieceBytes:      256 << 20,
		PieceRecords:    20_000,
		MaxArchiveBytes: ingest.MaxArchiveBytes,
		MaxRecords:      ingest.MaxRecords,
		DeadlineMargin:  10 * time.Second,
		Workers:         8,
	}
}

// withDefaults fills the fields left zero with the defaults.
func (c ArchiveConfig) withDefaults() ArchiveConfig {
	d := defaultArchiveConfig()
	if c.ContinuePrefix == "" {
		c.ContinuePrefix = d.ContinuePrefix
	}
	if c.PieceBytes <= 0 {
		c.PieceBytes = d.PieceBytes
	}
	if c.PieceRecords <= 0 {
		c.PieceRecords = d.PieceRecords
	}
	if c.MaxArchiveBytes <= 0 {
		c.MaxArchiveBytes = d.MaxArchiveBytes
	}
	if c.MaxRecords <= 0 {
		c.MaxRecords = d.MaxRecords
	}
	if c.DeadlineMargin <= 0 {
		c.DeadlineMargin = d.DeadlineMargin
	}
	if c.Workers <= 0 {
		c.Workers = d.Workers
	}
	return c
}

// loadArchiveConfig reads the archive variables into c.
func loadArchiveConfig(lookupEnv func(string) (string, bool), c *ArchiveConfig) []error {
	var errs []error
	if v, ok := lookup(lookupEnv, "CONTINUE_PREFIX"); ok {
		c.ContinuePrefix = v
		if !strings.HasSuffix(v, "/") {
			c.ContinuePrefix += "/"
		}
	}
	num := func(name string, lo, hi int64, set func(int64)) {
		v, ok := lookup(lookupEnv, name)
		if !ok {
			return
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < lo || n > hi {
			errs = append(errs, fmt.Errorf("%s=%q: want a whole number from %d to %d", name, v, lo, hi))
			return
		}
		set(n)
	}
	num("ARCHIVE_PIECE_BYTES", 1<<20, 1<<40, func(n int64) { c.PieceBytes = n })
	num("ARCHIVE_PIECE_RECORDS", 1, 10_000_000, func(n int64) { c.PieceRecords = int(n) })
	num("MAX_ARCHIVE_BYTES", 1, 1<<42, func(n int64) { c.MaxArchiveBytes = n })
	num("MAX_ARCHIVE_RECORDS", 1, 100_000_000, func(n int64) { c.MaxRecords = int(n) })
	num("CONTINUE_MARGIN_SECONDS", 1, 900, func(n int64) { c.DeadlineMargin = time.Duration(n) * time.Second })
	num("ARCHIVE_WORKERS", 1, 64, func(n int64) { c.Workers = int(n) })
	return errs
}
