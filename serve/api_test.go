package serve

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/slantnews/slant/ingest"
	"github.com/slantnews/slant/internal/docreport"
)

func TestAnalyzeAPI(t *testing.T) {
	s, _ := newServer(t)
	in := article(t)
	want, err := testAnalyzer(t).Analyze("port.txt", in).JSON()
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(map[string]string{"text": string(in), "name": "port.txt"})
	tests := []struct {
		name, target, ct string
		body             []byte
		wantCT           string
		check            func(t *testing.T, body []byte)
	}{
		{"text/plain", "/v1/analyze?name=port.txt", "text/plain; charset=utf-8", in, "application/json; charset=utf-8",
			func(t *testing.T, b []byte) {
				if !bytes.Equal(b, want) {
					t.Errorf("report differs from Analyze's:\n got %.300s\nwant %.300s", b, want)
				}
			}},
		{"json", "/v1/analyze", "application/json", js, "application/json; charset=utf-8",
			func(t *testing.T, b []byte) {
				if !bytes.Equal(b, want) {
					t.Errorf("report differs from Analyze's")
				}
			}},
		{"json format text", "/v1/analyze", "application/json", []byte(`{"text":"The mayor slammed the plan.","format":"text"}`), "text/plain; charset=utf-8",
			func(t *testing.T, b []byte) {
				if !strings.Contains(string(b), "slammed") {
					t.Errorf("text report lacks the finding: %s", b)
				}
			}},
		{"query format markdown", "/v1/analyze?format=markdown", "text/plain", []byte("The mayor slammed the plan."), "text/markdown; charset=utf-8",
			func(t *testing.T, b []byte) {
				if !strings.HasPrefix(string(b), "#") {
					t.Errorf("markdown report does not start with a heading: %.100s", b)
				}
			}},
		{"format html", "/v1/analyze?format=html", "text/plain", in, "text/html; charset=utf-8",
			func(t *testing.T, b []byte) {
				if got, want := strings.Count(string(b), "<mark "), len(report(t, want).Findings); got != want {
					t.Errorf("html report has %d marks, want %d", got, want)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(s, "POST", tt.target, tt.ct, tt.body)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); ct != tt.wantCT {
				t.Errorf("Content-Type = %q, want %q", ct, tt.wantCT)
			}
			if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", cc)
			}
			tt.check(t, w.Body.Bytes())
		})
	}
}

func TestCompareAPI(t *testing.T) {
	s, _ := newServer(t)
	body := `{"a":{"text":"The mayor slammed the so-called plan.","name":"a.txt"},"b":{"text":"The mayor criticized the plan.","name":"b.txt"}}`
	w := do(s, "POST", "/v1/compare", "application/json", []byte(body))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var c struct {
		Schema string
		A, B   struct {
			Name     string
			Findings int
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &c); err != nil {
		t.Fatal(err)
	}
	if c.Schema != "slant.compare/v1" || c.A.Name != "a.txt" || c.B.Name != "b.txt" || c.A.Findings < 2 || c.B.Findings != 0 {
		t.Errorf("comparison = %+v, want slant.compare/v1 of a.txt (2+ findings) and b.txt (none)", c)
	}
	w = do(s, "POST", "/v1/compare", "application/json", []byte(strings.Replace(body, `}}`, `},"format":"html"}`, 1)))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `id="a-side"`) {
		t.Errorf("format html: status %d, want the comparison page", w.Code)
	}
}

