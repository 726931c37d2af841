// Package e2e drops files into a real local S3 (MinIO) with the real aws CLI
// and checks the reports the real Lambda binary writes through the runner.
//
// It needs bin/minio, bin/bootstrap and bin/slant-runner (make test-e2e builds
// them) and the aws CLI; without them it skips, unless SLANT_E2E_REQUIRED=1.
package e2e

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
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/slantnews/slant/infra/internal/localstack"
)

// maxObjectBytes is the function's size limit in this test, small so that a
// "too large" upload stays small.
const maxObjectBytes = 4096

const batchSize = 200

type tools struct {
	runner, minio, bootstrap, aws string
}

// findTools locates the binaries, or skips (fails when SLANT_E2E_REQUIRED=1).
func findTools(t *testing.T) tools {
	t.Helper()
	binDir := os.Getenv("SLANT_BIN")
	if binDir == "" {
		wd, _ := os.Getwd()
		binDir = filepath.Join(wd, "..", "..", "bin")
	}
	tl := tools{
		runner:    filepath.Join(binDir, "slant-runner"),
		minio:     filepath.Join(binDir, "minio"),
		bootstrap: filepath.Join(binDir, "bootstrap"),
	}
	var missing []string
	for _, p := range []string{tl.runner, tl.minio, tl.bootstrap} {
		if _, err := os.Stat(p); err != nil {
			missing = append(missing, p)
		}
	}
	if _, err := os.Stat("/usr/bin/aws"); err == nil {
		tl.aws = "/usr/bin/aws" // aws CLI v2 when installed (apt awscli)
	} else if p, err := exec.LookPath("aws"); err == nil {
		tl.aws = p
	} else {
		missing = append(missing, "aws CLI")
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("local stack e2e needs %s; run `make test-e2e` (builds them) or `make local-up` first", strings.Join(missing, ", "))
		if os.Getenv("SLANT_E2E_REQUIRED") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return tl
}

// startStack runs `slant-runner stack` in its own process group and stops the
// whole group when the test ends, pass or fail.
func startStack(t *testing.T, tl tools, reportWebhook string) (localstack.StackState, string) {
	t.Helper()
	dir := t.TempDir()
	sp := runStack(t, tl, dir, "-max-object-bytes", strconv.Itoa(maxObjectBytes), "-concurrency", "4", "-timeout", "30s",
		"-report-webhook", reportWebhook)
	return sp.st, dir
}

// stackProc is one `slant-runner stack` process and its process group.
type stackProc struct {
	st     localstack.StackState
	pgid   int
	exited chan struct{}
}

// runStack starts `slant-runner stack -dir DIR ARGS...` in its own process
// group, waits until it is ready, and stops the whole group when the test
// ends, pass or fail (or when stop is called first).
func runStack(t *testing.T, tl tools, dir string, args ...string) *stackProc {
	t.Helper()
	logPath := filepath.Join(dir, "stack.log")
	os.Remove(filepath.Join(dir, "env"))
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tl.runner, append([]string{"stack", "-dir", dir, "-bootstrap", tl.bootstrap, "-minio", tl.minio,
		"-aws", tl.aws}, args...)...)
	cmd.Stdout, cmd.Stderr = logf, logf
	// Its own group, so cleanup can kill everything it started; and SIGTERM
	// when this test process dies without cleanup (go test -timeout, kill).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sp := &stackProc{pgid: cmd.Process.Pid, exited: make(chan struct{})}
	go func() { cmd.Wait(); logf.Close(); close(sp.exited) }()
	t.Cleanup(func() {
		sp.stop(t, syscall.SIGTERM)
		if t.Failed() {
			t.Logf("stack log (tail):\n%s", localstack.Tail(logPath, 60))
			t.Logf("minio log (tail):\n%s", localstack.Tail(filepath.Join(dir, "minio.log"), 20))
		}
	})
	deadline := time.After(3 * time.Minute)
	for {
		if _, err := os.Stat(filepath.Join(dir, "env")); err == nil {
			break
		}
		select {
		case <-sp.exited:
			t.Fatalf("stack exited before it was ready:\n%s", localstack.Tail(logPath, 40))
		case <-deadline:
			t.Fatalf("stack not ready after 3 minutes:\n%s", localstack.Tail(logPath, 40))
		case <-time.After(100 * time.Millisecond):
		}
	}
	if sp.st, err = localstack.ReadState(dir); err != nil {
		t.Fatalf("stack state: %v", err)
	}
	return sp
}

