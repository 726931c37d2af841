package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"path"
	"strings"
	"time"

	"github.com/slantnews/slant/ingest"
)

// An archive (a WARC file, or a JSON Lines export) gets one report per page,
// at <prefix><key>/<record number, 6 digits>.slant.json (a record that
// cannot be read or holds no article: .slant.error.json), and when the last
// record is done a summary, <prefix><key>.slant.archive.json.
//
// It is read in pieces. A piece stops before a record when the function's
// deadline is near or the piece's byte or record budget is spent, and
// writes a continuation object into the input bucket under CONTINUE_PREFIX:
// where to resume (the byte offset of a record or gzip member, the records
// before it, the next record to do). Its upload triggers the next piece, in
// a fresh invocation. Keys are deterministic, so a retried piece or a
// duplicate delivery rewrites the same objects with the same bytes: no page
// is lost, and none gets two reports.

const (
	continuationSchema = "slant.continuation/v1"
	archiveSchema      = "slant.archive/v1"
	maxContinuation    = 64 << 10
	codeTooManyRecords = "too_many_records"
	codeChanged        = "object_changed"
	codeBadContinue    = "bad_continuation"
)

// continuation is where the next piece of an archive starts.
type continuation struct {
	Schema    string `json:"schema"`
	Bucket    string `json:"bucket"`
	Key       string `json:"key"`
	VersionID string `json:"version_id,omitempty"`
	ETag      string `json:"etag,omitempty"`
	Format    string `json:"format"`
	Offset    int64  `json:"offset"`  // the first byte of a record, or of its gzip member
	Before    int    `json:"before"`  // records before Offset
	Next      int    `json:"next"`    // the first record not done; those before it are
	Piece     int    `json:"piece"`   // this piece's number, from 1
	Reports   int    `json:"reports"` // written by the pieces before
	Failed    int    `json:"failed"`  // record error reports written by the pieces before
}

func newContinuation(t target, f ingest.Format) continuation {
	return continuation{Schema: continuationSchema, Bucket: t.Bucket, Key: t.Key, VersionID: t.VersionID, ETag: t.ETag, Format: string(f), Next: 1, Piece: 1}
}

// archiveSummary is <prefix><key>.slant.archive.json.
type archiveSummary struct {
	Schema string `json:"schema"`
	Source struct {
		Name      string `json:"name"`
		Bucket    string `json:"bucket"`
		Key       string `json:"key"`
		VersionID string `json:"version_id,omitempty"`
		ETag      string `json:"etag,omitempty"`
		Format    string `json:"format"`
		Bytes     int64  `json:"bytes"`
	} `json:"source"`
	Records int `json:"records"`
	Reports int `json:"reports"`
	Skipped int `json:"skipped"` // records that are not pages (requests, images, metadata)
	Failed  int `json:"failed"`  // records with an error report
	Pieces  int `json:"pieces"`
}

// recordErrorReport is a slant.error/v1 report of one record of an archive.
type recordErrorReport struct {
	Schema string `json:"schema"`
	Source struct {
		Name      string `json:"name"`
		Bucket    string `json:"bucket"`
		Key       string `json:"key"`
		VersionID string `json:"version_id,omitempty"`
		ETag      string `json:"etag,omitempty"`
		Format    string `json:"format"`
	} `json:"source"`
	Record struct {
		Number    int    `json:"number"`
		Offset    int64  `json:"offset"`
		TargetURI string `json:"target_uri,omitempty"`
	} `json:"record"`
	Error struct {
		Code   string `json:"code"`
		Reason string `json:"reason"`
	} `json:"error"`
}

