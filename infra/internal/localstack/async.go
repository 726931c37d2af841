package localstack

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"
)

// Async delivers events the way Lambda's asynchronous invocation does: the
// caller gets an acknowledgement at once, a failed invocation is retried twice
// with back-off, and an event that still fails is written to a dead-letter
// directory, so that no event is dropped silently.
//
// With a Journal, Submit stores each event durably before it returns, and an
// event stays in the journal until it succeeds or is dead-lettered: an event
// that the runner's shutdown (or a crash) interrupts is not dead-lettered but
// left there, and Replay delivers it on the next start.
type Async struct {
	Pool    *Pool
	Backoff []time.Duration // one entry per retry; Lambda's default is two retries
	DLQ     string          // directory for events that failed every attempt
	Journal *Journal        // optional: accepted events survive a crash or stop
	Log     *slog.Logger

	wg     sync.WaitGroup
	mu     sync.Mutex
	closed bool
	stats  AsyncStats
}

// AsyncStats counts events by outcome.
type AsyncStats struct {
	Received     int `json:"received"`
	Succeeded    int `json:"succeeded"`
	Retried      int `json:"retried"`
	DeadLettered int `json:"dead_lettered"`
	Replayed     int `json:"replayed"` // taken from the journal at start (counted in Received too)
	Deferred     int `json:"deferred"` // interrupted by shutdown, left in the journal for the next start
}

// Submit queues one event; it reports false once the runner is shutting
// down, or when the journal cannot store the event. With a journal, the event
// is on disk when Submit returns true.
func (a *Async) Submit(event []byte) bool {
	a.mu.Lock()
	closed := a.closed
	a.mu.Unlock()
	if closed {
		return false
	}
	id := ""
	if a.Journal != nil {
		// Outside the lock: concurrent deliveries fsync in parallel.
		var err error
		if id, err = a.Journal.Add(event); err != nil {
			a.Log.Error("event refused", "event", describeEvent(event), "err", err)
			return false
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		if id == "" {
			return false
		}
		// Stored, but shutdown began meanwhile: the next start runs it.
		a.stats.Received++
		a.stats.Deferred++
		return true
	}
	a.stats.Received++
	a.wg.Add(1)
	go a.run(event, id)
	return true
}

// Replay submits the events left in the journal by an earlier run (one that
// crashed or stopped before they finished) and returns how many.
func (a *Async) Replay() (int, error) {
	if a.Journal == nil {
		return 0, nil
	}
	pending, err := a.Journal.Pending()
	if err != nil {
		return 0, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return 0, errClosed
	}
	for _, e := range pending {
		a.stats.Received++
		a.stats.Replayed++
		a.wg.Add(1)
		go a.run(e.Event, e.ID)
	}
	return len(pending), nil
}

func (a *Async) run(event []byte, journalID string) {
	defer a.wg.Done()
	desc := describeEvent(event)
	done := func() {
		if journalID == "" {
			return
		}
		if err := a.Journal.Done(journalID); err != nil {
			a.Log.Error("journal", "event", desc, "err", err)
		}
	}
	var last Result
	for attempt := 0; ; attempt++ {
		r, err := a.Pool.Invoke(context.Background(), event)
		if err != nil {
			// The pool closed before this attempt ran; keep the failure of
			// the attempt before, if there was one.
			if last.Err == nil {
				last = Result{Err: &FuncError{Type: "Runner.Shutdown", Message: err.Error()}}
			}
			break
		}
		last = r
		if r.Err == nil {
			a.Log.Info("invoked", "requestId", r.RequestID, "event", desc, "ms", msec(r.Duration), "initMs", msec(r.Init))
			a.count(func(s *AsyncStats) { s.Succeeded++ })
			done()
			return
		}
		a.Log.Warn("invocation failed", "requestId", r.RequestID, "event", desc, "attempt", attempt+1, "errorType", r.Err.Type, "err", r.Err.Message)
		// Once the pool is closing no retry can run: dead-letter now, while
		// the runner still waits for this event, rather than after a back-off.
		if attempt >= len(a.Backoff) || a.Pool.Closed() || !a.sleep(a.Backoff[attempt]) {
			break
		}
		a.count(func(s *AsyncStats) { s.Retried++ })
	}
	if journalID != "" && a.Pool.Closed() {
		// Shutdown cut this event short (its retries, or the attempt the
		// closing pool failed): the next start delivers it again.
		a.Log.Warn("event left in the journal for the next start", "event", desc, "journal", journalID)
		a.count(func(s *AsyncStats) { s.Deferred++ })
		return
	}
	a.count(func(s *AsyncStats) { s.DeadLettered++ })
	if err := a.deadLetter(event, last); err != nil {
		// Kept in the journal: a dead letter that could not be written
		// must not lose the event.
		a.Log.Error("dead-letter", "event", desc, "err", err)
		return
	}
	done()
}

// sleep waits d before a retry; it reports false if the pool closed meanwhile.
func (a *Async) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return !a.Pool.Closed()
	case <-a.Pool.Closing():
		return false
	}
}

