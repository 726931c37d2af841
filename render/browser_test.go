package render

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/compare"
)

// The browser test opens the HTML report and the comparison in headless
// Chromium, driven by chromedriver over the W3C WebDriver HTTP protocol, checks
// the DOM as the browser built it, and saves screenshots to testdata/out (or
// $SLANT_SCREENSHOTS). It skips when Chromium or chromedriver is missing,
// unless SLANT_BROWSER_REQUIRED=1 (make test-browser sets it).

// chromiumFlags are the flags the browser runs with; a fresh
// --user-data-dir is added per run.
var chromiumFlags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
	"--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,1600"}

func findBinary(names ...string) string {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// webDriver is a minimal W3C WebDriver client for one session.
type webDriver struct {
	t       *testing.T
	base    string
	session string
	client  *http.Client
}

func (d *webDriver) call(method, path string, body any) (json.RawMessage, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, d.base+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := d.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var out struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("%s %s: %v: %.200s", method, path, err, data)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s %s: %s: %.300s", method, path, resp.Status, out.Value)
	}
	return out.Value, nil
}

func (d *webDriver) must(method, path string, body any) json.RawMessage {
	d.t.Helper()
	v, err := d.call(method, path, body)
	if err != nil {
		d.t.Fatal(err)
	}
	return v
}

func (d *webDriver) sess(path string) string { return "/session/" + d.session + path }

// script runs JavaScript in the page and decodes its result into v.
func (d *webDriver) script(js string, v any) {
	d.t.Helper()
	raw := d.must("POST", d.sess("/execute/sync"), map[string]any{"script": js, "args": []any{}})
	if err := json.Unmarshal(raw, v); err != nil {
		d.t.Fatalf("script result %s: %v", raw, err)
	}
}

// consoleErrors returns the browser log entries of level SEVERE since the
// last call.
func (d *webDriver) consoleErrors() []string {
	d.t.Helper()
	raw := d.must("POST", d.sess("/se/log"), map[string]string{"type": "browser"})
	var entries []struct{ Level, Message string }
	if err := json.Unmarshal(raw, &entries); err != nil {
		d.t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Level == "SEVERE" {
			out = append(out, e.Message)
		}
	}
	return out
}

func (d *webDriver) open(url string) {
	d.t.Helper()
	d.must("POST", d.sess("/url"), map[string]string{"url": url})
}

// screenshot sizes the window to the page and saves a PNG.
func (d *webDriver) screenshot(path string) {
	d.t.Helper()
	var h int
	d.script("return Math.min(document.documentElement.scrollHeight, 8000)", &h)
	d.must("POST", d.sess("/window/rect"), map[string]int{"width": 1280, "height": h})
	raw := d.must("GET", d.sess("/screenshot"), nil)
	var b64 string
	json.Unmarshal(raw, &b64)
	png, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		d.t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		d.t.Fatal(err)
	}
	d.t.Logf("screenshot %s (%d bytes)", path, len(png))
}