// archiveObject handles a continuation object, and an object that is an
// archive by its name or too large to read whole (its first bytes decide).
// ok is false when the object is not an archive: analyze goes on.
func (h *Handler) archiveObject(ctx context.Context, t target) (result, bool) {
	cfg := h.cfg.Archive
	if cfg.ContinuePrefix != "" && strings.HasPrefix(t.Key, cfg.ContinuePrefix) {
		return h.continueArchive(ctx, t), true
	}
	ss, canStream := h.store.(streamStore)
	hint := ingest.Detect(t.Key, "", nil)
	archiveName := hint == ingest.FormatWARC || hint == ingest.FormatJSONL
	// An object too large to read whole is probed for an archive, unless its
	// name says it is a page.
	if !canStream || (!archiveName && (t.Size <= h.cfg.MaxObjectBytes || pageName(t.Key))) {
		return result{}, false
	}
	if t.Size > cfg.MaxArchiveBytes {
		return h.fail(ctx, t, codeTooLarge, fmt.Sprintf("%v: %d bytes, limit %d (MAX_ARCHIVE_BYTES)", errTooLarge, t.Size, cfg.MaxArchiveBytes), t.Size), true
	}
	body, obj, err := ss.Open(ctx, t.Bucket, t.Key, t.VersionID, "", 0)
	if err != nil {
		return h.openFailed(ctx, t, err), true
	}
	defer body.Close()
	t.ETag, t.VersionID = first(obj.ETag, t.ETag), first(obj.VersionID, t.VersionID)
	br := bufio.NewReaderSize(body, 64<<10)
	head, _ := br.Peek(4096)
	f := ingest.Detect(t.Key, obj.ContentType, head)
	if f != ingest.FormatWARC && f != ingest.FormatJSONL {
		return result{}, false // a page: analyze reads it whole, or reports it too large
	}
	if obj.Size > cfg.MaxArchiveBytes {
		return h.fail(ctx, t, codeTooLarge, fmt.Sprintf("%v: %d bytes, limit %d (MAX_ARCHIVE_BYTES)", errTooLarge, obj.Size, cfg.MaxArchiveBytes), obj.Size), true
	}
	return h.archivePiece(ctx, t, newContinuation(t, f), br), true
}

