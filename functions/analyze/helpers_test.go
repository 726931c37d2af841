package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/lexicons"
)

const (
	inputBucket  = "slant-input"
	reportBucket = "slant-reports"
)

// article is loaded text with findings; marker is a phrase of it that must
// never reach a log.
const (
	marker  = "the summit was a flop show and a fiasco"
	article = "Officials met on Monday. Critics said " + marker + ".\nThe council issued no statement.\n"
)

var (
	analyzerOnce sync.Once
	sharedAn     *analyzer.Analyzer
	sharedAnErr  error
)

// testAnalyzer builds the default Analyzer once for all tests.
func testAnalyzer(t testing.TB) *analyzer.Analyzer {
	t.Helper()
	analyzerOnce.Do(func() {
		lex, err := analyzer.LoadLexicon(lexicons.English())
		if err == nil {
			sharedAn, err = analyzer.New(lex)
		}
		sharedAnErr = err
	})
	if sharedAnErr != nil {
		t.Fatalf("the built-in lexicons do not load:\n%v", sharedAnErr)
	}
	return sharedAn
}

// fakeS3 is gofakes3 over HTTP, with a hook that can answer a request instead
// of S3 (to inject 5xx, throttling and slow responses).
type fakeS3 struct {
	srv    *httptest.Server
	client *s3.Client
	mu     sync.Mutex
	fault  func(r *http.Request) (status int, code string, ok bool)
}

func newFakeS3(t testing.TB, buckets ...string) *fakeS3 {
	t.Helper()
	f := &fakeS3{}
	backend := gofakes3.New(s3mem.New()).Server()
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		fault := f.fault
		f.mu.Unlock()
		if fault != nil {
			if status, code, ok := fault(r); ok {
				w.Header().Set("Content-Type", "application/xml")
				w.WriteHeader(status)
				io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>`+code+`</Code><Message>injected</Message></Error>`)
				return
			}
		}
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")}
	f.client = newS3Client(cfg, true, func(o *s3.Options) {
		o.BaseEndpoint = aws.String(f.srv.URL)
		o.RetryMaxAttempts = 1 // transient errors reach the handler at once
	})
	for _, b := range buckets {
		if _, err := f.client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			t.Fatalf("create bucket %s: %v", b, err)
		}
	}
	return f
}

func (f *fakeS3) setFault(fn func(r *http.Request) (int, string, bool)) {
	f.mu.Lock()
	f.fault = fn
	f.mu.Unlock()
}

func (f *fakeS3) put(t testing.TB, bucket, key string, data []byte) {
	t.Helper()
	if err := (s3Store{f.client}).Put(context.Background(), bucket, key, "text/plain", data); err != nil {
		t.Fatal(err)
	}
}

// get returns an object's bytes, or nil when it does not exist.
func (f *fakeS3) get(t testing.TB, bucket, key string) []byte {
	t.Helper()
	obj, err := (s3Store{f.client}).Get(context.Background(), bucket, key, "", 1<<30)
	if errors.Is(err, errGone) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return obj.Data
}

// keys lists a bucket.
func (f *fakeS3) keys(t testing.TB, bucket string) []string {
	t.Helper()
	out, err := f.client.ListObjectsV2(context.Background(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range out.Contents {
		keys = append(keys, aws.ToString(o.Key))
	}
	slices.Sort(keys)
	return keys
}

// env is a handler wired to a fake S3, with its log captured.
type env struct {
	s3  *fakeS3
	h   *Handler
	log *bytes.Buffer
}

func newEnv(t testing.TB, mod ...func(*Config)) *env {
	t.Helper()
	cfg := Config{ReportBucket: reportBucket, ReportPrefix: "reports/", MaxObjectBytes: analyzer.DefaultMaxBytes, Formats: []string{"json"}}
	for _, m := range mod {
		m(&cfg)
	}
	f := newFakeS3(t, inputBucket, reportBucket)
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: lambdacontext.ReplaceAttr}))
	return &env{s3: f, h: NewHandler(cfg, testAnalyzer(t), s3Store{f.client}, log), log: &buf}
}

// invoke runs payload through lambda.NewHandler, as the runtime does.
func (e *env) invoke(t testing.TB, payload []byte) ([]byte, error) {
	t.Helper()
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: "test-request"})
	return lambda.NewHandler(e.h.Handle).Invoke(ctx, payload)
}

// logLines decodes the captured log.
func (e *env) logLines(t testing.TB) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for l := range strings.SplitSeq(strings.TrimSpace(e.log.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q is not JSON: %v", l, err)
		}
		lines = append(lines, m)
	}
	return lines
}

// s3Event builds an AWS S3 notification with one record per raw key.
func s3Event(bucket string, size int64, rawKeys ...string) []byte {
	var recs []string
	for _, k := range rawKeys {
		kj, _ := json.Marshal(k)
		bj, _ := json.Marshal(bucket)
		recs = append(recs, `{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2026-11-23T03:00:00.000Z","eventName":"ObjectCreated:Put","s3":{"s3SchemaVersion":"1.0","bucket":{"name":`+string(bj)+`,"arn":"arn:aws:s3:::x"},"object":{"key":`+string(kj)+`,"size":`+itoa(size)+`,"eTag":"abc"}}}`)
	}
	return []byte(`{"Records":[` + strings.Join(recs, ",") + `]}`)
}

// sqsEvent wraps bodies as SQS messages with ids m0, m1, …
func sqsEvent(bodies ...string) []byte {
	var recs []string
	for i, b := range bodies {
		bj, _ := json.Marshal(b)
		recs = append(recs, `{"messageId":"m`+itoa(int64(i))+`","receiptHandle":"r","body":`+string(bj)+`,"eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:123456789012:q","awsRegion":"us-east-1"}`)
	}
	return []byte(`{"Records":[` + strings.Join(recs, ",") + `]}`)
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// errorReportOf decodes an error report.
func errorReportOf(t testing.TB, data []byte) errorReport {
	t.Helper()
	var er errorReport
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&er); err != nil {
		t.Fatalf("error report %s: %v", data, err)
	}
	return er
}

// reportOf decodes a report.
func reportOf(t testing.TB, data []byte) analyzer.Report {
	t.Helper()
	var rep analyzer.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("report %s: %v", data, err)
	}
	return rep
}