// stop sends sig to the runner (SIGTERM: the orderly stop of `make
// local-down`; SIGKILL: a crash), waits for it, and then kills whatever is
// left of its group. It can be called more than once.
func (sp *stackProc) stop(t *testing.T, sig syscall.Signal) {
	t.Helper()
	syscall.Kill(sp.pgid, sig)
	select {
	case <-sp.exited:
	case <-time.After(30 * time.Second):
		t.Errorf("stack did not stop within 30s of %v; killing its process group", sig)
	}
	syscall.Kill(-sp.pgid, syscall.SIGKILL)
	<-sp.exited
	for range 50 {
		if len(localstack.GroupMembers(sp.pgid)) == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if left := localstack.GroupMembers(sp.pgid); len(left) > 0 {
		t.Errorf("processes %v of the stack's group %d outlived it", left, sp.pgid)
	}
}

// s3cp uploads one file with the real aws CLI.
func s3cp(ctx context.Context, tl tools, st localstack.StackState, dir, file, key string) error {
	cmd := exec.CommandContext(ctx, tl.aws, "--endpoint-url", st.S3Endpoint, "s3", "cp", "--no-progress", file,
		"s3://"+st.InputBucket+"/"+key)
	cmd.Env = st.AWSEnv(dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("aws s3 cp %s: %v: %s", key, err, out)
	}
	return nil
}

// reportWatch records when each upload was stored and when each report
// became readable. MinIO POSTs its events for both buckets to this watcher (the
// stack's -report-webhook): an upload's time is MinIO's eventTime for the PUT
// (when the server stored it, so no later than the moment the upload returned);
// a report's time is taken after a HEAD has confirmed it can be read.
type reportWatch struct {
	URL    string
	bucket string
	client *s3.Client
	ready  chan struct{} // closed once bucket and client are set

	mu     sync.Mutex
	stored map[string]time.Time // input key → MinIO's eventTime
	seen   map[string]time.Time // report key → readable
	cond   chan struct{}        // closed and replaced on every new report
}

func newReportWatch(t *testing.T) *reportWatch {
	t.Helper()
	w := &reportWatch{stored: map[string]time.Time{}, seen: map[string]time.Time{}, cond: make(chan struct{}), ready: make(chan struct{})}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var ev struct {
			Records []struct {
				EventTime time.Time `json:"eventTime"`
				S3        struct {
					Bucket struct{ Name string } `json:"bucket"`
					Object struct{ Key string }  `json:"object"`
				} `json:"s3"`
			}
		}
		if err := json.NewDecoder(r.Body).Decode(&ev); err != nil {
			http.Error(rw, err.Error(), http.StatusBadRequest)
			return
		}
		<-w.ready
		for _, rec := range ev.Records {
			key, err := url.QueryUnescape(rec.S3.Object.Key)
			if err != nil {
				key = rec.S3.Object.Key
			}
			if rec.S3.Bucket.Name != w.bucket {
				w.mu.Lock()
				if _, dup := w.stored[key]; !dup {
					w.stored[key] = rec.EventTime
				}
				w.mu.Unlock()
				continue
			}
			go w.confirm(key)
		}
	}))
	t.Cleanup(srv.Close)
	w.URL = srv.URL + "/"
	return w
}

func (w *reportWatch) start(bucket string, client *s3.Client) {
	w.bucket, w.client = bucket, client
	close(w.ready)
}

func (w *reportWatch) confirm(key string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := w.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: &w.bucket, Key: &key}); err != nil {
		return // the final listing and GETs judge it
	}
	now := time.Now()
	w.mu.Lock()
	if _, dup := w.seen[key]; !dup {
		w.seen[key] = now
	}
	close(w.cond)
	w.cond = make(chan struct{})
	w.mu.Unlock()
}

