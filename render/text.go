package render

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/internal/textsafe"
)

// TopFindings is how many findings the summaries list.
const TopFindings = 10

// top returns the indexes of the heaviest findings, heaviest first, ties in
// text order.
func top(r *analyzer.Report, n int) []int {
	idx := make([]int, len(r.Findings))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return r.Findings[idx[a]].Weight > r.Findings[idx[b]].Weight })
	if len(idx) > n {
		idx = idx[:n]
	}
	return idx
}

// Context returns the finding's sentence on one line with the finding in
// [brackets], cut to about width characters on each side with "…".
func Context(r *analyzer.Report, input []byte, f analyzer.Finding, width int) string {
	if f.Sentence < 0 || f.Sentence >= len(r.Sentences) {
		return ""
	}
	s := r.Sentences[f.Sentence]
	if s.End > len(input) || s.Start > f.Start || f.End > s.End {
		return ""
	}
	squeeze := func(b []byte) []rune {
		return []rune(strings.Join(strings.Fields(printable(string(b))), " "))
	}
	// Read only a window around the finding, so that a long sentence with
	// many findings costs time in proportion to its findings, not squared.
	lo, hi := max(s.Start, f.Start-8*width), min(s.End, f.End+8*width)
	for lo > s.Start && lo < len(input) && !utf8.RuneStart(input[lo]) {
		lo--
	}
	for hi < s.End && hi < len(input) && !utf8.RuneStart(input[hi]) {
		hi++
	}
	before, after := squeeze(input[lo:f.Start]), squeeze(input[f.End:hi])
	pre, post := "", ""
	if lo > s.Start {
		pre = "…"
		if i := indexRune(before, ' '); i >= 0 {
			before = before[i+1:] // the window may start inside a word
		}
	}
	if hi < s.End {
		post = "…"
		if i := lastIndexRune(after, ' '); i >= 0 {
			after = after[:i]
		}
	}
	if len(before) > width {
		before, pre = before[len(before)-width:], "…"
		if i := indexRune(before, ' '); i >= 0 {
			before = before[i+1:] // start at a whole word
		}
	}
	if len(after) > width {
		after, post = after[:width], "…"
		if i := lastIndexRune(after, ' '); i >= 0 {
			after = after[:i] // end at a whole word
		}
	}
	sep := func(b []byte, atStart bool) string {
		if len(b) == 0 {
			return ""
		}
		c := b[0]
		if !atStart {
			c = b[len(b)-1]
		}
		if c == ' ' || c == '\n' || c == '\t' {
			return " "
		}
		return ""
	}
	return pre + string(before) + sep(input[s.Start:f.Start], false) + "[" + printable(f.Text) + "]" + sep(input[f.End:s.End], true) + string(after) + post
}

// printable makes one field safe to print inside a line (textsafe.Field).
func printable(s string) string { return textsafe.Field(s) }

