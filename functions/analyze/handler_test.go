package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// One malformed escape must not fail the other records of a batch.
func TestMalformedKeyDoesNotFailBatch(t *testing.T) {
	e := newEnv(t)
	e.s3.put(t, inputBucket, "a b.txt", []byte(article))
	out, err := e.invoke(t, s3Event(inputBucket, 10, "a+b.txt", "bad%zz.txt", "100%.txt"))
	if err != nil {
		t.Fatalf("Invoke error: %v (one bad key must not fail the event)", err)
	}
	want := `{"reports":["reports/a b.txt.slant.json"],"error_reports":["reports/bad%zz.txt.slant.error.json","reports/100%.txt.slant.error.json"],"skipped":[]}`
	if string(out) != want {
		t.Errorf("Invoke = %s, want %s", out, want)
	}
	for _, k := range []string{"bad%zz.txt", "100%.txt"} {
		er := errorReportOf(t, e.s3.get(t, reportBucket, "reports/"+k+".slant.error.json"))
		if er.Schema != errorSchema || er.Error.Code != codeUndecodableKey || !strings.Contains(er.Error.Reason, "invalid URL escape") || er.Source.Key != k || er.Source.Bucket != inputBucket {
			t.Errorf("error report for %q = %+v", k, er)
		}
	}

	// The same inside SQS: the bad key gets its error report, the message
	// succeeds; a body that is not an event fails alone.
	out, err = e.invoke(t, sqsEvent(string(s3Event(inputBucket, 10, "a+b.txt")), string(s3Event(inputBucket, 10, "bad%zz.txt")), "not json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"batchItemFailures":[{"itemIdentifier":"m2"}]}`; string(out) != want {
		t.Errorf("Invoke(SQS) = %s, want %s", out, want)
	}
}

func TestLoopGuard(t *testing.T) {
	e := newEnv(t)
	e.s3.put(t, inputBucket, "story.txt", []byte(article))
	if _, err := e.invoke(t, s3Event(inputBucket, 10, "story.txt")); err != nil {
		t.Fatal(err)
	}
	// The report just written triggers an event (a misconfigured notification
	// on the reports bucket): it must produce no report of a report.
	out, err := e.invoke(t, s3Event(reportBucket, 10, "reports/story.txt.slant.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"reports":[],"error_reports":[],"skipped":["reports/story.txt.slant.json"]}`; string(out) != want {
		t.Errorf("Invoke(report event) = %s, want %s", out, want)
	}
	if got, want := e.s3.keys(t, reportBucket), []string{"reports/story.txt.slant.json"}; !slices.Equal(got, want) {
		t.Errorf("reports bucket = %q, want %q", got, want)
	}
	// Batch Operations over the reports: Succeeded, skipped.
	out, err = e.invoke(t, []byte(`{"invocationSchemaVersion":"2.0","invocationId":"i","job":{"id":"j"},"tasks":[{"taskId":"t","s3Key":"reports/story.txt.slant.json","s3VersionId":null,"s3Bucket":"`+reportBucket+`"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var resp events.S3BatchJobResponse
	json.Unmarshal(out, &resp)
	if len(resp.Results) != 1 || resp.Results[0].ResultCode != "Succeeded" || !strings.Contains(resp.Results[0].ResultString, "loop guard") {
		t.Errorf("Invoke(batch over reports) = %s, want Succeeded, skipped by the loop guard", out)
	}
	if got := e.s3.keys(t, reportBucket); len(got) != 1 {
		t.Errorf("reports bucket = %q, want the one report", got)
	}
	// A key under the reports prefix that does not decode is skipped too, not
	// given an error report (which would itself be under the prefix). MinIO
	// escapes '/' as %2F.
	for _, raw := range []string{"reports/bad%zz.txt.slant.json", "reports%2Fbad%zz.txt", "reports%2f100%.txt", "reports/x%ff.txt"} {
		out, err := e.invoke(t, s3Event(reportBucket, 10, raw))
		if err != nil {
			t.Fatal(err)
		}
		if want := `{"reports":[],"error_reports":[],"skipped":["` + raw + `"]}`; string(out) != want {
			t.Errorf("Invoke(undecodable report key %q) = %s, want %s", raw, out, want)
		}
	}
	if got := e.s3.keys(t, reportBucket); len(got) != 1 {
		t.Errorf("reports bucket = %q, want the one report", got)
	}
	// The same undecodable key outside the reports prefix still gets its error report.
	out, err = e.invoke(t, s3Event(reportBucket, 10, "other%2Fbad%zz.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"reports":[],"error_reports":["reports/other%2Fbad%zz.txt.slant.error.json"],"skipped":[]}`; string(out) != want {
		t.Errorf("Invoke(undecodable key outside the prefix) = %s, want %s", out, want)
	}
}

func TestLooseDecodeKey(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"reports%2Fbad%zz.txt", "reports/bad%zz.txt"},
		{"a+b%20c%", "a b c%"},
		{"100%.txt", "100%.txt"},
		{"x%ff%4", "x\xff%4"},
	}
	for _, tt := range tests {
		if got := looseDecodeKey(tt.raw); got != tt.want {
			t.Errorf("looseDecodeKey(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

// Permanent problems write an error report and succeed; the bytes are the
// same on every delivery.
func TestPermanentErrors(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxObjectBytes = 100 })
	e.s3.put(t, inputBucket, "binary.bin", []byte("PK\x03\x04\x00\x00binary"))
	e.s3.put(t, inputBucket, "big.txt", bytes.Repeat([]byte("word "), 21)) // 105 bytes
	tests := []struct {
		name, key string
		size      int64
		code      string
		reason    string
		bytes     int64 // -1: not known
	}{
		{"binary", "binary.bin", 12, codeNotText, "binary data (NUL byte), not text at byte 4", 12},
		{"too large by event size", "big.txt", 105, codeTooLarge, "object too large: 105 bytes, limit 100 (MAX_OBJECT_BYTES)", 105},
		{"too large, event size wrong", "big.txt", 1, codeTooLarge, "object too large: 105 bytes, limit 100 (MAX_OBJECT_BYTES)", 105},
		{"gone", "deleted.txt", 10, codeGone, "object gone: s3://slant-input/deleted.txt: NoSuchKey", -1},
		{"undecodable key", "x%g1.txt", 10, codeUndecodableKey, `undecodable key "x%g1.txt"`, -1},
		{"key not UTF-8", "x%ff.txt", 10, codeUndecodableKey, "not UTF-8 once decoded", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var first []byte
			for i := range 2 {
				out, err := e.invoke(t, s3Event(inputBucket, tt.size, tt.key))
				if err != nil {
					t.Fatalf("Invoke error %v, want success (permanent problems are not retried)", err)
				}
				var sum Summary
				json.Unmarshal(out, &sum)
				if len(sum.ErrorReports) != 1 || len(sum.Reports) != 0 {
					t.Fatalf("Invoke = %s, want one error report", out)
				}
				data := e.s3.get(t, reportBucket, sum.ErrorReports[0])
				er := errorReportOf(t, data)
				if er.Error.Code != tt.code || !strings.Contains(er.Error.Reason, tt.reason) {
					t.Errorf("error = %+v, want code %s, reason containing %q", er.Error, tt.code, tt.reason)
				}
				if (tt.bytes < 0) != (er.Source.Bytes == nil) || (er.Source.Bytes != nil && *er.Source.Bytes != tt.bytes) {
					t.Errorf("source.bytes = %v, want %d", er.Source.Bytes, tt.bytes)
				}
				if i == 0 {
					first = data
				} else if !bytes.Equal(first, data) {
					t.Errorf("second delivery wrote different bytes:\n%s\nvs\n%s", first, data)
				}
			}
			if slices.ContainsFunc(e.s3.keys(t, reportBucket), func(k string) bool { return strings.HasSuffix(k, tt.key+".slant.json") }) {
				t.Errorf("a report was written for %s", tt.key)
			}
		})
	}
}

// countingStore records the calls to Get.
type countingStore struct {
	store
	gets int
}

func (c *countingStore) Get(ctx context.Context, bucket, key, versionID string, maxBytes int64) (*object, error) {
	c.gets++
	return c.store.Get(ctx, bucket, key, versionID, maxBytes)
}

// An event that says the object is too large is not read at all.
func TestSizeGuardBeforeRead(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxObjectBytes = 100 })
	cs := &countingStore{store: e.h.store}
	e.h.store = cs
	e.s3.put(t, inputBucket, "big.txt", bytes.Repeat([]byte("word "), 21))
	if _, err := e.invoke(t, s3Event(inputBucket, 105, "big.txt")); err != nil {
		t.Fatal(err)
	}
	if cs.gets != 0 {
		t.Errorf("Get called %d times for an object the event says is too large, want 0", cs.gets)
	}
	// At the limit exactly: read and analyzed.
	e.s3.put(t, inputBucket, "edge.txt", bytes.Repeat([]byte("word "), 20))
	out, err := e.invoke(t, s3Event(inputBucket, 100, "edge.txt"))
	if err != nil || !strings.Contains(string(out), `"reports":["reports/edge.txt.slant.json"]`) {
		t.Errorf("Invoke(object of exactly MAX_OBJECT_BYTES) = %s, %v, want a report", out, err)
	}
}

// Transient problems return an error (S3 and EventBridge events), fail only
// their SQS message, or are TemporaryFailure (Batch Operations); the other
// objects still get their reports.
func TestTransientErrors(t *testing.T) {
	faults := []struct {
		name   string
		status int
		code   string
	}{
		{"5xx", 500, "InternalError"},
		{"throttling", 503, "SlowDown"},
		{"access denied", 403, "AccessDenied"},
	}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			e := newEnv(t)
			e.s3.put(t, inputBucket, "good.txt", []byte(article))
			e.s3.put(t, inputBucket, "flaky.txt", []byte(article))
			e.s3.setFault(func(r *http.Request) (int, string, bool) {
				return f.status, f.code, r.Method == http.MethodGet && strings.Contains(r.URL.Path, "flaky")
			})
			_, err := e.invoke(t, s3Event(inputBucket, 10, "good.txt", "flaky.txt"))
			if err == nil || !strings.Contains(err.Error(), "flaky.txt") {
				t.Errorf("Invoke(S3) error = %v, want an error naming flaky.txt", err)
			}
			if e.s3.get(t, reportBucket, "reports/good.txt.slant.json") == nil {
				t.Error("good.txt has no report")
			}
			if got := e.s3.keys(t, reportBucket); len(got) != 1 {
				t.Errorf("reports = %q, want only good.txt's (no error report for a transient failure)", got)
			}

			out, err := e.invoke(t, sqsEvent(string(s3Event(inputBucket, 10, "good.txt")), string(s3Event(inputBucket, 10, "flaky.txt"))))
			if err != nil || string(out) != `{"batchItemFailures":[{"itemIdentifier":"m1"}]}` {
				t.Errorf("Invoke(SQS) = %s, %v, want only m1 to fail", out, err)
			}

			out, err = e.invoke(t, []byte(`{"invocationSchemaVersion":"1.0","invocationId":"i","job":{"id":"j"},"tasks":[
				{"taskId":"t1","s3Key":"good.txt","s3VersionId":null,"s3BucketArn":"arn:aws:s3:::slant-input"},
				{"taskId":"t2","s3Key":"flaky.txt","s3VersionId":null,"s3BucketArn":"arn:aws:s3:::slant-input"}]}`))
			var resp events.S3BatchJobResponse
			if err == nil {
				err = json.Unmarshal(out, &resp)
			}
			if err != nil || len(resp.Results) != 2 || resp.Results[0].ResultCode != "Succeeded" || resp.Results[1].ResultCode != "TemporaryFailure" {
				t.Errorf("Invoke(batch) = %s, %v, want t1 Succeeded, t2 TemporaryFailure", out, err)
			}
		})
	}
}

