package faultproxy

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"
)

// backend answers every request with its method, path and Host.
func backend(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("ETag", `"e"`)
		io.WriteString(w, r.Method+" "+r.URL.RequestURI()+" host="+r.Host+" body="+string(b))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func start(t *testing.T, cfg Config) *Proxy {
	t.Helper()
	p, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// client does not retry and does not reuse connections, so each request
// meets exactly one fault decision.
var client = &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}

func TestPassThrough(t *testing.T) {
	p := start(t, Config{Target: backend(t).URL})
	req, _ := http.NewRequest(http.MethodPut, p.URL()+"/bucket/a%20b?x=1", strings.NewReader("data"))
	req.Host = "signed.example:9000"
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := "PUT /bucket/a%20b?x=1 host=signed.example:9000 body=data"; string(b) != want || resp.Header.Get("ETag") != `"e"` {
		t.Errorf("through the proxy: %q (ETag %q), want %q", b, resp.Header.Get("ETag"), want)
	}
	if st := p.Stats(); st.Requests != 1 || st.Total() != 0 {
		t.Errorf("stats = %+v, want 1 request, no fault", st)
	}
}

// Each kind, at rate 1, does what it says to a client.
func TestEachKind(t *testing.T) {
	for _, tt := range []struct {
		kind  Kind
		check func(resp *http.Response, body string, err error) string
	}{
		{Status500, func(resp *http.Response, body string, err error) string {
			if err != nil || resp.StatusCode != 500 || !strings.Contains(body, "<Code>InternalError</Code>") {
				return "want 500 InternalError"
			}
			return ""
		}},
		{SlowDown, func(resp *http.Response, body string, err error) string {
			if err != nil || resp.StatusCode != 503 || !strings.Contains(body, "<Code>SlowDown</Code>") {
				return "want 503 SlowDown"
			}
			return ""
		}},
		{Reset, func(resp *http.Response, body string, err error) string {
			if err == nil || !errors.Is(err, syscall.ECONNRESET) && !strings.Contains(err.Error(), "EOF") {
				return "want a connection reset"
			}
			return ""
		}},
		{CutBody, func(resp *http.Response, body string, err error) string {
			if !errors.Is(err, io.ErrUnexpectedEOF) || len(body) == 0 || strings.HasSuffix(body, "body=") {
				return "want half a body, then unexpected EOF"
			}
			return ""
		}},
		{Delay, func(resp *http.Response, body string, err error) string {
			if err != nil || resp.StatusCode != 200 || !strings.HasPrefix(body, "GET /k") {
				return "want the answer, late"
			}
			return ""
		}},
	} {
		t.Run(string(tt.kind), func(t *testing.T) {
			p := start(t, Config{Target: backend(t).URL, Rate: 1, Kinds: []Kind{tt.kind}, Delay: 300 * time.Millisecond})
			began := time.Now()
			resp, err := client.Get(p.URL() + "/k")
			var body string
			if err == nil {
				b, rerr := io.ReadAll(resp.Body)
				resp.Body.Close()
				body, err = string(b), rerr
			}
			if msg := tt.check(resp, body, err); msg != "" {
				t.Errorf("GET through a %s fault: body %q, error %v; %s", tt.kind, body, err, msg)
			}
			if tt.kind == Delay && time.Since(began) < 300*time.Millisecond {
				t.Errorf("delayed GET took %s, want at least 300ms", time.Since(began))
			}
			if st := p.Stats(); st.Faults[tt.kind] != 1 {
				t.Errorf("stats = %+v, want one %s", st, tt.kind)
			}
		})
	}
}

// A cut of an empty body drops the connection after the backend acted.
func TestCutEmptyBodyResetsAfterForward(t *testing.T) {
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	p := start(t, Config{Target: srv.URL, Rate: 1, Kinds: []Kind{CutBody}})
	if _, err := client.Get(p.URL() + "/"); err == nil {
		t.Error("GET = no error, want the connection dropped")
	}
	if st := p.Stats(); hits != 1 || st.Faults[ResetAfter] != 1 {
		t.Errorf("backend hits %d, stats %+v; want 1 and one %s", hits, st, ResetAfter)
	}
}

// The same seed makes the same choices; the rate is about what was asked.
func TestSeededRate(t *testing.T) {
	seq := func(seed uint64) (string, Stats) {
		p := start(t, Config{Target: backend(t).URL, Rate: 0.2, Seed: seed, Kinds: []Kind{Status500, SlowDown}})
		var s strings.Builder
		for range 500 {
			resp, err := client.Get(p.URL() + "/k")
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			s.WriteString(resp.Status[:3] + " ")
		}
		return s.String(), p.Stats()
	}
	a, st := seq(7)
	b, _ := seq(7)
	c, _ := seq(8)
	if a != b {
		t.Error("two runs with seed 7 made different choices")
	}
	if a == c {
		t.Error("seeds 7 and 8 made the same choices")
	}
	if n := st.Total(); st.Requests != 500 || n < 70 || n > 130 {
		t.Errorf("rate 0.2 over 500 requests injected %d faults (stats %+v), want about 100", n, st)
	}
}
