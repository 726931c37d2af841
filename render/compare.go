package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/slantnews/slant/analyzer"
)

// CompareSchema identifies the JSON that Compare produces.
const CompareSchema = "slant.compare/v1"

// Comparison sets two reports of the same event side by side. Every delta is
// B minus A.
type Comparison struct {
	Schema         string          `json:"schema"`
	A              CompareSide     `json:"a"`
	B              CompareSide     `json:"b"`
	IntensityDelta float64         `json:"intensity_delta"`
	Categories     []CategoryDelta `json:"categories"`
	TermsOnlyA     []TermUse       `json:"terms_only_a"`
	TermsOnlyB     []TermUse       `json:"terms_only_b"`
	TermsShared    []string        `json:"terms_shared"`
	Actors         []ActorDelta    `json:"actors"`
}

// CompareSide is one report's headline figures, with its framing split by
// voice: the writer's own words against quotations.
type CompareSide struct {
	Name           string  `json:"name"`
	Label          string  `json:"label"`
	Intensity      float64 `json:"intensity"`
	Per1000Words   float64 `json:"per_1000_words"`
	Words          int     `json:"words"`
	Findings       int     `json:"findings"`
	AuthorFindings int     `json:"author_findings"`
	QuotedFindings int     `json:"quoted_findings"`
	AuthorWeight   float64 `json:"author_weight"`
	QuotedWeight   float64 `json:"quoted_weight"`
	// QuotedShare is quoted_weight / (author_weight + quoted_weight), 0 with no findings.
	QuotedShare float64 `json:"quoted_share"`
}

// CategoryDelta compares one category.
type CategoryDelta struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	ACount  int     `json:"a_count"`
	BCount  int     `json:"b_count"`
	AWeight float64 `json:"a_weight"`
	BWeight float64 `json:"b_weight"`
	Delta   float64 `json:"delta"`
}

// TermUse is a lexicon term (or a scare-quoted phrase) that only one outlet
// uses. Voice is author, quoted, or both.
type TermUse struct {
	Term     string  `json:"term"`
	Category string  `json:"category"`
	Count    int     `json:"count"`
	Weight   float64 `json:"weight"`
	Voice    string  `json:"voice"`
}

// ActorDelta compares how one actor is framed.
type ActorDelta struct {
	Name        string    `json:"name"`
	A           ActorSide `json:"a"`
	B           ActorSide `json:"b"`
	WeightDelta float64   `json:"weight_delta"`
	// OnlyA and OnlyB are the categories aimed at the actor by one outlet only.
	OnlyA []string `json:"only_a"`
	OnlyB []string `json:"only_b"`
}

