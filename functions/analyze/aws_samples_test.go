package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// lambdaModule is the module whose sample events TestAWSSampleEvents runs.
const lambdaModule = "github.com/aws/aws-lambda-go"

// What the function must do with a sample event.
type sampleKind int

const (
	// A new object: a report when the object (and the version the event
	// names) exists; an error report naming key and version, not a retry,
	// when the version does not.
	sampleReport sampleKind = iota
	// An S3 event about an object that is not new: skipped, nothing written.
	sampleIgnored
	// Not an event the function takes: the invocation fails, nothing written.
	sampleRejected
	// An SQS message whose body is not an S3 event: a batch item failure.
	sampleBatchItemFailure
	// A Batch Operations response, not an event: the function's own response
	// to the 1.0 request must have its shape.
	sampleResponse
)

// sample is what a sample event names and what the function must do with it.
type sample struct {
	kind                 sampleKind
	bucket, key, version string // the object it names (key decoded)
	eventName            string // sampleIgnored: the event name skipped
	errHas               string // sampleRejected: part of the error
}

// awsSamples are the S3, S3 Batch Operations and SQS samples of
// aws-lambda-go's events/testdata (every file whose name has s3 or sqs).
var awsSamples = map[string]sample{
	"s3-event.json":                       {kind: sampleReport, bucket: "sourcebucket", key: "Happy Face.jpg", version: "version"},
	"s3-event-with-decoded.json":          {kind: sampleReport, bucket: "sourcebucket", key: "Happy Face.jpg", version: "version"},
	"s3-batch-job-event-request-1.0.json": {kind: sampleReport, bucket: "awsexamplebucket", key: "customerImage1.jpg", version: "1"},
	"s3-batch-job-event-request-2.0.json": {kind: sampleReport, bucket: "awsexamplebucket", key: "customerImage1.jpg", version: "jbo9_jhdPEyB4RrmOxWS0kU0EoNrU_oI"},
	"s3-batch-job-event-response.json":    {kind: sampleResponse},

	// Restores, tiering, lifecycle transitions and replication failures are
	// not uploads. A restored (Glacier) object is analyzed once it is copied
	// in place, which is an ObjectCreated event (docs/lambda.md, archived).
	"s3-glacier-event.json":         {kind: sampleIgnored, bucket: "example-bucket", key: "glacier-test.txt", eventName: "s3:ObjectRestore:Completed"},
	"s3-restore-event.json":         {kind: sampleIgnored, bucket: "example-bucket", key: "glacier-test.txt", eventName: "s3:ObjectRestore:Completed"},
	"s3-intelligenttier-event.json": {kind: sampleIgnored, bucket: "example-bucket", key: "intelligent-tier-test.dat", eventName: "s3:IntelligentTiering:TransitionAccess"},
	"s3-lifecycle-event.json":       {kind: sampleIgnored, bucket: "example-bucket", key: "lifecycle-test.dat", eventName: "s3:LifecycleTransition"},
	"s3-replication-event.json":     {kind: sampleIgnored, bucket: "amzn-s3-demo-bucket1", key: "replication-test.png", eventName: "s3:Replication:OperationFailedReplication"},
	"sqs-event.json":                {kind: sampleBatchItemFailure},

	// Other integrations: SES receipts (whose action stored the mail in S3)
	// and S3 Object Lambda (which must answer with WriteGetObjectResponse).
	"ses-s3-event.json": {kind: sampleRejected, errHas: `record 0: not an S3 record (eventSource "aws:ses")`},
	"s3-object-lambda-event-get-object-assumed-role.json": {kind: sampleRejected, errHas: "unrecognized event"},
	"s3-object-lambda-event-get-object-iam.json":          {kind: sampleRejected, errHas: "unrecognized event"},
	"s3-object-lambda-event-head-object-iam.json":         {kind: sampleRejected, errHas: "unrecognized event"},
	"s3-object-lambda-event-list-objects-iam.json":        {kind: sampleRejected, errHas: "unrecognized event"},
	"s3-object-lambda-event-list-objects-v2-iam.json":     {kind: sampleRejected, errHas: "unrecognized event"},
}

