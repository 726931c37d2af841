package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/compare"
	"github.com/slantnews/slant/internal/textsafe"
)

func signed(x float64) string {
	if x > 0 {
		return "+" + num(x)
	}
	if x == 0 {
		return "0.00"
	}
	return num(x)
}

// CompareText writes the comparison for a terminal.
func CompareText(w io.Writer, c *compare.Comparison) error {
	var b strings.Builder
	fmt.Fprintf(&b, "A: %s\nB: %s\n\n", c.A.Name, c.B.Name)
	fmt.Fprintf(&b, "%-24s %12s %12s %10s\n", "", "A", "B", "B−A")
	fmt.Fprintf(&b, "%-24s %12s %12s\n", "label", strings.ToUpper(c.A.Label), strings.ToUpper(c.B.Label))
	row := func(name string, x, y float64) {
		fmt.Fprintf(&b, "%-24s %12s %12s %10s\n", name, num(x), num(y), signed(compare.Delta(x, y)))
	}
	row("intensity", c.A.Intensity, c.B.Intensity)
	row("weight per 1,000 words", c.A.Per1000Words, c.B.Per1000Words)
	row("own-voice weight", c.A.AuthorWeight, c.B.AuthorWeight)
	row("quoted weight", c.A.QuotedWeight, c.B.QuotedWeight)
	row("reported weight", c.A.ReportedWeight, c.B.ReportedWeight)
	fmt.Fprintf(&b, "%-24s %11.0f%% %11.0f%%\n", "quoted share", 100*c.A.QuotedShare, 100*c.B.QuotedShare)
	fmt.Fprintf(&b, "%-24s %5d / %-5d %5d / %-5d\n", "findings own / quoted", c.A.AuthorFindings, c.A.QuotedFindings, c.B.AuthorFindings, c.B.QuotedFindings)
	if len(c.Categories) > 0 {
		b.WriteString("\nCategories (weight)\n")
		for _, d := range c.Categories {
			fmt.Fprintf(&b, "  %-34s %7s (%d) %7s (%d) %10s\n", d.Name, num(d.AWeight), d.ACount, num(d.BWeight), d.BCount, signed(d.Delta))
		}
	}
	terms := func(title string, list []compare.TermUse) {
		if len(list) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s\n", title)
		for _, u := range list {
			fmt.Fprintf(&b, "  %-28q %-20s ×%d  weight %s  %s\n", u.Term, u.Category, u.Count, num(u.Weight), u.Voice)
		}
	}
	compareSpeakersText(&b, c)
	terms("Terms only A uses", c.TermsOnlyA)
	terms("Terms only B uses", c.TermsOnlyB)
	if len(c.Actors) > 0 {
		b.WriteString("\nWho is framed (findings, weight)\n")
		for _, d := range c.Actors {
			fmt.Fprintf(&b, "  %-26s A %2d %7s   B %2d %7s  %10s", d.Name, d.A.Findings, num(d.A.Weight), d.B.Findings, num(d.B.Weight), signed(d.WeightDelta))
			if len(d.OnlyA) > 0 {
				fmt.Fprintf(&b, "  only A: %s", strings.Join(d.OnlyA, ", "))
			}
			if len(d.OnlyB) > 0 {
				fmt.Fprintf(&b, "  only B: %s", strings.Join(d.OnlyB, ", "))
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, textsafe.Output(b.String()))
	return err
}

// CompareHTML writes one self-contained page: the comparison tables, then the
// two texts side by side with the same highlighting (shared colours and
// category numbers). c is compare.Reports(ra, rb); inA and inB are the inputs
// of ra and rb. Ids of side A start with "a-", of side B with "b-".
func CompareHTML(w io.Writer, c *compare.Comparison, ra *analyzer.Report, inA []byte, rb *analyzer.Report, inB []byte) error {
	cats := newCatTable(ra, rb)
	p := newPage(w)
	p.head("Framing comparison: "+ra.Source.Name+" and "+rb.Source.Name, cats)
	p.printf("<header><h1>Framing comparison <span class=\"src\">A: %s · B: %s</span></h1></header>\n", esc(ra.Source.Name), esc(rb.Source.Name))
	p.s("<main>\n")
	p.comparison(c, cats, ra, inA, rb, inB)
	p.s("</main>\n")
	p.printf("<footer>%s · A %s · B %s</footer>\n</body>\n</html>\n", compare.Schema, esc(ra.Source.SHA256), esc(rb.Source.SHA256))
	return p.b.Flush()
}

// CompareHTMLFragment writes what CompareHTML writes inside the page's
// <main>, for a page of the caller's own, as HTMLFragment does for a report:
// a <style> element, then the comparison in a <div class="slant-compare">.
func CompareHTMLFragment(w io.Writer, c *compare.Comparison, ra *analyzer.Report, inA []byte, rb *analyzer.Report, inB []byte) error {
	cats := newCatTable(ra, rb)
	p := newPage(w)
	p.style(cats, "")
	p.s("<div class=\"slant-compare\">\n")
	p.comparison(c, cats, ra, inA, rb, inB)
	p.s("</div>\n")
	return p.b.Flush()
}

// comparison writes the body of the comparison page.
func (p *page) comparison(c *compare.Comparison, cats *catTable, ra *analyzer.Report, inA []byte, rb *analyzer.Report, inB []byte) {
	p.s("<div class=\"panels\">\n")
	p.compareTable(c, cats)
	p.s("<div class=\"side\">\n")
	p.legend(cats)
	p.s("</div>\n</div>\n")
	p.compareActors(c, cats)
	p.compareSpeakers(c)
	p.s("<div class=\"cols\">\n")
	for _, sd := range []struct {
		prefix, title string
		r             *analyzer.Report
		in            []byte
	}{{"a-", "A", ra, inA}, {"b-", "B", rb, inB}} {
		p.printf("<div class=\"col\" id=\"%sside\">\n", sd.prefix)
		p.printf("<section class=\"article\" aria-labelledby=\"%sh-text\">\n<h2 id=\"%sh-text\">%s: %s</h2>\n", sd.prefix, sd.prefix, sd.title, esc(sd.r.Source.Name))
		p.printf("<p><span class=\"badge %s\">%s</span> intensity %s / 100 · own voice %s · quoted %s</p>\n",
			badgeClass(sd.r.Label), esc(sd.r.Label), strconv1(sd.r.Score.Intensity), num(sd.r.Score.AuthorWeight), num(sd.r.Score.QuotedWeight))
		p.heatStrip(sd.r, sd.in, sd.prefix)
		p.text(sd.r, sd.in, cats, sd.prefix)
		p.s("</section>\n")
		p.findingsTable(sd.r, sd.in, cats, sd.prefix)
		p.s("</div>\n")
	}
	p.s("</div>\n")
	p.compareTerms(c, cats)
}

func badgeClass(label string) string {
	if label == analyzer.LabelLoaded {
		return analyzer.LabelLoaded
	}
	return analyzer.LabelNeutral
}

func strconv1(x float64) string { return fmt.Sprintf("%.1f", x) }

func (p *page) compareTable(c *compare.Comparison, cats *catTable) {
	p.s("<section class=\"summary\" aria-labelledby=\"h-cmp\">\n<h2 id=\"h-cmp\">A against B</h2>\n<table class=\"cmp\">\n")
	p.s("<thead><tr><th></th><th class=\"n\">A</th><th class=\"n\">B</th><th class=\"n\">B−A</th></tr></thead>\n<tbody>\n")
	p.printf("<tr><th>Label</th><td class=\"n\"><span class=\"badge %s\">%s</span></td><td class=\"n\"><span class=\"badge %s\">%s</span></td><td></td></tr>\n",
		badgeClass(c.A.Label), esc(c.A.Label), badgeClass(c.B.Label), esc(c.B.Label))
	row := func(name string, x, y float64) {
		p.printf("<tr><th>%s</th><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n", name, num(x), num(y), signed(compare.Delta(x, y)))
	}
	row("Intensity (0–100)", c.A.Intensity, c.B.Intensity)
	row("Weight per 1,000 words", c.A.Per1000Words, c.B.Per1000Words)
	row("Writer's own voice (weight)", c.A.AuthorWeight, c.B.AuthorWeight)
	row("Quoted (weight)", c.A.QuotedWeight, c.B.QuotedWeight)
	row("Reported speech (weight)", c.A.ReportedWeight, c.B.ReportedWeight)
	p.printf("<tr><th>Quoted share</th><td class=\"n\">%.0f%%</td><td class=\"n\">%.0f%%</td><td></td></tr>\n", 100*c.A.QuotedShare, 100*c.B.QuotedShare)
	p.printf("<tr><th>Findings (own voice / quoted)</th><td class=\"n\">%d / %d</td><td class=\"n\">%d / %d</td><td></td></tr>\n", c.A.AuthorFindings, c.A.QuotedFindings, c.B.AuthorFindings, c.B.QuotedFindings)
	p.s("</tbody>\n</table>\n")
	for _, sd := range []struct {
		prefix, title string
		s             compare.Side
	}{{"a-", "A", c.A}, {"b-", "B", c.B}} {
		p.printf("<h3>%s: own voice and quoted</h3>\n", sd.title)
		p.voiceBar(voiceSplit{author: sd.s.AuthorWeight, quoted: round2(sd.s.QuotedWeight + sd.s.ReportedWeight), nAuthor: sd.s.AuthorFindings, nQuoted: sd.s.QuotedFindings + sd.s.ReportedFindings}, sd.prefix)
	}
	if len(c.Categories) > 0 {
		p.s("<h3>Categories (weight)</h3>\n<table>\n<thead><tr><th>Category</th><th class=\"n\">A</th><th class=\"n\">B</th><th class=\"n\">B−A</th></tr></thead>\n<tbody>\n")
		for _, d := range c.Categories {
			p.printf("<tr data-category=\"%s\"><td><span class=\"chip %s\">%d</span> %s</td><td class=\"n\">%s (%d)</td><td class=\"n\">%s (%d)</td><td class=\"n\">%s</td></tr>\n",
				esc(d.ID), cssClass(d.ID), cats.get(d.ID).code, esc(d.Name), num(d.AWeight), d.ACount, num(d.BWeight), d.BCount, signed(d.Delta))
		}
		p.s("</tbody>\n</table>\n")
	}
	p.s("</section>\n")
}

func (p *page) compareTerms(c *compare.Comparison, cats *catTable) {
	p.s("<section class=\"terms\" aria-labelledby=\"h-terms\">\n<h2 id=\"h-terms\">Terms only one outlet uses</h2>\n<div class=\"cols\">\n")
	for _, sd := range []struct {
		title string
		list  []compare.TermUse
	}{{"Only A", c.TermsOnlyA}, {"Only B", c.TermsOnlyB}} {
		p.printf("<div><h3>%s (%d)</h3>\n", sd.title, len(sd.list))
		if len(sd.list) == 0 {
			p.s("<p class=\"small\">none</p></div>\n")
			continue
		}
		p.s("<table>\n<thead><tr><th>Term</th><th>Category</th><th class=\"n\">Uses</th><th class=\"n\">Weight</th><th>Voice</th></tr></thead>\n<tbody>\n")
		for _, u := range sd.list {
			ci := cats.get(u.Category)
			p.printf("<tr><td>%s</td><td><span class=\"chip %s\">%d</span> %s</td><td class=\"n\">%d</td><td class=\"n\">%s</td><td>%s</td></tr>\n",
				esc(u.Term), cssClass(u.Category), ci.code, esc(ci.name), u.Count, num(u.Weight), esc(u.Voice))
		}
		p.s("</tbody>\n</table></div>\n")
	}
	p.s("</div>\n")
	if len(c.TermsShared) > 0 {
		p.printf("<p class=\"small\">Both use: %s</p>\n", esc(strings.Join(c.TermsShared, ", ")))
	}
	p.s("</section>\n")
}

func (p *page) compareActors(c *compare.Comparison, cats *catTable) {
	if len(c.Actors) == 0 {
		return
	}
	p.s("<section class=\"actors\" aria-labelledby=\"h-actors\">\n<h2 id=\"h-actors\">Who is framed, and how differently</h2>\n<table>\n")
	p.s("<thead><tr><th>Actor</th><th class=\"n\">A findings</th><th class=\"n\">A weight</th><th class=\"n\">B findings</th><th class=\"n\">B weight</th><th class=\"n\">B−A</th><th>Only A</th><th>Only B</th></tr></thead>\n<tbody>\n")
	for _, d := range c.Actors {
		p.printf("<tr><td>%s</td><td class=\"n\">%d</td><td class=\"n\">%s</td><td class=\"n\">%d</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td>%s</td><td>%s</td></tr>\n",
			esc(d.Name), d.A.Findings, num(d.A.Weight), d.B.Findings, num(d.B.Weight), signed(d.WeightDelta), catList(d.OnlyA, cats), catList(d.OnlyB, cats))
	}
	p.s("</tbody>\n</table>\n</section>\n")
}
