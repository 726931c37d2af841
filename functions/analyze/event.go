package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// Event is every payload the function accepts, as one type whose fields mirror
// the wire JSON of each shape:
//
//   - S3 event notifications (AWS, and MinIO's webhook form, which adds the
//     top-level EventName and Key) and SQS batches: Records;
//   - EventBridge "Object Created" events: version … detail;
//   - S3 Batch Operations jobs (schema 1.0 and 2.0): invocationSchemaVersion,
//     invocationId, job, tasks;
//   - the s3:TestEvent S3 sends when a notification is configured;
//   - a record of the failed-events queue (Lambda's on-failure destination),
//     which replays the original event: the way to redrive it.
//
// Records stay raw and are decoded one by one, so that one record that does
// not decode (a key with a malformed escape makes aws-lambda-go's S3Object
// fail) cannot fail the others.
type Event struct {
	Records []json.RawMessage `json:"Records,omitempty"`

	// MinIO webhook extras.
	EventName string `json:"EventName,omitempty"`
	Key       string `json:"Key,omitempty"`

	// EventBridge.
	Version    string          `json:"version,omitempty"`
	ID         string          `json:"id,omitempty"`
	DetailType string          `json:"detail-type,omitempty"`
	Source     string          `json:"source,omitempty"`
	Account    string          `json:"account,omitempty"`
	Time       string          `json:"time,omitempty"` // also takes the test event's "Time" (JSON keys match without case)
	Region     string          `json:"region,omitempty"`
	Resources  []string        `json:"resources,omitempty"`
	Detail     json.RawMessage `json:"detail,omitempty"`

	// S3 Batch Operations.
	InvocationSchemaVersion string      `json:"invocationSchemaVersion,omitempty"`
	InvocationID            string      `json:"invocationId,omitempty"`
	Job                     *batchJob   `json:"job,omitempty"`
	Tasks                   []batchTask `json:"tasks,omitempty"`

	// A Lambda on-failure destination record (a message of the failed-events
	// queue): the original event is requestPayload. version and timestamp are
	// shared with the shapes above.
	Timestamp       string          `json:"timestamp,omitempty"`
	RequestContext  json.RawMessage `json:"requestContext,omitempty"`
	RequestPayload  json.RawMessage `json:"requestPayload,omitempty"`
	ResponseContext json.RawMessage `json:"responseContext,omitempty"`
	ResponsePayload json.RawMessage `json:"responsePayload,omitempty"`

	// s3:TestEvent.
	Service   string `json:"Service,omitempty"`
	TestEvent string `json:"Event,omitempty"`
	Bucket    string `json:"Bucket,omitempty"`
	RequestID string `json:"RequestId,omitempty"`
	HostID    string `json:"HostId,omitempty"`
}

// batchJob is the job of a Batch Operations event; UserArguments is 2.0 only.
type batchJob struct {
	ID            string            `json:"id"`
	UserArguments map[string]string `json:"userArguments,omitempty"`
}

// batchTask is one task of schema 1.0 (S3BucketARN) or 2.0 (S3Bucket).
type batchTask struct {
	TaskID      string `json:"taskId"`
	S3Key       string `json:"s3Key"`
	S3VersionID string `json:"s3VersionId"`
	S3BucketARN string `json:"s3BucketArn,omitempty"`
	S3Bucket    string `json:"s3Bucket,omitempty"`
}

// eventBridgeDetail is the detail of an EventBridge "Object Created" event.
type eventBridgeDetail struct {
	Version string `json:"version"`
	Bucket  struct {
		Name string `json:"name"`
	} `json:"bucket"`
	Object struct {
		Key       string `json:"key"`
		Size      *int64 `json:"size,omitempty"`
		ETag      string `json:"etag"`
		VersionID string `json:"version-id,omitempty"`
		Sequencer string `json:"sequencer"`
	} `json:"object"`
	RequestID       string `json:"request-id"`
	Requester       string `json:"requester"`
	SourceIPAddress string `json:"source-ip-address"`
	Reason          string `json:"reason"`
}

// target is one object an event asks the function to analyze.
type target struct {
	Bucket    string
	RawKey    string // the key as the event carries it (URL-encoded)
	Key       string // the decoded key; empty when KeyErr is set
	KeyErr    error
	VersionID string
	ETag      string
	Size      int64 // -1 when the event does not say
}

