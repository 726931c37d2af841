package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/slantnews/slant/infra/internal/faultproxy"
	"github.com/slantnews/slant/infra/internal/localstack"
)

// runnerStats is the runner's GET /stats.
type runnerStats struct {
	Received     int `json:"received"`
	Succeeded    int `json:"succeeded"`
	Retried      int `json:"retried"`
	DeadLettered int `json:"dead_lettered"`
	Replayed     int `json:"replayed"`
	Deferred     int `json:"deferred"`
}

func stats(t *testing.T, st localstack.StackState) runnerStats {
	t.Helper()
	var s runnerStats
	if err := getJSON(st.StatsURL, &s); err != nil {
		t.Fatalf("runner stats: %v", err)
	}
	return s
}

// s3Client talks to the stack's MinIO directly (not through a fault proxy).
func s3Client(st localstack.StackState, retries int) *s3.Client {
	return s3.New(s3.Options{
		Region:       st.Region,
		Credentials:  credentials.NewStaticCredentialsProvider(st.AccessKey, st.SecretKey, ""),
		BaseEndpoint: aws.String(st.S3Endpoint),
		UsePathStyle: true,
		DisableLogOutputChecksumValidationSkipped: true,
		RetryMaxAttempts: retries,
	})
}

func freePort(t *testing.T) string {
	t.Helper()
	p, err := localstack.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(p)
}

