package suppress

import (
	"unicode"
	"unicode/utf8"

	"github.com/slantnews/slant/analyzer"
)

// region is a span of text where findings matching targets are suppressed.
type region struct {
	start, end int
	targets    []string // none: all
}

// Inline returns, for each finding of rep, "inline" when a directive
// suppresses it and "" otherwise. A finding is suppressed when it lies
// inside a directive comment; between slant-disable and the next
// slant-enable (of the same target, or with none), or to the end of the
// text; or in the sentence after slant-ignore-next: from the end of the
// comment to the end of the sentence that holds the first text after it.
func Inline(rep *analyzer.Report, input []byte, dirs []Directive) []string {
	out := make([]string, len(rep.Findings))
	if len(dirs) == 0 {
		return out
	}
	var regions []region
	open := map[string]int{} // target ("" for all) → start
	openOrder := []string{}
	closeRegion := func(t string, at int) {
		if start, ok := open[t]; ok {
			var ts []string
			if t != "" {
				ts = []string{t}
			}
			regions = append(regions, region{start, at, ts})
			delete(open, t)
		}
	}
	for i, d := range dirs {
		regions = append(regions, region{d.Start, d.End, nil}) // the comment itself
		switch d.Kind {
		case Disable:
			ts := d.Targets
			if len(ts) == 0 {
				ts = []string{""}
			}
			for _, t := range ts {
				if _, ok := open[t]; !ok {
					open[t] = d.End
					openOrder = append(openOrder, t)
				}
			}
		case Enable:
			if len(d.Targets) == 0 {
				for _, t := range openOrder {
					closeRegion(t, d.Start)
				}
				openOrder = openOrder[:0]
			}
			for _, t := range d.Targets {
				closeRegion(t, d.Start)
			}
		case IgnoreNext:
			if end := nextSentenceEnd(rep, input, dirs[i+1:], d.End); end > d.End {
				regions = append(regions, region{d.End, end, d.Targets})
			}
		}
	}
	for _, t := range openOrder {
		closeRegion(t, len(input))
	}
	for i, f := range rep.Findings {
		for _, r := range regions {
			if f.Start >= r.start && f.End <= r.end && matches(r.targets, f) {
				out[i] = analyzer.SuppressInline
				break
			}
		}
	}
	return out
}

// nextSentenceEnd is the end of the sentence that holds the first text
// after offset from, skipping space and the directives that follow.
func nextSentenceEnd(rep *analyzer.Report, input []byte, later []Directive, from int) int {
	at := from
	for at < len(input) {
		if len(later) > 0 && at >= later[0].Start {
			at = max(at, later[0].End)
			later = later[1:]
			continue
		}
		r, size := utf8.DecodeRune(input[at:])
		if !unicode.IsSpace(r) {
			break
		}
		at += size
	}
	for _, s := range rep.Sentences {
		if at < s.End && s.End > from {
			if at >= s.Start || s.Start >= from {
				return s.End
			}
		}
	}
	return from
}

// matches reports whether a finding is one of targets: a category id, or a
// term with the same words as the finding's term or text.
func matches(targets []string, f analyzer.Finding) bool {
	if len(targets) == 0 {
		return true
	}
	for _, t := range targets {
		if t == f.Category {
			return true
		}
		if k := analyzer.TermKey(t); k != "" && (k == analyzer.TermKey(f.Term) || k == analyzer.TermKey(f.Text)) {
			return true
		}
	}
	return false
}
