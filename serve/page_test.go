package serve

import (
	"bytes"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/slantnews/slant/ingest"
	"github.com/slantnews/slant/internal/docreport"
	"github.com/slantnews/slant/render"
)

var markRE = regexp.MustCompile(`<mark id="(?:[ab]-)?f-\d+" class="[^"]*" data-category="([^"]*)" data-voice="([^"]*)" data-code="\d+" data-weight="[^"]*" data-negated="[^"]*" data-start="(\d+)" data-end="(\d+)"`)

// marksOf lists the marks of a page as "category voice start end".
func marksOf(page string) []string {
	var out []string
	for _, m := range markRE.FindAllStringSubmatch(page, -1) {
		out = append(out, strings.Join(m[1:], " "))
	}
	return out
}

func TestPageGet(t *testing.T) {
	s, _ := newServer(t)
	for _, target := range []string{"/", "/compare"} {
		w := do(s, "GET", target, "", nil)
		page := w.Body.String()
		if w.Code != 200 || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
			t.Fatalf("GET %s = %d %s", target, w.Code, w.Header().Get("Content-Type"))
		}
		for _, want := range []string{`<form id="analyze-form"`, `<form id="compare-form"`, `<label for="text">`, `<label for="file">`,
			`<label for="text_a">`, `<label for="file_b">`, `role="status" aria-live="polite"`, `<script src="/static/app.js" defer>`} {
			if !strings.Contains(page, want) {
				t.Errorf("GET %s: page lacks %s", target, want)
			}
		}
		// The other mode's form is hidden; a link switches to it.
		hidden := map[string]string{"/": `data-mode="compare" hidden`, "/compare": `data-mode="analyze" hidden`}[target]
		if !strings.Contains(page, hidden) || !strings.Contains(page, `aria-current="page"`) {
			t.Errorf("GET %s: the other mode's form is not hidden", target)
		}
		if strings.Contains(page, "http://") || strings.Contains(page, "https://") || regexp.MustCompile(`<script>`).MatchString(page) {
			t.Errorf("GET %s: the page loads from elsewhere or has an inline script", target)
		}
	}
}

// TestPagePost is the page without JavaScript: a form post returns the page
// with the report, one mark per finding of the API's report of the same text.
func TestPagePost(t *testing.T) {
	s, _ := newServer(t)
	in := article(t)
	api := report(t, do(s, "POST", "/v1/analyze?name=pasted+text", "text/plain", in).Body.Bytes())
	var want []string
	for _, f := range api.Findings {
		want = append(want, f.Category+" "+f.Voice+" "+strconv.Itoa(f.Start)+" "+strconv.Itoa(f.End))
	}
	crlf := strings.ReplaceAll(string(in), "\n", "\r\n") // as a browser sends a text area
	ct, body := form(t, map[string]string{"text": crlf}, nil)
	urlenc := url.Values{"text": {crlf}}.Encode()
	for _, tt := range []struct {
		name, target, ct, body string
		whole                  bool
	}{
		{"multipart", "/", ct, string(body), true},
		{"urlencoded", "/", "application/x-www-form-urlencoded", urlenc, true},
		{"fragment", "/?fragment=1", ct, string(body), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := do(s, "POST", tt.target, tt.ct, []byte(tt.body))
			page := w.Body.String()
			if w.Code != 200 {
				t.Fatalf("status %d: %.500s", w.Code, page)
			}
			if got := marksOf(page); strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("marks differ from the API's findings:\n got %q\nwant %q", got, want)
			}
			if strings.HasPrefix(page, "<!DOCTYPE html>") != tt.whole {
				t.Errorf("whole page = %v, want %v", !tt.whole, tt.whole)
			}
			for _, want := range []string{`<section class="legend"`, `<h2 id="h-actors">Who is framed</h2>`, `<section class="summary"`,
				`data-filter="category"`, `id="fv-quoted"`, `<td class="alt">criticized</td>`, `Report ready: LOADED`} {
				if !strings.Contains(page, want) {
					t.Errorf("page lacks %s", want)
				}
			}
			if tt.whole && !strings.Contains(page, "Mayor Helen Ostrova on Tuesday") {
				t.Error("the text area does not keep the pasted text")
			}
			if w.Header().Get("Cache-Control") != "no-store" {
				t.Error("a page with the document may be cached")
			}
		})
	}
}