// continueArchive runs the piece a continuation object describes.
func (h *Handler) continueArchive(ctx context.Context, t target) result {
	obj, err := h.store.Get(ctx, t.Bucket, t.Key, t.VersionID, maxContinuation)
	if err != nil {
		return h.openFailed(ctx, t, err)
	}
	var c continuation
	dec := json.NewDecoder(bytes.NewReader(obj.Data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil || c.Schema != continuationSchema || c.Bucket != t.Bucket || c.Next < 1 || c.Piece < 2 || c.Offset < 0 || c.Before < 0 || c.Before >= c.Next {
		return h.fail(ctx, t, codeBadContinue, fmt.Sprintf("not a %s object of bucket %s (error %v)", continuationSchema, t.Bucket, err), int64(len(obj.Data)))
	}
	f, err := ingest.ParseFormat(c.Format)
	if err != nil || (f != ingest.FormatWARC && f != ingest.FormatJSONL) {
		return h.fail(ctx, t, codeBadContinue, fmt.Sprintf("format %q is not an archive", c.Format), int64(len(obj.Data)))
	}
	at := target{Bucket: c.Bucket, Key: c.Key, RawKey: c.Key, VersionID: c.VersionID, ETag: c.ETag, Size: -1}
	ss, ok := h.store.(streamStore)
	if !ok {
		return result{outcome: outRetry, err: errors.New("the store cannot stream archives")}
	}
	body, _, err := ss.Open(ctx, c.Bucket, c.Key, c.VersionID, c.ETag, c.Offset)
	if err != nil {
		return h.openFailed(ctx, at, err)
	}
	defer body.Close()
	return h.archivePiece(ctx, at, c, body)
}

// openFailed turns a failed read into an error report or a retry.
func (h *Handler) openFailed(ctx context.Context, t target, err error) result {
	switch {
	case errors.Is(err, errGone):
		return h.fail(ctx, t, codeGone, err.Error(), -1)
	case errors.Is(err, errArchived):
		return h.fail(ctx, t, codeArchived, err.Error(), -1)
	case errors.Is(err, errChanged):
		return h.fail(ctx, t, codeChanged, err.Error(), -1)
	case errors.Is(err, errTooLarge):
		return h.fail(ctx, t, codeTooLarge, err.Error(), -1)
	}
	return result{outcome: outRetry, err: err}
}

// archiveReader is a WARC or JSON Lines reader.
type archiveReader interface {
	Pending() iter.Seq2[*ingest.Pending, error]
	Stats() ingest.Stats
}

// archivePiece reads the archive t from c.Offset (r starts there) and
// writes a report for each record from c.Next on, until the archive ends
// or the piece's budget is spent. The records are extracted, analyzed and
// written on up to ARCHIVE_WORKERS goroutines at once (a flight), with at
// most MAX_OBJECT_BYTES of their input in flight; the reader goes on
// meanwhile. Before it hands over, fails or ends, the piece waits for the
// records in flight, so what it reports counts only what was written.
func (h *Handler) archivePiece(ctx context.Context, t target, c continuation, r io.Reader) result {
	cfg := h.cfg.Archive
	opts := []ingest.Option{
		ingest.WithMaxPageBytes(h.cfg.MaxObjectBytes),
		ingest.WithMaxRecords(max(cfg.MaxRecords-c.Before, 0)),
		ingest.WithMaxArchiveBytes(max(cfg.MaxArchiveBytes-c.Offset, 0)),
	}
	var ar archiveReader
	if c.Format == string(ingest.FormatJSONL) {
		ar = ingest.NewJSONLReader(r, opts...)
	} else {
		ar = ingest.NewWARCReader(r, opts...)
	}
	deadline, hasDeadline := ctx.Deadline()
	fl := newFlight(cfg.Workers, h.cfg.MaxObjectBytes)
	done := 0 // records this piece reported on
	// land waits for the records in flight and returns what they wrote, or
	// the result that retries the piece when one could not be written.
	land := func() ([]string, int, int, *result) {
		keys, reports, failed, err := fl.land()
		if err != nil {
			return nil, 0, 0, &result{outcome: outRetry, err: err}
		}
		return keys, c.Reports + reports, c.Failed + failed, nil
	}
	for p, err := range ar.Pending() {
		var re *ingest.RecordError
		num := 0
		switch {
		case errors.As(err, &re):
			num = c.Before + re.Number
		case err != nil:
			code := ""
			switch {
			case errors.Is(err, ingest.ErrTooManyRecords):
				code = codeTooManyRecords
			case errors.Is(err, ingest.ErrTooLarge):
				code = codeTooLarge
			}
			keys, reports, _, retry := land()
			if retry != nil {
				return *retry
			}
			if code == "" {
				return result{outcome: outRetry, err: fmt.Errorf("read s3://%s/%s at piece %d: %w", t.Bucket, t.Key, c.Piece, err)}
			}
			res := h.fail(ctx, t, code, fmt.Sprintf("%v (after %d reports; MAX_ARCHIVE_RECORDS %d, MAX_ARCHIVE_BYTES %d)", err, reports, cfg.MaxRecords, cfg.MaxArchiveBytes), -1)
			res.keys = append(keys, res.keys...)
			return res
		default:
			n, _, _ := p.At()
			num = c.Before + n
		}
		if num < c.Next {
			continue // an earlier piece did it (a gzip member holding several records)
		}
		if p != nil && done > 0 {
			st := ar.Stats()
			late := hasDeadline && time.Until(deadline) < cfg.DeadlineMargin
			if late || st.Bytes >= cfg.PieceBytes || done >= cfg.PieceRecords {
				keys, reports, failed, retry := land()
				if retry != nil {
					return *retry
				}
				_, off, first := p.At()
				next := c
				next.Offset = c.Offset + off
				next.Before = c.Before + first - 1
				next.Next, next.Piece, next.Reports, next.Failed = num, c.Piece+1, reports, failed
				key, err := h.putContinuation(ctx, next)
				if err != nil {
					return result{outcome: outRetry, err: err}
				}
				h.log.InfoContext(ctx, "archive continues in a new invocation", "bucket", t.Bucket, "key", t.Key,
					"piece", c.Piece, "next_record", num, "offset", next.Offset, "records_done", done, "late", late, "continuation", key)
				return result{outcome: outReport, keys: append(keys, key)}
			}
		}
		if fl.failed() {
			break // a record could not be written: the piece is retried
		}
		done++
		if re != nil {
			fl.start(0, func() recordOutcome {
				key, err := h.putRecordError(ctx, t, c.Format, num, c.Offset+re.Offset, re)
				return recordOutcome{keys: []string{key}, failed: 1, err: err}
			})
			continue
		}
		fl.start(int64(p.Size()), func() recordOutcome { return h.archiveRecord(ctx, t, c, num, p) })
	}
	keys, reports, failed, retry := land()
	if retry != nil {
		return *retry
	}
	var sum archiveSummary
	sum.Schema = archiveSchema
	sum.Source.Name, sum.Source.Bucket, sum.Source.Key, sum.Source.VersionID, sum.Source.ETag = t.Key, t.Bucket, t.Key, t.VersionID, t.ETag
	sum.Source.Format, sum.Source.Bytes = c.Format, c.Offset+ar.Stats().Bytes
	sum.Records = c.Before + ar.Stats().Records
	sum.Reports, sum.Failed, sum.Pieces = reports, failed, c.Piece
	sum.Skipped = sum.Records - reports - failed
	body, _ := json.MarshalIndent(sum, "", "  ")
	key := reportKey(h.cfg.ReportPrefix, t.Key, ".slant.archive.json")
	if err := h.store.Put(ctx, h.cfg.ReportBucket, key, "application/json", append(body, '\n')); err != nil {
		return result{outcome: outRetry, err: err}
	}
	return result{outcome: outReport, keys: append(keys, key)}
}

// recordKey is the report key of record num of an archive.
func recordKey(prefix, key string, num int, suffix string) string {
	return reportKey(prefix, fmt.Sprintf("%s/%06d", key, num), suffix)
}

// continuationKey is where continuation c is written: a function of the
// archive (bucket, key, version, etag) and the next record alone.
func (h *Handler) continuationKey(c continuation) string {
	sum := sha256.Sum256([]byte(c.Bucket + "\x00" + c.Key + "\x00" + c.VersionID + "\x00" + c.ETag))
	return fmt.Sprintf("%s%s/%07d.json", h.cfg.Archive.ContinuePrefix, hex.EncodeToString(sum[:12]), c.Next)
}

func (h *Handler) putContinuation(ctx context.Context, c continuation) (string, error) {
	body, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return "", err
	}
	key := h.continuationKey(c)
	return key, h.store.Put(ctx, c.Bucket, key, "application/json", append(body, '\n'))
}

func (h *Handler) putRecordError(ctx context.Context, t target, format string, num int, offset int64, re *ingest.RecordError) (string, error) {
	var er recordErrorReport
	er.Schema = errorSchema
	er.Source.Name, er.Source.Bucket, er.Source.Key, er.Source.VersionID, er.Source.ETag, er.Source.Format = t.Key, t.Bucket, t.Key, t.VersionID, t.ETag, format
	er.Record.Number, er.Record.Offset, er.Record.TargetURI = num, offset, re.TargetURI
	er.Error.Code = "corrupt_record"
	switch {
	case errors.Is(re, ingest.ErrNoArticle):
		er.Error.Code = codeNoArticle
	case errors.Is(re, ingest.ErrTooLarge):
		er.Error.Code = codeTooLarge
	}
	er.Error.Reason = re.Err.Error()
	body, err := json.MarshalIndent(er, "", "  ")
	if err != nil {
		return "", err
	}
	key := recordKey(h.cfg.ReportPrefix, t.Key, num, errorSuffix)
	return key, h.store.Put(ctx, h.cfg.ReportBucket, key, "application/json", append(body, '\n'))
}

// pageName reports whether key names a page by its extension.
func pageName(key string) bool {
	switch strings.ToLower(path.Ext(key)) {
	case ".txt", ".text", ".md", ".html", ".htm", ".xhtml":
		return true
	}
	return false
}

func first(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