// TestAWSSampleEvents decodes and invokes every S3, S3 Batch Operations and
// SQS sample event of the aws-lambda-go module this package builds with,
// read from the module cache, against an in-process S3.
func TestAWSSampleEvents(t *testing.T) {
	dir := lambdaSamplesDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	isS3 := regexp.MustCompile(`(?i)s3|sqs`)
	var names []string
	for _, f := range files {
		if name := filepath.Base(f); isS3.MatchString(name) {
			names = append(names, name)
			if _, ok := awsSamples[name]; !ok {
				t.Errorf("%s: a sample event with no expectation; add it to awsSamples", f)
			}
		}
	}
	for name := range awsSamples {
		if !slices.Contains(names, name) {
			t.Errorf("%s: missing from %s", name, dir)
		}
	}
	for _, name := range names {
		s, ok := awsSamples[name]
		if !ok {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			switch s.kind {
			case sampleReport:
				checkSampleReport(t, name, data, s)
			case sampleIgnored:
				checkSampleIgnored(t, name, data, s)
			case sampleRejected:
				checkSampleRejected(t, name, data, s)
			case sampleBatchItemFailure:
				checkSampleBatchItemFailure(t, name, data)
			case sampleResponse:
				checkSampleResponse(t, name, data, filepath.Join(dir, "s3-batch-job-event-request-1.0.json"))
			}
		})
	}
}

// lambdaSamplesDir returns the events/testdata directory of the aws-lambda-go
// module this test binary is built with: from `go list -m`, or else from the
// binary's build info and the module cache. It skips the test only when
// neither finds it.
func lambdaSamplesDir(t *testing.T) string {
	t.Helper()
	var tried []string
	if goCmd, err := exec.LookPath("go"); err == nil {
		out, err := exec.Command(goCmd, "list", "-m", "-json", lambdaModule).Output()
		var m struct{ Dir string }
		switch {
		case err != nil:
			tried = append(tried, "go list -m "+lambdaModule+": "+err.Error())
		case json.Unmarshal(out, &m) != nil || m.Dir == "":
			tried = append(tried, "go list -m "+lambdaModule+": no Dir (vendored, or not downloaded)")
		default:
			if d := filepath.Join(m.Dir, "events", "testdata"); isDir(d) {
				return d
			}
			tried = append(tried, filepath.Join(m.Dir, "events", "testdata"))
		}
	} else {
		tried = append(tried, "no go command on PATH")
	}
	if path, version := linkedModule(); version != "" {
		cache := os.Getenv("GOMODCACHE")
		if cache == "" {
			gopath := os.Getenv("GOPATH")
			if gopath == "" {
				home, _ := os.UserHomeDir()
				gopath = filepath.Join(home, "go")
			}
			cache = filepath.Join(filepath.SplitList(gopath)[0], "pkg", "mod")
		}
		d := filepath.Join(cache, escapeModulePath(path)+"@"+version, "events", "testdata")
		if isDir(d) {
			return d
		}
		tried = append(tried, d)
	} else {
		tried = append(tried, "no "+lambdaModule+" in the test binary's build info")
	}
	t.Skipf("the sample events of %s cannot be found (tried: %s); run `go mod download %s`", lambdaModule, strings.Join(tried, "; "), lambdaModule)
	return ""
}

// linkedModule returns the path and version of aws-lambda-go as linked into
// this binary (its replacement, if go.mod replaces it by a module version).
func linkedModule() (path, version string) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "", ""
	}
	for _, d := range bi.Deps {
		if d.Path != lambdaModule {
			continue
		}
		if d.Replace != nil {
			d = d.Replace
		}
		return d.Path, d.Version
	}
	return "", ""
}

// escapeModulePath escapes a module path as the module cache does: an
// upper-case letter becomes '!' and its lower case.
func escapeModulePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// decodeSample decodes a sample strictly into Event, the type the handler
// takes, and its records into the aws-lambda-go types the handler decodes
// them into.
func decodeSample(t *testing.T, name string, data []byte) Event {
	t.Helper()
	var ev Event
	strict(t, name, data, &ev)
	for i, raw := range ev.Records {
		if isSQS(raw) {
			var m events.SQSMessage
			strict(t, name+" record "+itoa(int64(i)), raw, &m)
			continue
		}
		var head recordHead
		if err := json.Unmarshal(raw, &head); err != nil {
			t.Fatalf("%s record %d: %v", name, i, err)
		}
		if head.EventSource == "aws:s3" {
			var r events.S3EventRecord
			strict(t, name+" record "+itoa(int64(i)), raw, &r)
		}
	}
	return ev
}

