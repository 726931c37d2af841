package suppress

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// Directive kinds.
const (
	Disable    = "slant-disable"
	Enable     = "slant-enable"
	IgnoreNext = "slant-ignore-next"
)

// Comment is one comment of an input: its byte span [Start, End) in the
// analyzed text (the whole "<!-- … -->" in Markdown) and its body.
type Comment struct {
	Start, End int
	Body       string
}

// Directive is a parsed slant-* comment. Targets are the terms or category
// ids it names; none means every finding.
type Directive struct {
	Start, End int
	Kind       string
	Targets    []string
}

// Error is a comment that starts like a directive but is not one.
type Error struct {
	Offset int // byte offset of the comment
	Msg    string
}

func (e *Error) Error() string { return fmt.Sprintf("byte %d: %s", e.Offset, e.Msg) }

// Comments finds the HTML comments ("<!-- … -->") of a Markdown or plain
// text input, in order. An unclosed comment runs to the end of the input.
func Comments(input []byte) []Comment {
	var out []Comment
	for i := 0; ; {
		j := bytes.Index(input[i:], []byte("<!--"))
		if j < 0 {
			return out
		}
		start := i + j
		body := start + 4
		k := bytes.Index(input[body:], []byte("-->"))
		end, bodyEnd := len(input), len(input)
		if k >= 0 {
			bodyEnd, end = body+k, body+k+3
		}
		out = append(out, Comment{Start: start, End: end, Body: string(input[body:bodyEnd])})
		i = end
	}
}

// Parse reads the directives among comments. A comment whose body does not
// start with "slant-" is not a directive and is skipped; one that does but
// names no known directive is an Error. Targets are separated by commas:
// <!-- slant-disable flop show, ridicule -->.
func Parse(comments []Comment) ([]Directive, []error) {
	var dirs []Directive
	var errs []error
	for _, c := range comments {
		body := strings.TrimSpace(c.Body)
		if !strings.HasPrefix(body, "slant-") {
			continue
		}
		kind, rest, _ := strings.Cut(body, " ")
		if !slices.Contains([]string{Disable, Enable, IgnoreNext}, kind) {
			errs = append(errs, &Error{c.Start, fmt.Sprintf("unknown directive %q (want %s, %s or %s)", kind, Disable, Enable, IgnoreNext)})
			continue
		}
		d := Directive{Start: c.Start, End: c.End, Kind: kind}
		for t := range strings.SplitSeq(rest, ",") {
			if t = strings.Join(strings.Fields(t), " "); t != "" {
				d.Targets = append(d.Targets, t)
			}
		}
		dirs = append(dirs, d)
	}
	slices.SortStableFunc(dirs, func(x, y Directive) int { return x.Start - y.Start })
	return dirs, errs
}