// TestStatusCodes holds every refusal of the API to its status and its
// message.
func TestStatusCodes(t *testing.T) {
	s, _ := newServer(t, WithMaxBytes(1000))
	big := bytes.Repeat([]byte("word "), 300)
	latin1 := []byte("Le ma\xeetre a critiqu\xe9 le pr\xe9fet \xe0 la r\xe9union du conseil.")
	tests := []struct {
		name, method, target, ct string
		body                     []byte
		status                   int
		msg                      string // part of the error message
	}{
		{"bad JSON", "POST", "/v1/analyze", "application/json", []byte(`{"text": "x"`), 400, "bad JSON"},
		{"empty JSON", "POST", "/v1/analyze", "application/json", nil, 400, "empty"},
		{"unknown field", "POST", "/v1/analyze", "application/json", []byte(`{"txt": "x"}`), 400, `unknown field "txt"`},
		{"wrong type", "POST", "/v1/analyze", "application/json", []byte(`{"text": 3}`), 400, `field "text"`},
		{"two values", "POST", "/v1/analyze", "application/json", []byte(`{"text": "x"} {}`), 400, "more than one"},
		{"missing field", "POST", "/v1/analyze", "application/json", []byte(`{"format": "json"}`), 400, "missing field: text or html"},
		{"null text", "POST", "/v1/analyze", "application/json", []byte(`{"text": null}`), 400, "missing field"},
		{"text and html", "POST", "/v1/analyze", "application/json", []byte(`{"text": "x", "html": "<p>x</p>"}`), 400, "not both"},
		{"unknown format", "POST", "/v1/analyze?format=pdf", "text/plain", []byte("x"), 400, `unknown format "pdf"`},
		{"compare missing b", "POST", "/v1/compare", "application/json", []byte(`{"a": {"text": "x"}}`), 400, "missing field: b"},
		{"compare b without text", "POST", "/v1/compare", "application/json", []byte(`{"a": {"text": "x"}, "b": {}}`), 400, "b: missing field"},
		{"not found", "GET", "/v2/analyze", "", nil, 404, "no such page"},
		{"GET analyze", "GET", "/v1/analyze", "", nil, 405, "use POST"},
		{"POST healthz", "POST", "/healthz", "text/plain", nil, 405, "use GET"},
		{"PUT page", "PUT", "/", "text/plain", nil, 405, "use GET or POST"},
		{"too large", "POST", "/v1/analyze", "text/plain", big, 413, "larger than 1000 bytes"},
		{"too large JSON", "POST", "/v1/compare", "application/json", append(append([]byte(`{"a":{"text":"`), big...), `"}}`...), 413, "larger than 1000"},
		{"no content type", "POST", "/v1/analyze", "", []byte("x"), 415, "no Content-Type"},
		{"image", "POST", "/v1/analyze", "image/png", []byte("x"), 415, `"image/png"`},
		{"latin-1 charset", "POST", "/v1/analyze", "text/plain; charset=iso-8859-1", latin1, 415, "send UTF-8"},
		{"compare text/plain", "POST", "/v1/compare", "text/plain", []byte("x"), 415, "application/json"},
		{"NUL", "POST", "/v1/analyze", "text/plain", []byte("one\x00two"), 422, "binary data (NUL byte), not text at byte 3"},
		{"not UTF-8", "POST", "/v1/analyze", "text/plain", latin1, 422, "not UTF-8"},
		{"empty text", "POST", "/v1/analyze", "text/plain", []byte(" \n\t"), 422, "empty"},
		{"empty JSON text", "POST", "/v1/analyze", "application/json", []byte(`{"text": ""}`), 422, "empty"},
		{"compare NUL in b", "POST", "/v1/compare", "application/json", []byte(`{"a": {"text": "x"}, "b": {"text": "y\u0000", "name": "b.txt"}}`), 422, `"b.txt": binary data`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(s, tt.method, tt.target, tt.ct, tt.body)
			if w.Code != tt.status {
				t.Fatalf("%s %s = %d %s, want %d", tt.method, tt.target, w.Code, w.Body, tt.status)
			}
			e := apiError(t, w)
			if e.Status != tt.status || !strings.Contains(e.Error, tt.msg) {
				t.Errorf("error = %+v, want status %d and a message with %q", e, tt.status, tt.msg)
			}
			if tt.status == 405 && w.Header().Get("Allow") == "" {
				t.Error("405 without Allow")
			}
		})
	}
}

// TestRepairableUTF8 checks that a few stray bytes do not refuse a text: the
// analyzer reads them as spaces and counts them.
func TestRepairableUTF8(t *testing.T) {
	s, _ := newServer(t)
	in := append(article(t), 0xff)
	w := do(s, "POST", "/v1/analyze", "text/plain", in)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if r := report(t, w.Body.Bytes()); r.Stats.InvalidUTF8 != 1 {
		t.Errorf("invalid_utf8 = %d, want 1", r.Stats.InvalidUTF8)
	}
}

func TestHealthz(t *testing.T) {
	s, _ := newServer(t)
	w := do(s, "GET", "/healthz", "", nil)
	var h struct {
		Status  string
		Lexicon struct{ Version string }
	}
	if err := json.Unmarshal(w.Body.Bytes(), &h); err != nil || w.Code != 200 || h.Status != "ok" || h.Lexicon.Version == "" {
		t.Errorf("GET /healthz = %d %s, want 200 ok with the lexicon version", w.Code, w.Body)
	}
}

