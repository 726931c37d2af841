package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/internal/webdriver"
)

// The browser tests run the server on a free port of 127.0.0.1 and drive
// headless Chromium through internal/webdriver: an editor pastes the article
// of testdata/port.txt, submits, reads the marks, tabs to a finding's detail,
// filters, switches to the comparison; and the same with JavaScript off.
// Screenshots go to testdata/out (or $SLANT_SCREENSHOTS). They skip without
// Chromium and chromedriver unless SLANT_BROWSER_REQUIRED=1 (make
// test-serve-browser sets it).

// listen runs s on 127.0.0.1 on a free port until the test ends.
func listen(t *testing.T, s *Server) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := NewHTTPServer(l.Addr().String(), s, s.log)
	done := make(chan error, 1)
	go func() { done <- hs.Serve(l) }()
	t.Cleanup(func() {
		hs.Close()
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("server: %v", err)
		}
	})
	return "http://" + l.Addr().String()
}

// apiReport is the API's report of text, as a CMS would get it.
func apiReport(t *testing.T, base, name string, text []byte) *analyzer.Report {
	t.Helper()
	resp, err := http.Post(base+"/v1/analyze?name="+name, "text/plain; charset=utf-8", bytes.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r analyzer.Report
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || resp.StatusCode != 200 {
		t.Fatalf("POST /v1/analyze = %d: %v", resp.StatusCode, err)
	}
	return &r
}

// findingKeys lists findings as the marks say them.
func findingKeys(r *analyzer.Report) []string {
	keys := make([]string, len(r.Findings))
	for i, f := range r.Findings {
		keys[i] = f.Category + " " + f.Voice + " " + strconv.Itoa(f.Start) + " " + strconv.Itoa(f.End)
	}
	return keys
}

const marksJS = `const sel = arguments[0];
return [...document.querySelectorAll(sel)].map(m => [m.dataset.category, m.dataset.voice, m.dataset.start, m.dataset.end].join(' '));`

// waitFor polls a script until it returns true.
func waitFor(t *testing.T, d *webdriver.Driver, what, js string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var ok bool
		d.Script(js, &ok)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			var state string
			d.Script(`return document.getElementById('status') ? document.getElementById('status').textContent : document.title`, &state)
			t.Fatalf("waiting for %s: timed out (status %q)", what, state)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func noConsoleErrors(t *testing.T, d *webdriver.Driver, when string) {
	t.Helper()
	if errs := d.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors %s: %q", when, errs)
	}
}

// tabToMark presses Tab until a mark has focus and returns its data-start.
func tabToMark(t *testing.T, d *webdriver.Driver, want func(start int) bool) int {
	t.Helper()
	for i := 0; i < 200; i++ {
		d.PressKey(webdriver.Tab)
		var start string
		d.Script(`const e = document.activeElement; return e && e.tagName === 'MARK' ? e.dataset.start : ''`, &start)
		if start != "" {
			n, _ := strconv.Atoi(start)
			if want(n) {
				return n
			}
		}
	}
	t.Fatal("Tab never reaches the mark")
	return 0
}

func TestBrowserServe(t *testing.T) {
	s, _ := newServer(t)
	base := listen(t, s)
	d := webdriver.Start(t)
	dir := webdriver.OutDir(t)

	// The console check must be able to fail.
	d.Open("data:text/html,<script>console.error('slant-probe')</script>")
	if errs := d.ConsoleErrors(); !strings.Contains(strings.Join(errs, " "), "slant-probe") {
		t.Fatalf("console check sees nothing on a page that logs an error: %q", errs)
	}

	in := article(t)
	want := apiReport(t, base, "pasted+text", in)

	d.Open(base + "/")
	var js bool
	d.Script(`return document.documentElement.classList.contains('js')`, &js)
	if !js {
		t.Fatal("the page's script did not run")
	}
	d.Script(`window.slantNoReload = 1`, nil)
	d.Type(d.Element("#text"), string(in))
	d.Click(d.Element("#analyze-form button[type=submit]"))
	waitFor(t, d, "the report", `return !!document.querySelector('#results [data-summary]')`)
	var kept int
	d.Script(`return window.slantNoReload || 0`, &kept)
	if kept != 1 {
		t.Error("the page reloaded: the form did not post with fetch")
	}

	t.Run("marks equal the API's findings", func(t *testing.T) {
		d.T = t
		var got []string
		d.Script(marksJS, &got, "#results mark")
		if strings.Join(got, "\n") != strings.Join(findingKeys(want), "\n") {
			t.Errorf("marks differ from POST /v1/analyze:\n got %q\nwant %q", got, findingKeys(want))
		}
		var dom struct {
			Legend, Actors, Rows int
			Status, Text         string
		}
		d.Script(`return {Legend: document.querySelectorAll('#results .legend li[data-category]').length,
  Actors: document.querySelectorAll('#results .actors tbody tr').length,
  Rows: document.querySelectorAll('#results .findings tbody tr').length,
  Status: document.getElementById('status').textContent,
  Text: document.querySelector('#results .text').textContent};`, &dom)
		if dom.Legend != len(want.Categories) || dom.Actors != len(want.Actors) || dom.Rows != len(want.Findings) {
			t.Errorf("legend %d, actors %d, rows %d; want %d, %d, %d", dom.Legend, dom.Actors, dom.Rows, len(want.Categories), len(want.Actors), len(want.Findings))
		}
		if !strings.HasPrefix(dom.Status, "Report ready: LOADED") {
			t.Errorf("status line %q, want the summary for screen readers", dom.Status)
		}
		if dom.Text != string(in) {
			t.Errorf("the text shown is not the text pasted")
		}
	})

	t.Run("Tab reaches a finding's detail", func(t *testing.T) {
		d.T = t
		bySt := map[int]analyzer.Finding{}
		for _, f := range want.Findings {
			bySt[f.Start] = f
		}
		start := tabToMark(t, d, func(n int) bool { return bySt[n].Suggestion != "" })
		f := bySt[start]
		var detail struct {
			Hidden bool
			Text   string
			Tip    string
		}
		d.Script(`const p = document.getElementById('detail');
return {Hidden: p.hidden, Text: p.textContent, Tip: getComputedStyle(document.activeElement, '::before').content};`, &detail)
		if detail.Hidden || !strings.Contains(detail.Text, "Neutral alternative"+f.Suggestion) || !strings.Contains(detail.Text, f.Text) {
			t.Errorf("detail of %q shows %q (hidden %v), want its neutral alternative %q", f.Text, detail.Text, detail.Hidden, f.Suggestion)
		}
		if !strings.Contains(detail.Tip, "neutral: "+f.Suggestion) {
			t.Errorf("focused mark's tip %q lacks the neutral alternative", detail.Tip)
		}
	})

	t.Run("filters", func(t *testing.T) {
		d.T = t
		cat := want.Findings[0].Category
		box := d.Element(`#results input[data-filter=category][value="` + cat + `"]`)
		d.Click(box)
		var f struct {
			Off, On, OffTab, Rows int
			Status                string
		}
		filterJS := `const c = arguments[0], a = arguments[1];
const ms = [...document.querySelectorAll('#results mark')];
const bare = m => getComputedStyle(m).backgroundColor === 'rgba(0, 0, 0, 0)';
return {Off: ms.filter(m => m.dataset[a] === c && bare(m)).length,
  On: ms.filter(m => m.dataset[a] !== c && !bare(m)).length,
  OffTab: ms.filter(m => m.dataset[a] === c && m.tabIndex === -1).length,
  Rows: [...document.querySelectorAll('#results .findings tbody tr')].filter(r => r.offsetParent !== null).length,
  Status: document.getElementById('status').textContent};`
		d.Script(filterJS, &f, cat, "category")
		n := 0
		for _, x := range want.Findings {
			if x.Category == cat {
				n++
			}
		}
		if f.Off != n || f.OffTab != n || f.Rows != len(want.Findings)-n || !strings.Contains(f.Status, "Showing "+strconv.Itoa(len(want.Findings)-n)) {
			t.Errorf("with %s off: %+v; want %d bare marks out of the Tab order, %d rows", cat, f, n, len(want.Findings)-n)
		}
		d.Click(box)
		d.Click(d.Element("#fv-quoted"))
		d.Script(filterJS, &f, "quoted", "voice")
		q := 0
		for _, x := range want.Findings {
			if x.Voice == "quoted" {
				q++
			}
		}
		if q == 0 || f.Off != q || f.On != len(want.Findings)-q {
			t.Errorf("with quoted off: %+v; want %d bare marks and %d marked", f, q, len(want.Findings)-q)
		}
		d.Click(d.Element("#fv-quoted"))

		// Each voice filter's line is drawn as the report draws that
		// voice's marks, and no two voices look alike.
		var lines map[string][2]string
		d.Script(`const out = {};
const host = document.querySelector('#results .slant-report .text');
for (const v of ['author', 'quoted', 'reported']) {
  const line = document.querySelector('#fv-' + v).parentElement.querySelector('.line');
  const m = document.createElement('mark');
  m.className = host.querySelector('mark').className; // a category's colours
  m.dataset.voice = v;
  host.appendChild(m);
  out[v] = [getComputedStyle(line).borderBottomStyle, getComputedStyle(m).borderBottomStyle];
  m.remove();
}
return out;`, &lines)
		styles := map[string]string{}
		for _, v := range []string{"author", "quoted", "reported"} {
			l := lines[v]
			if l[0] == "" || l[0] != l[1] {
				t.Errorf("voice %s: filter line %q, its marks %q; want the same style", v, l[0], l[1])
			}
			if o, ok := styles[l[0]]; ok {
				t.Errorf("voices %s and %s share the %s line", o, v, l[0])
			}
			styles[l[0]] = v
		}
	})
	d.T = t
	noConsoleErrors(t, d, "on the report")
	d.Script(`document.activeElement.blur(); window.scrollTo(0, 0)`, nil)
	d.Screenshot(filepath.Join(dir, "serve-report.png"))

	t.Run("compare", func(t *testing.T) {
		d.T = t
		d.Resize(1280, 1600)
		d.Click(d.Element(`nav a[data-mode=compare]`))
		var visible bool
		d.Script(`return !document.getElementById('compare-form').hidden && document.getElementById('analyze-form').hidden && location.pathname === '/compare'`, &visible)
		if !visible {
			t.Fatal("the mode link did not switch to the comparison")
		}
		a := "Mayor Helen Ostrova slammed the union's so-called plan, sources said."
		b := "Mayor Helen Ostrova criticized the union's plan, according to a statement."
		d.Type(d.Element("#text_a"), a)
		d.Type(d.Element("#text_b"), b)
		d.Click(d.Element("#compare-form button[type=submit]"))
		waitFor(t, d, "the comparison", `return !!document.querySelector('#results .slant-compare')`)
		var got []string
		d.Script(marksJS, &got, "#results #a-side mark")
		if wa := findingKeys(apiReport(t, base, "a", []byte(a))); strings.Join(got, "\n") != strings.Join(wa, "\n") {
			t.Errorf("side A marks %q, want %q", got, wa)
		}
		d.Script(marksJS, &got, "#results #b-side mark")
		if wb := findingKeys(apiReport(t, base, "b", []byte(b))); strings.Join(got, "\n") != strings.Join(wb, "\n") {
			t.Errorf("side B marks %q, want %q", got, wb)
		}
		noConsoleErrors(t, d, "on the comparison")
		d.Screenshot(filepath.Join(dir, "serve-compare.png"))
	})
	d.T = t
}

// TestBrowserServeNoJS is the page with JavaScript off: the form posts, the
// server returns the page with the report, and the filters still work (CSS).
func TestBrowserServeNoJS(t *testing.T) {
	s, _ := newServer(t)
	base := listen(t, s)
	d := webdriver.Start(t, webdriver.WithoutJavaScript())
	dir := webdriver.OutDir(t)
	in := article(t)
	want := apiReport(t, base, "pasted+text", in)

	d.Open(base + "/")
	var js bool
	d.Script(`return document.documentElement.classList.contains('js')`, &js)
	if js {
		t.Fatal("the page's script ran: JavaScript is not off")
	}
	d.Type(d.Element("#text"), string(in))
	d.Click(d.Element("#analyze-form button[type=submit]"))
	waitFor(t, d, "the report page", `return document.readyState === 'complete' && !!document.querySelector('#results [data-summary]')`)
	var got []string
	d.Script(marksJS, &got, "#results mark")
	if strings.Join(got, "\n") != strings.Join(findingKeys(want), "\n") {
		t.Errorf("marks differ from POST /v1/analyze:\n got %q\nwant %q", got, findingKeys(want))
	}
	var page struct {
		Status, Text, Tip string
	}
	d.Script(`return {Status: document.getElementById('status').textContent, Text: document.getElementById('text').value}`, &page)
	if !strings.HasPrefix(page.Status, "Report ready") || page.Text != string(in) {
		t.Errorf("after the post: status %q, text area kept %d bytes of %d", page.Status, len(page.Text), len(in))
	}
	// Keyboard: Tab reaches a mark and focus shows its detail (CSS).
	tabToMark(t, d, func(int) bool { return true })
	d.Script(`return {Tip: getComputedStyle(document.activeElement, '::before').content}`, &page)
	if !strings.Contains(page.Tip, "weight") {
		t.Errorf("focused mark shows %q, want its detail", page.Tip)
	}
	// The filters are CSS: unchecking a category unmarks it.
	cat := want.Findings[0].Category
	d.Click(d.Element(`#results input[data-filter=category][value="` + cat + `"]`))
	var bare bool
	d.Script(`return [...document.querySelectorAll('#results mark')].filter(m => m.dataset.category === arguments[0]).every(m => getComputedStyle(m).backgroundColor === 'rgba(0, 0, 0, 0)')`, &bare, cat)
	if !bare {
		t.Errorf("with JavaScript off, unchecking %s leaves its marks", cat)
	}
	noConsoleErrors(t, d, "without JavaScript")
	d.Screenshot(filepath.Join(dir, "serve-nojs.png"))
}