func TestPageFile(t *testing.T) {
	s, _ := newServer(t)
	ct, body := form(t, map[string]string{"text": "ignored when a file is chosen"}, map[string][2]string{"file": {"port.txt", string(article(t))}})
	w := do(s, "POST", "/", ct, body)
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Report: port.txt") || len(marksOf(w.Body.String())) < 10 {
		t.Errorf("file upload = %d, want the report of port.txt: %.300s", w.Code, w.Body)
	}
}

func TestPageCompare(t *testing.T) {
	s, _ := newServer(t)
	a, b := "The mayor slammed the so-called plan.", "The mayor criticized the plan, officials insisted."
	ct, body := form(t, map[string]string{"text_a": a, "text_b": b}, nil)
	w := do(s, "POST", "/compare", ct, body)
	page := w.Body.String()
	if w.Code != 200 {
		t.Fatalf("status %d: %.300s", w.Code, page)
	}
	want := len(testAnalyzer(t).Analyze("a", []byte(a)).Findings) + len(testAnalyzer(t).Analyze("b", []byte(b)).Findings)
	if got := len(marksOf(page)); got != want || !strings.Contains(page, `id="a-side"`) || !strings.Contains(page, "Comparison ready") {
		t.Errorf("comparison page has %d marks, want %d, both sides and a summary", got, want)
	}
	if !strings.Contains(page, `data-mode="analyze" hidden`) {
		t.Error("the compare form is not the one shown")
	}
}

func TestPageErrors(t *testing.T) {
	s, _ := newServer(t, WithMaxBytes(2000))
	empty, emptyBody := form(t, map[string]string{"text": "  "}, nil)
	onlyA, onlyABody := form(t, map[string]string{"text_a": "x"}, nil)
	nul, nulBody := form(t, nil, map[string][2]string{"file": {"photo.jpg", "\xff\xd8\x00\x10JFIF"}})
	big, bigBody := form(t, map[string]string{"text": strings.Repeat("word ", 500)}, nil)
	for _, tt := range []struct {
		name, target, ct string
		body             []byte
		status           int
		msg              string
	}{
		{"empty", "/", empty, emptyBody, 400, "paste a text or choose a file"},
		{"compare without B", "/compare", onlyA, onlyABody, 400, "text B is empty"},
		{"binary file", "/", nul, nulBody, 422, "&#34;photo.jpg&#34;: binary data"},
		{"too large", "/", big, bigBody, 413, "larger than 2000 bytes"},
		{"JSON", "/", "application/json", []byte(`{}`), 415, "multipart/form-data"},
		{"broken multipart", "/", "multipart/form-data; boundary=x", []byte("--y\r\n"), 400, "could not be read"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := do(s, "POST", tt.target, tt.ct, tt.body)
			page := w.Body.String()
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d: %.300s", w.Code, tt.status, page)
			}
			if !strings.Contains(page, `role="alert"`) || !strings.Contains(page, tt.msg) {
				t.Errorf("page does not show the error %q:\n%.2000s", tt.msg, page)
			}
			if w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
				t.Errorf("Content-Type = %q", w.Header().Get("Content-Type"))
			}
		})
	}
}

