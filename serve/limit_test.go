package serve

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/slantnews/slant/analyzer"
)

// blockingAnalyze makes the server's analysis wait for release; started
// says when one has begun.
func blockingAnalyze(s *Server) (started chan struct{}, release chan struct{}) {
	started, release = make(chan struct{}, 8), make(chan struct{})
	analyze := s.analyze
	s.analyze = func(name string, in []byte) *analyzer.Report {
		started <- struct{}{}
		<-release
		return analyze(name, in)
	}
	return started, release
}

// TestBusy fills the one slot and checks that the next request gets 503 with
// Retry-After, and that the slot is free again afterwards.
func TestBusy(t *testing.T) {
	s, _ := newServer(t, WithConcurrency(1))
	started, release := blockingAnalyze(s)
	first := make(chan int)
	go func() { first <- do(s, "POST", "/v1/analyze", "text/plain", []byte("The mayor slammed it.")).Code }()
	<-started
	for _, target := range []string{"/v1/analyze", "/v1/compare", "/"} {
		ct := map[string]string{"/v1/analyze": "text/plain", "/v1/compare": "application/json", "/": "application/x-www-form-urlencoded"}[target]
		w := do(s, "POST", target, ct, []byte("text=x"))
		if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
			t.Errorf("POST %s while busy = %d (Retry-After %q), want 503 with Retry-After", target, w.Code, w.Header().Get("Retry-After"))
		}
		if target != "/" {
			if e := apiError(t, w); e.Status != 503 || !strings.Contains(e.Error, "busy") {
				t.Errorf("POST %s while busy: %+v", target, e)
			}
		}
	}
	if w := do(s, "GET", "/healthz", "", nil); w.Code != 200 {
		t.Errorf("GET /healthz while busy = %d, want 200 (it takes no slot)", w.Code)
	}
	close(release)
	if code := <-first; code != 200 {
		t.Errorf("first request = %d, want 200", code)
	}
	if w := do(s, "POST", "/v1/analyze", "text/plain", []byte("The mayor slammed it.")); w.Code != 200 {
		t.Errorf("after the first: %d %s, want 200", w.Code, w.Body)
	}
}

// TestAnalysisTimeout checks the per-request deadline, and that an analysis
// that outlives it still holds its slot until it ends.
func TestAnalysisTimeout(t *testing.T) {
	s, _ := newServer(t, WithConcurrency(1), WithAnalysisTimeout(50*time.Millisecond))
	started, release := blockingAnalyze(s)
	start := time.Now()
	w := do(s, "POST", "/v1/analyze", "text/plain", []byte("The mayor slammed it."))
	<-started
	if e := apiError(t, w); w.Code != 503 || !strings.Contains(e.Error, "longer than 50ms") {
		t.Errorf("slow analysis = %d %+v, want 503 naming the deadline", w.Code, e)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the deadline of 50ms took %s", d)
	}
	if w := do(s, "POST", "/v1/analyze", "text/plain", []byte("x")); w.Code != 503 || !strings.Contains(w.Body.String(), "busy") {
		t.Errorf("while the timed-out analysis runs: %d %s, want 503 busy", w.Code, w.Body)
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		w := do(s, "POST", "/v1/analyze", "text/plain", []byte("x"))
		if w.Code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("slot never freed: %d %s", w.Code, w.Body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// startServer runs s on 127.0.0.1 behind the http.Server of NewHTTPServer;
// it stops when the test ends.
func startServer(t *testing.T, s *Server) string {
	t.Helper()
	hs := httptest.NewUnstartedServer(s)
	base := NewHTTPServer("", s, s.log)
	hs.Config.ReadHeaderTimeout, hs.Config.ReadTimeout, hs.Config.WriteTimeout = base.ReadHeaderTimeout, base.ReadTimeout, base.WriteTimeout
	hs.Start()
	t.Cleanup(hs.Close)
	return hs.Listener.Addr().String()
}

// TestSlowBody sends headers and part of a body, then stalls: the server
// answers 408 when the body deadline passes and frees the worker.
func TestSlowBody(t *testing.T) {
	s, _ := newServer(t, WithConcurrency(1), WithBodyTimeout(300*time.Millisecond))
	addr := startServer(t, s)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v1/analyze HTTP/1.1\r\nHost: %s\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\nThe mayor", addr)
	start := time.Now()
	// While the slow client holds the slot, others are turned away.
	time.Sleep(50 * time.Millisecond)
	resp, err := http.Post("http://"+addr+"/v1/analyze", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 {
		t.Errorf("while a slow client sends: %d, want 503", resp.StatusCode)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	slow, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no response to the slow client: %v", err)
	}
	slow.Body.Close()
	if slow.StatusCode != http.StatusRequestTimeout {
		t.Errorf("slow body = %d, want 408", slow.StatusCode)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the slow client held the worker for %s", d)
	}
	resp, err = http.Post("http://"+addr+"/v1/analyze", "text/plain", strings.NewReader("The mayor slammed it."))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("after the slow client: %d, want 200", resp.StatusCode)
	}
}

// TestChunkedTooLarge: without a Content-Length the limit holds as the body is read.
func TestChunkedTooLarge(t *testing.T) {
	s, _ := newServer(t, WithMaxBytes(100))
	addr := startServer(t, s)
	req, _ := http.NewRequest("POST", "http://"+addr+"/v1/analyze", strings.NewReader(strings.Repeat("word ", 100)))
	req.ContentLength = -1 // chunked
	req.Header.Set("Content-Type", "text/plain")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 413 {
		t.Errorf("chunked body over the limit = %d, want 413", resp.StatusCode)
	}
}

func TestHTTPServerTimeouts(t *testing.T) {
	s, _ := newServer(t)
	hs := NewHTTPServer("127.0.0.1:0", s, s.log)
	if hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 || hs.WriteTimeout <= 0 || hs.IdleTimeout <= 0 || hs.MaxHeaderBytes <= 0 {
		t.Errorf("NewHTTPServer leaves a limit unset: %+v", hs)
	}
	if hs.WriteTimeout <= DefaultAnalysisTimeout {
		t.Errorf("WriteTimeout %s ends before the analysis deadline %s", hs.WriteTimeout, DefaultAnalysisTimeout)
	}
}

// TestLogs checks one line per request with its fields, and no document text.
func TestLogs(t *testing.T) {
	s, logs := newServer(t)
	in := article(t)
	do(s, "POST", "/v1/analyze?name=secret-name.txt", "text/plain", in)
	do(s, "POST", "/v1/analyze", "text/plain", []byte("Zanzibarine\x00"))
	ct, body := form(t, map[string]string{"text": string(in)}, nil)
	do(s, "POST", "/", ct, body)
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d log lines for 3 requests:\n%s", len(lines), logs)
	}
	for _, want := range []string{`"method":"POST"`, `"path":"/v1/analyze"`, `"status":200`, `"bytes":`, `"duration_ms":`, `"status":422`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("logs lack %s:\n%s", want, logs)
		}
	}
	for _, secret := range []string{"Ostrova", "blackmail", "Zanzibarine", "secret-name"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("logs hold document text %q:\n%s", secret, logs)
		}
	}
}