// waitFor waits until every key has been seen or the timeout passes; it
// returns the keys still missing.
func (w *reportWatch) waitFor(keys []string, timeout time.Duration) []string {
	deadline := time.After(timeout)
	for {
		w.mu.Lock()
		var missing []string
		for _, k := range keys {
			if _, ok := w.seen[k]; !ok {
				missing = append(missing, k)
			}
		}
		cond := w.cond
		w.mu.Unlock()
		if len(missing) == 0 {
			return nil
		}
		select {
		case <-cond:
		case <-deadline:
			return missing
		}
	}
}

func (w *reportWatch) at(key string) (time.Time, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, ok := w.seen[key]
	return t, ok
}

func (w *reportWatch) storedAt(key string) (time.Time, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	t, ok := w.stored[key]
	return t, ok
}

// upload is one object the test puts in the input bucket and what it expects.
type upload struct {
	key  string
	data []byte
	want string // "report" or an error code
}

func TestLocalStack(t *testing.T) {
	tl := findTools(t)
	watch := newReportWatch(t)
	st, dir := startStack(t, tl, watch.URL)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := s3.New(s3.Options{
		Region:       st.Region,
		Credentials:  credentials.NewStaticCredentialsProvider(st.AccessKey, st.SecretKey, ""),
		BaseEndpoint: aws.String(st.S3Endpoint),
		UsePathStyle: true,
		DisableLogOutputChecksumValidationSkipped: true,
	})
	watch.start(st.ReportBucket, client)
	in := st.InputPrefix

	singles := []upload{
		{in + "single/council-vote.txt", []byte(loadedArticle), "report"},
		{in + "odd names/budget a+b 100% café Zürich 東京.txt", []byte(neutralArticle), "report"},
		{in + "edge/empty.txt", nil, "report"},
		{in + "edge/scan.bin", binaryBlob(), "not_text"},
		{in + "edge/too-long.txt", bytes.Repeat([]byte("The committee met again on Thursday. "), 160), "too_large"},
	}
	if n := len(singles[4].data); n <= maxObjectBytes {
		t.Fatalf("too-long upload is %d bytes, want more than %d", n, maxObjectBytes)
	}
	srcDir := filepath.Join(dir, "uploads")
	write := func(name string, data []byte) string {
		p := filepath.Join(srcDir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	// One object outside the input prefix: the notification filter must skip it.
	outside := write("outside.txt", []byte(neutralArticle))
	var wg sync.WaitGroup
	errs := make(chan error, len(singles)+1)
	for i, u := range singles {
		p := write(fmt.Sprintf("single-%d", i), u.data)
		wg.Go(func() { errs <- s3cp(ctx, tl, st, dir, p, u.key) })
	}
	wg.Go(func() { errs <- s3cp(ctx, tl, st, dir, outside, "elsewhere/outside.txt") })
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if missing := watch.waitFor(reportKeys(st, singles), 60*time.Second); len(missing) > 0 {
		t.Errorf("no report within 60s for %q", missing)
	}
	pageKeys := uploadPages(t, ctx, tl, st, dir, watch, client) // an HTML page and a .warc.gz: 2 events

	// 200 articles in parallel: one aws CLI process, ten concurrent uploads;
	// each "upload:" line is stamped as it is printed (the upload returned).
	batch := make([]upload, batchSize)
	rng := rand.New(rand.NewPCG(5, 200))
	for i := range batch {
		name := fmt.Sprintf("a%03d.txt", i)
		batch[i] = upload{key: in + "batch/" + name, data: []byte(generatedArticle(rng, i)), want: "report"}
		write(filepath.Join("batch", name), batch[i].data)
	}
	uploaded := map[string]time.Time{}
	// The uploader runs at a lower CPU priority (nice 10; SLANT_E2E_CLI_NICE=0
	// to turn off): on a small machine the load generator should not starve
	// the stack whose latency it measures.
	niceness := "10"
	if v := os.Getenv("SLANT_E2E_CLI_NICE"); v != "" {
		niceness = v
	}
	cmd := exec.CommandContext(ctx, "nice", "-n", niceness, tl.aws, "--endpoint-url", st.S3Endpoint, "s3", "cp", "--recursive", "--no-progress",
		filepath.Join(srcDir, "batch"), "s3://"+st.InputBucket+"/"+in+"batch/")
	cmd.Env = st.AWSEnv(dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	batchStart := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	marker := " to s3://" + st.InputBucket + "/"
	for sc.Scan() {
		now := time.Now()
		line := sc.Text()
		if i := strings.Index(line, marker); strings.HasPrefix(line, "upload: ") && i > 0 {
			uploaded[line[i+len(marker):]] = now
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("aws s3 cp --recursive: %v: %s", err, stderr.String())
	}
	uploadSecs := time.Since(batchStart).Seconds()
	if len(uploaded) != batchSize {
		t.Errorf("aws CLI reported %d uploads, want %d", len(uploaded), batchSize)
	}
	if missing := watch.waitFor(reportKeys(st, batch), 90*time.Second); len(missing) > 0 {
		t.Errorf("%d of %d batch reports missing after 90s, e.g. %q", len(missing), batchSize, missing[0])
	}

	// Latency: upload returned → report readable. The upload's time is MinIO's
	// (the PUT stored), which is no later than the aws CLI's return, so these
	// figures are upper bounds; the CLI's own "upload:" line comes later still
	// (it prints from a queue), so latencies from it are logged for comparison.
	var lat, latCLI []time.Duration
	for _, u := range batch {
		rep, ok := watch.at(reportKey(st, u))
		if !ok {
			continue
		}
		if up, ok := watch.storedAt(u.key); ok {
			lat = append(lat, rep.Sub(up))
		}
		if up, ok := uploaded[u.key]; ok {
			latCLI = append(latCLI, rep.Sub(up))
		}
	}
	if len(lat) != batchSize {
		t.Errorf("latency measured for %d of %d uploads", len(lat), batchSize)
	}
	if len(lat) > 0 {
		slices.Sort(lat)
		slices.Sort(latCLI)
		p50, p95 := percentile(lat, 50), percentile(lat, 95)
		t.Logf("e2e latency (upload stored -> report readable) over %d parallel uploads: p50=%s p95=%s max=%s; batch upload took %.1fs (aws CLI at nice %s)",
			len(lat), ms(p50), ms(p95), ms(lat[len(lat)-1]), uploadSecs, niceness)
		if len(latCLI) > 0 {
			t.Logf("  measured from the aws CLI's \"upload:\" lines instead: p50=%s p95=%s", ms(percentile(latCLI, 50)), ms(percentile(latCLI, 95)))
		}
		if limit := os.Getenv("SLANT_E2E_P50_MAX_MS"); limit != "" {
			if n, err := strconv.Atoi(limit); err == nil && p50 > time.Duration(n)*time.Millisecond {
				t.Errorf("p50 latency %s, want under %d ms (SLANT_E2E_P50_MAX_MS)", ms(p50), n)
			}
		}
	}

	// The loop guard, through the runner's invoke mode: an event for a report
	// (as if the reports bucket were wired to the function) is skipped.
	guardKey := reportKey(st, singles[0])
	guardEvent := minioEvent(st.ReportBucket, guardKey)
	inv := exec.CommandContext(ctx, tl.runner, "invoke", "-bootstrap", tl.bootstrap, "-")
	inv.Stdin = strings.NewReader(guardEvent)
	inv.Env = append(st.AWSEnv(dir), "AWS_ENDPOINT_URL_S3="+st.S3Endpoint, "S3_FORCE_PATH_STYLE=true",
		"REPORT_BUCKET="+st.ReportBucket, "REPORT_PREFIX="+st.ReportPrefix)
	var invErr bytes.Buffer
	inv.Stderr = &invErr
	invOut, err := inv.Output()
	if err != nil {
		t.Errorf("slant-runner invoke (loop guard): %v\n%s", err, invErr.String())
	} else {
		var sum struct {
			Reports, ErrorReports, Skipped []string
		}
		if err := json.Unmarshal(invOut, &sum); err != nil || len(sum.Skipped) != 1 || len(sum.Reports)+len(sum.ErrorReports) != 0 {
			t.Errorf("invoke on a report: response %s, want one skipped record and no report (%v)", invOut, err)
		}
	}

	// Everything settled: the reports bucket holds exactly one report or error
	// report per upload under the prefix, and nothing else.
	all := append(slices.Clone(singles), batch...)
	want := map[string]upload{}
	for _, u := range all {
		want[reportKey(st, u)] = u
	}
	for _, k := range pageKeys {
		want[k] = upload{}
	}
	got := listAll(t, ctx, client, st.ReportBucket)
	for _, k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected object in the reports bucket: %q", k)
		}
		if strings.Count(k, ".slant.") > 1 {
			t.Errorf("report of a report: %q", k)
		}
	}
	if len(got) != len(want) {
		t.Errorf("reports bucket holds %d objects, want %d", len(got), len(want))
	}
	checkReports(t, ctx, client, st, all)

	// Every upload under the prefix reached the function exactly once, and no
	// event failed or was dead-lettered; the one outside the prefix never did.
	var stats struct {
		Received, Succeeded, Retried int
		DeadLettered                 int `json:"dead_lettered"`
	}
	if err := getJSON(st.StatsURL, &stats); err != nil {
		t.Fatalf("runner stats: %v", err)
	}
	if events := len(all) + 2; stats.Received != events || stats.Succeeded != events || stats.Retried != 0 || stats.DeadLettered != 0 {
		t.Errorf("runner stats %+v, want %d received and succeeded, none retried or dead-lettered", stats, events)
	}
}

func percentile(sorted []time.Duration, p int) time.Duration {
	i := (len(sorted)*p+99)/100 - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

func reportKey(st localstack.StackState, u upload) string {
	if u.want == "report" {
		return st.ReportPrefix + u.key + ".slant.json"
	}
	return st.ReportPrefix + u.key + ".slant.error.json"
}

func reportKeys(st localstack.StackState, us []upload) []string {
	keys := make([]string, len(us))
	for i, u := range us {
		keys[i] = reportKey(st, u)
	}
	return keys
}

func listAll(t *testing.T, ctx context.Context, client *s3.Client, bucket string) []string {
	t.Helper()
	var keys []string
	p := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: &bucket})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("list s3://%s: %v", bucket, err)
		}
		for _, o := range page.Contents {
			keys = append(keys, *o.Key)
		}
	}
	return keys
}

