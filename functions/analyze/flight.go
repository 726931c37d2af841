package main

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/slantnews/slant/ingest"
)

// recordOutcome is what one record of an archive wrote: its keys in order,
// whether it was a report or a record error report, and the error that
// stopped it from being written.
type recordOutcome struct {
	keys           []string
	report, failed int
	err            error
}

// archiveRecord extracts, analyzes and writes record num of an archive: its
// reports (and table rows), or its record error report.
func (h *Handler) archiveRecord(ctx context.Context, t target, c continuation, num int, p *ingest.Pending) recordOutcome {
	doc, err := p.Extract()
	var re *ingest.RecordError
	switch {
	case errors.As(err, &re):
		key, err := h.putRecordError(ctx, t, c.Format, num, c.Offset+re.Offset, re)
		return recordOutcome{keys: []string{key}, failed: 1, err: err}
	case err != nil:
		return recordOutcome{err: fmt.Errorf("extract s3://%s/%s record %d: %w", t.Bucket, t.Key, num, err)}
	}
	doc.Record.Number = num
	doc.Record.Offset += c.Offset
	doc.Record.First = 0
	rep := h.analyzeDocument(t.Key, doc)
	rep.Source.Bucket, rep.Source.Key, rep.Source.VersionID, rep.Source.ETag = t.Bucket, t.Key, t.VersionID, t.ETag
	var out recordOutcome
	for _, name := range h.cfg.Formats {
		f := reportFormats[name]
		body, err := f.encode(rep, doc.Text)
		if err != nil {
			out.err = fmt.Errorf("encode %s report of s3://%s/%s record %d: %w", name, t.Bucket, t.Key, num, err)
			return out
		}
		key := recordKey(h.cfg.ReportPrefix, t.Key, num, f.suffix)
		if err := h.store.Put(ctx, h.cfg.ReportBucket, key, f.contentType, body); err != nil {
			out.err = err
			return out
		}
		out.keys = append(out.keys, key)
	}
	if h.cfg.TablesPrefix != "" {
		tk, err := h.writeTables(ctx, rep)
		out.keys = append(out.keys, tk...)
		if err != nil {
			out.err = err
			return out
		}
	}
	out.report = 1
	return out
}

// flight runs the records of an archive piece on up to workers goroutines
// at once, with at most limit bytes of their input in flight (a record
// larger than that runs alone), and keeps their outcomes in record order.
// S3 answers a PUT in tens of milliseconds: records written one at a time
// leave the function waiting on the network nearly all the time.
type flight struct {
	workers int
	limit   int64

	mu       sync.Mutex
	cond     sync.Cond
	running  int
	bytes    int64
	outcomes []recordOutcome
	err      bool // a record's outcome has an error, or it panicked
	panicked any  // the first panic of a record
}

func newFlight(workers int, limit int64) *flight {
	f := &flight{workers: max(workers, 1), limit: limit}
	f.cond.L = &f.mu
	return f
}

// start runs work on a goroutine of its own once there is room for size
// more bytes (or nothing else runs).
func (f *flight) start(size int64, work func() recordOutcome) {
	f.mu.Lock()
	for f.running >= f.workers || f.running > 0 && f.bytes+size > f.limit {
		f.cond.Wait()
	}
	f.running++
	f.bytes += size
	i := len(f.outcomes)
	f.outcomes = append(f.outcomes, recordOutcome{})
	f.mu.Unlock()
	go func() {
		var out recordOutcome
		defer func() {
			// A panic is kept for land to raise on the handler's goroutine,
			// where the Lambda runtime turns it into the invocation's error
			// as it did when the records ran there.
			p := recover()
			f.mu.Lock()
			if p != nil && f.panicked == nil {
				f.panicked = p
			}
			f.outcomes[i] = out
			f.err = f.err || out.err != nil || p != nil
			f.running--
			f.bytes -= size
			f.cond.Broadcast()
			f.mu.Unlock()
		}()
		out = work()
	}()
}

// failed reports whether a record that ended could not be written.
func (f *flight) failed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// land waits for every record started and returns their keys in record
// order and how many reports and record error reports they wrote, or the
// first error in record order. A record that panicked panics here.
func (f *flight) land() (keys []string, reports, failed int, err error) {
	f.mu.Lock()
	for f.running > 0 {
		f.cond.Wait()
	}
	outcomes, panicked := f.outcomes, f.panicked
	f.outcomes, f.panicked = f.outcomes[len(f.outcomes):], nil
	f.mu.Unlock()
	if panicked != nil {
		panic(panicked)
	}
	for _, o := range outcomes {
		if o.err != nil {
			return nil, 0, 0, o.err
		}
		keys = append(keys, o.keys...)
		reports += o.report
		failed += o.failed
	}
	return keys, reports, failed, nil
}
