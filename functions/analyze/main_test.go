package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMain lets a test run this binary as the Lambda itself: with
// SLANT_TEST_RUN_MAIN=1 it runs main(), which talks to the Runtime API named by
// AWS_LAMBDA_RUNTIME_API, exactly as on Lambda.
func TestMain(m *testing.M) {
	if os.Getenv("SLANT_TEST_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

const extraLexicon = `id: test_extra
name: Test extra
description: A category that only LEXICON_URI provides.
weight: 2
entries:
  - {term: zorblatting}
`

// awsEnv points the SDK at a fake S3 through the environment only, as the
// local stack and Lambda do.
func awsEnv(f *fakeS3) map[string]string {
	return map[string]string{
		"AWS_ENDPOINT_URL_S3":         f.srv.URL,
		"S3_FORCE_PATH_STYLE":         "true",
		"AWS_ACCESS_KEY_ID":           "test",
		"AWS_SECRET_ACCESS_KEY":       "test",
		"AWS_REGION":                  "us-east-1",
		"AWS_CONFIG_FILE":             os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE": os.DevNull,
		"AWS_EC2_METADATA_DISABLED":   "true",
	}
}

func TestColdStartLexiconURI(t *testing.T) {
	f := newFakeS3(t, inputBucket, reportBucket, "lex")
	f.put(t, "lex", "extra/test_extra.yaml", []byte(extraLexicon))
	f.put(t, "lex", "bad/test_extra.yaml", []byte(extraLexicon+"  - {term: zorblatting}\n"))
	env := awsEnv(f)
	env["REPORT_BUCKET"] = reportBucket
	for k, v := range env {
		t.Setenv(k, v)
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))

	t.Setenv("LEXICON_URI", "s3://lex/extra/")
	h, err := coldStart(context.Background(), os.LookupEnv, log)
	if err != nil {
		t.Fatalf("coldStart: %v", err)
	}
	rep := h.an.Analyze("x", []byte("They kept zorblatting the plan."))
	if len(rep.Findings) != 1 || rep.Findings[0].Category != "test_extra" {
		t.Errorf("findings with LEXICON_URI = %+v, want one test_extra finding", rep.Findings)
	}

	t.Setenv("LEXICON_URI", "s3://lex/bad/")
	_, err = coldStart(context.Background(), os.LookupEnv, log)
	if err == nil || !strings.Contains(err.Error(), "LEXICON_URI s3://lex/bad/: invalid lexicon") || !strings.Contains(err.Error(), `test_extra.yaml:7: term "zorblatting" repeats line 6`) {
		t.Errorf("coldStart(invalid lexicon) error = %v, want the file and line", err)
	}

	t.Setenv("LEXICON_URI", "s3://lex/none/")
	if _, err = coldStart(context.Background(), os.LookupEnv, log); err == nil || !strings.Contains(err.Error(), "no *.yaml lexicon files") {
		t.Errorf("coldStart(empty LEXICON_URI prefix) error = %v", err)
	}
}

// fakeRuntime is the Lambda Runtime API: it hands out events and collects
// responses, errors and init errors.
type fakeRuntime struct {
	srv     *httptest.Server
	events  chan []byte
	results chan string // "response:<body>", "error:<body>" or "init:<body>"
}

func newFakeRuntime(t testing.TB) *fakeRuntime {
	rt := &fakeRuntime{events: make(chan []byte, 10), results: make(chan string, 10)}
	var mu sync.Mutex
	n := 0
	rt.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		p := r.URL.Path
		switch {
		case p == "/2018-06-01/runtime/invocation/next":
			select {
			case ev := <-rt.events:
				mu.Lock()
				n++
				id := "req-" + itoa(int64(n))
				mu.Unlock()
				w.Header().Set("Lambda-Runtime-Aws-Request-Id", id)
				w.Header().Set("Lambda-Runtime-Deadline-Ms", itoa(time.Now().Add(30*time.Second).UnixMilli()))
				w.Header().Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:analyze")
				w.Write(ev)
			case <-r.Context().Done():
			}
		case strings.HasSuffix(p, "/response"):
			rt.results <- "response:" + string(body)
			w.WriteHeader(http.StatusAccepted)
		case strings.HasSuffix(p, "/error") && strings.Contains(p, "/invocation/"):
			rt.results <- "error:" + string(body)
			w.WriteHeader(http.StatusAccepted)
		case p == "/2018-06-01/runtime/init/error":
			rt.results <- "init:" + string(body)
			w.WriteHeader(http.StatusAccepted)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(rt.srv.Close)
	return rt
}

// runMain starts this test binary as the Lambda with env (and nothing else
// from the test's environment but PATH and HOME).
func runMain(t testing.TB, rt *fakeRuntime, env map[string]string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = []string{"SLANT_TEST_RUN_MAIN=1", "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"AWS_LAMBDA_RUNTIME_API=" + strings.TrimPrefix(rt.srv.URL, "http://"), "AWS_LAMBDA_LOG_FORMAT=JSON"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("function output:\n%s", out.String())
		}
	})
	return cmd
}