// waitReports waits until every key exists in the reports bucket; it returns
// those still missing after timeout.
func waitReports(t *testing.T, client *s3.Client, bucket string, keys []string, timeout time.Duration) []string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		have := map[string]bool{}
		for _, k := range listAll(t, context.Background(), client, bucket) {
			have[k] = true
		}
		var missing []string
		for _, k := range keys {
			if !have[k] {
				missing = append(missing, k)
			}
		}
		if len(missing) == 0 || time.Now().After(deadline) {
			return missing
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// Events MinIO delivered survive the runner: killed outright with events
// accepted and not yet run, and stopped (as `make local-down` does) while
// uploads keep arriving. The next start delivers each of them.
func TestDurableDelivery(t *testing.T) {
	tl := findTools(t)
	t.Run("crash", func(t *testing.T) {
		dir, port := t.TempDir(), freePort(t)
		// Every S3 call of the function waits 100 ms, so that events are
		// still queued when the runner is killed.
		proxy, err := faultproxy.Start(faultproxy.Config{Target: "http://127.0.0.1:" + port, Rate: 1,
			Kinds: []faultproxy.Kind{faultproxy.Delay}, Delay: 100 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		defer proxy.Close()
		args := []string{"-s3-port", port, "-function-s3-endpoint", proxy.URL(), "-concurrency", "1", "-warm", "1"}
		sp := runStack(t, tl, dir, args...)
		client := s3Client(sp.st, 3)
		const n = 30
		var keys []string
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			key := fmt.Sprintf("%scrash/a%02d.txt", sp.st.InputPrefix, i)
			keys = append(keys, sp.st.ReportPrefix+key+".slant.json")
			wg.Go(func() {
				_, err := client.PutObject(context.Background(), &s3.PutObjectInput{Bucket: &sp.st.InputBucket, Key: &key,
					Body: strings.NewReader(generatedArticle(rand.New(rand.NewPCG(uint64(i), 1)), i))})
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		before := stats(t, sp.st)
		if before.Received != n || before.Succeeded >= n {
			t.Fatalf("before the kill: stats %+v, want %d received and some not yet run", before, n)
		}
		sp.stop(t, syscall.SIGKILL)

		proxy.SetRate(0)
		sp2 := runStack(t, tl, dir, args...)
		if missing := waitReports(t, client, sp2.st.ReportBucket, keys, 60*time.Second); len(missing) > 0 {
			t.Errorf("after a crash with %d of %d events run and a restart, %d reports missing, e.g. %s", before.Succeeded, n, len(missing), missing[0])
		}
		after := stats(t, sp2.st)
		if after.Replayed < n-before.Succeeded || after.DeadLettered != 0 {
			t.Errorf("after the restart: stats %+v, want at least %d replayed, none dead-lettered", after, n-before.Succeeded)
		}
		t.Logf("killed with %d of %d events run; the restart replayed %d (stats %+v)", before.Succeeded, n, after.Replayed, after)
	})

	t.Run("stop while uploading", func(t *testing.T) {
		dir, port := t.TempDir(), freePort(t)
		args := []string{"-s3-port", port, "-concurrency", "2", "-warm", "2"}
		sp := runStack(t, tl, dir, args...)
		client := s3Client(sp.st, 1)
		var (
			mu       sync.Mutex
			uploaded []string
			stop     atomic.Bool
			wg       sync.WaitGroup
		)
		for w := range 4 {
			wg.Go(func() {
				for i := 0; !stop.Load(); i++ {
					key := fmt.Sprintf("%sstop/w%d-%04d.txt", sp.st.InputPrefix, w, i)
					ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
					_, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: &sp.st.InputBucket, Key: &key,
						Body: strings.NewReader(neutralArticle)})
					cancel()
					if err == nil {
						mu.Lock()
						uploaded = append(uploaded, sp.st.ReportPrefix+key+".slant.json")
						mu.Unlock()
					} else {
						time.Sleep(20 * time.Millisecond)
					}
				}
			})
		}
		time.Sleep(time.Second)
		sp.stop(t, syscall.SIGTERM) // what `make local-down` sends
		stop.Store(true)
		wg.Wait()
		if len(uploaded) == 0 {
			t.Fatal("no upload succeeded")
		}
		sp2 := runStack(t, tl, dir, args...)
		if missing := waitReports(t, client, sp2.st.ReportBucket, uploaded, 60*time.Second); len(missing) > 0 {
			t.Errorf("%d of %d uploads that MinIO accepted around the stop have no report after a restart, e.g. %s", len(missing), len(uploaded), missing[0])
		}
		t.Logf("%d uploads accepted before and during the stop; restart stats %+v", len(uploaded), stats(t, sp2.st))
	})
}

// soakObject is one upload of the soak and the outcome it must have.
type soakObject struct {
	key  string
	data []byte
	want string // "report", or an error code
}

// TestSoak uploads many objects (SLANT_SOAK_OBJECTS, default 300; `make soak`
// 10,000) with the aws CLI while a fault proxy between the function and MinIO
// fails a share of the function's S3 requests (SLANT_SOAK_FAULT_RATE, default
// 0.2: 500, 503 SlowDown, resets, delays, cut bodies). Then, object by object:
// exactly one report, or one error report, or one dead letter; nothing else
// in the reports bucket (no report of a report); every report describes the
// bytes uploaded.
func TestSoak(t *testing.T) {
	tl := findTools(t)
	n := 300
	if v := os.Getenv("SLANT_SOAK_OBJECTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			t.Fatalf("SLANT_SOAK_OBJECTS=%q", v)
		}
	}
	rate := 0.2
	if v := os.Getenv("SLANT_SOAK_FAULT_RATE"); v != "" {
		var err error
		if rate, err = strconv.ParseFloat(v, 64); err != nil {
			t.Fatalf("SLANT_SOAK_FAULT_RATE=%q", v)
		}
	}
	const seed = 16
	began := time.Now()
	dir, port := t.TempDir(), freePort(t)
	proxy, err := faultproxy.Start(faultproxy.Config{Target: "http://127.0.0.1:" + port, Rate: rate, Seed: seed, Delay: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	sp := runStack(t, tl, dir, "-s3-port", port, "-function-s3-endpoint", proxy.URL(), "-concurrency", "16", "-warm", "4",
		"-max-object-bytes", strconv.Itoa(maxObjectBytes), "-timeout", "60s")
	st := sp.st

	// The objects: news items, some binary (not_text), some too large, and
	// some whose report key MinIO refuses (a 254-byte path segment).
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	src := filepath.Join(dir, "soak-src")
	objs := make([]soakObject, n)
	for i := range objs {
		o := soakObject{key: fmt.Sprintf("a%05d.txt", i), want: "report"}
		switch {
		case i%100 == 37:
			o.data, o.want = binaryBlob(), "not_text"
		case i%100 == 73:
			o.data, o.want = bytes.Repeat([]byte("The committee met again on Thursday. "), 160), "too_large"
		case i%100 == 91:
			o.key = fmt.Sprintf("r%05d-%s.txt", i, strings.Repeat("x", 254-11))
			o.data, o.want = []byte(generatedArticle(rng, i)), "report_key_refused"
		default:
			o.data = []byte(generatedArticle(rng, i))
		}
		if err := os.MkdirAll(src, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, o.key), o.data, 0o644); err != nil {
			t.Fatal(err)
		}
		o.key = st.InputPrefix + "soak/" + o.key
		objs[i] = o
	}
	cmd := exec.Command(tl.aws, "--endpoint-url", st.S3Endpoint, "s3", "cp", "--recursive", "--only-show-errors", src, "s3://"+st.InputBucket+"/"+st.InputPrefix+"soak/")
	cmd.Env = st.AWSEnv(dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("aws s3 cp --recursive: %v\n%s", err, out)
	}
	uploadSecs := time.Since(began).Seconds()

	// Wait until every event reached its outcome.
	deadline := time.Now().Add(5*time.Minute + time.Duration(n)*50*time.Millisecond)
	var rs runnerStats
	for {
		rs = stats(t, st)
		if rs.Received >= n && rs.Succeeded+rs.DeadLettered == rs.Received {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("events not settled in time: stats %+v for %d uploads", rs, n)
		}
		time.Sleep(time.Second)
	}
	if rs.Received != n {
		t.Errorf("runner received %d events for %d uploads", rs.Received, n)
	}

	// Dead letters, by object key.
	dead := map[string]int{}
	files, _ := filepath.Glob(filepath.Join(dir, "dead-letter", "*.json"))
	for _, f := range files {
		var dl struct {
			Event struct{ Key string } `json:"event"`
		}
		b, err := os.ReadFile(f)
		if err == nil {
			err = json.Unmarshal(b, &dl)
		}
		if err != nil {
			t.Errorf("dead letter %s: %v", f, err)
			continue
		}
		dead[strings.TrimPrefix(dl.Event.Key, st.InputBucket+"/")]++
	}

	// Each object: exactly one of its report, its error report (at its
	// own key or, for a refused key, at the fallback) or a dead letter.
	client := s3Client(st, 3)
	listed := map[string]bool{}
	for _, k := range listAll(t, context.Background(), client, st.ReportBucket) {
		listed[k] = true
		if strings.Count(k, ".slant.") > 1 {
			t.Errorf("report of a report: %q", k)
		}
	}
	expected := map[string]bool{}
	outcomes := map[string]int{}
	type check struct {
		o   soakObject
		key string
	}
	var toRead []check
	for _, o := range objs {
		sum := sha256.Sum256([]byte(o.key))
		cands := map[string]string{
			st.ReportPrefix + o.key + ".slant.json":                                               "report",
			st.ReportPrefix + o.key + ".slant.error.json":                                         "error report",
			st.ReportPrefix + "_refused-keys/" + hex.EncodeToString(sum[:]) + ".slant.error.json": "error report (fallback key)",
		}
		var found []string
		for k, what := range cands {
			expected[k] = true
			if listed[k] {
				found = append(found, what)
				toRead = append(toRead, check{o, k})
			}
		}
		for range dead[o.key] {
			found = append(found, "dead letter")
		}
		if len(found) != 1 {
			t.Errorf("%s (want %s): %d outcomes %v, want exactly one", o.key, o.want, len(found), found)
			continue
		}
		outcomes[found[0]]++
	}
	for k := range listed {
		if !expected[k] {
			t.Errorf("unexpected object in the reports bucket: %q", k)
		}
	}

	// Every report and error report holds what it should: the uploaded
	// bytes' hash, or the expected code.
	var mu sync.Mutex
	codes := map[string]int{}
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	for _, c := range toRead {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			body, _, err := get(context.Background(), client, st.ReportBucket, c.key)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("get %s: %v", c.key, err)
				return
			}
			var r report
			if err := json.Unmarshal(body, &r); err != nil {
				t.Errorf("%s: %v", c.key, err)
				return
			}
			got := "report"
			if r.Error != nil {
				got = r.Error.Code
			}
			codes[got]++
			if got != c.o.want || r.Source.Key != c.o.key {
				t.Errorf("%s: outcome %s for source %q, want %s for %q", c.key, got, r.Source.Key, c.o.want, c.o.key)
				return
			}
			if sum := sha256.Sum256(c.o.data); got == "report" && r.Source.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("%s: source.sha256 %s, want the upload's %x (a cut body analyzed?)", c.key, r.Source.SHA256, sum)
			}
		})
	}
	wg.Wait()

	ps := proxy.Stats()
	kinds := make([]string, 0, len(ps.Faults))
	for k, v := range ps.Faults {
		kinds = append(kinds, fmt.Sprintf("%s=%d", k, v))
	}
	sort.Strings(kinds)
	t.Logf("soak: %d objects, fault rate %.2f (seed %d): the function made %d S3 requests through the proxy, %d faults injected (%s); outcomes %v, by code %v; runner %+v; uploads took %.0fs, all settled and checked in %.0fs",
		n, rate, seed, ps.Requests, ps.Total(), strings.Join(kinds, " "), outcomes, codes, rs, uploadSecs, time.Since(began).Seconds())
}