// TestFilterCSS checks the rules that filter without JavaScript: one set per
// category, keyed to its checkbox.
func TestFilterCSS(t *testing.T) {
	s, _ := newServer(t)
	ct, body := form(t, map[string]string{"text": string(article(t))}, nil)
	page := do(s, "POST", "/", ct, body).Body.String()
	boxes := regexp.MustCompile(`<input type="checkbox" id="(fc-\d+)" data-filter="category" value="([a-z_]+)" checked>`).FindAllStringSubmatch(page, -1)
	if len(boxes) < 5 {
		t.Fatalf("%d category filters, want one per category", len(boxes))
	}
	for _, b := range boxes {
		rule := `#results:has(#` + b[1] + `:not(:checked)) mark[data-category="` + b[2] + `"]{`
		if !strings.Contains(page, rule) || !strings.Contains(page, `#results:has(#`+b[1]+`:not(:checked)) tr[data-category="`+b[2]+`"]{display:none}`) {
			t.Errorf("no filter rules for %s (%s)", b[2], b[1])
		}
	}
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "text",
		"  a.txt ":               "a.txt",
		"a\nb\x00c":              "a b\uFFFDc",
		"\xff.txt":               "\uFFFD.txt",
		strings.Repeat("é", 150): strings.Repeat("é", 100) + "…",
	} {
		if got := cleanName(in, "text"); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPagePostPage is the page view of an uploaded HTML page: its report is
// drawn as slant analyze --format html draws the page's (docreport.Analyze,
// then render), headline marks and all.
func TestPagePostPage(t *testing.T) {
	s, _ := newServer(t)
	page := readFile(t, "testdata/port.html")
	doc, err := docreport.Page("port.html", "text/html", page, ingest.FormatHTML)
	if err != nil {
		t.Fatal(err)
	}
	rep := docreport.Analyze(testAnalyzer(t), "port.html", doc)
	var want bytes.Buffer
	if err := render.HTMLFragment(&want, rep, doc.Text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(want.String(), "in the headline") {
		t.Fatal("the CLI's report of the fixture marks nothing as in the headline")
	}
	ct, body := form(t, nil, map[string][2]string{"file": {"port.html", string(page)}})
	w := do(s, "POST", "/?fragment=1", ct, body)
	if w.Code != 200 {
		t.Fatalf("status %d: %.300s", w.Code, w.Body)
	}
	got := w.Body.String()
	if n, m := strings.Count(got, "in the headline"), strings.Count(want.String(), "in the headline"); n != m {
		t.Errorf("page marks %d findings as in the headline, slant analyze --format html %d", n, m)
	}
	if !strings.Contains(got, want.String()) {
		t.Error("the page's report differs from the one slant analyze --format html draws of the page")
	}
}

// TestVoiceLines holds the voice filters to the line styles the report
// draws its marks with (render's CSS): solid for the writer, dashed for a
// quote, dotted for reported speech, so that no two voices look alike.
func TestVoiceLines(t *testing.T) {
	s, _ := newServer(t)
	ct, body := form(t, map[string]string{"text": string(article(t))}, nil)
	page := do(s, "POST", "/?fragment=1", ct, body).Body.String()
	css := do(s, "GET", "/static/app.css", "", nil).Body.String()
	var frag bytes.Buffer
	if err := render.HTMLFragment(&frag, testAnalyzer(t).Analyze("x", []byte("The mayor slammed the plan.")), []byte("The mayor slammed the plan.")); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, tt := range []struct{ voice, line, markRule string }{
		{"author", "solid", "mark{color:inherit;background:var(--bg);border-bottom:2px solid"},
		{"quoted", "dashed", "mark[data-voice=quoted]{border-bottom-style:dashed}"},
		{"reported", "dotted", "mark[data-voice=reported]{border-bottom-style:dotted}"},
	} {
		label := regexp.MustCompile(`id="fv-` + tt.voice + `"[^>]*> <span class="line ([a-z]+)"`).FindStringSubmatch(page)
		if label == nil || label[1] != tt.line {
			t.Errorf("voice filter %s: line %q, want %q", tt.voice, label, tt.line)
			continue
		}
		if !strings.Contains(frag.String(), tt.markRule) {
			t.Errorf("render's CSS lacks %q: the filter's line no longer matches the marks", tt.markRule)
		}
		if tt.line != "solid" && !strings.Contains(css, ".line."+tt.line+"{border-bottom-style:"+tt.line+"}") {
			t.Errorf("app.css has no rule for .line.%s", tt.line)
		}
		if v, ok := seen[tt.line]; ok {
			t.Errorf("voices %s and %s are drawn with the same %s line", v, tt.voice, tt.line)
		}
		seen[tt.line] = tt.voice
	}
}
