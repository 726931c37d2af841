package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/config"
)

// Handler analyzes the objects an event names and writes their reports. Build
// one per process; it is safe for concurrent use.
type Handler struct {
	cfg   Config
	an    *analyzer.Analyzer
	eng   *config.Engine // the project configuration over an; nil: an alone
	store store
	log   *slog.Logger
}

// NewHandler returns a Handler. log is lambdacontext.NewLogger() on Lambda.
func NewHandler(cfg Config, an *analyzer.Analyzer, st store, log *slog.Logger) *Handler {
	cfg.Archive = cfg.Archive.withDefaults()
	return &Handler{cfg: cfg, an: an, store: st, log: log}
}

// Summary is the response to an S3 or EventBridge event: the keys written and
// skipped. Lambda discards it for asynchronous invocations; it helps people
// invoking by hand.
type Summary struct {
	Reports      []string `json:"reports"`
	ErrorReports []string `json:"error_reports"`
	Skipped      []string `json:"skipped"`
}

// errorReport is what <key>.slant.error.json holds: which object, and why it
// has no report. It has no timestamp, so a duplicate delivery writes the same
// bytes.
type errorReport struct {
	Schema string `json:"schema"`
	Source struct {
		Name      string `json:"name"`
		Bytes     *int64 `json:"bytes,omitempty"` // when known
		Bucket    string `json:"bucket"`
		Key       string `json:"key"`
		VersionID string `json:"version_id,omitempty"`
		ETag      string `json:"etag,omitempty"`
	} `json:"source"`
	Error struct {
		Code   string `json:"code"`
		Reason string `json:"reason"`
	} `json:"error"`
}

// errorSchema names the error report format.
const errorSchema = "slant.error/v1"

// Codes of error reports: the permanent problems.
const (
	codeUndecodableKey = "undecodable_key"
	codeNotText        = "not_text"
	codeTooLarge       = "too_large"
	codeGone           = "object_gone"
	codeArchived       = "archived"
	codeKeyRefused     = "report_key_refused"
)

// outcome is what became of one object.
type outcome int

const (
	outReport      outcome = iota // the report was written
	outErrorReport                // a permanent problem; the error report was written
	outSkipped                    // not analyzed on purpose (loop guard)
	outRetry                      // a transient problem; the caller must retry
)

// result is the outcome of one object, with what the caller needs to answer.
type result struct {
	outcome outcome
	keys    []string // the report keys written
	reason  string   // the permanent problem or why it was skipped
	err     error    // the transient error (outRetry)
	size    *int64   // the object's size, when an error report knows it
}

// Handle is the Lambda entry point for every event shape.
func (h *Handler) Handle(ctx context.Context, ev Event) (any, error) {
	ev, err := h.unwrapFailed(ctx, ev)
	if err != nil {
		return nil, err
	}
	switch {
	case len(ev.Records) > 0 && isSQS(ev.Records[0]):
		return h.handleSQS(ctx, ev.Records), nil
	case ev.InvocationSchemaVersion != "":
		return h.handleBatch(ctx, ev), nil
	default:
		return h.handleNotification(ctx, ev)
	}
}

// unwrapFailed returns the original event of a failed-events queue record,
// and any other event as it is.
func (h *Handler) unwrapFailed(ctx context.Context, ev Event) (Event, error) {
	if ev.RequestPayload == nil {
		return ev, nil
	}
	var orig Event
	if err := json.Unmarshal(ev.RequestPayload, &orig); err != nil {
		return Event{}, fmt.Errorf("failed-event record: requestPayload is not an event: %w", err)
	}
	if orig.RequestPayload != nil {
		return Event{}, errors.New("failed-event record: requestPayload is itself a failed-event record")
	}
	h.log.InfoContext(ctx, "replaying a failed event", "failed_at", ev.Timestamp)
	return orig, nil
}

// isSQS tells whether a record came from SQS.
func isSQS(raw json.RawMessage) bool {
	var head recordHead
	return json.Unmarshal(raw, &head) == nil && head.EventSource == "aws:sqs"
}

