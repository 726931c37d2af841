package render

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/slantnews/slant/tables"
)

// outletColors tell up to ten outlets apart; each outlet also has a number
// and, in the time series, a dash pattern, so colour is never the only cue.
var outletColors = []string{"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"}

var outletDashes = []string{"", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 2 1 2", "12 3 3 3", "3 6", "6 2 2 2 2 2"}

func outletColor(i int) string { return outletColors[i%len(outletColors)] }
func outletDash(i int) string  { return outletDashes[i%len(outletDashes)] }

// outletLabel is an outlet's name, or its key when the pages gave none.
func outletLabel(o tables.OutletStats) string {
	if o.Name != "" {
		return o.Name
	}
	return o.Key
}

func pct(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

// voiceShares are an outlet's author, quoted and reported weight as shares
// of their sum (all zero when it has no weight).
func voiceShares(s tables.OutletStats) (author, quoted, reported float64) {
	sum := s.AuthorWeight + s.QuotedWeight + s.ReportedWeight
	if sum == 0 {
		return 0, 0, 0
	}
	return s.AuthorWeight / sum, s.QuotedWeight / sum, s.ReportedWeight / sum
}

func authorShare(s tables.OutletStats) float64 {
	a, _, _ := voiceShares(s)
	return a
}

const outletsCSS = `.oc{display:inline-block;width:1.3rem;text-align:center;color:#fff;background:var(--oc);border-radius:3px;font:700 .75rem/1.2rem system-ui,sans-serif;margin-right:.35rem}
.bar{display:inline-block;height:.7rem;background:#1b1b1b;vertical-align:middle;min-width:1px}
.bar.q{background:repeating-linear-gradient(45deg,#777 0 2px,#fff 2px 4px);border:1px solid #777}
.bar.r{background:repeating-linear-gradient(90deg,#777 0 1px,#fff 1px 4px);border:1px dotted #1b1b1b}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,26rem),1fr));gap:1rem 1.5rem}
.grid>div{min-width:0;overflow-x:auto}
.tag{font:700 .7rem/1 system-ui,sans-serif;text-transform:uppercase;letter-spacing:.05em;border:1px solid #1b1b1b;border-radius:3px;padding:.1rem .25rem;margin-left:.3rem;white-space:nowrap}
`

// OutletsHTML writes the comparison of the outlets of a tables tree as one
// self-contained page: a summary table, the intensity distribution of each
// outlet (box and strip plot), the terms each outlet uses most beside how
// much the others use them, the actors each frames, the author and quoted
// shares of the weight, and the mean intensity by date. Like HTML, it has
// no scripts and loads nothing, and its bytes are a function of o alone.
func OutletsHTML(w io.Writer, o *tables.Outlets) error {
	p := newPage(w)
	css := outletsCSS
	var docs int64
	for i, s := range o.Outlets {
		docs += s.Documents
		css += fmt.Sprintf(".o%d{--oc:%s}\n", i+1, outletColor(i))
	}
	p.headCSS("Outlets compared", newCatTable(), css)
	first, last := "", ""
	if len(o.Series) > 0 {
		first, last = o.Series[0].Date, o.Series[len(o.Series)-1].Date
	}
	p.printf("<header><h1>Outlets compared <span class=\"src\">%d outlets · %d documents", len(o.Outlets), docs)
	if first != "" {
		p.printf(" · %s to %s", esc(first), esc(last))
	}
	p.s("</span></h1></header>\n<main>\n")
	p.outletSummary(o)
	p.outletDistribution(o)
	p.outletVoice(o)
	p.outletTerms(o)
	p.outletActors(o)
	p.outletSeries(o)
	p.s("</main>\n")
	p.printf("<footer>%s · numbers from slant query over the documents and findings tables</footer>\n</body>\n</html>\n", esc(tables.Schema))
	return p.b.Flush()
}

func (p *page) chip(i int) {
	p.printf("<span class=\"oc o%d\" aria-hidden=\"true\">%d</span>", i+1, i+1)
}

func (p *page) outletSummary(o *tables.Outlets) {
	p.s("<section aria-labelledby=\"h-sum\"><h2 id=\"h-sum\">Summary</h2>\n<table class=\"summary\">\n<thead><tr><th>Outlet</th><th class=\"n\">Documents</th><th class=\"n\">Loaded</th><th class=\"n\">Mean intensity</th><th class=\"n\">Median</th><th class=\"n\">Findings per 1,000 words</th><th class=\"n\">Author share of weight</th></tr></thead>\n<tbody>\n")
	for i, s := range o.Outlets {
		p.printf("<tr data-outlet=\"%s\"><td>", esc(s.Key))
		p.chip(i)
		per := 0.0
		if s.Words > 0 {
			per = float64(s.Findings) * 1000 / float64(s.Words)
		}
		p.printf("%s</td><td class=\"n\">%d</td><td class=\"n\">%d (%s)</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
			esc(outletLabel(s)), s.Documents, s.Loaded, pct(float64(s.Loaded)/math.Max(1, float64(s.Documents))),
			num(s.Mean), num(s.Median), num(per), pct(authorShare(s)))
	}
	p.s("</tbody>\n</table>\n</section>\n")
}

// niceMax is the axis maximum for values up to x.
func niceMax(x float64) float64 {
	for _, m := range []float64{0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 50, 100} {
		if x <= m {
			return m
		}
	}
	return math.Ceil(x)
}

func (p *page) outletDistribution(o *tables.Outlets) {
	const left, width, row = 190.0, 560.0, 36.0
	xmax := 0.0
	for _, s := range o.Outlets {
		xmax = math.Max(xmax, s.Max)
	}
	xmax = niceMax(xmax)
	x := func(v float64) float64 { return left + width*v/xmax }
	h := row*float64(len(o.Outlets)) + 30
	p.s("<section aria-labelledby=\"h-dist\"><h2 id=\"h-dist\">Intensity per document</h2>\n")
	p.s("<p class=\"small\">Each dot is a document (a sample of at most 400 per outlet); the box spans the middle half, the thick line is the median, the whiskers reach the lowest and highest.</p>\n")
	p.printf("<svg class=\"dist\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" role=\"img\" aria-labelledby=\"dist-t\"><title id=\"dist-t\">Intensity distribution per outlet</title>\n", left+width+20, h, left+width+20)
	for t := 0.0; t <= xmax+1e-9; t += xmax / 5 {
		p.printf("<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#eee\"/><text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>\n", x(t), x(t), h-18, x(t), h-4, num(t))
	}
	for i, s := range o.Outlets {
		y := row*float64(i) + row/2 + 4
		c := outletColor(i)
		p.printf("<g class=\"outlet\" data-outlet=\"%s\"><text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%d %s</text>\n", esc(s.Key), left-8, y+4, i+1, esc(truncate(outletLabel(s), 24)))
		p.printf("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", x(s.Min), y, x(s.Max), y, c)
		p.printf("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"20\" fill=\"%s\" stroke=\"%s\"/>", x(s.Q1), y-10, math.Max(1, x(s.Q3)-x(s.Q1)), rgba(c, 0.15), c)
		p.printf("<line class=\"median\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1b1b1b\" stroke-width=\"3\"/>\n", x(s.Median), y-10, x(s.Median), y+10)
		for j, v := range s.Intensities {
			jit := float64((j*37)%11-5) * 1.5
			p.printf("<circle class=\"doc\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.2\" fill=\"%s\" fill-opacity=\".55\"/>", x(v), y+jit, c)
		}
		p.printf("<title>%s: median %s, middle half %s to %s, %d documents</title></g>\n", esc(outletLabel(s)), num(s.Median), num(s.Q1), num(s.Q3), s.Documents)
	}
	p.s("</svg>\n</section>\n")
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func (p *page) outletVoice(o *tables.Outlets) {
	p.s("<section aria-labelledby=\"h-voice\"><h2 id=\"h-voice\">Author, quoted and reported weight</h2>\n")
	p.s("<p class=\"small\">Of each outlet's weight of findings, the share in its own words (solid), in the words it quotes (hatched) and in the speech it reports without quotation marks (striped, dotted edge).</p>\n<table class=\"voice\">\n<tbody>\n")
	for i, s := range o.Outlets {
		a, q, r := voiceShares(s)
		p.printf("<tr data-outlet=\"%s\"><td>", esc(s.Key))
		p.chip(i)
		p.printf("%s</td><td style=\"width:60%%\"><span class=\"bar\" style=\"width:%.1f%%\"></span>", esc(outletLabel(s)), 100*a)
		// A voice without weight draws no segment (a bar has a minimum width).
		for _, seg := range []struct {
			class string
			share float64
		}{{"bar q", q}, {"bar r", r}} {
			if seg.share > 0 {
				p.printf("<span class=\"%s\" style=\"width:%.1f%%\"></span>", seg.class, 100*seg.share)
			}
		}
		p.printf("</td><td class=\"n\">author %s · quoted %s · reported %s</td></tr>\n", pct(a), pct(q), pct(r))
	}
	p.s("</tbody>\n</table>\n</section>\n")
}

func (p *page) outletTerms(o *tables.Outlets) {
	p.s("<section aria-labelledby=\"h-terms\"><h2 id=\"h-terms\">Terms each outlet uses most</h2>\n")
	p.s("<p class=\"small\">Here: the term's share of the outlet's findings. Others: its share of all other outlets' findings together. <span class=\"tag\">their own</span> marks a term the outlet uses at least twice as much as the others.</p>\n<div class=\"grid\">\n")
	p.eachOutlet(o, func(i int, key string) {
		p.s("<table class=\"terms\"><thead><tr><th>Term</th><th>Category</th><th class=\"n\">Uses</th><th class=\"n\">Here</th><th class=\"n\">Others</th></tr></thead><tbody>\n")
		n := 0
		for _, t := range o.Terms {
			if t.Outlet != key {
				continue
			}
			n++
			tag := ""
			if t.ShareHere >= 2*t.ShareElsewhere && t.Uses >= 2 {
				tag = "<span class=\"tag\">their own</span>"
			}
			p.printf("<tr><td>%s%s</td><td>%s</td><td class=\"n\">%d</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n",
				esc(t.Term), tag, esc(t.Category), t.Uses, pct(t.ShareHere), pct(t.ShareElsewhere))
		}
		if n == 0 {
			p.s("<tr><td colspan=\"5\">No findings.</td></tr>\n")
		}
		p.s("</tbody></table>\n")
	})
	p.s("</div>\n</section>\n")
}

// eachOutlet writes one block per outlet with a heading, calling fn for its
// content.
func (p *page) eachOutlet(o *tables.Outlets, fn func(i int, key string)) {
	for i, s := range o.Outlets {
		p.printf("<div data-outlet=\"%s\"><h3>", esc(s.Key))
		p.chip(i)
		p.printf("%s</h3>\n", esc(outletLabel(s)))
		fn(i, s.Key)
		p.s("</div>\n")
	}
}

func (p *page) outletActors(o *tables.Outlets) {
	p.s("<section aria-labelledby=\"h-actors\"><h2 id=\"h-actors\">Actors framed</h2>\n")
	p.s("<p class=\"small\">Who each outlet's findings are aimed at, by number of findings.</p>\n<div class=\"grid\">\n")
	p.eachOutlet(o, func(i int, key string) {
		n := 0
		p.s("<table class=\"actors\"><thead><tr><th>Actor</th><th class=\"n\">Findings</th><th class=\"n\">Documents</th><th class=\"n\">Weight</th><th class=\"n\">Author</th><th>Mostly</th></tr></thead><tbody>\n")
		for _, a := range o.Actors {
			if a.Outlet != key {
				continue
			}
			n++
			p.printf("<tr><td>%s</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td>%s</td></tr>\n",
				esc(a.Actor), a.Findings, a.Documents, num(a.Weight), pct(a.AuthorShare), esc(a.TopCategory))
		}
		if n == 0 {
			p.s("<tr><td colspan=\"6\">No finding aimed at an actor.</td></tr>\n")
		}
		p.s("</tbody></table>\n")
	})
	p.s("</div>\n</section>\n")
}

func (p *page) outletSeries(o *tables.Outlets) {
	p.s("<section aria-labelledby=\"h-time\"><h2 id=\"h-time\">Mean intensity by date</h2>\n")
	if len(o.Series) == 0 {
		p.s("<p class=\"small\">No document has a known date.</p>\n</section>\n")
		return
	}
	var dates []string
	at := map[string]int{}
	ymax := 0.0
	for _, d := range o.Series {
		if _, ok := at[d.Date]; !ok {
			at[d.Date] = len(dates)
			dates = append(dates, d.Date)
		}
		ymax = math.Max(ymax, d.MeanIntensity)
	}
	ymax = niceMax(ymax)
	const left, top, width, height = 50.0, 10.0, 680.0, 220.0
	x := func(i int) float64 {
		if len(dates) == 1 {
			return left + width/2
		}
		return left + width*float64(i)/float64(len(dates)-1)
	}
	y := func(v float64) float64 { return top + height*(1-v/ymax) }
	p.printf("<svg class=\"series\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" role=\"img\" aria-labelledby=\"series-t\"><title id=\"series-t\">Mean intensity by date and outlet</title>\n", left+width+20, top+height+40, left+width+20)
	for t := 0.0; t <= ymax+1e-9; t += ymax / 4 {
		p.printf("<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#eee\"/><text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", left, y(t), left+width, y(t), left-6, y(t)+4, num(t))
	}
	for _, i := range []int{0, len(dates) / 2, len(dates) - 1} {
		anchor := "middle"
		switch {
		case len(dates) == 1:
		case i == 0:
			anchor = "start"
		case i == len(dates)-1:
			anchor = "end"
		}
		p.printf("<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"%s\">%s</text>\n", x(i), top+height+18, anchor, esc(dates[i]))
	}
	for oi, s := range o.Outlets {
		var pts []string
		var marks strings.Builder
		for _, d := range o.Series {
			if d.Outlet != s.Key {
				continue
			}
			px, py := x(at[d.Date]), y(d.MeanIntensity)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", px, py))
			fmt.Fprintf(&marks, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s %s: mean %s over %d documents</title></circle>", px, py, outletColor(oi), esc(outletLabel(s)), esc(d.Date), num(d.MeanIntensity), d.Documents)
		}
		if len(pts) == 0 {
			continue
		}
		dash := ""
		if d := outletDash(oi); d != "" {
			dash = " stroke-dasharray=\"" + d + "\""
		}
		p.printf("<g class=\"line\" data-outlet=\"%s\"><polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%s</g>\n", esc(s.Key), strings.Join(pts, " "), outletColor(oi), dash, marks.String())
	}
	p.s("</svg>\n<ul class=\"keys\">")
	for oi, s := range o.Outlets {
		dash := ""
		if d := outletDash(oi); d != "" {
			dash = " stroke-dasharray=\"" + d + "\""
		}
		p.printf("<li style=\"display:inline-flex;align-items:center;gap:.3rem;margin-right:1rem\"><svg width=\"36\" height=\"10\" aria-hidden=\"true\"><line x1=\"0\" y1=\"5\" x2=\"36\" y2=\"5\" stroke=\"%s\" stroke-width=\"2\"%s/></svg>", outletColor(oi), dash)
		p.chip(oi)
		p.printf("%s</li>", esc(outletLabel(s)))
	}
	p.s("</ul>\n</section>\n")
}

// OutletsText writes the comparison for a terminal: the summary table, then
// each outlet's top terms and actors.
func OutletsText(w io.Writer, o *tables.Outlets) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "outlet\tdocuments\tloaded\tmean\tQ1\tmedian\tQ3\tper 1000 words\tauthor share")
	for _, s := range o.Outlets {
		per := 0.0
		if s.Words > 0 {
			per = float64(s.Findings) * 1000 / float64(s.Words)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", outletLabel(s), s.Documents, s.Loaded, num(s.Mean), num(s.Q1), num(s.Median), num(s.Q3), num(per), pct(authorShare(s)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range o.Outlets {
		fmt.Fprintf(w, "\n%s\n", outletLabel(s))
		var terms, actors []string
		for _, t := range o.Terms {
			if t.Outlet == s.Key {
				terms = append(terms, fmt.Sprintf("%s %d (%s here, %s others)", t.Term, t.Uses, pct(t.ShareHere), pct(t.ShareElsewhere)))
			}
		}
		for _, a := range o.Actors {
			if a.Outlet == s.Key {
				actors = append(actors, fmt.Sprintf("%s %d", a.Actor, a.Findings))
			}
		}
		fmt.Fprintf(w, "  terms:  %s\n", orNone(terms))
		fmt.Fprintf(w, "  actors: %s\n", orNone(actors))
	}
	return nil
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