// Text writes a readable terminal summary: label, intensity, categories and
// the top findings with their sentence.
func Text(w io.Writer, r *analyzer.Report, input []byte) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s (intensity %.1f/100, threshold %.0f)\n", printable(r.Source.Name), strings.ToUpper(r.Label), r.Score.Intensity, r.Score.Threshold)
	fmt.Fprintf(&b, "  %d words, %d sentences, %d findings; %.2f weight per 1,000 words\n", r.Stats.Words, r.Stats.Sentences, len(r.Findings), r.Score.Per1000Words)
	fmt.Fprintf(&b, "  writer's own voice %.2f, quoted %.2f, reported speech %.2f\n", r.Score.AuthorWeight, r.Score.QuotedWeight, r.Score.ReportedWeight)
	if r.Stats.InvalidUTF8 > 0 {
		fmt.Fprintf(&b, "  %d invalid UTF-8 sequences were read as spaces\n", r.Stats.InvalidUTF8)
	}
	if len(r.Categories) > 0 {
		b.WriteString("\nCategories\n")
		for _, c := range r.Categories {
			fmt.Fprintf(&b, "  %-34s %3d  weight %6.2f  (author %d, quoted %d, reported %d)\n", c.Name, c.Count, c.Weight, c.AuthorCount, c.QuotedCount, c.ReportedCount)
		}
	}
	if len(r.Actors) > 0 {
		b.WriteString("\nWho is framed\n")
		for _, a := range r.Actors {
			if a.Findings == 0 {
				continue
			}
			fmt.Fprintf(&b, "  %-34s %3d findings  weight %6.2f  (%s)\n", printable(a.Name), a.Findings, a.Weight, strings.Join(a.Categories, ", "))
		}
	}
	textSpeakers(&b, r)
	if len(r.Findings) > 0 {
		fmt.Fprintf(&b, "\nTop findings\n")
		for _, i := range top(r, TopFindings) {
			f := r.Findings[i]
			flags := f.Voice
			if f.Negated {
				flags += ", negated"
			}
			if f.Headline {
				flags += ", headline"
			}
			fmt.Fprintf(&b, "  %5.2f  %-22q %s [%s] bytes %d-%d\n", f.Weight, f.Text, f.Category, flags, f.Start, f.End)
			if f.Suggestion != "" {
				fmt.Fprintf(&b, "         neutral: %s\n", f.Suggestion)
			}
			if s := Context(r, input, f, 80); s != "" {
				fmt.Fprintf(&b, "         %s\n", s)
			}
		}
	}
	_, err := io.WriteString(w, textsafe.Output(b.String()))
	return err
}

// Markdown writes the same summary as a Markdown document with a findings table.
func Markdown(w io.Writer, r *analyzer.Report, input []byte) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Framing report: %s\n\n", mdEscape(r.Source.Name))
	fmt.Fprintf(&b, "**%s**, intensity %.1f/100 (threshold %.0f). %d words, %d sentences, %d findings, %.2f weight per 1,000 words. Writer's own voice %.2f, quoted %.2f, reported speech %.2f.\n\n",
		r.Label, r.Score.Intensity, r.Score.Threshold, r.Stats.Words, r.Stats.Sentences, len(r.Findings), r.Score.Per1000Words, r.Score.AuthorWeight, r.Score.QuotedWeight, r.Score.ReportedWeight)
	if len(r.Categories) > 0 {
		b.WriteString("| Category | Findings | Weight | Author | Quoted | Reported |\n|---|---:|---:|---:|---:|---:|\n")
		for _, c := range r.Categories {
			fmt.Fprintf(&b, "| %s | %d | %.2f | %d | %d | %d |\n", mdEscape(c.Name), c.Count, c.Weight, c.AuthorCount, c.QuotedCount, c.ReportedCount)
		}
		b.WriteString("\n")
	}
	if len(r.Actors) > 0 {
		b.WriteString("| Who is framed | Findings | Weight | Categories |\n|---|---:|---:|---|\n")
		for _, a := range r.Actors {
			if a.Findings > 0 {
				fmt.Fprintf(&b, "| %s | %d | %.2f | %s |\n", mdEscape(a.Name), a.Findings, a.Weight, mdEscape(strings.Join(a.Categories, ", ")))
			}
		}
		b.WriteString("\n")
	}
	if len(r.Findings) > 0 {
		b.WriteString("| Bytes | Text | Category | Weight | Voice | Negated | Sentence |\n|---|---|---|---:|---|---|---|\n")
		for _, f := range r.Findings {
			voice := f.Voice
			if f.Headline {
				voice += ", headline"
			}
			fmt.Fprintf(&b, "| %d–%d | %s | %s | %.2f | %s | %v | %s |\n", f.Start, f.End, mdEscape(f.Text), f.Category, f.Weight, voice, f.Negated, mdEscape(Context(r, input, f, 80)))
		}
	}
	_, err := io.WriteString(w, textsafe.Output(b.String()))
	return err
}

var mdReplacer = strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`, "\n", " ")

func mdEscape(s string) string { return mdReplacer.Replace(s) }

func indexRune(rs []rune, r rune) int {
	for i, x := range rs {
		if x == r {
			return i
		}
	}
	return -1
}

func lastIndexRune(rs []rune, r rune) int {
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i] == r {
			return i
		}
	}
	return -1
}
