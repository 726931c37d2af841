package render

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/compare"
	"github.com/slantnews/slant/internal/webdriver"
)

// The browser test opens the HTML report and the comparison in headless
// Chromium, driven by chromedriver over the W3C WebDriver HTTP protocol
// (internal/webdriver, shared with the server's browser test), checks
// the DOM as the browser built it, and saves screenshots to testdata/out (or
// $SLANT_SCREENSHOTS). It skips when Chromium or chromedriver is missing,
// unless SLANT_BROWSER_REQUIRED=1 (make test-browser sets it).

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
	d := webdriver.Start(t)
	dir := webdriver.OutDir(t)

	// The console check must be able to fail: a page that logs an error.
	d.Open("data:text/html,<script>console.error('slant-probe')</script>")
	if errs := d.ConsoleErrors(); len(errs) == 0 || !strings.Contains(strings.Join(errs, " "), "slant-probe") {
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
			d.T = t
			d.Resize(1280, 1600)
			d.Open("file://" + c.path)
			var dom domReport
			d.Script(domJS, &dom)
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
				d.PressKey(webdriver.Tab)
				d.Script("return document.activeElement ? document.activeElement.tagName : ''", &tag)
			}
			if tag != "MARK" {
				t.Fatal("Tab never reaches a mark")
			}
			var tip string
			d.Script("return getComputedStyle(document.activeElement, '::before').content", &tip)
			var title string
			d.Script("return document.activeElement.dataset.tip", &title)
			if !strings.Contains(tip, "weight") || !strings.Contains(tip, strings.SplitN(title, " · ", 2)[0]) {
				t.Errorf("focused mark shows %q, want its detail %q", tip, title)
			}
			// A phone-sized window scrolls down, not sideways.
			d.Resize(420, 900)
			var narrow bool
			d.Script("document.activeElement.blur(); return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1", &narrow)
			if narrow {
				var wide []string
				d.Script(`const w = document.documentElement.clientWidth;
return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 6).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).concat(['viewport ' + w, 'page ' + document.documentElement.scrollWidth]);`, &wide)
				t.Errorf("page scrolls sideways at 420 px: %q", wide)
			}
			d.Resize(1280, 1600)
			if errs := d.ConsoleErrors(); len(errs) > 0 {
				t.Errorf("console errors: %q", errs)
			}
			d.Screenshot(strings.TrimSuffix(c.path, ".html") + ".png")
		})
	}
	d.T = t
}