func (a *Async) count(f func(*AsyncStats)) {
	a.mu.Lock()
	f(&a.stats)
	a.mu.Unlock()
}

// Stats returns the counts so far.
func (a *Async) Stats() AsyncStats {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.stats
}

func (a *Async) deadLetter(event []byte, r Result) error {
	if a.DLQ == "" {
		return fmt.Errorf("no dead-letter directory; event dropped: %s", r.Err)
	}
	if err := os.MkdirAll(a.DLQ, 0o755); err != nil {
		return err
	}
	rec, err := json.MarshalIndent(struct {
		Time      time.Time       `json:"time"`
		RequestID string          `json:"request_id,omitempty"`
		Error     *FuncError      `json:"error"`
		Event     json.RawMessage `json:"event"`
	}{time.Now().UTC(), r.RequestID, r.Err, rawJSON(event)}, "", "  ")
	if err != nil {
		return err
	}
	// The time orders the files; CreateTemp's random part (the file is
	// created with O_EXCL) keeps two events failing in the same nanosecond
	// from sharing a name.
	pattern := time.Now().UTC().Format("20060102T150405.000000000Z") + "-"
	if r.RequestID != "" {
		pattern += r.RequestID + "-"
	}
	f, err := os.CreateTemp(a.DLQ, pattern+"*.json")
	if err != nil {
		return err
	}
	a.Log.Error("event dead-lettered", "file", f.Name(), "errorType", r.Err.Type)
	_, err = f.Write(rec)
	if err == nil {
		err = f.Sync() // the journal forgets the event next
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	return err
}

// Close stops accepting events and waits up to grace for those in flight.
// Events still in flight after that fail when the pool closes; Wait then
// waits for them to be dead-lettered.
func (a *Async) Close(grace time.Duration) {
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
	done := make(chan struct{})
	go func() { a.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(grace):
		a.Log.Warn("events still in flight at shutdown; they are dead-lettered as the pool stops")
	}
}

// Wait waits for every submitted event to reach its outcome.
func (a *Async) Wait() { a.wg.Wait() }

// maxEventBytes is the largest event the webhook takes: Lambda's payload
// limit for an asynchronous invocation (1 MiB).
const maxEventBytes = 1 << 20

// WebhookHandler receives MinIO bucket notifications (the webhook target's
// POST of {"EventName", "Key", "Records"}) and submits each as one event.
// MinIO checks the endpoint with a plain TCP dial, so no other route is needed.
func WebhookHandler(a *Async, token string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		if token != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) != 1 {
			http.Error(w, "bad token", http.StatusForbidden)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxEventBytes))
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, fmt.Sprintf("event larger than %d bytes (Lambda's limit for an asynchronous invocation is 1 MiB); not invoked", maxEventBytes), http.StatusRequestEntityTooLarge)
			return
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var probe struct {
			Records []json.RawMessage
		}
		if err := json.Unmarshal(body, &probe); err != nil {
			http.Error(w, "not an S3 event: "+err.Error(), http.StatusBadRequest)
			return
		}
		if len(probe.Records) == 0 {
			// Nothing to analyze (MinIO sends none of these, but say so rather than invoke).
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if !a.Submit(body) {
			http.Error(w, errClosed.Error(), http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})
}

// describeEvent names an event in logs without its payload: MinIO's "Key"
// (bucket/key) when present.
func describeEvent(event []byte) string {
	var e struct {
		EventName string
		Key       string
	}
	if json.Unmarshal(event, &e) == nil && e.Key != "" {
		return e.EventName + " " + e.Key
	}
	return fmt.Sprintf("%d-byte event", len(event))
}

func rawJSON(b []byte) json.RawMessage {
	if json.Valid(b) {
		return b
	}
	q, _ := json.Marshal(string(b))
	return q
}

func msec(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
