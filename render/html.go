package render

import (
	"bufio"
	"cmp"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/slantnews/slant/analyzer"
)

// HTML writes the report as one self-contained HTML page: the article with
// every finding marked (one <mark> per finding, data-category and data-voice
// set), a legend, a summary panel with inline SVG charts, a sentence heat
// strip, the actor table and a findings table. The page has no scripts and
// loads nothing; it reads the same without JavaScript, and every colour is
// paired with a number, a line style or text. The bytes are a function of
// the report and the input alone.
func HTML(w io.Writer, r *analyzer.Report, input []byte) error {
	cats := newCatTable(r)
	p := newPage(w)
	p.head("Framing report: "+r.Source.Name, cats)
	p.printf("<header><h1>Framing report <span class=\"src\">%s</span></h1></header>\n", esc(r.Source.Name))
	p.s("<main>\n")
	p.report(r, input, cats)
	p.s("</main>\n")
	p.foot(r)
	return p.b.Flush()
}

// HTMLFragment writes what HTML writes inside the page's <main>, for a page
// of the caller's own (slant serve): a <style> element with the report's CSS,
// then the summary, legend, "who is framed", heat strip, marked text and
// findings table, byte for byte as HTML draws them, in a
// <div class="slant-report">. The CSS styles body, header and main as the
// report page does. Ids are those of HTML's page.
func HTMLFragment(w io.Writer, r *analyzer.Report, input []byte) error {
	cats := newCatTable(r)
	p := newPage(w)
	p.style(cats, "")
	p.s("<div class=\"slant-report\">\n")
	p.report(r, input, cats)
	p.s("</div>\n")
	return p.b.Flush()
}

// report writes the body of the report page.
func (p *page) report(r *analyzer.Report, input []byte, cats *catTable) {
	p.s("<div class=\"panels\">\n")
	p.summary(r, "")
	p.s("<div class=\"side\">\n")
	p.legend(cats)
	p.actors(r, cats)
	p.speakers(r)
	p.s("</div>\n</div>\n")
	p.s("<section class=\"article\" aria-labelledby=\"h-text\">\n<h2 id=\"h-text\">Text</h2>\n")
	p.heatStrip(r, input, "")
	p.text(r, input, cats, "")
	p.s("</section>\n")
	p.findingsTable(r, input, cats, "")
}

// page writes the HTML to its writer through a buffer, as it goes: a page is
// never held whole in memory. A write error is kept by the buffer and
// returned by Flush.
type page struct {
	b   *bufio.Writer
	num []byte // scratch for numbers
}

func newPage(w io.Writer) *page { return &page{b: bufio.NewWriterSize(w, 64<<10)} }

func (p *page) s(s string)                        { p.b.WriteString(s) }
func (p *page) printf(format string, args ...any) { fmt.Fprintf(p.b, format, args...) }

// The parts of the page written once per finding (the marked text and the
// findings table) are written piece by piece, not through printf and esc,
// so that a report of many findings takes no allocation per finding.

// int writes n in decimal.
func (p *page) int(n int) {
	p.num = strconv.AppendInt(p.num[:0], int64(n), 10)
	p.b.Write(p.num)
}

// weight writes x as num does.
func (p *page) weight(x float64) {
	p.num = strconv.AppendFloat(p.num[:0], x, 'f', 2, 64)
	p.b.Write(p.num)
}

// esc writes s as esc(s) returns it: invalid UTF-8 replaced (a run of
// invalid bytes by one U+FFFD, as strings.ToValidUTF8 does), then the five
// characters html.EscapeString escapes.
func (p *page) esc(s string) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			var rep string
			switch c {
			case '&':
				rep = "&amp;"
			case '\'':
				rep = "&#39;"
			case '<':
				rep = "&lt;"
			case '>':
				rep = "&gt;"
			case '"':
				rep = "&#34;"
			default:
				i++
				continue
			}
			p.b.WriteString(s[last:i])
			p.b.WriteString(rep)
			i++
			last = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError || size != 1 {
			i += size
			continue
		}
		p.b.WriteString(s[last:i])
		p.b.WriteString("\uFFFD")
		for i < len(s) {
			if r, size := utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError || size != 1 {
				break
			}
			i++
		}
		last = i
	}
	p.b.WriteString(s[last:])
}

// escBytes is esc of a part of the input, without a copy.
func (p *page) escBytes(b []byte) {
	if len(b) > 0 {
		p.esc(unsafe.String(&b[0], len(b)))
	}
}