func startBrowser(t *testing.T) *webDriver {
	t.Helper()
	required := os.Getenv("SLANT_BROWSER_REQUIRED") == "1"
	chromium := findBinary("chromium", "chromium-browser", "google-chrome")
	driver := findBinary("chromedriver")
	if chromium == "" || driver == "" {
		msg := "browser test needs chromium and chromedriver (Debian: apt-get install chromium chromium-driver)"
		if required {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(driver, "--port="+strconv.Itoa(port), "--allowed-ips=127.0.0.1")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromedriver: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	d := &webDriver{t: t, base: "http://127.0.0.1:" + strconv.Itoa(port), client: &http.Client{Timeout: 90 * time.Second}}
	deadline := time.Now().Add(30 * time.Second)
	for {
		raw, err := d.call("GET", "/status", nil)
		var st struct{ Ready bool }
		if err == nil && json.Unmarshal(raw, &st) == nil && st.Ready {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("chromedriver not ready: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	args := append(append([]string(nil), chromiumFlags...), "--user-data-dir="+t.TempDir())
	raw := d.must("POST", "/session", map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName":        "chrome",
		"goog:chromeOptions": map[string]any{"binary": chromium, "args": args},
		"goog:loggingPrefs":  map[string]string{"browser": "ALL"},
	}}})
	var s struct {
		SessionID string `json:"sessionId"`
	}
	if err := json.Unmarshal(raw, &s); err != nil || s.SessionID == "" {
		t.Fatalf("new session: %v %s", err, raw)
	}
	d.session = s.SessionID
	t.Cleanup(func() { d.call("DELETE", d.sess(""), nil) })
	return d
}

func outDir(t *testing.T) string {
	dir := os.Getenv("SLANT_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("testdata", "out")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// domReport is what the page's DOM says, computed in the browser.
type domReport struct {
	Marks, Visible, Nested, Legend, Scripts, Heat, Actors int
	BadMarks                                              []string
	Overflow                                              bool
	Text                                                  string
	Colors                                                map[string]string
}

const domJS = `
const ms = [...document.querySelectorAll('mark')];
const colors = {};
for (const m of ms) colors[m.dataset.category] = getComputedStyle(m).borderBottomColor;
const text = [...document.querySelectorAll('.text')].map(e => e.textContent).join('\n');
return {
  Marks: ms.length,
  Visible: ms.filter(m => { const r = m.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length,
  Nested: document.querySelectorAll('mark mark').length,
  Legend: document.querySelectorAll('.legend li[data-category]').length,
  Scripts: document.scripts.length,
  Heat: document.querySelectorAll('svg.heat rect.sent').length,
  Actors: document.querySelectorAll('.actors tbody tr').length,
  BadMarks: ms.filter(m => !m.dataset.category || !['author', 'quoted'].includes(m.dataset.voice) || m.tabIndex !== 0 || !m.title).map(m => m.outerHTML.slice(0, 120)),
  Overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
  Text: text,
  Colors: colors,
};`

func writePage(t *testing.T, dir, name string, write func(io.Writer) error) string {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBrowser(t *testing.T) {
	d := startBrowser(t)
	dir := outDir(t)

	// The console check must be able to fail: a page that logs an error.
	d.open("data:text/html,<script>console.error('slant-probe')</script>")
	if errs := d.consoleErrors(); len(errs) == 0 || !strings.Contains(strings.Join(errs, " "), "slant-probe") {
		t.Fatalf("console check sees nothing on a page that logs an error: %q", errs)
	}

	type pageCase struct {
		name     string
		path     string
		reports  []*analyzer.Report
		inputs   [][]byte
		escapeIn string // input text that must show as text
	}
	var cases []pageCase
	for _, f := range []string{"geneva-b.txt", "script.txt"} {
		r, in := analyzeFile(t, f)
		p := writePage(t, dir, strings.TrimSuffix(f, ".txt")+".html", func(w io.Writer) error { return HTML(w, r, in) })
		c := pageCase{name: f, path: p, reports: []*analyzer.Report{r}, inputs: [][]byte{in}}
		if f == "script.txt" {
			c.escapeIn = `<script>alert("x")</script>`
		}
		cases = append(cases, c)
	}
	ra, inA, rb, inB := geneva(t)
	cases = append(cases, pageCase{name: "compare", reports: []*analyzer.Report{ra, rb}, inputs: [][]byte{inA, inB},
		path: writePage(t, dir, "compare.html", func(w io.Writer) error { return CompareHTML(w, compare.Reports(ra, rb), ra, inA, rb, inB) })})

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d.t = t
			d.must("POST", d.sess("/window/rect"), map[string]int{"width": 1280, "height": 1600})
			d.open("file://" + c.path)
			var dom domReport
			d.script(domJS, &dom)
			findings, sentences, cats := 0, 0, map[string]bool{}
			for _, r := range c.reports {
				findings += len(r.Findings)
				sentences += len(r.Sentences)
				for _, cs := range r.Categories {
					cats[cs.ID] = true
				}
			}
			if dom.Marks != findings {
				t.Errorf("%d marks in the DOM, %d findings", dom.Marks, findings)
			}
			if dom.Visible != dom.Marks {
				t.Errorf("%d of %d marks have a visible box", dom.Visible, dom.Marks)
			}
			if dom.Legend != len(cats) || dom.Legend == 0 {
				t.Errorf("legend has %d entries, %d categories", dom.Legend, len(cats))
			}
			if dom.Heat != sentences {
				t.Errorf("heat strip has %d blocks, %d sentences", dom.Heat, sentences)
			}
			if dom.Scripts != 0 {
				t.Errorf("page has %d scripts", dom.Scripts)
			}
			if len(dom.BadMarks) > 0 {
				t.Errorf("marks without category, voice, tabindex or title: %q", dom.BadMarks)
			}
			if dom.Overflow {
				t.Error("page scrolls sideways at 1280 px")
			}
			var want []string
			for _, in := range c.inputs {
				want = append(want, strings.ToValidUTF8(string(in), "\uFFFD"))
			}
			if dom.Text != strings.Join(want, "\n") {
				t.Errorf("rendered text differs from the input:\n got %q\nwant %q", dom.Text, strings.Join(want, "\n"))
			}
			if c.escapeIn != "" && !strings.Contains(dom.Text, c.escapeIn) {
				t.Errorf("the markup in the input does not show as text")
			}
			seen := map[string]string{}
			for cat, col := range dom.Colors {
				if other, ok := seen[col]; ok {
					t.Errorf("categories %s and %s share the colour %s", cat, other, col)
				}
				seen[col] = cat
			}
			if len(c.reports[0].Actors) > 0 && dom.Actors == 0 {
				t.Error("no actor table in the DOM")
			}
			// Keyboard: Tab reaches a mark, and focus shows its detail.
			var tag string
			for i := 0; i < 120 && tag != "MARK"; i++ {
				d.must("POST", d.sess("/actions"), map[string]any{"actions": []any{map[string]any{
					"type": "key", "id": "kb", "actions": []any{
						map[string]string{"type": "keyDown", "value": "\uE004"},
						map[string]string{"type": "keyUp", "value": "\uE004"},
					}}}})
				d.script("return document.activeElement ? document.activeElement.tagName : ''", &tag)
			}
			if tag != "MARK" {
				t.Fatal("Tab never reaches a mark")
			}
			var tip string
			d.script("return getComputedStyle(document.activeElement, '::before').content", &tip)
			var title string
			d.script("return document.activeElement.dataset.tip", &title)
			if !strings.Contains(tip, "weight") || !strings.Contains(tip, strings.SplitN(title, " · ", 2)[0]) {
				t.Errorf("focused mark shows %q, want its detail %q", tip, title)
			}
			// A phone-sized window scrolls down, not sideways.
			d.must("POST", d.sess("/window/rect"), map[string]int{"width": 420, "height": 900})
			var narrow bool
			d.script("document.activeElement.blur(); return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1", &narrow)
			if narrow {
				var wide []string
				d.script(`const w = document.documentElement.clientWidth;
return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 6).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).concat(['viewport ' + w, 'page ' + document.documentElement.scrollWidth]);`, &wide)
				t.Errorf("page scrolls sideways at 420 px: %q", wide)
			}
			d.must("POST", d.sess("/window/rect"), map[string]int{"width": 1280, "height": 1600})
			if errs := d.consoleErrors(); len(errs) > 0 {
				t.Errorf("console errors: %q", errs)
			}
			d.screenshot(strings.TrimSuffix(c.path, ".html") + ".png")
		})
	}
	d.t = t
}