// A report that cannot be written is transient too: nothing is lost.
func TestReportWriteFailureIsRetried(t *testing.T) {
	e := newEnv(t)
	e.s3.put(t, inputBucket, "story.txt", []byte(article))
	e.s3.put(t, inputBucket, "binary.bin", []byte{0})
	e.s3.setFault(func(r *http.Request) (int, string, bool) {
		return 503, "ServiceUnavailable", r.Method == http.MethodPut && strings.Contains(r.URL.Path, reportBucket)
	})
	for _, key := range []string{"story.txt", "binary.bin"} {
		if _, err := e.invoke(t, s3Event(inputBucket, 1, key)); err == nil {
			t.Errorf("Invoke(%s) with the reports bucket failing: no error, want one (retry)", key)
		}
	}
}

// A Lambda timeout while reading is transient.
func TestTimeoutIsRetried(t *testing.T) {
	e := newEnv(t)
	e.s3.put(t, inputBucket, "slow.txt", []byte(article))
	e.s3.setFault(func(r *http.Request) (int, string, bool) {
		if r.Method == http.MethodGet {
			time.Sleep(300 * time.Millisecond)
		}
		return 0, "", false
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	var ev Event
	if err := json.Unmarshal(s3Event(inputBucket, 1, "slow.txt"), &ev); err != nil {
		t.Fatal(err)
	}
	_, err := e.h.Handle(ctx, ev)
	if err == nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Handle with an expiring deadline: error %v, want context.DeadlineExceeded", err)
	}
	if got := e.s3.keys(t, reportBucket); len(got) != 0 {
		t.Errorf("reports = %q after a timeout, want none", got)
	}
}

// A duplicate delivery rewrites the same key with the same bytes.
func TestDuplicateDeliveryIsIdempotent(t *testing.T) {
	e := newEnv(t)
	e.s3.put(t, inputBucket, "story.txt", []byte(article))
	var reports [][]byte
	for range 2 {
		if _, err := e.invoke(t, s3Event(inputBucket, 1, "story.txt")); err != nil {
			t.Fatal(err)
		}
		reports = append(reports, e.s3.get(t, reportBucket, "reports/story.txt.slant.json"))
	}
	if !bytes.Equal(reports[0], reports[1]) {
		t.Errorf("two deliveries wrote different reports")
	}
	if got := e.s3.keys(t, reportBucket); !slices.Equal(got, []string{"reports/story.txt.slant.json"}) {
		t.Errorf("reports = %q", got)
	}
}

// One log line per object, JSON, with the fields the issue names, and never
// the document's text.
func TestLogging(t *testing.T) {
	e := newEnv(t)
	e.s3.put(t, inputBucket, "story.txt", []byte(article))
	e.s3.put(t, inputBucket, "binary.bin", []byte("\x00"+marker))
	if _, err := e.invoke(t, s3Event(inputBucket, 1, "story.txt", "binary.bin", "gone.txt")); err != nil {
		t.Fatal(err)
	}
	lines := e.logLines(t)
	if len(lines) != 3 {
		t.Fatalf("%d log lines for 3 objects, want 3:\n%s", len(lines), e.log)
	}
	first := lines[0]
	for _, k := range []string{"bucket", "key", "bytes", "findings", "label", "duration_ms", "report"} {
		if _, ok := first[k]; !ok {
			t.Errorf("log line %v has no %q", first, k)
		}
	}
	if first["key"] != "story.txt" || first["bytes"] != float64(len(article)) || first["findings"].(float64) < 1 {
		t.Errorf("log line = %v", first)
	}
	// An error report logs the size when it is known (not_text, too_large),
	// and no size when it is not (object_gone).
	if lines[1]["bytes"] != float64(1+len(marker)) {
		t.Errorf("not_text log line = %v, want bytes %d", lines[1], 1+len(marker))
	}
	if _, ok := lines[2]["bytes"]; ok {
		t.Errorf("object_gone log line = %v, want no bytes", lines[2])
	}
	big := newEnv(t, func(c *Config) { c.MaxObjectBytes = 10 })
	if _, err := big.invoke(t, s3Event(inputBucket, 105, "big.txt")); err != nil {
		t.Fatal(err)
	}
	if l := big.logLines(t); len(l) != 1 || l[0]["bytes"] != float64(105) || !strings.HasPrefix(l[0]["reason"].(string), codeTooLarge) {
		t.Errorf("too_large log lines = %v, want one with bytes 105", l)
	}
	if strings.Contains(e.log.String(), "flop show") {
		t.Errorf("the log holds document text:\n%s", e.log)
	}
}

func TestUnrecognizedEvent(t *testing.T) {
	e := newEnv(t)
	for _, payload := range []string{`{}`, `{"Records":[{"eventSource":"aws:kinesis"}]}`} {
		if _, err := e.invoke(t, []byte(payload)); err == nil {
			t.Errorf("Invoke(%s) = nil error, want one (so the event is retried or dead-lettered, not dropped)", payload)
		}
	}
	// Events that are not about a new object are skipped, not failed.
	out, err := e.invoke(t, []byte(`{"Records":[{"eventSource":"aws:s3","eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"slant-input"},"object":{"key":"x"}}}]}`))
	if err != nil || !strings.Contains(string(out), `"skipped":["record 0: event ObjectRemoved:Delete"]`) {
		t.Errorf("Invoke(ObjectRemoved) = %s, %v", out, err)
	}
	// A top-level s3:TestEvent is skipped.
	out, err = e.invoke(t, []byte(`{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-23T03:00:00.000Z","Bucket":"slant-input","RequestId":"r","HostId":"h"}`))
	if err != nil || string(out) != `{"reports":[],"error_reports":[],"skipped":[]}` {
		t.Errorf("Invoke(s3:TestEvent) = %s, %v", out, err)
	}
}

func TestReportKey(t *testing.T) {
	long := strings.Repeat("é", 510) // 1020 bytes
	tests := []struct{ name, prefix, key, suffix, want string }{
		{"plain", "reports/", "a/b c.txt", ".slant.json", "reports/a/b c.txt.slant.json"},
		{"empty prefix", "", "a.txt", ".slant.json", "a.txt.slant.json"},
		{"too long", "reports/", long, ".slant.json", "reports/_long-keys/"},
	}
	for _, tt := range tests {
		got := reportKey(tt.prefix, tt.key, tt.suffix)
		if tt.name == "too long" {
			if !strings.HasPrefix(got, tt.want) || !strings.HasSuffix(got, tt.suffix) || len(got) > maxKeyBytes || got != reportKey(tt.prefix, tt.key, tt.suffix) {
				t.Errorf("reportKey(long) = %q, want %s<sha256>%s within %d bytes", got, tt.want, tt.suffix, maxKeyBytes)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("reportKey(%q, %q, %q) = %q, want %q", tt.prefix, tt.key, tt.suffix, got, tt.want)
		}
	}
}

// BenchmarkInvokeS3Put is one S3 event through lambda.NewHandler: read the
// object from gofakes3 over HTTP, analyze, write the report.
func BenchmarkInvokeS3Put(b *testing.B) {
	e := newEnv(b)
	data := bytes.Repeat([]byte(article), 40) // about 4.5 KB, a short news article
	e.s3.put(b, inputBucket, "story.txt", data)
	ev := s3Event(inputBucket, int64(len(data)), "story.txt")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.invoke(b, ev); err != nil {
			b.Fatal(err)
		}
	}
}

// A message of the failed-events queue, given to the function as it is,
// replays the original event.
func TestReplayFailedEvent(t *testing.T) {
	e := newEnv(t)
	e.s3.put(t, inputBucket, "story.txt", []byte(article))
	record := `{"version":"1.0","timestamp":"2026-11-23T03:00:00.000Z","requestContext":{"requestId":"r","functionArn":"arn:aws:lambda:us-east-1:123456789012:function:analyze:$LATEST","condition":"RetriesExhausted","approximateInvokeCount":3},` +
		`"requestPayload":` + string(s3Event(inputBucket, 1, "story.txt")) + `,"responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},"responsePayload":{"errorMessage":"get s3://slant-input/story.txt: SlowDown","errorType":"joinError"}}`
	var ev Event
	strict(t, "failed-event record", []byte(record), &ev)
	out, err := e.invoke(t, []byte(record))
	if err != nil || string(out) != `{"reports":["reports/story.txt.slant.json"],"error_reports":[],"skipped":[]}` {
		t.Errorf("Invoke(failed-event record) = %s, %v, want the report", out, err)
	}
	if _, err := e.invoke(t, []byte(`{"requestPayload":{"requestPayload":{}}}`)); err == nil {
		t.Error("Invoke(nested failed-event record) = nil error, want one")
	}
	// The same record arriving through SQS (an event source on the queue).
	out, err = e.invoke(t, sqsEvent(record))
	if err != nil || string(out) != `{"batchItemFailures":[]}` {
		t.Errorf("Invoke(SQS of a failed-event record) = %s, %v", out, err)
	}
}

// A read that names a version: a missing key or version, or a version id S3
// refuses (400 InvalidArgument, what AWS and MinIO answer for an id they never
// issued), is permanent, with an error report naming key, version and reason;
// throttling, 5xx and other 400s stay transient, version or not.
func TestReadErrorsWithVersion(t *testing.T) {
	tests := []struct {
		name    string
		status  int    // injected answer to the GET; 0: gofakes3's own
		code    string // injected error code
		version string
		reason  string // the error report's reason; empty: transient
	}{
		{"missing version (gofakes3)", 0, "", "v1", "object gone: s3://slant-input/story.txt version v1: NoSuchVersion"},
		{"NoSuchVersion", 404, "NoSuchVersion", "v1", "object gone: s3://slant-input/story.txt version v1: NoSuchVersion"},
		{"NoSuchKey", 404, "NoSuchKey", "v1", "object gone: s3://slant-input/story.txt version v1: NoSuchKey"},
		{"invalid version id", 400, "InvalidArgument", "1", "object gone: s3://slant-input/story.txt version 1: InvalidArgument (S3 refuses the version id)"},
		{"404 without a code", 404, "", "v1", "object gone: s3://slant-input/story.txt version v1: HTTP 404"},
		{"InvalidArgument without a version", 400, "InvalidArgument", "", ""},
		{"another 400", 400, "InvalidRequest", "1", ""},
		{"throttling", 503, "SlowDown", "1", ""},
		{"5xx", 500, "InternalError", "1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.s3.put(t, inputBucket, "story.txt", []byte(article))
			if tt.status != 0 {
				e.s3.setFault(func(r *http.Request) (int, string, bool) {
					return tt.status, tt.code, r.Method == http.MethodGet && r.URL.Path == "/"+inputBucket+"/story.txt"
				})
			}
			ev := strings.Replace(string(s3Event(inputBucket, 10, "story.txt")), `"eTag":"abc"`, `"eTag":"abc","versionId":"`+tt.version+`"`, 1)
			out, err := e.invoke(t, []byte(ev))
			if tt.reason == "" {
				if err == nil || !strings.Contains(err.Error(), "story.txt") {
					t.Errorf("Invoke(GET answered %d %s) = %s, %v; want an error naming story.txt (retry)", tt.status, tt.code, out, err)
				}
				if got := e.s3.keys(t, reportBucket); len(got) != 0 {
					t.Errorf("reports = %q after a transient failure, want none", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Invoke(GET answered %d %s) error %v, want an error report (no retry)", tt.status, tt.code, err)
			}
			var sum Summary
			if err := json.Unmarshal(out, &sum); err != nil || len(sum.ErrorReports) != 1 || sum.ErrorReports[0] != "reports/story.txt.slant.error.json" {
				t.Fatalf("Invoke = %s, %v; want the error report reports/story.txt.slant.error.json", out, err)
			}
			er := errorReportOf(t, e.s3.get(t, reportBucket, sum.ErrorReports[0]))
			if er.Source.Key != "story.txt" || er.Source.VersionID != tt.version || er.Error.Code != codeGone || er.Error.Reason != tt.reason {
				t.Errorf("error report = %+v, want key story.txt, version %q, code %s, reason %q", er, tt.version, codeGone, tt.reason)
			}
		})
	}
}

// S3 refusing a report's key (MinIO answers 400 XMinioInvalidObjectName for a
// path segment over 255 bytes, AWS KeyTooLongError) is permanent: the object
// gets an error report at <prefix>_refused-keys/<sha256 of key>.slant.error.json
// at once, rather than retries that end in a dead letter.
func TestRefusedReportKey(t *testing.T) {
	for _, code := range []string{"XMinioInvalidObjectName", "KeyTooLongError"} {
		t.Run(code, func(t *testing.T) {
			e := newEnv(t)
			long := "feeds/" + strings.Repeat("x", 250) + ".txt" // the segment is fine; with .slant.json it is 266 bytes
			for _, key := range []string{long, "feeds/" + strings.Repeat("y", 250) + ".bin"} {
				data := []byte(article)
				if strings.HasSuffix(key, ".bin") {
					data = []byte{0, 1, 2}
				}
				e.s3.put(t, inputBucket, key, data)
			}
			e.s3.setFault(func(r *http.Request) (int, string, bool) {
				refused := r.Method == http.MethodPut && strings.Contains(r.URL.Path, reportBucket) && strings.Contains(r.URL.Path, strings.Repeat("x", 250)+".txt.slant") ||
					strings.Contains(r.URL.Path, strings.Repeat("y", 250)+".bin.slant")
				return 400, code, refused
			})
			for _, key := range []string{long, "feeds/" + strings.Repeat("y", 250) + ".bin"} {
				out, err := e.invoke(t, s3Event(inputBucket, 10, key))
				if err != nil {
					t.Fatalf("Invoke(%s...) error = %v, want an error report, no retry", key[:10], err)
				}
				sum := sha256.Sum256([]byte(key))
				want := "reports/_refused-keys/" + hex.EncodeToString(sum[:]) + ".slant.error.json"
				var s Summary
				if err := json.Unmarshal(out, &s); err != nil || len(s.ErrorReports) != 1 || s.ErrorReports[0] != want {
					t.Errorf("Invoke = %s, %v; want one error report at %s", out, err, want)
				}
				body := e.s3.get(t, reportBucket, want)
				if body == nil {
					t.Fatalf("no error report at %s", want)
				}
				er := errorReportOf(t, body)
				wantCode := codeKeyRefused
				if strings.HasSuffix(key, ".bin") {
					wantCode = codeNotText // its own error report's key is refused too
				}
				if er.Source.Key != key || er.Error.Code != wantCode {
					t.Errorf("error report source.key %q code %q, want the full key and %s", er.Source.Key, er.Error.Code, wantCode)
				}
			}
		})
	}
}