// esc escapes text for HTML content and attribute values, replacing invalid
// UTF-8 so that the page is valid.
func esc(s string) string { return html.EscapeString(strings.ToValidUTF8(s, "\uFFFD")) }

func num(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }

// catInfo is one category as the page shows it.
type catInfo struct {
	id, name, color string
	code            int    // the number printed beside every mark of the category
	class           string // cssClass(id)
}

// catTable numbers the categories of one or more reports in id order, so that
// two reports compared side by side share colours and numbers.
type catTable struct {
	list []catInfo
	byID map[string]*catInfo
}

func newCatTable(reports ...*analyzer.Report) *catTable {
	names := map[string]string{}
	for _, r := range reports {
		for _, c := range r.Categories {
			if names[c.ID] == "" {
				names[c.ID] = c.Name
			}
		}
		for _, f := range r.Findings { // categories may be missing from a hand-made report
			if _, ok := names[f.Category]; !ok {
				names[f.Category] = ""
			}
		}
	}
	ids := make([]string, 0, len(names))
	for id := range names {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	t := &catTable{byID: map[string]*catInfo{}}
	for i, id := range ids {
		name := names[id]
		if name == "" {
			name = id
		}
		t.list = append(t.list, catInfo{id: id, name: name, color: categoryColor(id), code: i + 1, class: cssClass(id)})
	}
	for i := range t.list {
		t.byID[t.list[i].id] = &t.list[i]
	}
	return t
}

func (t *catTable) get(id string) *catInfo {
	if c := t.byID[id]; c != nil {
		return c
	}
	return &catInfo{id: id, name: id, color: categoryColor(id), class: cssClass(id)}
}

// palette holds the colours of the shipped categories; others get one of
// spare by a hash of their id, so a category keeps its colour everywhere.
var palette = map[string]string{
	"alarm":              "#d62728",
	"anonymous_sourcing": "#7f7f7f",
	"attribution":        "#9467bd",
	"delegitimizing":     "#ff7f0e",
	"factive":            "#1f77b4",
	"hedges":             "#17becf",
	"intensifiers":       "#bcbd22",
	"pejorative_labels":  "#8c564b",
	"ridicule":           "#e377c2",
	"scare_quotes":       "#2ca02c",
	"loaded_language":    "#c2185b",
	"one_sided":          "#5c6bc0",
	"subjective":         "#b8860b",
	"exaggeration":       "#00897b",
	"flag_waving":        "#6d4c41",
}

var spare = []string{"#3949ab", "#00838f", "#8e24aa", "#558b2f", "#ef6c00", "#ad1457", "#4e342e", "#546e7a"}

func categoryColor(id string) string {
	if c, ok := palette[id]; ok {
		return c
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	return spare[h.Sum32()%uint32(len(spare))]
}

// rgba turns "#rrggbb" into an rgba() with the given alpha.
func rgba(hex string, alpha float64) string {
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil {
		return "rgba(128,128,128," + strconv.FormatFloat(alpha, 'f', 2, 64) + ")"
	}
	return fmt.Sprintf("rgba(%d,%d,%d,%s)", v>>16&0xff, v>>8&0xff, v&0xff, strconv.FormatFloat(alpha, 'f', 2, 64))
}

// cssClass is a class name made safe from any category id.
func cssClass(id string) string {
	var b strings.Builder
	b.WriteString("k-")
	for _, r := range id {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteString("x")
		}
	}
	return b.String()
}

const baseCSS = `*{box-sizing:border-box}
body{margin:0;font:16px/1.55 Georgia,"Times New Roman",serif;color:#1b1b1b;background:#fafafa}
header{padding:1rem 1.5rem;background:#1b1b1b;color:#fff;overflow-wrap:anywhere}
header h1{margin:0;font:600 1.25rem/1.3 system-ui,sans-serif}
header .src{font-weight:400;opacity:.85;margin-left:.5rem;word-break:break-all}
main{max-width:80rem;margin:0 auto;padding:1rem 1.5rem 3rem}
h2{font:600 1.05rem/1.3 system-ui,sans-serif;margin:1.2rem 0 .5rem}
h3{font:600 .95rem/1.3 system-ui,sans-serif;margin:.8rem 0 .3rem}
section,.panel{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem 1rem;margin-bottom:1rem;overflow-x:auto}
.panels{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem}
.side>section{margin-bottom:1rem}
.stats,.small,table,.legend,.keys{font:14px/1.45 system-ui,sans-serif}
.badge{display:inline-block;font:700 1rem/1 system-ui,sans-serif;letter-spacing:.06em;text-transform:uppercase;padding:.35rem .6rem;border-radius:4px;border:2px solid #1b1b1b;margin:.2rem 0}
.badge.loaded{background:#1b1b1b;color:#fff}
.badge.neutral{background:#fff;color:#1b1b1b;border-style:dashed}
svg{display:block;max-width:100%;height:auto}
svg text{font:12px system-ui,sans-serif;fill:#1b1b1b}
.legend ul{list-style:none;margin:0;padding:0}
.legend li{display:flex;align-items:center;gap:.5rem;margin:.2rem 0}
.sw{display:inline-block;width:1.6rem;height:1.1rem;border-bottom:3px solid var(--c);background:var(--bg);border-radius:2px;text-align:center;font:700 .75rem/1.1rem system-ui,sans-serif}
.sw.q{border-bottom-style:dashed;background:none}
.sw.r{border-bottom-style:dotted;background:none}
.chip{display:inline-block;min-width:1.4rem;text-align:center;font:700 .75rem/1.2rem system-ui,sans-serif;background:var(--bg);border-bottom:3px solid var(--c);border-radius:2px;margin:0 2px 2px 0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.25rem .4rem;border-bottom:1px solid #eee;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:1.05rem;line-height:1.9;margin:.6rem 0 0}
mark{color:inherit;background:var(--bg);border-bottom:2px solid var(--c);border-radius:2px;padding:0 1px;position:relative;cursor:help}
mark[data-voice=quoted]{border-bottom-style:dashed}
mark[data-voice=reported]{border-bottom-style:dotted}
mark mark{border-bottom-width:4px}
mark::after{content:attr(data-code);font:700 .6em/1 system-ui,sans-serif;vertical-align:super;margin-left:1px;color:#333}
mark:focus{outline:2px solid #1b1b1b;outline-offset:1px}
mark:focus::before{content:attr(data-tip);position:absolute;left:0;top:100%;margin-top:6px;z-index:5;width:max-content;max-width:20rem;white-space:normal;background:#1b1b1b;color:#fff;font:13px/1.4 system-ui,sans-serif;padding:.35rem .5rem;border-radius:4px}
.s:target+*,.s:target{outline:none}
.heat a:focus rect{stroke:#1b1b1b;stroke-width:3}
.keys{color:#444;margin:.3rem 0}
.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem}
.delta-up{font-weight:700}
footer{font:12px system-ui,sans-serif;color:#555;text-align:center;padding:1rem;overflow-wrap:anywhere}
@media (max-width:50rem){.panels,.cols{grid-template-columns:minmax(0,1fr)}main{padding:.5rem}section,.panel{padding:.5rem}}
@media print{mark:focus::before{display:none}}
`

func (p *page) head(title string, cats *catTable) { p.headCSS(title, cats, "") }

// headCSS is head with extra rules at the end of the style sheet.
func (p *page) headCSS(title string, cats *catTable, extra string) {
	p.s("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	p.s("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	p.s("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
	p.s("<meta name=\"generator\" content=\"slant\">\n")
	p.printf("<title>%s</title>\n", esc(title))
	p.style(cats, extra)
	p.s("</head>\n<body>\n")
}

// style writes the <style> element: the base CSS, one rule per category,
// then extra rules.
func (p *page) style(cats *catTable, extra string) {
	p.printf("<style>\n%s", baseCSS)
	for _, c := range cats.list {
		p.printf(".%s{--c:%s;--bg:%s}\n", cssClass(c.id), c.color, rgba(c.color, 0.22))
	}
	p.s(extra)
	p.s("</style>\n")
}

func (p *page) foot(r *analyzer.Report) {
	p.printf("<footer>%s · lexicon %s (%d categories, %d entries) · source sha256 %s</footer>\n</body>\n</html>\n",
		esc(r.Schema), esc(r.Lexicon.Version), r.Lexicon.Categories, r.Lexicon.Entries, esc(r.Source.SHA256))
}

// voiceSplit sums weights and counts by voice, overall and per category.
type voiceSplit struct {
	author, quoted   float64
	nAuthor, nQuoted int
}

func splitByVoice(r *analyzer.Report) (total voiceSplit, byCat map[string]*voiceSplit) {
	byCat = map[string]*voiceSplit{}
	for _, f := range r.Findings {
		v := byCat[f.Category]
		if v == nil {
			v = &voiceSplit{}
			byCat[f.Category] = v
		}
		if f.Voice == analyzer.VoiceQuoted || f.Voice == analyzer.VoiceReported {
			// the bar sets the writer's own voice against others' words,
			// quoted or reported
			v.quoted += f.Weight
			v.nQuoted++
			total.nQuoted++
		} else {
			v.author += f.Weight
			v.nAuthor++
			total.nAuthor++
		}
	}
	total.author, total.quoted = r.Score.AuthorWeight, round2(r.Score.QuotedWeight+r.Score.ReportedWeight)
	return total, byCat
}

// summary writes the label, the intensity gauge, the category bars and the
// author/quoted split. prefix keeps ids unique when two reports share a page.
func (p *page) summary(r *analyzer.Report, prefix string) {
	p.printf("<section class=\"summary\" aria-labelledby=\"%sh-sum\">\n<h2 id=\"%sh-sum\">Summary</h2>\n", prefix, prefix)
	label := r.Label
	if label != analyzer.LabelLoaded {
		label = analyzer.LabelNeutral
	}
	p.printf("<p><span class=\"badge %s\" data-label=\"%s\">%s</span></p>\n", label, esc(r.Label), esc(r.Label))
	p.gauge(r, prefix)
	p.printf("<p class=\"stats\">%d words · %d sentences · %d findings · %s weight per 1,000 words</p>\n",
		r.Stats.Words, r.Stats.Sentences, len(r.Findings), num(r.Score.Per1000Words))
	total, byCat := splitByVoice(r)
	p.s("<h3>Writer's own voice and quoted</h3>\n")
	p.voiceBar(total, prefix)
	if len(r.Categories) > 0 {
		p.s("<h3>Categories by weight</h3>\n")
		p.categoryBars(r, byCat, prefix)
	}
	p.s("</section>\n")
}

func clamp(x, lo, hi float64) float64 {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

// gauge draws intensity on 0–100 with the threshold as a tick.
func (p *page) gauge(r *analyzer.Report, prefix string) {
	in := clamp(r.Score.Intensity, 0, 100)
	th := clamp(r.Score.Threshold, 0, 100)
	fill := "#6b6b6b"
	if r.Label == analyzer.LabelLoaded {
		fill = "#b2182b"
	}
	p.printf("<svg class=\"gauge\" viewBox=\"0 0 400 46\" width=\"400\" height=\"46\" role=\"img\" aria-labelledby=\"%sg-t\">", prefix)
	p.printf("<title id=\"%sg-t\">Intensity %s of 100; the document threshold is %s</title>", prefix, num(r.Score.Intensity), num(r.Score.Threshold))
	p.s("<rect x=\"0\" y=\"8\" width=\"400\" height=\"16\" rx=\"3\" fill=\"#e9e9e9\"/>")
	p.printf("<rect class=\"gauge-fill\" x=\"0\" y=\"8\" width=\"%s\" height=\"16\" rx=\"3\" fill=\"%s\"/>", num(in*4), fill)
	p.printf("<line x1=\"%s\" x2=\"%s\" y1=\"2\" y2=\"30\" stroke=\"#1b1b1b\" stroke-width=\"2\"/>", num(th*4), num(th*4))
	p.printf("<text x=\"0\" y=\"43\">intensity %s / 100</text>", strconv.FormatFloat(r.Score.Intensity, 'f', 1, 64))
	anchor := "start"
	if th > 60 {
		anchor = "end"
	}
	p.printf("<text x=\"%s\" y=\"43\" text-anchor=\"%s\" dx=\"4\">threshold %s</text>", num(th*4), anchor, strconv.FormatFloat(r.Score.Threshold, 'f', 0, 64))
	p.s("</svg>\n")
}

// hatch is the pattern that marks quoted weight in every chart, so that the
// split does not rest on colour.
func hatchDef(id string) string {
	return `<defs><pattern id="` + id + `" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff" fill-opacity=".35"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="3"/></pattern></defs>`
}

func (p *page) voiceBar(v voiceSplit, prefix string) {
	sum := v.author + v.quoted
	aw := 0.0
	if sum > 0 {
		aw = 400 * v.author / sum
	}
	p.printf("<svg class=\"voice\" viewBox=\"0 0 400 44\" width=\"400\" height=\"44\" role=\"img\" aria-labelledby=\"%sv-t\">", prefix)
	p.printf("<title id=\"%sv-t\">Writer's own voice: weight %s in %d findings. Quoted or reported: weight %s in %d findings.</title>", prefix, num(v.author), v.nAuthor, num(v.quoted), v.nQuoted)
	p.s(hatchDef(prefix + "hv"))
	p.s("<rect x=\"0\" y=\"4\" width=\"400\" height=\"16\" fill=\"#e9e9e9\"/>")
	if sum > 0 {
		p.printf("<rect class=\"v-author\" x=\"0\" y=\"4\" width=\"%s\" height=\"16\" fill=\"#1b1b1b\"/>", num(aw))
		p.printf("<rect class=\"v-quoted\" x=\"%s\" y=\"4\" width=\"%s\" height=\"16\" fill=\"#777\"/>", num(aw), num(400-aw))
		p.printf("<rect x=\"%s\" y=\"4\" width=\"%s\" height=\"16\" fill=\"url(#%shv)\"/>", num(aw), num(400-aw), prefix)
	}
	p.printf("<text x=\"0\" y=\"38\">own voice %s (%d)</text><text x=\"400\" y=\"38\" text-anchor=\"end\">quoted %s (%d), hatched</text>", num(v.author), v.nAuthor, num(v.quoted), v.nQuoted)
	p.s("</svg>\n")
}

func (p *page) categoryBars(r *analyzer.Report, byCat map[string]*voiceSplit, prefix string) {
	cats := newCatTable(r)
	max := 0.0
	for _, c := range r.Categories {
		if c.Weight > max {
			max = c.Weight
		}
	}
	const row, labelW, barW = 22, 190, 130
	h := row*len(r.Categories) + 4
	p.printf("<svg class=\"bars\" viewBox=\"0 0 400 %d\" width=\"400\" height=\"%d\" role=\"img\" aria-labelledby=\"%sb-t\">", h, h, prefix)
	p.printf("<title id=\"%sb-t\">Weight per category; the hatched part is quoted</title>", prefix)
	p.s(hatchDef(prefix + "hb"))
	for i, c := range r.Categories {
		y := i*row + 2
		ci := cats.get(c.ID)
		v := byCat[c.ID]
		if v == nil {
			v = &voiceSplit{author: c.Weight}
		}
		name := c.Name
		if name == "" {
			name = c.ID
		}
		if len([]rune(name)) > 26 {
			name = string([]rune(name)[:25]) + "…"
		}
		p.printf("<g class=\"bar\" data-category=\"%s\"><title>%s: %d findings, weight %s (own voice %s, quoted %s)</title>", esc(c.ID), esc(c.Name), c.Count, num(c.Weight), num(v.author), num(v.quoted))
		p.printf("<text x=\"0\" y=\"%d\">%d %s</text>", y+14, ci.code, esc(name))
		aw, qw := 0.0, 0.0
		if max > 0 {
			aw = barW * v.author / max
			qw = barW * v.quoted / max
		}
		p.printf("<rect x=\"%d\" y=\"%d\" width=\"%s\" height=\"14\" fill=\"%s\"/>", labelW, y+2, num(aw), ci.color)
		if qw > 0 {
			p.printf("<rect x=\"%s\" y=\"%d\" width=\"%s\" height=\"14\" fill=\"%s\"/><rect x=\"%s\" y=\"%d\" width=\"%s\" height=\"14\" fill=\"url(#%shb)\"/>",
				num(labelW+aw), y+2, num(qw), ci.color, num(labelW+aw), y+2, num(qw), prefix)
		}
		p.printf("<text x=\"%s\" y=\"%d\" dx=\"4\">%s (%d)</text></g>", num(labelW+aw+qw), y+14, num(c.Weight), c.Count)
	}
	p.s("</svg>\n")
}

// legend lists every category with its colour, number and line style.
func (p *page) legend(cats *catTable) {
	p.s("<section class=\"legend\" aria-labelledby=\"h-legend\">\n<h2 id=\"h-legend\">Legend</h2>\n<ul>\n")
	for _, c := range cats.list {
		p.printf("<li class=\"%s\" data-category=\"%s\"><span class=\"sw\">%d</span> %s</li>\n", cssClass(c.id), esc(c.id), c.code, esc(c.name))
	}
	p.s("</ul>\n<ul class=\"keys\">\n<li><span class=\"sw\" style=\"--c:#1b1b1b\"></span> solid underline: the writer's own words</li>\n")
	p.s("<li><span class=\"sw q\" style=\"--c:#1b1b1b\"></span> dashed underline: quoted</li>\n")
	p.s("<li><span class=\"sw r\" style=\"--c:#1b1b1b\"></span> dotted underline: reported speech</li>\n")
	p.s("<li>the small number after a mark names its category; Tab to a mark, or hover it, for its detail</li>\n</ul>\n</section>\n")
}

func (p *page) actors(r *analyzer.Report, cats *catTable) {
	if len(r.Actors) == 0 {
		return
	}
	p.s("<section class=\"actors\" aria-labelledby=\"h-actors\">\n<h2 id=\"h-actors\">Who is framed</h2>\n")
	p.s("<table>\n<thead><tr><th>Actor</th><th class=\"n\">Mentions</th><th class=\"n\">Findings</th><th class=\"n\">Weight</th><th>Categories</th></tr></thead>\n<tbody>\n")
	for _, a := range r.Actors {
		p.printf("<tr><td>%s</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%s</td><td>%s</td></tr>\n",
			esc(a.Name), a.Mentions, a.Findings, num(a.Weight), catList(a.Categories, cats))
	}
	p.s("</tbody>\n</table>\n</section>\n")
}

// catList shows categories as numbered chips, heaviest first; the legend
// names the numbers, and each chip's title names its category.
func catList(ids []string, cats *catTable) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		c := cats.get(id)
		parts[i] = fmt.Sprintf("<span class=\"chip %s\" title=\"%s\">%d</span>", cssClass(id), esc(c.name), c.code)
	}
	return strings.Join(parts, " ")
}

// heatStrip draws one block per sentence, as wide as the sentence, darker the
// more weight it carries; sentences over the sentence threshold also get a
// black cap. Each block links to its sentence.
func (p *page) heatStrip(r *analyzer.Report, input []byte, prefix string) {
	if len(r.Sentences) == 0 {
		return
	}
	n := len(input)
	if last := r.Sentences[len(r.Sentences)-1].End; last > n {
		n = last
	}
	if n == 0 {
		n = 1
	}
	max := 0.0
	for _, s := range r.Sentences {
		if s.Weight > max {
			max = s.Weight
		}
	}
	p.printf("<svg class=\"heat\" viewBox=\"0 0 1000 30\" width=\"1000\" height=\"30\" preserveAspectRatio=\"none\" role=\"img\" aria-labelledby=\"%sheat-t\">", prefix)
	p.printf("<title id=\"%sheat-t\">Sentence heat: %d sentences, darker carries more weight, a black cap marks a loaded sentence</title>", prefix, len(r.Sentences))
	p.s("<rect x=\"0\" y=\"6\" width=\"1000\" height=\"24\" fill=\"#f1f1f1\"/>")
	for i, s := range r.Sentences {
		x := 1000 * float64(s.Start) / float64(n)
		wd := 1000 * float64(s.End-s.Start) / float64(n)
		if wd < 2 {
			wd = 2
		}
		t := 0.0
		if max > 0 {
			t = s.Weight / max
		}
		// written piece by piece, as the marks are: one block per sentence
		p.s("<a href=\"#")
		p.s(prefix)
		p.s("s-")
		p.int(i)
		p.s("\"><rect class=\"sent\" data-sentence=\"")
		p.int(i)
		p.s("\" data-weight=\"")
		p.weight(s.Weight)
		p.s("\" x=\"")
		p.weight(x)
		p.s("\" y=\"6\" width=\"")
		p.weight(wd)
		p.s("\" height=\"24\" fill=\"")
		p.heatColor(t)
		p.s("\" stroke=\"#fff\" stroke-width=\"1\"><title>Sentence ")
		p.int(i + 1)
		p.s(": weight ")
		p.weight(s.Weight)
		p.s(", ")
		p.int(s.Findings)
		p.s(" findings, ")
		p.esc(s.Label)
		p.s("</title></rect>")
		if s.Label == analyzer.LabelLoaded {
			p.s("<rect x=\"")
			p.weight(x)
			p.s("\" y=\"0\" width=\"")
			p.weight(wd)
			p.s("\" height=\"5\" fill=\"#1b1b1b\"/>")
		}
		p.s("</a>")
	}
	p.s("</svg>\n<p class=\"keys\">Each block is a sentence, as wide as it is long; darker blocks carry more weight, and a black cap marks a loaded sentence. Select a block to jump to its sentence.</p>\n")
}

// heatColor writes the colour of heat t, from light grey (0) to deep red (1).
func (p *page) heatColor(t float64) {
	const hex = "0123456789abcdef"
	t = clamp(t, 0, 1)
	lo := [3]float64{241, 241, 241}
	hi := [3]float64{165, 15, 21}
	b := append(p.num[:0], '#')
	for i := range lo {
		c := int(lo[i] + (hi[i]-lo[i])*t + 0.5)
		b = append(b, hex[c>>4&15], hex[c&15])
	}
	p.num = b
	p.b.Write(b)
}

func voiceText(v string) string {
	switch v {
	case analyzer.VoiceQuoted:
		return "quoted"
	case analyzer.VoiceReported:
		return "reported speech"
	}
	return "writer's own voice"
}

// appendTip appends the detail of one finding, shown on focus and hover, to
// b.
func appendTip(b []byte, f *analyzer.Finding, c *catInfo) []byte {
	b = strconv.AppendInt(b, int64(c.code), 10)
	b = append(b, ' ')
	b = append(b, c.name...)
	b = append(b, " · "...)
	if r, _ := utf8.DecodeRuneInString(f.Text); !strings.ContainsRune("“‘\"'«„", r) {
		b = append(b, "“"...)
		b = append(b, f.Text...)
		b = append(b, "”"...)
	} else {
		b = append(b, f.Text...)
	}
	b = append(b, " (term: "...)
	b = append(b, f.Term...)
	b = append(b, ") · weight "...)
	b = strconv.AppendFloat(b, f.Weight, 'f', 2, 64)
	b = append(b, " · "...)
	b = append(b, voiceText(f.Voice)...)
	if f.Negated {
		b = append(b, " · negated"...)
	} else {
		b = append(b, " · not negated"...)
	}
	if f.Headline {
		b = append(b, " · in the headline"...)
	}
	if f.Actor != "" {
		b = append(b, " · aimed at "...)
		b = append(b, f.Actor...)
	}
	if f.Suggestion != "" {
		b = append(b, " · neutral: "...)
		b = append(b, f.Suggestion...)
	}
	return b
}

// text writes the input with one <mark> per finding. Findings may nest (a
// scare quote around a term); a finding that crosses the end of the one it
// starts inside is cut at that end, so the marks stay well nested, and its
// data-start and data-end keep the true offsets. Each sentence starts with an
// empty anchor that the heat strip links to.
func (p *page) text(r *analyzer.Report, input []byte, cats *catTable, prefix string) {
	type item struct {
		start, end int
		finding    int // -1 for a sentence anchor
		sentence   int
	}
	n := len(input)
	items := make([]item, 0, len(r.Findings)+len(r.Sentences))
	for i, s := range r.Sentences {
		items = append(items, item{start: min(max(s.Start, 0), n), finding: -1, sentence: i})
	}
	for i, f := range r.Findings {
		st := min(max(f.Start, 0), n)
		items = append(items, item{start: st, end: min(max(f.End, st), n), finding: i})
	}
	slices.SortStableFunc(items, func(x, y item) int {
		if x.start != y.start {
			return cmp.Compare(x.start, y.start)
		}
		if (x.finding < 0) != (y.finding < 0) {
			if x.finding < 0 {
				return -1 // anchors first
			}
			return 1
		}
		if x.end != y.end {
			return cmp.Compare(y.end, x.end) // outer first
		}
		return cmp.Compare(x.finding, y.finding)
	})
	p.printf("<div class=\"text\" id=\"%stext\">", prefix)
	pos := 0
	var stack []int // ends of open marks
	advance := func(to int) {
		for len(stack) > 0 && stack[len(stack)-1] <= to {
			end := stack[len(stack)-1]
			p.escBytes(input[pos:end])
			p.s("</mark>")
			pos = end
			stack = stack[:len(stack)-1]
		}
		if to > pos {
			p.escBytes(input[pos:to])
			pos = to
		}
	}
	var tip []byte
	for _, it := range items {
		advance(it.start)
		if it.finding < 0 {
			p.s("<span class=\"s\" id=\"")
			p.s(prefix)
			p.s("s-")
			p.int(it.sentence)
			p.s("\"></span>")
			continue
		}
		f := &r.Findings[it.finding]
		end := it.end
		if len(stack) > 0 && end > stack[len(stack)-1] {
			end = stack[len(stack)-1]
		}
		c := cats.get(f.Category)
		tip = appendTip(tip[:0], f, c)
		p.s("<mark id=\"")
		p.s(prefix)
		p.s("f-")
		p.int(it.finding)
		p.s("\" class=\"")
		p.s(c.class)
		p.s("\" data-category=\"")
		p.esc(f.Category)
		p.s("\" data-voice=\"")
		p.esc(f.Voice)
		p.s("\" data-code=\"")
		p.int(c.code)
		p.s("\" data-weight=\"")
		p.weight(f.Weight)
		p.s("\" data-negated=\"")
		p.s(strconv.FormatBool(f.Negated))
		p.s("\" data-start=\"")
		p.int(f.Start)
		p.s("\" data-end=\"")
		p.int(f.End)
		p.s("\"")
		if f.Actor != "" {
			p.s(" data-actor=\"")
			p.esc(f.Actor)
			p.s("\"")
		}
		p.s(" tabindex=\"0\" title=\"")
		p.escBytes(tip)
		p.s("\" data-tip=\"")
		p.escBytes(tip)
		p.s("\" aria-describedby=\"")
		p.s(prefix)
		p.s("d-")
		p.int(it.finding)
		p.s("\">")
		stack = append(stack, end)
	}
	advance(n)
	p.s("</div>\n")
}

// findingsTable lists every finding: the same detail as the marks, for
// readers who do not hover and for screen readers (each mark points to its
// row with aria-describedby).
func (p *page) findingsTable(r *analyzer.Report, input []byte, cats *catTable, prefix string) {
	p.printf("<section class=\"findings\" aria-labelledby=\"%sh-find\">\n<h2 id=\"%sh-find\">Findings (%d)</h2>\n", prefix, prefix, len(r.Findings))
	if len(r.Findings) == 0 {
		p.s("<p class=\"small\">No loaded or framing language found.</p>\n</section>\n")
		return
	}
	p.s("<table>\n<thead><tr><th>Text</th><th>Category</th><th class=\"n\">Weight</th><th>Voice</th><th>Negated</th><th>Aimed at</th><th>Neutral alternative</th><th class=\"n\">Sentence</th></tr></thead>\n<tbody>\n")
	for i := range r.Findings {
		f := &r.Findings[i]
		c := cats.get(f.Category)
		neg := "no"
		if f.Negated {
			neg = "yes"
		}
		p.s("<tr id=\"")
		p.s(prefix)
		p.s("d-")
		p.int(i)
		p.s("\" data-category=\"")
		p.esc(f.Category)
		p.s("\" data-voice=\"")
		p.esc(f.Voice)
		p.s("\"><td><a href=\"#")
		p.s(prefix)
		p.s("f-")
		p.int(i)
		p.s("\">")
		p.esc(f.Text)
		p.s("</a></td><td><span class=\"")
		p.s(c.class)
		p.s("\">")
		p.int(c.code)
		p.s("</span> ")
		p.esc(c.name)
		p.s("</td><td class=\"n\">")
		p.weight(f.Weight)
		p.s("</td><td>")
		p.s(voiceText(f.Voice))
		if f.Headline {
			p.s(", headline")
		}
		p.s("</td><td>")
		p.s(neg)
		p.s("</td><td>")
		p.esc(f.Actor)
		p.s("</td><td class=\"alt\">")
		p.esc(f.Suggestion)
		p.s("</td><td class=\"n\"><a href=\"#")
		p.s(prefix)
		p.s("s-")
		p.int(f.Sentence)
		p.s("\">")
		p.int(f.Sentence + 1)
		p.s("</a></td></tr>\n")
	}
	p.s("</tbody>\n</table>\n</section>\n")
}

// Key is one category as the pages draw it: its number (beside every mark
// and in the legend) and its colour.
type Key struct {
	ID, Name, Color string
	Code            int
	Class           string // the CSS class of the category in the page's <style>
}

// Keys returns the categories of the reports as HTML (one report) and
// CompareHTML (two) number and colour them, in id order, so that a page
// around a fragment can name them the same way.
func Keys(reports ...*analyzer.Report) []Key {
	t := newCatTable(reports...)
	keys := make([]Key, len(t.list))
	for i, c := range t.list {
		keys[i] = Key{ID: c.id, Name: c.name, Color: c.color, Code: c.code, Class: cssClass(c.id)}
	}
	return keys
}