// report holds the parts of slant.report/v1 and slant.error/v1 this test checks.
type report struct {
	Schema string `json:"schema"`
	Source struct {
		Name   string `json:"name"`
		Bytes  *int   `json:"bytes"`
		SHA256 string `json:"sha256"`
		Bucket string `json:"bucket"`
		Key    string `json:"key"`
		ETag   string `json:"etag"`
	} `json:"source"`
	Stats *struct {
		Words int `json:"words"`
	} `json:"stats"`
	Label    string `json:"label"`
	Findings []struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Text  string `json:"text"`
	} `json:"findings"`
	Error *struct {
		Code   string `json:"code"`
		Reason string `json:"reason"`
	} `json:"error"`
}

func checkReports(t *testing.T, ctx context.Context, client *s3.Client, st localstack.StackState, all []upload) {
	t.Helper()
	var mu sync.Mutex
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, u := range all {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			key := reportKey(st, u)
			body, ctype, err := get(ctx, client, st.ReportBucket, key)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("get %s: %v", key, err)
				return
			}
			if ctype != "application/json" {
				t.Errorf("%s: content-type %q, want application/json", key, ctype)
			}
			checkReport(t, st, u, key, body)
		})
	}
	wg.Wait()
}

func checkReport(t *testing.T, st localstack.StackState, u upload, key string, body []byte) {
	t.Helper()
	var r report
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&r); err != nil {
		t.Errorf("%s: %v", key, err)
		return
	}
	if r.Source.Bucket != st.InputBucket || r.Source.Key != u.key {
		t.Errorf("%s: source s3://%s/%s, want s3://%s/%s", key, r.Source.Bucket, r.Source.Key, st.InputBucket, u.key)
	}
	if u.want != "report" {
		if r.Schema != "slant.error/v1" || r.Error == nil || r.Error.Code != u.want || r.Error.Reason == "" {
			t.Errorf("%s: schema %q error %+v, want slant.error/v1 with code %s and a reason", key, r.Schema, r.Error, u.want)
		}
		if r.Source.Bytes != nil && *r.Source.Bytes != len(u.data) {
			t.Errorf("%s: source.bytes %d, want %d", key, *r.Source.Bytes, len(u.data))
		}
		return
	}
	sum := sha256.Sum256(u.data)
	switch {
	case r.Schema != "slant.report/v1":
		t.Errorf("%s: schema %q, want slant.report/v1", key, r.Schema)
	case r.Source.Bytes == nil || *r.Source.Bytes != len(u.data):
		t.Errorf("%s: source.bytes %v, want %d", key, r.Source.Bytes, len(u.data))
	case r.Source.SHA256 != hex.EncodeToString(sum[:]):
		t.Errorf("%s: source.sha256 %s, want the upload's %x", key, r.Source.SHA256, sum)
	case r.Source.ETag == "":
		t.Errorf("%s: no source.etag", key)
	case r.Label != "loaded" && r.Label != "neutral":
		t.Errorf("%s: label %q", key, r.Label)
	case r.Stats == nil || (r.Stats.Words == 0) != (len(u.data) == 0):
		t.Errorf("%s: stats %+v for %d bytes", key, r.Stats, len(u.data))
	}
	for _, f := range r.Findings {
		if f.Start < 0 || f.End > len(u.data) || f.Start >= f.End || string(u.data[f.Start:f.End]) != f.Text {
			t.Errorf("%s: finding %+v does not match the uploaded bytes", key, f)
		}
	}
	if string(u.data) == loadedArticle && len(r.Findings) == 0 {
		t.Errorf("%s: no findings in a loaded article", key)
	}
}

