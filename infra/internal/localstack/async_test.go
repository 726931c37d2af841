package localstack

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Events still running when the runner stops are dead-lettered at once, not
// after a back-off the runner no longer waits for: stack shutdown is
// async.Close, pool.Close, async.Wait.
func TestShutdownDeadLettersInFlightEvents(t *testing.T) {
	p := newTestPool(t, "serve", PoolConfig{Concurrency: 1, Timeout: time.Minute})
	dlq := t.TempDir()
	a := &Async{Pool: p, Backoff: []time.Duration{time.Hour, time.Hour}, DLQ: dlq, Log: quiet}
	for _, key := range []string{"in/running.txt", "in/queued.txt"} {
		if !a.Submit([]byte(`{"EventName":"s3:ObjectCreated:Put","Key":"` + key + `","do":"sleep","ms":60000}`)) {
			t.Fatal("Submit = false before Close")
		}
	}
	time.Sleep(300 * time.Millisecond) // the first is running, the second queued
	a.Close(50 * time.Millisecond)
	p.Close()
	waited := make(chan struct{})
	go func() { a.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(10 * time.Second):
		t.Fatal("events failed by the closing pool were not dead-lettered within 10s (waiting out the retry back-off?)")
	}
	if st, want := a.Stats(), (AsyncStats{Received: 2, DeadLettered: 2}); st != want {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
	files, _ := filepath.Glob(filepath.Join(dlq, "*.json"))
	if len(files) != 2 {
		t.Fatalf("dead-letter files = %v, want 2", files)
	}
	var all []byte
	for _, f := range files {
		b, _ := os.ReadFile(f)
		all = append(all, b...)
	}
	for _, key := range []string{"in/running.txt", "in/queued.txt"} {
		if !bytes.Contains(all, []byte(key)) {
			t.Errorf("no dead letter holds %s:\n%s", key, all)
		}
	}
}

// Two events dead-lettered at the same moment get a file each.
func TestDeadLetterNamesAreUnique(t *testing.T) {
	dlq := t.TempDir()
	a := &Async{DLQ: dlq, Log: quiet}
	const n = 200
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			if err := a.deadLetter([]byte(`{"Key":"in/a.txt"}`), Result{RequestID: "same-id", Err: &FuncError{Type: "T", Message: "m"}}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	files, _ := filepath.Glob(filepath.Join(dlq, "*.json"))
	if len(files) != n {
		t.Errorf("%d dead letters made %d files, want %d", n, len(files), n)
	}
	if fi, err := os.Stat(files[0]); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("dead letter mode = %v, %v; want 0644", fi.Mode().Perm(), err)
	}
}

// An event over 1 MiB is refused with 413 and says why, rather than being
// cut short and called "not an S3 event".
func TestWebhookRefusesLargeEvent(t *testing.T) {
	p := newTestPool(t, "serve", PoolConfig{})
	a := &Async{Pool: p, Log: quiet}
	srv := httptest.NewServer(WebhookHandler(a, ""))
	defer srv.Close()
	pad := strings.Repeat("x", maxEventBytes)
	resp, err := http.Post(srv.URL+"/", "application/json", strings.NewReader(`{"Records":[{"pad":"`+pad+`"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(msg), "event larger than 1048576 bytes") {
		t.Errorf("POST of a %d-byte event = %d %q, want 413 saying it is too large", len(pad), resp.StatusCode, msg)
	}
	if st := a.Stats(); st.Received != 0 {
		t.Errorf("stats = %+v, want nothing received", st)
	}
	// Just under the limit is taken.
	pad = pad[:maxEventBytes-100]
	resp, err = http.Post(srv.URL+"/", "application/json", strings.NewReader(`{"Records":[{"pad":"`+pad+`"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("POST of a %d-byte event = %d, want 202", len(pad)+20, resp.StatusCode)
	}
	a.Close(10 * time.Second)
}