// handleNotification handles an S3 notification (AWS or MinIO), an
// EventBridge event or a test event. Every object is tried; if any had a
// transient problem, the returned error makes Lambda retry the event (reports
// already written are rewritten with the same bytes).
func (h *Handler) handleNotification(ctx context.Context, ev Event) (*Summary, error) {
	sum := &Summary{Reports: []string{}, ErrorReports: []string{}, Skipped: []string{}}
	var errs []error
	add := func(t target, r result) {
		switch r.outcome {
		case outReport:
			sum.Reports = append(sum.Reports, r.keys...)
		case outErrorReport:
			sum.ErrorReports = append(sum.ErrorReports, r.keys...)
		case outSkipped:
			sum.Skipped = append(sum.Skipped, t.RawKey)
		case outRetry:
			errs = append(errs, r.err)
		}
	}
	switch {
	case ev.TestEvent == "s3:TestEvent":
		h.log.InfoContext(ctx, "skipped s3:TestEvent", "bucket", ev.Bucket)
		return sum, nil
	case len(ev.Records) > 0:
		for i, raw := range ev.Records {
			var head recordHead
			if err := json.Unmarshal(raw, &head); err != nil || (head.EventSource != "aws:s3" && head.EventSource != "minio:s3") {
				errs = append(errs, fmt.Errorf("record %d: not an S3 record (eventSource %q)", i, head.EventSource))
				continue
			}
			if !isObjectCreated(head.EventName) {
				sum.Skipped = append(sum.Skipped, fmt.Sprintf("record %d: event %s", i, head.EventName))
				continue
			}
			t, err := s3Target(raw)
			if err != nil {
				errs = append(errs, fmt.Errorf("record %d: %w", i, err))
				continue
			}
			add(t, h.process(ctx, t))
		}
	case ev.Detail != nil:
		if ev.Source != "aws.s3" || ev.DetailType != "Object Created" {
			sum.Skipped = append(sum.Skipped, fmt.Sprintf("EventBridge %s %q", ev.Source, ev.DetailType))
			h.log.InfoContext(ctx, "skipped EventBridge event", "source", ev.Source, "detail_type", ev.DetailType)
			return sum, nil
		}
		t, err := eventBridgeTarget(ev.Detail)
		if err != nil {
			return sum, err
		}
		add(t, h.process(ctx, t))
	default:
		return nil, errors.New("unrecognized event: no Records, detail or tasks")
	}
	if len(errs) > 0 {
		return sum, errors.Join(errs...)
	}
	return sum, nil
}

// handleSQS handles a batch of SQS messages whose bodies are S3 events (or
// EventBridge events, or s3:TestEvent, which is skipped). It returns the
// messages to retry: any with a transient problem or a body that is not an
// event (SQS dead-letters those after the queue's maxReceiveCount).
func (h *Handler) handleSQS(ctx context.Context, records []json.RawMessage) events.SQSEventResponse {
	resp := events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{}}
	for i, raw := range records {
		var msg events.SQSMessage
		if err := json.Unmarshal(raw, &msg); err != nil || msg.MessageId == "" {
			// Without a message id there is nothing to name; SQS retries the
			// whole batch when a failure names an unknown id.
			h.log.ErrorContext(ctx, "malformed SQS record", "record", i, "error", fmt.Sprint(err))
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: fmt.Sprintf("record-%d", i)})
			continue
		}
		var body Event
		err := json.Unmarshal([]byte(msg.Body), &body)
		if err == nil {
			body, err = h.unwrapFailed(ctx, body)
		}
		if err != nil || (len(body.Records) > 0 && isSQS(body.Records[0])) || body.InvocationSchemaVersion != "" {
			h.log.ErrorContext(ctx, "SQS message body is not an S3 event", "message_id", msg.MessageId, "error", fmt.Sprint(err))
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
			continue
		}
		if _, err := h.handleNotification(ctx, body); err != nil {
			h.log.ErrorContext(ctx, "SQS message will be retried", "message_id", msg.MessageId, "error", err.Error())
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
		}
	}
	return resp
}

// Result codes of Batch Operations tasks.
const (
	batchSucceeded        = "Succeeded"
	batchTemporaryFailure = "TemporaryFailure"
	batchPermanentFailure = "PermanentFailure"
)

