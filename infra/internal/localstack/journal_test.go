package localstack

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Events the webhook accepted survive a runner that dies before running them
// (a crash: nothing closes, nothing is dead-lettered) and one that stops with
// them in flight: the next start replays them, and each succeeds once.
func TestJournalReplaysAcceptedEvents(t *testing.T) {
	dir := t.TempDir()
	j, err := OpenJournal(filepath.Join(dir, "journal"))
	if err != nil {
		t.Fatal(err)
	}
	// Run 1 "crashes": its function never becomes ready, and it is abandoned.
	crashed := &Async{Pool: newTestPool(t, "init-hang", PoolConfig{Concurrency: 1, InitTimeout: time.Hour}), Journal: j, DLQ: filepath.Join(dir, "dlq"), Log: quiet}
	srv := httptest.NewServer(WebhookHandler(crashed, ""))
	for _, key := range []string{"in/a.txt", "in/b.txt"} {
		resp, err := http.Post(srv.URL+"/", "application/json", strings.NewReader(`{"Key":"`+key+`","Records":[{}],"do":"sleep","ms":300}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("POST %s = %d, want 202", key, resp.StatusCode)
		}
	}
	srv.Close()

	// Run 2 starts over the same journal, and is stopped while they run.
	j2, _ := OpenJournal(j.Dir)
	stopped := &Async{Pool: newTestPool(t, "serve", PoolConfig{Concurrency: 2}), Journal: j2, DLQ: filepath.Join(dir, "dlq"), Backoff: []time.Duration{time.Hour}, Log: quiet}
	if n, err := stopped.Replay(); n != 2 || err != nil {
		t.Fatalf("Replay after a crash = %d, %v; want 2", n, err)
	}
	time.Sleep(100 * time.Millisecond) // both running
	stopped.Close(10 * time.Millisecond)
	stopped.Pool.Close()
	stopped.Wait()
	if st, want := stopped.Stats(), (AsyncStats{Received: 2, Replayed: 2, Deferred: 2}); st != want {
		t.Errorf("stats of the stopped run = %+v, want %+v (nothing dead-lettered)", st, want)
	}

	// Run 3 finishes them.
	final := &Async{Pool: newTestPool(t, "serve", PoolConfig{Concurrency: 2}), Journal: j2, DLQ: filepath.Join(dir, "dlq"), Log: quiet}
	if n, err := final.Replay(); n != 2 || err != nil {
		t.Fatalf("Replay after a stop = %d, %v; want 2", n, err)
	}
	final.Close(10 * time.Second)
	if st, want := final.Stats(), (AsyncStats{Received: 2, Replayed: 2, Succeeded: 2}); st != want {
		t.Errorf("stats of the last run = %+v, want %+v", st, want)
	}
	if left, _ := j2.Pending(); len(left) != 0 {
		t.Errorf("journal holds %d events after they succeeded, want none", len(left))
	}
	if _, err := os.Stat(filepath.Join(dir, "dlq")); err == nil {
		t.Error("an event was dead-lettered")
	}
}

// When the journal cannot store an event the webhook answers 503 (MinIO
// keeps it) rather than 202.
func TestWebhookRefusesWhatItCannotStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "journal")
	j, err := OpenJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(dir)
	a := &Async{Pool: newTestPool(t, "serve", PoolConfig{}), Journal: j, Log: quiet}
	srv := httptest.NewServer(WebhookHandler(a, ""))
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/", "application/json", strings.NewReader(`{"Records":[{}]}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("POST with the journal gone = %d, want 503", resp.StatusCode)
	}
	a.Close(time.Second)
}