func get(ctx context.Context, client *s3.Client, bucket, key string) ([]byte, string, error) {
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: &bucket, Key: &key})
	if err != nil {
		return nil, "", err
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	return b, aws.ToString(out.ContentType), err
}

func getJSON(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// minioEvent is a MinIO webhook notification for one new object.
func minioEvent(bucket, key string) string {
	ev := map[string]any{
		"EventName": "s3:ObjectCreated:Put",
		"Key":       bucket + "/" + key,
		"Records": []any{map[string]any{
			"eventVersion": "2.0", "eventSource": "minio:s3", "awsRegion": "",
			"eventTime": time.Now().UTC().Format(time.RFC3339Nano), "eventName": "s3:ObjectCreated:Put",
			"s3": map[string]any{
				"s3SchemaVersion": "1.0", "configurationId": "Config",
				"bucket": map[string]any{"name": bucket, "arn": "arn:aws:s3:::" + bucket},
				"object": map[string]any{"key": url.QueryEscape(key), "size": 100, "eTag": "0123456789abcdef0123456789abcdef"},
			},
		}},
	}
	b, _ := json.Marshal(ev)
	return string(b)
}

func binaryBlob() []byte {
	b := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	for i := range 600 {
		b = append(b, byte(i*7), 0)
	}
	return b
}

// Articles written for this test.
const loadedArticle = `Council Rams Through Disastrous Parking Scheme

The council's ruling bloc rammed through its disastrous parking scheme on Tuesday night, brushing aside a chorus of furious shopkeepers. Critics slammed the vote as a shameless power grab. "This is a betrayal of every small business on the high street," said one trader. The so-called consultation lasted barely a week.
`

const neutralArticle = `Library Extends Weekend Opening Hours

The central library will open from 9 a.m. to 5 p.m. on Saturdays and Sundays from next month, the city announced on Monday. The change follows a survey in which residents asked for more weekend access. "We expect the reading rooms to be busiest in the afternoons," a spokesperson said.
`

var (
	subjects = []string{"The city council", "Regional health officials", "The transport union", "A coalition of farmers",
		"The education ministry", "Harbour authorities", "The opposition leader", "Local residents"}
	actions = []string{"approved a revised budget for the coming year", "announced new rules for street markets",
		"slammed the disastrous proposal as a reckless blunder", "published a report on water quality",
		"ridiculed the so-called reform as a farce", "agreed to review bus timetables",
		"denounced the shameless cover-up", "opened a consultation on cycle lanes"}
	quotes = []string{"We will study the details carefully", "This is an outrageous betrayal",
		"The figures speak for themselves", "Nobody asked us", "It is a sensible first step"}
)

// generatedArticle is a short, distinct news item; i keeps every text unique.
func generatedArticle(rng *rand.Rand, i int) string {
	s := subjects[rng.IntN(len(subjects))]
	return fmt.Sprintf("Item %d\n\n%s %s on day %d. %s said the decision followed weeks of talks. \"%s,\" a spokesperson said. %s %s.\n",
		i, s, actions[rng.IntN(len(actions))], 1+i%28, s, quotes[rng.IntN(len(quotes))],
		subjects[rng.IntN(len(subjects))], actions[rng.IntN(len(actions))])
}

// TestUpDown is `make local-up` and `make local-down`: up returns with the
// stack running in the background and .local/env written, a file dropped with
// the aws CLI and nothing but that env file yields its report, and down leaves
// no process behind.
func TestUpDown(t *testing.T) {
	tl := findTools(t)
	dir := t.TempDir()
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(tl.runner, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("slant-runner %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	out := run("up", "-dir", dir, "-bootstrap", tl.bootstrap, "-minio", tl.minio, "-aws", tl.aws, "-warm", "1")
	pidb, err := os.ReadFile(filepath.Join(dir, "stack.pid"))
	if err != nil {
		t.Fatalf("up wrote no pid file: %v\n%s", err, out)
	}
	pgid, _ := strconv.Atoi(strings.TrimSpace(string(pidb)))
	t.Cleanup(func() {
		if pgid > 0 && len(localstack.GroupMembers(pgid)) > 0 {
			exec.Command(tl.runner, "down", "-dir", dir).Run()
			syscall.Kill(-pgid, syscall.SIGKILL)
		}
		if t.Failed() {
			t.Logf("stack log (tail):\n%s", localstack.Tail(filepath.Join(dir, "stack.log"), 40))
		}
	})
	if !strings.Contains(out, "s3 cp article.txt") {
		t.Errorf("up does not say how to use the stack:\n%s", out)
	}
	if again := run("up", "-dir", dir, "-bootstrap", tl.bootstrap, "-minio", tl.minio); !strings.Contains(again, "already running") {
		t.Errorf("second up: %s, want already running", again)
	}

	// Everything below uses only what .local/env exports.
	article := filepath.Join(dir, "article.txt")
	if err := os.WriteFile(article, []byte(loadedArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `set -e
. "$1/env"
for v in AWS_ENDPOINT_URL_S3 AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION INPUT_BUCKET INPUT_PREFIX REPORT_BUCKET REPORT_PREFIX; do
	eval "test -n \"\${$v}\"" || { echo "$v not set"; exit 1; }
done
"$2" --endpoint-url "$AWS_ENDPOINT_URL_S3" s3 cp --no-progress "$3" "s3://$INPUT_BUCKET/$INPUT_PREFIX"
key="${REPORT_PREFIX}${INPUT_PREFIX}article.txt.slant.json"
for i in $(seq 1 50); do
	if "$2" --endpoint-url "$AWS_ENDPOINT_URL_S3" s3 cp "s3://$REPORT_BUCKET/$key" - 2>/dev/null; then exit 0; fi
	sleep 0.2
done
echo "no report at s3://$REPORT_BUCKET/$key"; exit 1
`
	cmd := exec.Command("sh", "-c", script, "sh", dir, tl.aws, article)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "AWS_PAGER="}
	rep, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(rep, []byte(`"schema": "slant.report/v1"`)) {
		t.Errorf("upload and fetch with .local/env: %v\n%s", err, rep)
	}

	out = run("down", "-dir", dir)
	if !strings.Contains(out, "stopped") {
		t.Errorf("down: %s", out)
	}
	if left := localstack.GroupMembers(pgid); len(left) > 0 {
		t.Errorf("after down, processes %v of the stack's group remain", left)
	}
	for _, f := range []string{"stack.pid", "env"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("after down, %s still exists", f)
		}
	}
	if out := run("down", "-dir", dir); !strings.Contains(out, "not running") {
		t.Errorf("second down: %s, want not running", out)
	}
}
