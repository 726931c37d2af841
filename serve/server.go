package serve

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/slantnews/slant/analyzer"
)

// Limits, each changeable with an Option.
const (
	// DefaultMaxBytes is the largest request body accepted (413 above it): a
	// text, an HTML page, a JSON request or a form with its files. It is
	// below a Lambda Function URL's 6 MB request limit, and below
	// analyzer.DefaultMaxBytes.
	DefaultMaxBytes = 4 << 20
	// DefaultConcurrency is how many requests may be at work at once; the
	// next gets 503 with Retry-After.
	DefaultConcurrency = 8
	// DefaultBodyTimeout is how long a client may take to send its body
	// (408 after it), so that a slow client cannot hold a worker.
	DefaultBodyTimeout = 10 * time.Second
	// DefaultAnalysisTimeout bounds one request's analysis (503 after it).
	DefaultAnalysisTimeout = 20 * time.Second
)

// Timeouts of the http.Server that NewHTTPServer returns.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = DefaultBodyTimeout + ReadHeaderTimeout
	WriteTimeout      = DefaultAnalysisTimeout + 30*time.Second
	IdleTimeout       = 60 * time.Second
)

// retryAfter is the Retry-After of a 503, in seconds.
const retryAfter = "2"

// Server is the web application and the API. It is safe for concurrent use.
type Server struct {
	a               *analyzer.Analyzer
	log             *slog.Logger
	maxBytes        int64
	bodyTimeout     time.Duration
	analysisTimeout time.Duration
	slots           chan struct{}
	mux             *http.ServeMux

	// analyze is a.Analyze; tests replace it to make analysis slow.
	analyze func(name string, input []byte) *analyzer.Report
}

// Option changes a Server's limits or logger.
type Option func(*Server)

// WithLogger sets the logger of the request lines (default: discard).
func WithLogger(l *slog.Logger) Option { return func(s *Server) { s.log = l } }

// WithMaxBytes sets the largest request body (default DefaultMaxBytes).
func WithMaxBytes(n int64) Option { return func(s *Server) { s.maxBytes = n } }

// WithConcurrency sets how many requests may be at work at once (default
// DefaultConcurrency).
func WithConcurrency(n int) Option {
	return func(s *Server) { s.slots = make(chan struct{}, max(n, 1)) }
}

// WithBodyTimeout sets how long a client may take to send its body (default
// DefaultBodyTimeout).
func WithBodyTimeout(d time.Duration) Option { return func(s *Server) { s.bodyTimeout = d } }

// WithAnalysisTimeout bounds one request's analysis (default
// DefaultAnalysisTimeout).
func WithAnalysisTimeout(d time.Duration) Option { return func(s *Server) { s.analysisTimeout = d } }

// New returns the handler of the page and the API over a.
func New(a *analyzer.Analyzer, opts ...Option) *Server {
	s := &Server{
		a:               a,
		log:             slog.New(slog.DiscardHandler),
		maxBytes:        DefaultMaxBytes,
		bodyTimeout:     DefaultBodyTimeout,
		analysisTimeout: DefaultAnalysisTimeout,
		slots:           make(chan struct{}, DefaultConcurrency),
		analyze:         a.Analyze,
	}
	for _, o := range opts {
		o(s)
	}
	s.mux = http.NewServeMux()
	s.routes()
	return s
}

func (s *Server) routes() {
	s.mux.HandleFunc("/{$}", s.pageAnalyze)
	s.mux.HandleFunc("/compare", s.pageCompare)
	s.mux.Handle("/static/", staticHandler())
	s.mux.HandleFunc("/v1/analyze", s.apiAnalyze)
	s.mux.HandleFunc("/v1/compare", s.apiCompare)
	s.mux.HandleFunc("/healthz", s.healthz)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, errorf(http.StatusNotFound, "no such page: %s", r.URL.Path))
	})
}

// NewHTTPServer returns an http.Server for h on addr with the timeouts above,
// so that neither a slow header nor a slow body nor a slow reader of the
// response holds a connection for long.
func NewHTTPServer(addr string, h http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// ServeHTTP sets the security headers, serves the request and logs one line.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	setSecurityHeaders(rec.Header())
	s.mux.ServeHTTP(rec, r)
	// The path names a route; the query and the body, which may hold the
	// document, are never logged.
	path := r.URL.Path
	if len(path) > 100 {
		path = path[:100] + "…"
	}
	level := slog.LevelInfo
	if rec.status >= 500 {
		level = slog.LevelWarn
	}
	s.log.LogAttrs(r.Context(), level, "request",
		slog.String("method", r.Method), slog.String("path", path), slog.Int("status", rec.status),
		slog.Int64("bytes_in", max(r.ContentLength, 0)), slog.Int64("bytes", rec.bytes),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000))
}

// csp forbids every load but the page's own script and styles, and any
// framing. Inline style attributes are allowed (the report's legend uses
// them); inline scripts are not.
const csp = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

func setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

// recorder notes the status and the bytes written for the log line.
type recorder struct {
	http.ResponseWriter
	status      int
	bytes       int64
	wroteHeader bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wroteHeader {
		r.status, r.wroteHeader = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wroteHeader = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (read deadlines).
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