// decodeKey URL-decodes a key as S3 writes it into events (a form value:
// space as '+'). Batch Operations and EventBridge encode the same way.
func decodeKey(raw string) (string, error) {
	k, err := url.QueryUnescape(raw)
	if err != nil {
		return "", fmt.Errorf("undecodable key %q: %w", raw, err)
	}
	if !utf8.ValidString(k) {
		return "", fmt.Errorf("undecodable key %q: not UTF-8 once decoded", raw)
	}
	if k == "" {
		return "", errors.New("undecodable key: empty")
	}
	return k, nil
}

// looseDecodeKey decodes what it can of a key that decodeKey rejects: '+' is
// a space and every well-formed %XX its byte; a malformed escape stays as it
// is. It serves the loop guard only (a MinIO key escapes '/' as %2F, so the
// raw key would not show the reports prefix).
func looseDecodeKey(raw string) string {
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case c == '+':
			b.WriteByte(' ')
		case c == '%' && i+2 < len(raw) && isHex(raw[i+1]) && isHex(raw[i+2]):
			n, _ := strconv.ParseUint(raw[i+1:i+3], 16, 8)
			b.WriteByte(byte(n))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func newTarget(bucket, rawKey, versionID, etag string, size int64) target {
	t := target{Bucket: bucket, RawKey: rawKey, VersionID: versionID, ETag: etag, Size: size}
	t.Key, t.KeyErr = decodeKey(rawKey)
	return t
}

// recordHead is what is read first from every record: where it comes from.
type recordHead struct {
	EventSource string `json:"eventSource"`
	EventName   string `json:"eventName"`
}

// rawS3Record is the part of an S3 record needed when aws-lambda-go cannot
// decode it (a malformed key escape): enough to write an error report.
type rawS3Record struct {
	S3 struct {
		Bucket struct {
			Name string `json:"name"`
		} `json:"bucket"`
		Object struct {
			Key       string `json:"key"`
			Size      int64  `json:"size"`
			VersionID string `json:"versionId"`
			ETag      string `json:"eTag"`
		} `json:"object"`
	} `json:"s3"`
}

// s3Target decodes one S3 notification record (AWS or MinIO).
func s3Target(raw json.RawMessage) (target, error) {
	var rec events.S3EventRecord
	if err := json.Unmarshal(raw, &rec); err == nil {
		o := rec.S3.Object
		t := target{Bucket: rec.S3.Bucket.Name, RawKey: o.Key, Key: o.URLDecodedKey, VersionID: o.VersionID, ETag: o.ETag, Size: o.Size}
		if !utf8.ValidString(t.Key) || t.Key == "" {
			t.Key, t.KeyErr = decodeKey(o.Key)
		}
		return t, nil
	}
	var r rawS3Record
	if err := json.Unmarshal(raw, &r); err != nil {
		return target{}, fmt.Errorf("malformed S3 record: %w", err)
	}
	o := r.S3.Object
	return newTarget(r.S3.Bucket.Name, o.Key, o.VersionID, o.ETag, o.Size), nil
}

// isObjectCreated tells whether an S3 event name ("ObjectCreated:Put" from AWS,
// "s3:ObjectCreated:Put" from MinIO) is a new object.
func isObjectCreated(name string) bool {
	return strings.HasPrefix(strings.TrimPrefix(name, "s3:"), "ObjectCreated:")
}

// eventBridgeTarget reads the object of an EventBridge "Object Created" event.
func eventBridgeTarget(detail json.RawMessage) (target, error) {
	var d eventBridgeDetail
	if err := json.Unmarshal(detail, &d); err != nil {
		return target{}, fmt.Errorf("malformed EventBridge detail: %w", err)
	}
	size := int64(-1)
	if d.Object.Size != nil {
		size = *d.Object.Size
	}
	return newTarget(d.Bucket.Name, d.Object.Key, d.Object.VersionID, d.Object.ETag, size), nil
}

// batchTarget reads one Batch Operations task: schema 2.0 names the bucket,
// schema 1.0 gives its ARN.
func batchTarget(t batchTask) (target, error) {
	bucket := t.S3Bucket
	if bucket == "" {
		if t.S3BucketARN == "" {
			return target{}, fmt.Errorf("task %s: no bucket (s3Bucket and s3BucketArn empty)", t.TaskID)
		}
		b, err := bucketFromARN(t.S3BucketARN)
		if err != nil {
			return target{}, fmt.Errorf("task %s: s3BucketArn: %w", t.TaskID, err)
		}
		bucket = b
	}
	return newTarget(bucket, t.S3Key, t.S3VersionID, "", -1), nil
}