// ActorSide is an actor as one report sees it.
type ActorSide struct {
	Mentions   int      `json:"mentions"`
	Findings   int      `json:"findings"`
	Weight     float64  `json:"weight"`
	Categories []string `json:"categories"`
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func side(r *analyzer.Report) CompareSide {
	s := CompareSide{Name: r.Source.Name, Label: r.Label, Intensity: r.Score.Intensity, Per1000Words: r.Score.Per1000Words,
		Words: r.Stats.Words, Findings: len(r.Findings), AuthorWeight: r.Score.AuthorWeight, QuotedWeight: r.Score.QuotedWeight}
	for _, f := range r.Findings {
		if f.Voice == analyzer.VoiceQuoted {
			s.QuotedFindings++
		} else {
			s.AuthorFindings++
		}
	}
	if sum := s.AuthorWeight + s.QuotedWeight; sum > 0 {
		s.QuotedShare = round2(s.QuotedWeight / sum)
	}
	return s
}

type termKey struct{ term, category string }

func termUses(r *analyzer.Report) map[termKey]*TermUse {
	m := map[termKey]*TermUse{}
	for _, f := range r.Findings {
		k := termKey{strings.ToLower(f.Term), f.Category}
		u := m[k]
		if u == nil {
			u = &TermUse{Term: k.term, Category: f.Category, Voice: f.Voice}
			m[k] = u
		}
		u.Count++
		u.Weight = round2(u.Weight + f.Weight)
		if u.Voice != f.Voice {
			u.Voice = "both"
		}
	}
	return m
}

func onlyIn(x, y map[termKey]*TermUse) []TermUse {
	out := []TermUse{}
	for k, u := range x {
		if _, ok := y[k]; !ok {
			out = append(out, *u)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Weight != out[j].Weight {
			return out[i].Weight > out[j].Weight
		}
		if out[i].Term != out[j].Term {
			return out[i].Term < out[j].Term
		}
		return out[i].Category < out[j].Category
	})
	return out
}

func minus(x, y []string) []string {
	out := []string{}
	for _, a := range x {
		found := false
		for _, b := range y {
			if a == b {
				found = true
				break
			}
		}
		if !found {
			out = append(out, a)
		}
	}
	sort.Strings(out)
	return out
}

// Compare sets two reports side by side.
func Compare(a, b *analyzer.Report) *Comparison {
	c := &Comparison{Schema: CompareSchema, A: side(a), B: side(b)}
	c.IntensityDelta = round2(b.Score.Intensity - a.Score.Intensity)

	cats := map[string]*CategoryDelta{}
	get := func(id, name string) *CategoryDelta {
		d := cats[id]
		if d == nil {
			d = &CategoryDelta{ID: id, Name: name}
			cats[id] = d
		}
		if d.Name == "" {
			d.Name = name
		}
		return d
	}
	for _, x := range a.Categories {
		d := get(x.ID, x.Name)
		d.ACount, d.AWeight = x.Count, x.Weight
	}
	for _, x := range b.Categories {
		d := get(x.ID, x.Name)
		d.BCount, d.BWeight = x.Count, x.Weight
	}
	c.Categories = []CategoryDelta{}
	for _, d := range cats {
		d.Delta = round2(d.BWeight - d.AWeight)
		c.Categories = append(c.Categories, *d)
	}
	sort.Slice(c.Categories, func(i, j int) bool {
		x, y := c.Categories[i], c.Categories[j]
		if math.Abs(x.Delta) != math.Abs(y.Delta) {
			return math.Abs(x.Delta) > math.Abs(y.Delta)
		}
		return x.ID < y.ID
	})

	ta, tb := termUses(a), termUses(b)
	c.TermsOnlyA, c.TermsOnlyB = onlyIn(ta, tb), onlyIn(tb, ta)
	c.TermsShared = []string{}
	seen := map[string]bool{}
	for k := range ta {
		if _, ok := tb[k]; ok && !seen[k.term] {
			seen[k.term] = true
			c.TermsShared = append(c.TermsShared, k.term)
		}
	}
	sort.Strings(c.TermsShared)

	actors := map[string]*ActorDelta{}
	getActor := func(name string) *ActorDelta {
		d := actors[name]
		if d == nil {
			d = &ActorDelta{Name: name, A: ActorSide{Categories: []string{}}, B: ActorSide{Categories: []string{}}}
			actors[name] = d
		}
		return d
	}
	for _, x := range a.Actors {
		getActor(x.Name).A = ActorSide{Mentions: x.Mentions, Findings: x.Findings, Weight: x.Weight, Categories: nonNil(x.Categories)}
	}
	for _, x := range b.Actors {
		getActor(x.Name).B = ActorSide{Mentions: x.Mentions, Findings: x.Findings, Weight: x.Weight, Categories: nonNil(x.Categories)}
	}
	c.Actors = []ActorDelta{}
	for _, d := range actors {
		if d.A.Findings == 0 && d.B.Findings == 0 {
			continue // named, but framed by neither
		}
		d.WeightDelta = round2(d.B.Weight - d.A.Weight)
		d.OnlyA, d.OnlyB = minus(d.A.Categories, d.B.Categories), minus(d.B.Categories, d.A.Categories)
		c.Actors = append(c.Actors, *d)
	}
	sort.Slice(c.Actors, func(i, j int) bool {
		x, y := c.Actors[i], c.Actors[j]
		if math.Abs(x.WeightDelta) != math.Abs(y.WeightDelta) {
			return math.Abs(x.WeightDelta) > math.Abs(y.WeightDelta)
		}
		if x.A.Weight+x.B.Weight != y.A.Weight+y.B.Weight {
			return x.A.Weight+x.B.Weight > y.A.Weight+y.B.Weight
		}
		return x.Name < y.Name
	})
	return c
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return append([]string(nil), s...)
}

// JSON returns the comparison as indented JSON with a final newline.
func (c *Comparison) JSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

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
func CompareText(w io.Writer, c *Comparison) error {
	var b strings.Builder
	fmt.Fprintf(&b, "A: %s\nB: %s\n\n", c.A.Name, c.B.Name)
	fmt.Fprintf(&b, "%-24s %12s %12s %10s\n", "", "A", "B", "B−A")
	fmt.Fprintf(&b, "%-24s %12s %12s\n", "label", strings.ToUpper(c.A.Label), strings.ToUpper(c.B.Label))
	row := func(name string, x, y float64) {
		fmt.Fprintf(&b, "%-24s %12s %12s %10s\n", name, num(x), num(y), signed(round2(y-x)))
	}
	row("intensity", c.A.Intensity, c.B.Intensity)
	row("weight per 1,000 words", c.A.Per1000Words, c.B.Per1000Words)
	row("own-voice weight", c.A.AuthorWeight, c.B.AuthorWeight)
	row("quoted weight", c.A.QuotedWeight, c.B.QuotedWeight)
	fmt.Fprintf(&b, "%-24s %11.0f%% %11.0f%%\n", "quoted share", 100*c.A.QuotedShare, 100*c.B.QuotedShare)
	fmt.Fprintf(&b, "%-24s %5d / %-5d %5d / %-5d\n", "findings own / quoted", c.A.AuthorFindings, c.A.QuotedFindings, c.B.AuthorFindings, c.B.QuotedFindings)
	if len(c.Categories) > 0 {
		b.WriteString("\nCategories (weight)\n")
		for _, d := range c.Categories {
			fmt.Fprintf(&b, "  %-34s %7s (%d) %7s (%d) %10s\n", d.Name, num(d.AWeight), d.ACount, num(d.BWeight), d.BCount, signed(d.Delta))
		}
	}
	terms := func(title string, list []TermUse) {
		if len(list) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s\n", title)
		for _, u := range list {
			fmt.Fprintf(&b, "  %-28q %-20s ×%d  weight %s  %s\n", u.Term, u.Category, u.Count, num(u.Weight), u.Voice)
		}
	}
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
	_, err := io.WriteString(w, b.String())
	return err
}

// CompareHTML writes one self-contained page: the comparison tables, then the
// two texts side by side with the same highlighting (shared colours and
// category numbers). Ids of side A start with "a-", of side B with "b-".
func CompareHTML(w io.Writer, ra *analyzer.Report, inA []byte, rb *analyzer.Report, inB []byte) error {
	c := Compare(ra, rb)
	cats := newCatTable(ra, rb)
	var p page
	p.head("Framing comparison: "+ra.Source.Name+" and "+rb.Source.Name, cats)
	p.printf("<header><h1>Framing comparison <span class=\"src\">A: %s · B: %s</span></h1></header>\n", esc(ra.Source.Name), esc(rb.Source.Name))
	p.s("<main>\n<div class=\"panels\">\n")
	p.compareTable(c, cats)
	p.s("<div class=\"side\">\n")
	p.legend(cats)
	p.s("</div>\n</div>\n")
	p.compareActors(c, cats)
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
	p.s("</main>\n")
	p.printf("<footer>%s · A %s · B %s</footer>\n</body>\n</html>\n", CompareSchema, esc(ra.Source.SHA256), esc(rb.Source.SHA256))
	_, err := io.WriteString(w, p.b.String())
	return err
}

func badgeClass(label string) string {
	if label == analyzer.LabelLoaded {
		return analyzer.LabelLoaded
	}
	return analyzer.LabelNeutral
}

func strconv1(x float64) string { return fmt.Sprintf("%.1f", x) }

func (p *page) compareTable(c *Comparison, cats *catTable) {
	p.s("<section class=\"summary\" aria-labelledby=\"h-cmp\">\n<h2 id=\"h-cmp\">A against B</h2>\n<table class=\"cmp\">\n")
	p.s("<thead><tr><th></th><th class=\"n\">A</th><th class=\"n\">B</th><th class=\"n\">B−A</th></tr></thead>\n<tbody>\n")
	p.printf("<tr><th>Label</th><td class=\"n\"><span class=\"badge %s\">%s</span></td><td class=\"n\"><span class=\"badge %s\">%s</span></td><td></td></tr>\n",
		badgeClass(c.A.Label), esc(c.A.Label), badgeClass(c.B.Label), esc(c.B.Label))
	row := func(name string, x, y float64) {
		p.printf("<tr><th>%s</th><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n", name, num(x), num(y), signed(round2(y-x)))
	}
	row("Intensity (0–100)", c.A.Intensity, c.B.Intensity)
	row("Weight per 1,000 words", c.A.Per1000Words, c.B.Per1000Words)
	row("Writer's own voice (weight)", c.A.AuthorWeight, c.B.AuthorWeight)
	row("Quoted (weight)", c.A.QuotedWeight, c.B.QuotedWeight)
	p.printf("<tr><th>Quoted share</th><td class=\"n\">%.0f%%</td><td class=\"n\">%.0f%%</td><td></td></tr>\n", 100*c.A.QuotedShare, 100*c.B.QuotedShare)
	p.printf("<tr><th>Findings (own voice / quoted)</th><td class=\"n\">%d / %d</td><td class=\"n\">%d / %d</td><td></td></tr>\n", c.A.AuthorFindings, c.A.QuotedFindings, c.B.AuthorFindings, c.B.QuotedFindings)
	p.s("</tbody>\n</table>\n")
	for _, sd := range []struct {
		prefix, title string
		s             CompareSide
	}{{"a-", "A", c.A}, {"b-", "B", c.B}} {
		p.printf("<h3>%s: own voice and quoted</h3>\n", sd.title)
		p.voiceBar(voiceSplit{author: sd.s.AuthorWeight, quoted: sd.s.QuotedWeight, nAuthor: sd.s.AuthorFindings, nQuoted: sd.s.QuotedFindings}, sd.prefix)
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

func (p *page) compareTerms(c *Comparison, cats *catTable) {
	p.s("<section class=\"terms\" aria-labelledby=\"h-terms\">\n<h2 id=\"h-terms\">Terms only one outlet uses</h2>\n<div class=\"cols\">\n")
	for _, sd := range []struct {
		title string
		list  []TermUse
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

func (p *page) compareActors(c *Comparison, cats *catTable) {
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