func awaitResult(t testing.TB, rt *fakeRuntime) string {
	t.Helper()
	select {
	case r := <-rt.results:
		return r
	case <-time.After(20 * time.Second):
		t.Fatal("no answer from the function within 20s")
		return ""
	}
}

// main() wired from the environment only, through the Runtime API: the
// s3-put.json event yields its report.
func TestMainThroughRuntimeAPI(t *testing.T) {
	f := newFakeS3(t, inputBucket, reportBucket)
	f.put(t, inputBucket, fixtureKey, []byte(article))
	rt := newFakeRuntime(t)
	env := awsEnv(f)
	env["REPORT_BUCKET"] = reportBucket
	runMain(t, rt, env)
	ev, err := os.ReadFile("../../events/s3-put.json")
	if err != nil {
		t.Fatal(err)
	}
	rt.events <- ev
	got := awaitResult(t, rt)
	want := `response:{"reports":["reports/` + fixtureKey + `.slant.json"],"error_reports":[],"skipped":[]}`
	if got != want {
		t.Fatalf("runtime got %s, want %s", got, want)
	}
	rep := reportOf(t, f.get(t, reportBucket, "reports/"+fixtureKey+".slant.json"))
	if rep.Source.Key != fixtureKey || len(rep.Findings) == 0 {
		t.Errorf("report source %+v, %d findings", rep.Source, len(rep.Findings))
	}
	// An unrecognized event is an invocation error, and the function goes on.
	rt.events <- []byte(`{}`)
	if got := awaitResult(t, rt); !strings.HasPrefix(got, "error:") || !strings.Contains(got, "unrecognized event") {
		t.Errorf("runtime got %s, want an invocation error", got)
	}
}

// A missing REPORT_BUCKET is an init error the Runtime API hears about.
func TestMainInitError(t *testing.T) {
	f := newFakeS3(t)
	rt := newFakeRuntime(t)
	cmd := runMain(t, rt, awsEnv(f))
	got := awaitResult(t, rt)
	var body struct{ ErrorMessage, ErrorType string }
	json.Unmarshal([]byte(strings.TrimPrefix(got, "init:")), &body)
	if !strings.HasPrefix(got, "init:") || !strings.Contains(body.ErrorMessage, "REPORT_BUCKET is required") {
		t.Errorf("runtime got %s, want an init error naming REPORT_BUCKET", got)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("the function exited 0 after an init error, want 1")
		}
	case <-time.After(10 * time.Second):
		t.Error("the function did not exit after an init error")
	}
}

// BenchmarkColdStart is the work done once per cold start without
// LEXICON_URI: configuration, SDK config, lexicon load and Analyzer build.
func BenchmarkColdStart(b *testing.B) {
	for k, v := range map[string]string{"REPORT_BUCKET": "r", "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b",
		"AWS_CONFIG_FILE": os.DevNull, "AWS_SHARED_CREDENTIALS_FILE": os.DevNull, "AWS_EC2_METADATA_DISABLED": "true"} {
		b.Setenv(k, v)
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := coldStart(context.Background(), os.LookupEnv, log); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMainThroughRuntimeAPI runs main() in a child process under the
// Runtime API emulator, against gofakes3, and times each invocation from the
// event handed out to the response received. first-response-ms is the time
// from starting the process to the first response (cold start included).
func BenchmarkMainThroughRuntimeAPI(b *testing.B) {
	f := newFakeS3(b, inputBucket, reportBucket)
	data := bytes.Repeat([]byte(article), 40)
	f.put(b, inputBucket, fixtureKey, data)
	rt := newFakeRuntime(b)
	env := awsEnv(f)
	env["REPORT_BUCKET"] = reportBucket
	ev, err := os.ReadFile("../../events/s3-put.json")
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	runMain(b, rt, env)
	rt.events <- ev
	if r := awaitResult(b, rt); !strings.HasPrefix(r, "response:") {
		b.Fatal(r)
	}
	first := time.Since(start)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		rt.events <- ev
		if r := awaitResult(b, rt); !strings.HasPrefix(r, "response:") {
			b.Fatal(r)
		}
	}
	b.ReportMetric(float64(first.Microseconds())/1000, "first-response-ms")
}
