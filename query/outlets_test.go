package query

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slantnews/slant/internal/webdriver"
	"github.com/slantnews/slant/render"
)

// TestOutlets: the numbers of the outlets report on the hand-made corpus.
func TestOutlets(t *testing.T) {
	db, _ := writeCorpus(t)
	o, err := db.Outlets(context.Background(), 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Outlets) != 4 {
		t.Fatalf("%d outlets, want 4 (with __unknown__)", len(o.Outlets))
	}
	c := o.Outlets[1] // northgate-courier: intensities .2 .2 .4 .6
	if c.Key != "northgate-courier" || c.Name != courier || c.Documents != 4 || c.Loaded != 2 ||
		!near(c.Min, 0.2) || !near(c.Q1, 0.2) || !near(c.Median, 0.3) || !near(c.Q3, 0.45) || !near(c.Max, 0.6) ||
		len(c.Intensities) != 4 || !near(c.AuthorWeight, 2) || !near(c.QuotedWeight, 1) {
		t.Errorf("courier = %+v", c)
	}
	if v := o.Outlets[3]; v.Key != "valley-sentinel" || !near(v.AuthorWeight, 5) || !near(v.QuotedWeight, 1) || !near(v.ReportedWeight, 2) {
		t.Errorf("sentinel weights by voice = %v, %v, %v; want 5, 1, 2", v.AuthorWeight, v.QuotedWeight, v.ReportedWeight)
	}
	// One term and one actor per outlet: the most used.
	wantTerms := map[string]string{"northgate-courier": "radical", "the-harbour-ledger": "fiasco", "valley-sentinel": "slammed"}
	if len(o.Terms) != 3 {
		t.Errorf("terms %+v, want one per outlet with findings", o.Terms)
	}
	for _, tm := range o.Terms {
		if wantTerms[tm.Outlet] != tm.Term {
			t.Errorf("top term of %s = %s, want %s", tm.Outlet, tm.Term, wantTerms[tm.Outlet])
		}
	}
	// ledger's council: fiasco twice (ridicule), radical once.
	if len(o.Actors) != 3 || o.Actors[1].Actor != "council" || o.Actors[1].TopCategory != "ridicule" || o.Actors[1].Findings != 3 {
		t.Errorf("actors %+v", o.Actors)
	}
	if len(o.Series) != 9 || o.Series[0].Date != "2025-03-01" {
		t.Errorf("series %+v", o.Series)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// TestOutletsBrowser opens the outlets page in headless Chromium and checks
// the DOM the browser built against the numbers, then saves a screenshot.
func TestOutletsBrowser(t *testing.T) {
	db, _ := writeCorpus(t)
	o, err := db.Outlets(context.Background(), 10, 8)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := render.OutletsHTML(&b, o); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `http-equiv="Content-Security-Policy" content="default-src 'none'`) {
		t.Error("the page has no CSP")
	}
	d := webdriver.Start(t)
	dir := webdriver.OutDir(t)
	page := filepath.Join(dir, "outlets.html")
	if err := os.WriteFile(page, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	d.Resize(1280, 1600)
	d.Open("file://" + page)
	var dom struct {
		Summary, Boxes, Dots, Lines, Scripts, TermTables, ActorTables int
		Overflow                                                      bool
		Spill                                                         []string
		Medians                                                       map[string]float64
		Names                                                         []string
	}
	d.Script(`const med = {};
for (const g of document.querySelectorAll('svg.dist g.outlet')) med[g.dataset.outlet] = g.querySelector('line.median').getBoundingClientRect().x;
return {
  Summary: document.querySelectorAll('table.summary tbody tr').length,
  Boxes: document.querySelectorAll('svg.dist g.outlet rect').length,
  Dots: document.querySelectorAll('svg.dist circle.doc').length,
  Lines: document.querySelectorAll('svg.series g.line polyline').length,
  Scripts: document.scripts.length,
  TermTables: document.querySelectorAll('table.terms').length,
  ActorTables: document.querySelectorAll('table.actors').length,
  Overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
  Medians: med,
  Spill: [...document.querySelectorAll('.grid > div')].filter(c => c.scrollWidth > c.clientWidth + 1 && getComputedStyle(c).overflowX === 'visible').map(c => c.dataset.outlet),
  Names: [...document.querySelectorAll('table.summary tbody td:first-child')].map(e => e.textContent),
};`, &dom)
	dots := 0
	for _, s := range o.Outlets {
		dots += len(s.Intensities)
	}
	n := len(o.Outlets)
	if dom.Summary != n || dom.Boxes != n || dom.TermTables != n || dom.ActorTables != n {
		t.Errorf("summary rows %d, boxes %d, term tables %d, actor tables %d; want %d each", dom.Summary, dom.Boxes, dom.TermTables, dom.ActorTables, n)
	}
	if dom.Dots != dots || dots != 13 {
		t.Errorf("%d dots, %d sampled intensities (13 documents)", dom.Dots, dots)
	}
	if dom.Lines != 3 {
		t.Errorf("%d lines in the time series, want 3 (the outlets with dates)", dom.Lines)
	}
	if len(dom.Spill) > 0 {
		t.Errorf("tables spill out of their cells over the next: %q", dom.Spill)
	}
	if dom.Scripts != 0 {
		t.Errorf("%d scripts", dom.Scripts)
	}
	if dom.Overflow {
		t.Error("the page scrolls sideways at 1280 px")
	}
	// Medians .3 (courier) < .4 (ledger) < .65 (sentinel): the drawn lines
	// are in that order, left to right.
	if !(dom.Medians["northgate-courier"] < dom.Medians["the-harbour-ledger"] && dom.Medians["the-harbour-ledger"] < dom.Medians["valley-sentinel"]) {
		t.Errorf("median lines at %v: not in the order of the medians", dom.Medians)
	}
	if len(dom.Names) != n || !strings.HasSuffix(dom.Names[3], sentinel) {
		t.Errorf("outlet names %q", dom.Names)
	}
	d.Resize(420, 900)
	var narrow bool
	d.Script("return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1", &narrow)
	if narrow {
		t.Error("the page scrolls sideways at 420 px")
	}
	d.Resize(1280, 1600)
	if errs := d.ConsoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
	d.Screenshot(filepath.Join(dir, "outlets.png"))
}
