package serve

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestHTMLInput sends testdata/port.html (port.txt as a news page, with
// navigation and a "most read" box) every way the server takes HTML: the
// article is analyzed, the boilerplate is not, and the report is named by
// the page's title when the request names none.
func TestHTMLInput(t *testing.T) {
	s, _ := newServer(t)
	page := readFile(t, "testdata/port.html")
	js, _ := json.Marshal(map[string]string{"html": string(page)})
	ct, body := form(t, nil, map[string][2]string{"file": {"port.html", string(page)}})
	pasted, pastedBody := form(t, map[string]string{"text": string(page)}, nil)
	for _, tt := range []struct {
		name, target, ct string
		body             []byte
		wantName         string
	}{
		{"text/html", "/v1/analyze", "text/html; charset=utf-8", page, "Marrowby council slams dockworkers' \"reform\" plan as strike looms"},
		{"JSON html", "/v1/analyze", "application/json", js, "Marrowby council slams"},
		{"named", "/v1/analyze?name=courier.html", "text/html", page, "courier.html"},
		{"file upload", "/", ct, body, "Report: port.html"},
		{"pasted page", "/", pasted, pastedBody, "Report: Marrowby council slams"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := do(s, "POST", tt.target, tt.ct, tt.body)
			if w.Code != 200 {
				t.Fatalf("status %d: %.300s", w.Code, w.Body)
			}
			out := w.Body.String()
			if i := strings.Index(out, `<section id="results"`); i >= 0 {
				out = out[i:] // past the text area, which keeps what was pasted
			}
			if strings.Contains(out, "Most read") || strings.Contains(out, "Ferry timetable") {
				t.Error("the page's boilerplate was analyzed")
			}
			if tt.target == "/" {
				out = strings.ReplaceAll(out, "&#39;", "'")
				if !strings.Contains(out, tt.wantName) || len(marksOf(out)) < 10 {
					t.Errorf("page lacks %q or its marks", tt.wantName)
				}
				return
			}
			r := report(t, w.Body.Bytes())
			if !strings.HasPrefix(r.Source.Name, tt.wantName) || len(r.Findings) < 10 {
				t.Errorf("report of %q with %d findings, want %q and the article's findings", r.Source.Name, len(r.Findings), tt.wantName)
			}
		})
	}
}

func TestHTMLCharset(t *testing.T) {
	s, _ := newServer(t)
	page := []byte("<!DOCTYPE html><html><head><title>Le port</title></head><body><article><h1>Le port</h1>" +
		"<p>Le ma\xeetre du port a critiqu\xe9 le pr\xe9fet, qui a d\xe9fendu son plan devant le conseil municipal mardi soir.</p></article></body></html>")
	w := do(s, "POST", "/v1/analyze", "text/html; charset=iso-8859-1", page)
	if w.Code != 200 {
		t.Fatalf("Latin-1 page with its charset = %d %s, want 200", w.Code, w.Body)
	}
	if r := report(t, w.Body.Bytes()); r.Stats.InvalidUTF8 != 0 {
		t.Errorf("invalid_utf8 = %d: the page was not decoded from its charset", r.Stats.InvalidUTF8)
	}
}

func TestHTMLRefused(t *testing.T) {
	s, _ := newServer(t)
	index := []byte(`<!DOCTYPE html><html><body><nav><a href="/a">City</a> <a href="/b">Sport</a></nav></body></html>`)
	w := do(s, "POST", "/v1/analyze", "text/html", index)
	if e := apiError(t, w); w.Code != 422 || !strings.Contains(e.Error, "no article found in the HTML page") {
		t.Errorf("page without an article = %d %+v, want 422", w.Code, e)
	}
	warc, warcBody := form(t, nil, map[string][2]string{"file": {"crawl.warc", "WARC/1.0\r\nWARC-Type: warcinfo\r\n\r\n"}})
	w = do(s, "POST", "/", warc, warcBody)
	if w.Code != 415 || !strings.Contains(w.Body.String(), "slant batch") {
		t.Errorf("WARC upload = %d, want 415 pointing to slant batch", w.Code)
	}
}
