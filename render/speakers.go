package render

import (
	"fmt"
	"strings"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/compare"
	"github.com/slantnews/slant/internal/round"
)

// verbList is a speaker's verbs as "said ×3, claimed (loaded)".
func verbList(vs []analyzer.VerbUse) string {
	var parts []string
	for _, v := range vs {
		s := v.Verb
		if v.Count > 1 {
			s += fmt.Sprintf(" ×%d", v.Count)
		}
		if v.Category == analyzer.VerbLoaded {
			s += " (loaded)"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// textSpeakers writes the "Who speaks" table of the terminal summary.
func textSpeakers(b *strings.Builder, r *analyzer.Report) {
	if len(r.Quotes) == 0 {
		return
	}
	n, share := compare.Anonymous(r)
	fmt.Fprintf(b, "\nWho speaks (%d quotations and reports; %d anonymous, %.0f%%)\n", len(r.Quotes), n, 100*share)
	for _, s := range r.Speakers {
		fmt.Fprintf(b, "  %-34s %-9s %3d quotes %4d words  %s\n", printable(s.Name), s.Kind, s.Quotes, s.Words, printable(verbList(s.Verbs)))
	}
}

// speakers writes the "Who speaks" section of the HTML report.
func (p *page) speakers(r *analyzer.Report) {
	if len(r.Quotes) == 0 {
		return
	}
	n, share := compare.Anonymous(r)
	p.s("<section class=\"speakers\" aria-labelledby=\"h-speakers\">\n<h2 id=\"h-speakers\">Who speaks</h2>\n")
	p.printf("<p class=\"small\">%d quotations and reports; %d with an anonymous speaker (%.0f%%).</p>\n", len(r.Quotes), n, 100*share)
	p.s("<table>\n<thead><tr><th>Speaker</th><th>Kind</th><th class=\"n\">Quotes</th><th class=\"n\">Words</th><th>Verbs</th></tr></thead>\n<tbody>\n")
	for _, s := range r.Speakers {
		p.printf("<tr data-kind=\"%s\"><td>%s</td><td>%s</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td>%s</td></tr>\n",
			esc(s.Kind), esc(s.Name), esc(s.Kind), s.Quotes, s.Words, esc(verbList(s.Verbs)))
	}
	p.s("</tbody>\n</table>\n</section>\n")
}

// compareSpeakersText writes who speaks in each outlet.
func compareSpeakersText(b *strings.Builder, c *compare.Comparison) {
	if len(c.Speakers) == 0 {
		return
	}
	fmt.Fprintf(b, "\nWho speaks (quotes, words, verbs)   anonymous: A %.0f%% of %d, B %.0f%% of %d\n",
		100*c.A.Sourcing.AnonymousShare, c.A.Sourcing.Quotes, 100*c.B.Sourcing.AnonymousShare, c.B.Sourcing.Quotes)
	side := func(s *analyzer.Speaker) string {
		if s == nil {
			return "–"
		}
		return fmt.Sprintf("%d, %d, %s", s.Quotes, s.Words, verbList(s.Verbs))
	}
	for _, d := range c.Speakers {
		fmt.Fprintf(b, "  %-26s %-9s A %-30s B %s\n", printable(d.Name), d.Kind, printable(side(d.A)), printable(side(d.B)))
	}
}

// compareSpeakers writes the speakers table of the comparison page.
func (p *page) compareSpeakers(c *compare.Comparison) {
	if len(c.Speakers) == 0 {
		return
	}
	p.s("<section class=\"speakers\" aria-labelledby=\"h-speakers\">\n<h2 id=\"h-speakers\">Who speaks, and how each outlet introduces them</h2>\n")
	p.printf("<p class=\"small\">Anonymous speakers: A %.0f%% of %d quotations and reports, B %.0f%% of %d. Loaded verbs: A %.0f%%, B %.0f%%.</p>\n",
		100*c.A.Sourcing.AnonymousShare, c.A.Sourcing.Quotes, 100*c.B.Sourcing.AnonymousShare, c.B.Sourcing.Quotes,
		100*c.A.Sourcing.LoadedVerbShare, 100*c.B.Sourcing.LoadedVerbShare)
	p.s("<table>\n<thead><tr><th>Speaker</th><th>Kind</th><th class=\"n\">A quotes</th><th class=\"n\">A words</th><th>A verbs</th><th class=\"n\">B quotes</th><th class=\"n\">B words</th><th>B verbs</th></tr></thead>\n<tbody>\n")
	cells := func(s *analyzer.Speaker) string {
		if s == nil {
			return "<td class=\"n\">–</td><td class=\"n\">–</td><td></td>"
		}
		return fmt.Sprintf("<td class=\"n\">%d</td><td class=\"n\">%d</td><td>%s</td>", s.Quotes, s.Words, esc(verbList(s.Verbs)))
	}
	for _, d := range c.Speakers {
		p.printf("<tr><td>%s</td><td>%s</td>%s%s</tr>\n", esc(d.Name), esc(d.Kind), cells(d.A), cells(d.B))
	}
	p.s("</tbody>\n</table>\n</section>\n")
}

func round2(x float64) float64 { return round.To(x, 2) }