// handleBatch handles an S3 Batch Operations job: each task gets Succeeded (a
// report written, or skipped by the loop guard), PermanentFailure (an error
// report written, or a task naming no bucket) or TemporaryFailure (Batch
// Operations retries it).
func (h *Handler) handleBatch(ctx context.Context, ev Event) events.S3BatchJobResponse {
	resp := events.S3BatchJobResponse{
		InvocationSchemaVersion: ev.InvocationSchemaVersion,
		TreatMissingKeysAs:      batchPermanentFailure,
		InvocationID:            ev.InvocationID,
		Results:                 []events.S3BatchJobResult{},
	}
	for _, task := range ev.Tasks {
		res := events.S3BatchJobResult{TaskID: task.TaskID}
		t, err := batchTarget(task)
		if err != nil {
			res.ResultCode, res.ResultString = batchPermanentFailure, err.Error()
			resp.Results = append(resp.Results, res)
			continue
		}
		r := h.process(ctx, t)
		switch r.outcome {
		case outReport:
			res.ResultCode, res.ResultString = batchSucceeded, "report s3://"+h.cfg.ReportBucket+"/"+r.keys[0]
		case outSkipped:
			res.ResultCode, res.ResultString = batchSucceeded, "skipped: "+r.reason
		case outErrorReport:
			res.ResultCode, res.ResultString = batchPermanentFailure, r.reason+" (error report s3://"+h.cfg.ReportBucket+"/"+r.keys[0]+")"
		case outRetry:
			res.ResultCode, res.ResultString = batchTemporaryFailure, r.err.Error()
		}
		resp.Results = append(resp.Results, res)
	}
	return resp
}

// process analyzes one object and writes its report or error report, and logs
// one line about it. It never logs the text.
func (h *Handler) process(ctx context.Context, t target) result {
	start := time.Now()
	attrs := []any{"bucket", t.Bucket, "key", t.Key}
	if t.KeyErr != nil {
		attrs[3] = t.RawKey
	}
	r, rep := h.analyze(ctx, t)
	switch {
	case rep != nil:
		attrs = append(attrs, "bytes", rep.Source.Bytes, "findings", len(rep.Findings), "label", rep.Label)
	case r.size != nil:
		attrs = append(attrs, "bytes", *r.size)
	}
	attrs = append(attrs, "duration_ms", float64(time.Since(start).Microseconds())/1000)
	switch r.outcome {
	case outReport:
		h.log.InfoContext(ctx, "report written", append(attrs, "report", r.keys[0])...)
	case outErrorReport:
		h.log.WarnContext(ctx, "error report written", append(attrs, "report", r.keys[0], "reason", r.reason)...)
	case outSkipped:
		h.log.InfoContext(ctx, "skipped", append(attrs, "reason", r.reason)...)
	case outRetry:
		h.log.ErrorContext(ctx, "transient failure, will retry", append(attrs, "error", r.err.Error())...)
	}
	return r
}

