// Package faultproxy is an HTTP reverse proxy that injects faults into a
// share of the requests it forwards: S3-style 500 and 503 SlowDown answers,
// connection resets, delays and response bodies cut off mid-read. The
// end-to-end soak puts it between the Lambda function and MinIO.
//
// Which request gets which fault comes from a seeded random number generator,
// so a run can be repeated (the order of concurrent requests still varies).
// It listens on 127.0.0.1 only and is a test tool, not a general proxy: it
// forwards to one target, keeps the Host header (so S3 signatures stay valid)
// and buffers each response body.
package faultproxy

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Kind is a kind of fault.
type Kind string

// The faults the proxy injects. Status500, SlowDown and Reset answer without
// forwarding; Delay forwards late; CutBody forwards and sends half of the
// response body before it drops the connection, or, for an empty body, drops
// the connection after the request took effect (counted as ResetAfter).
const (
	Status500  Kind = "500"
	SlowDown   Kind = "503-slowdown"
	Reset      Kind = "reset"
	Delay      Kind = "delay"
	CutBody    Kind = "cut-body"
	ResetAfter Kind = "reset-after-forward"
)

// AllKinds are the kinds a Config without Kinds draws from, equally often.
var AllKinds = []Kind{Status500, SlowDown, Reset, Delay, CutBody}

// Config configures a Proxy.
type Config struct {
	Target string        // base URL to forward to, e.g. http://127.0.0.1:9000 (SetTarget can set it later)
	Rate   float64       // share of requests that get a fault, 0 to 1
	Seed   uint64        // seeds the choice of requests and kinds
	Kinds  []Kind        // kinds to draw from; empty: AllKinds
	Delay  time.Duration // how long Delay holds a request (default 200 ms)
}

// Stats counts requests and the faults injected, by kind.
type Stats struct {
	Requests int          `json:"requests"`
	Faults   map[Kind]int `json:"faults"`
}

// Total is the number of faults injected.
func (s Stats) Total() int {
	n := 0
	for _, c := range s.Faults {
		n += c
	}
	return n
}

// Proxy is a running fault-injecting proxy.
type Proxy struct {
	ln        net.Listener
	srv       *http.Server
	transport *http.Transport

	mu     sync.Mutex
	cfg    Config
	rng    *rand.Rand
	target string
	stats  Stats
}

// Start listens on a free port of 127.0.0.1 and serves until Close.
func Start(cfg Config) (*Proxy, error) {
	if len(cfg.Kinds) == 0 {
		cfg.Kinds = AllKinds
	}
	if cfg.Delay <= 0 {
		cfg.Delay = 200 * time.Millisecond
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{
		ln:        ln,
		cfg:       cfg,
		rng:       rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)),
		target:    cfg.Target,
		stats:     Stats{Faults: map[Kind]int{}},
		transport: &http.Transport{MaxIdleConnsPerHost: 64, IdleConnTimeout: 30 * time.Second},
	}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(ln)
	return p, nil
}

// URL is the proxy's base URL.
func (p *Proxy) URL() string { return "http://" + p.ln.Addr().String() }

// SetTarget sets the base URL requests are forwarded to.
func (p *Proxy) SetTarget(u string) {
	p.mu.Lock()
	p.target = u
	p.mu.Unlock()
}

// SetRate changes the share of requests that get a fault.
func (p *Proxy) SetRate(r float64) {
	p.mu.Lock()
	p.cfg.Rate = r
	p.mu.Unlock()
}

// Stats returns the counts so far.
func (p *Proxy) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := Stats{Requests: p.stats.Requests, Faults: map[Kind]int{}}
	for k, v := range p.stats.Faults {
		s.Faults[k] = v
	}
	return s
}

// Close stops the proxy and drops its connections.
func (p *Proxy) Close() error {
	err := p.srv.Close()
	p.transport.CloseIdleConnections()
	return err
}

// draw picks the fault for one request ("" for none) and the target.
func (p *Proxy) draw() (Kind, string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stats.Requests++
	var k Kind
	if p.rng.Float64() < p.cfg.Rate {
		k = p.cfg.Kinds[p.rng.IntN(len(p.cfg.Kinds))]
	}
	return k, p.target
}

func (p *Proxy) count(k Kind) {
	p.mu.Lock()
	p.stats.Faults[k]++
	p.mu.Unlock()
}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	kind, target := p.draw()
	switch kind {
	case Status500:
		p.count(kind)
		s3Error(w, http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
		return
	case SlowDown:
		p.count(kind)
		s3Error(w, http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
		return
	case Reset:
		p.count(kind)
		reset(w)
		return
	case Delay:
		p.count(kind)
		select {
		case <-time.After(p.cfg.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if target == "" {
		http.Error(w, "faultproxy: no target yet", http.StatusBadGateway)
		return
	}
	out, err := http.NewRequestWithContext(r.Context(), r.Method, target+r.URL.RequestURI(), r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out.Header = r.Header.Clone()
	out.Host = r.Host // the S3 signature covers it
	out.ContentLength = r.ContentLength
	if r.ContentLength == 0 {
		out.Body = http.NoBody
	}
	resp, err := p.transport.RoundTrip(out)
	if err != nil {
		http.Error(w, "faultproxy: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		http.Error(w, "faultproxy: "+err.Error(), http.StatusBadGateway)
		return
	}
	if kind == CutBody && len(body) < 2 {
		// Nothing to cut: the request took effect, and the client sees
		// the connection drop instead of the answer.
		p.count(ResetAfter)
		reset(w)
		return
	}
	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(resp.StatusCode)
	if kind != CutBody {
		w.Write(body)
		return
	}
	p.count(CutBody)
	w.Write(body[:len(body)/2])
	http.NewResponseController(w).Flush()
	// Ends the response without its other half; the server closes the
	// connection and does not log this panic.
	panic(http.ErrAbortHandler)
}

// reset drops the client's connection with a TCP reset and no answer.
func reset(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

func s3Error(w http.ResponseWriter, status int, code, msg string) {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<Error><Code>%s</Code><Message>%s</Message><RequestId>faultproxy</RequestId></Error>`, code, msg)
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	w.Write(b.Bytes())
}