// sampleEnv is a handler over an in-process S3 that holds the bucket a
// sample names, versioned, and the object it names. It returns the
// object's version id.
func sampleEnv(t *testing.T, s sample) (*env, string) {
	t.Helper()
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.s3.client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(s.bucket)}); err != nil {
		t.Fatalf("create bucket %s: %v", s.bucket, err)
	}
	if _, err := e.s3.client.PutBucketVersioning(ctx, &s3.PutBucketVersioningInput{
		Bucket:                  aws.String(s.bucket),
		VersioningConfiguration: &types.VersioningConfiguration{Status: types.BucketVersioningStatusEnabled},
	}); err != nil {
		t.Fatalf("versioning on %s: %v", s.bucket, err)
	}
	out, err := e.s3.client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(s.key), Body: strings.NewReader(article)})
	if err != nil {
		t.Fatalf("put s3://%s/%s: %v", s.bucket, s.key, err)
	}
	v := aws.ToString(out.VersionId)
	if v == "" || v == s.version {
		t.Fatalf("put s3://%s/%s: version id %q; want a new one", s.bucket, s.key, v)
	}
	return e, v
}

// withVersion returns the sample with every version id (an S3 record's
// versionId, a task's s3VersionId) set to v.
func withVersion(t *testing.T, data []byte, v string) []byte {
	t.Helper()
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			for k, val := range x {
				if k == "versionId" || k == "s3VersionId" {
					x[k] = v
					n++
					continue
				}
				walk(val)
			}
		case []any:
			for _, val := range x {
				walk(val)
			}
		}
	}
	walk(doc)
	if n == 0 {
		t.Fatal("the sample has no version id to replace")
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkSampleReport: with the version of the seeded object, a report; with
// the sample's own version id, which the bucket never issued, an error
// report naming key and version, whether S3 answers 404 NoSuchVersion
// (gofakes3) or 400 InvalidArgument (AWS and MinIO for a malformed id).
func checkSampleReport(t *testing.T, name string, data []byte, s sample) {
	decodeSample(t, name, data)
	batch := strings.HasPrefix(name, "s3-batch-job-event-request-")
	if batch {
		if strings.HasSuffix(name, "1.0.json") {
			strict(t, name, data, &events.S3BatchJobEvent{})
		} else {
			strict(t, name, data, &events.S3BatchJobEventV2{})
		}
	}
	reportKey := "reports/" + s.key + ".slant.json"
	errorKey := "reports/" + s.key + ".slant.error.json"

	t.Run("seeded version", func(t *testing.T) {
		e, v := sampleEnv(t, s)
		out, err := e.invoke(t, withVersion(t, data, v))
		if err != nil {
			t.Fatalf("Invoke(%s) error: %v", name, err)
		}
		if batch {
			checkBatchResult(t, out, "Succeeded", "report s3://"+reportBucket+"/"+reportKey)
		} else if want := `{"reports":["` + reportKey + `"],"error_reports":[],"skipped":[]}`; string(out) != want {
			t.Errorf("Invoke(%s) = %s, want %s", name, out, want)
		}
		if got := e.s3.keys(t, reportBucket); !slices.Equal(got, []string{reportKey}) {
			t.Fatalf("reports bucket holds %q, want [%s]", got, reportKey)
		}
		rep := reportOf(t, e.s3.get(t, reportBucket, reportKey))
		if rep.Source.Bucket != s.bucket || rep.Source.Key != s.key || rep.Source.VersionID != v || rep.Source.Bytes != len(article) || len(rep.Findings) == 0 {
			t.Errorf("report source = %+v with %d findings; want s3://%s/%s version %s, %d bytes, findings", rep.Source, len(rep.Findings), s.bucket, s.key, v, len(article))
		}
	})

	for _, answer := range []struct {
		name, code string
		status     int // 0: gofakes3's own answer
	}{
		{"sample version, 404 NoSuchVersion", "NoSuchVersion", 0},
		{"sample version, 400 InvalidArgument", "InvalidArgument", 400},
	} {
		t.Run(answer.name, func(t *testing.T) {
			e, _ := sampleEnv(t, s)
			if answer.status != 0 {
				e.s3.setFault(func(r *http.Request) (int, string, bool) {
					return answer.status, answer.code, r.Method == http.MethodGet && r.URL.Query().Has("versionId")
				})
			}
			out, err := e.invoke(t, data)
			if err != nil {
				t.Fatalf("Invoke(%s) error: %v; want an error report, not a retry", name, err)
			}
			reason := "object gone: s3://" + s.bucket + "/" + s.key + " version " + s.version + ": " + answer.code
			if batch {
				checkBatchResult(t, out, "PermanentFailure", reason)
			} else if want := `{"reports":[],"error_reports":["` + errorKey + `"],"skipped":[]}`; string(out) != want {
				t.Errorf("Invoke(%s) = %s, want %s", name, out, want)
			}
			if got := e.s3.keys(t, reportBucket); !slices.Equal(got, []string{errorKey}) {
				t.Fatalf("reports bucket holds %q, want [%s]", got, errorKey)
			}
			er := errorReportOf(t, e.s3.get(t, reportBucket, errorKey))
			if er.Source.Bucket != s.bucket || er.Source.Key != s.key || er.Source.VersionID != s.version ||
				er.Error.Code != codeGone || !strings.HasPrefix(er.Error.Reason, reason) {
				t.Errorf("error report = %+v; want s3://%s/%s version %s, code %s, reason %q", er, s.bucket, s.key, s.version, codeGone, reason)
			}
		})
	}
}

// checkBatchResult checks the one task result of a Batch Operations response.
func checkBatchResult(t *testing.T, out []byte, code, has string) {
	t.Helper()
	var resp events.S3BatchJobResponse
	strict(t, "response", out, &resp)
	if len(resp.Results) != 1 || resp.Results[0].ResultCode != code || !strings.Contains(resp.Results[0].ResultString, has) {
		t.Errorf("response = %s; want one task %s with %q", out, code, has)
	}
}

// checkSampleIgnored: the object exists, so a report would appear if the
// event were taken for an upload.
func checkSampleIgnored(t *testing.T, name string, data []byte, s sample) {
	decodeSample(t, name, data)
	e, _ := sampleEnv(t, s)
	out, err := e.invoke(t, data)
	if want := `{"reports":[],"error_reports":[],"skipped":["record 0: event ` + s.eventName + `"]}`; err != nil || string(out) != want {
		t.Errorf("Invoke(%s) = %s, %v; want %s", name, out, err, want)
	}
	if got := e.s3.keys(t, reportBucket); len(got) != 0 {
		t.Errorf("Invoke(%s) wrote %q, want nothing", name, got)
	}
}

// checkSampleRejected: an event of another integration (SES receipts, S3
// Object Lambda) fails the invocation, so a misconfigured trigger shows in
// the function's errors and the failed-events queue.
func checkSampleRejected(t *testing.T, name string, data []byte, s sample) {
	e := newEnv(t)
	out, err := e.invoke(t, data)
	if err == nil || !strings.Contains(err.Error(), s.errHas) {
		t.Errorf("Invoke(%s) = %s, %v; want an error containing %q", name, out, err, s.errHas)
	}
	if got := e.s3.keys(t, reportBucket); len(got) != 0 {
		t.Errorf("Invoke(%s) wrote %q, want nothing", name, got)
	}
}

// checkSampleBatchItemFailure: a body that is not an S3 event fails its
// message only, so SQS dead-letters it.
func checkSampleBatchItemFailure(t *testing.T, name string, data []byte) {
	decodeSample(t, name, data)
	strict(t, name, data, &events.SQSEvent{})
	e := newEnv(t)
	out, err := e.invoke(t, data)
	if want := `{"batchItemFailures":[{"itemIdentifier":"MessageID_1"}]}`; err != nil || string(out) != want {
		t.Errorf("Invoke(%s) = %s, %v; want %s", name, out, err, want)
	}
	if got := e.s3.keys(t, reportBucket); len(got) != 0 {
		t.Errorf("Invoke(%s) wrote %q, want nothing", name, got)
	}
}

// checkSampleResponse: the function's response to the 1.0 request has the
// sample response's fields and values, but for resultString (the sample's is
// another function's output).
func checkSampleResponse(t *testing.T, name string, data []byte, requestFile string) {
	var want events.S3BatchJobResponse
	strict(t, name, data, &want)
	req, err := os.ReadFile(requestFile)
	if err != nil {
		t.Fatal(err)
	}
	e, v := sampleEnv(t, awsSamples[filepath.Base(requestFile)])
	out, err := e.invoke(t, withVersion(t, req, v))
	if err != nil {
		t.Fatalf("Invoke(%s) error: %v", filepath.Base(requestFile), err)
	}
	var got events.S3BatchJobResponse
	strict(t, "response", out, &got)
	if len(got.Results) == 1 && len(want.Results) == 1 {
		got.Results[0].ResultString = want.Results[0].ResultString
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if !bytes.Equal(g, w) {
		t.Errorf("Invoke(%s) = %s; want the shape of %s: %s", filepath.Base(requestFile), out, name, w)
	}
}
