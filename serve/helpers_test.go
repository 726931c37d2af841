package serve

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/internal/shipped"
)

// testAnalyzer is the shipped lexicons' Analyzer, built once.
func testAnalyzer(t testing.TB) *analyzer.Analyzer {
	t.Helper()
	a, err := shipped.Analyzer()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// article is testdata/port.txt, an invented news story written for these
// tests: loaded terms in the writer's voice and in quotes, two named actors.
func article(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/port.txt")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// logBuffer is a logger's output, safe for the server's goroutines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newServer(t testing.TB, opts ...Option) (*Server, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	opts = append([]Option{WithLogger(slog.New(slog.NewJSONHandler(logs, nil)))}, opts...)
	return New(testAnalyzer(t), opts...), logs
}

// do sends one request to h and returns the recorded response.
func do(h http.Handler, method, target, contentType string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// form builds a multipart form of fields and files (name → [filename, content]).
func form(t testing.TB, fields map[string]string, files map[string][2]string) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for k, f := range files {
		w, err := mw.CreateFormFile(k, f[0])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, f[1])
	}
	mw.Close()
	return mw.FormDataContentType(), b.Bytes()
}

// apiError decodes an error body strictly.
func apiError(t testing.TB, w *httptest.ResponseRecorder) errorBody {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("error Content-Type = %q, want application/json", ct)
	}
	var e errorBody
	dec := json.NewDecoder(strings.NewReader(w.Body.String()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body %q: %v", w.Body.String(), err)
	}
	return e
}

// report decodes a slant.report/v1 body.
func report(t testing.TB, body []byte) *analyzer.Report {
	t.Helper()
	var r analyzer.Report
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("report %.200q: %v", body, err)
	}
	return &r
}