// analyze does the work of process.
func (h *Handler) analyze(ctx context.Context, t target) (result, *analyzer.Report) {
	// The loop guard comes first: nothing under the reports prefix gets a
	// report, not even an error report for a key that does not decode.
	key := t.Key
	if t.KeyErr != nil {
		key = looseDecodeKey(t.RawKey)
	}
	if t.Bucket == h.cfg.ReportBucket && strings.HasPrefix(key, h.cfg.ReportPrefix) {
		return result{outcome: outSkipped, reason: fmt.Sprintf("under the reports prefix s3://%s/%s (loop guard)", h.cfg.ReportBucket, h.cfg.ReportPrefix)}, nil
	}
	if t.KeyErr != nil {
		return h.fail(ctx, t, codeUndecodableKey, t.KeyErr.Error(), -1), nil
	}
	if r, ok := h.archiveObject(ctx, t); ok {
		return r, nil
	}
	if t.Size > h.cfg.MaxObjectBytes {
		return h.fail(ctx, t, codeTooLarge, fmt.Sprintf("%v: %d bytes, limit %d (MAX_OBJECT_BYTES)", errTooLarge, t.Size, h.cfg.MaxObjectBytes), t.Size), nil
	}
	obj, err := h.store.Get(ctx, t.Bucket, t.Key, t.VersionID, h.cfg.MaxObjectBytes)
	if obj != nil {
		if obj.ETag != "" {
			t.ETag = obj.ETag
		}
		if obj.VersionID != "" {
			t.VersionID = obj.VersionID
		}
	}
	switch {
	case errors.Is(err, errTooLarge):
		size := int64(-1)
		if obj != nil {
			size = obj.Size
		}
		return h.fail(ctx, t, codeTooLarge, err.Error(), size), nil
	case errors.Is(err, errGone):
		return h.fail(ctx, t, codeGone, err.Error(), -1), nil
	case errors.Is(err, errArchived):
		return h.fail(ctx, t, codeArchived, err.Error(), -1), nil
	case err != nil:
		return result{outcome: outRetry, err: err}, nil
	}
	rep, text, r, done := h.analyzeObject(ctx, t, obj)
	if done {
		return r, nil
	}
	rep.Source.Bucket, rep.Source.Key, rep.Source.VersionID, rep.Source.ETag = t.Bucket, t.Key, t.VersionID, t.ETag
	var keys []string
	for _, name := range h.cfg.Formats {
		f := reportFormats[name]
		body, err := f.encode(rep, text)
		if err != nil {
			// An encoder failing on a report is a bug, not the input's fault;
			// retrying lets a fixed deployment pick the event up.
			return result{outcome: outRetry, err: fmt.Errorf("encode %s report of s3://%s/%s: %w", name, t.Bucket, t.Key, err)}, rep
		}
		key := reportKey(h.cfg.ReportPrefix, t.Key, f.suffix)
		if err := h.store.Put(ctx, h.cfg.ReportBucket, key, f.contentType, body); errors.Is(err, errKeyRefused) {
			// S3 will never take this key: say so in an error report (at
			// the fallback key) rather than retry until a dead letter.
			return h.fail(ctx, t, codeKeyRefused, err.Error(), int64(len(obj.Data))), rep
		} else if err != nil {
			return result{outcome: outRetry, err: err}, rep
		}
		keys = append(keys, key)
	}
	if h.cfg.TablesPrefix != "" {
		tk, err := h.writeTables(ctx, rep)
		if err != nil {
			return result{outcome: outRetry, err: err}, rep
		}
		keys = append(keys, tk...)
	}
	return result{outcome: outReport, keys: keys}, rep
}

// fail writes the error report for a permanent problem.
func (h *Handler) fail(ctx context.Context, t target, code, reason string, size int64) result {
	key := t.Key
	if t.KeyErr != nil {
		key = t.RawKey
	}
	var er errorReport
	er.Schema = errorSchema
	er.Source.Name, er.Source.Bucket, er.Source.Key, er.Source.VersionID, er.Source.ETag = key, t.Bucket, key, t.VersionID, t.ETag
	if size >= 0 {
		er.Source.Bytes = &size
	}
	er.Error.Code, er.Error.Reason = code, reason
	body, err := json.MarshalIndent(er, "", "  ")
	if err != nil {
		return result{outcome: outRetry, err: fmt.Errorf("encode error report: %w", err)}
	}
	body = append(body, '\n')
	rk := reportKey(h.cfg.ReportPrefix, key, errorSuffix)
	err = h.store.Put(ctx, h.cfg.ReportBucket, rk, "application/json", body)
	if errors.Is(err, errKeyRefused) {
		rk = refusedKey(h.cfg.ReportPrefix, key, errorSuffix)
		err = h.store.Put(ctx, h.cfg.ReportBucket, rk, "application/json", body)
	}
	if err != nil {
		return result{outcome: outRetry, err: err}
	}
	return result{outcome: outErrorReport, keys: []string{rk}, reason: code + ": " + reason, size: er.Source.Bytes}
}

// reportKey is <prefix><key><suffix>, or, when that is longer than S3 allows,
// <prefix>_long-keys/<sha256 of key><suffix> (the report's source.key keeps
// the full key).
func reportKey(prefix, key, suffix string) string {
	k := prefix + key + suffix
	if len(k) <= maxKeyBytes {
		return k
	}
	sum := sha256.Sum256([]byte(key))
	return prefix + "_long-keys/" + hex.EncodeToString(sum[:]) + suffix
}

// refusedKey is where the error report goes when S3 refuses the report's own
// key (errKeyRefused, e.g. a path segment MinIO finds too long):
// <prefix>_refused-keys/<sha256 of key><suffix>. The error report's
// source.key keeps the full key.
func refusedKey(prefix, key, suffix string) string {
	sum := sha256.Sum256([]byte(key))
	return prefix + "_refused-keys/" + hex.EncodeToString(sum[:]) + suffix
}