// TestSecurityHeaders checks the headers on every kind of response.
func TestSecurityHeaders(t *testing.T) {
	s, _ := newServer(t)
	for _, target := range []string{"/", "/compare", "/healthz", "/static/app.js", "/static/app.css", "/nowhere"} {
		w := do(s, "GET", target, "", nil)
		h := w.Header()
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'", "script-src 'self';", "form-action 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: CSP %q lacks %q", target, csp, want)
			}
		}
		if strings.Contains(csp, "http") || strings.Contains(csp, "*") || strings.Contains(csp, "'unsafe-eval'") || strings.Contains(csp, "script-src 'self' 'unsafe-inline'") {
			t.Errorf("GET %s: CSP %q allows other sources or inline scripts", target, csp)
		}
		for k, v := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"} {
			if h.Get(k) != v {
				t.Errorf("GET %s: %s = %q, want %q", target, k, h.Get(k), v)
			}
		}
	}
}

func TestStatic(t *testing.T) {
	s, _ := newServer(t)
	for target, ct := range map[string]string{"/static/app.js": "text/javascript; charset=utf-8", "/static/app.css": "text/css; charset=utf-8"} {
		if w := do(s, "GET", target, "", nil); w.Code != 200 || w.Header().Get("Content-Type") != ct {
			t.Errorf("GET %s = %d %q, want 200 %q", target, w.Code, w.Header().Get("Content-Type"), ct)
		}
	}
	for _, target := range []string{"/static/", "/static/nothing.js", "/static/../page.html"} {
		if w := do(s, "GET", target, "", nil); w.Code < 300 || w.Code == 200 {
			t.Errorf("GET %s = %d, want no file", target, w.Code)
		}
	}
}

// TestAnalyzeAPIPage sends testdata/port.html to the API as text/html and as
// JSON {"html": …}: the report carries what the page says about itself, as
// slant analyze's does: the extracted text every offset indexes, the page's
// title, source.format html and the headline marks.
func TestAnalyzeAPIPage(t *testing.T) {
	s, _ := newServer(t)
	page := readFile(t, "testdata/port.html")
	doc, err := docreport.Page("port.html", "text/html", page, ingest.FormatHTML)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(map[string]string{"html": string(page)})
	for _, tt := range []struct {
		name, ct string
		body     []byte
	}{
		{"text/html", "text/html; charset=utf-8", page},
		{"JSON html", "application/json", js},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := do(s, "POST", "/v1/analyze", tt.ct, tt.body)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %.300s", w.Code, w.Body)
			}
			r := report(t, w.Body.Bytes())
			if r.Text == nil {
				t.Fatal("report has no text: its offsets index nothing the caller has")
			}
			if *r.Text != string(doc.Text) {
				t.Errorf("report text = %.80q, want the extracted article %.80q", *r.Text, doc.Text)
			}
			if r.Source.Format != "html" {
				t.Errorf("source.format = %q, want html", r.Source.Format)
			}
			if r.Document == nil || r.Document.Title != doc.Meta.Title || doc.Meta.Title == "" {
				t.Errorf("document = %+v, want the title %q", r.Document, doc.Meta.Title)
			}
			headlines := 0
			for _, f := range r.Findings {
				if f.Start < 0 || f.End > len(*r.Text) || (*r.Text)[f.Start:f.End] != f.Text {
					t.Errorf("finding %q at %d:%d does not index the report's text", f.Text, f.Start, f.End)
					continue
				}
				if want := f.End <= doc.HeadlineEnd; f.Headline != want {
					t.Errorf("finding %q at %d:%d: headline = %v, want %v (headline ends at %d)", f.Text, f.Start, f.End, f.Headline, want, doc.HeadlineEnd)
				}
				if f.Headline {
					headlines++
				}
			}
			if headlines == 0 {
				t.Error("no finding is marked as in the headline; the fixture's headline holds loaded terms")
			}
		})
	}
	// A comparison draws each side's report as it is: a page's headline marks too.
	cmp, _ := json.Marshal(map[string]any{"a": map[string]string{"html": string(page)}, "b": map[string]string{"text": "The mayor criticized the plan."}, "format": "html"})
	if w := do(s, "POST", "/v1/compare", "application/json", cmp); w.Code != 200 || !strings.Contains(w.Body.String(), "in the headline") {
		t.Errorf("compare of a page = %d, want the page's headline findings marked", w.Code)
	}
}
