package ingest

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// A page's slant-* comments must survive extraction, which drops comments
// and may drop loose text, so each is replaced before extraction by a marker
// inside the element it governs: a slant-enable at the end of the element
// before it, any other directive at the start of the element after it. The
// marker is U+E000, the directive's number, U+E001 (private-use characters,
// which a page's own text does not use); after extraction the markers are
// removed from the text and their offsets kept.
const (
	markOpen  = '\uE000'
	markClose = '\uE001'
)

// markDirectives replaces the slant-* comments under n by markers and
// returns their bodies, numbered by position in the result.
func markDirectives(n *html.Node) []string {
	var bodies []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.CommentNode {
				if body := strings.TrimSpace(c.Data); strings.HasPrefix(body, "slant-") {
					mark := &html.Node{Type: html.TextNode, Data: string(markOpen) + strconv.Itoa(len(bodies)) + string(markClose)}
					bodies = append(bodies, body)
					placeMark(n, c, mark, strings.HasPrefix(body, "slant-enable"))
					n.RemoveChild(c)
				}
			} else {
				walk(c)
			}
			c = next
		}
	}
	walk(n)
	return bodies
}

// placeMark puts mark next to the comment c under parent: at the end of the
// previous element sibling (after), or at the start of the next one.
func placeMark(parent, c, mark *html.Node, after bool) {
	if after {
		for s := c.PrevSibling; s != nil; s = s.PrevSibling {
			if s.Type == html.ElementNode {
				s.AppendChild(mark)
				return
			}
		}
	} else {
		for s := c.NextSibling; s != nil; s = s.NextSibling {
			if s.Type == html.ElementNode {
				if s.FirstChild != nil {
					s.InsertBefore(mark, s.FirstChild)
				} else {
					s.AppendChild(mark)
				}
				return
			}
		}
	}
	parent.InsertBefore(mark, c)
}

// takeDirectives removes the markers from text and returns the text and
// the directives at the offsets where their markers stood. A marker whose
// number is out of range is dropped as it is.
func takeDirectives(text []byte, bodies []string) ([]byte, []Directive) {
	if len(bodies) == 0 {
		return text, nil
	}
	var dirs []Directive
	out := text[:0:0]
	s := string(text)
	for {
		i := strings.IndexRune(s, markOpen)
		if i < 0 {
			out = append(out, s...)
			break
		}
		out = append(out, s[:i]...)
		rest := s[i+len(string(markOpen)):]
		j := strings.IndexRune(rest, markClose)
		if j < 0 {
			out = append(out, s[i:]...) // not a marker: keep it as it is
			break
		}
		if k, err := strconv.Atoi(rest[:j]); err == nil && k >= 0 && k < len(bodies) {
			dirs = append(dirs, Directive{Offset: len(out), Body: bodies[k]})
		}
		s = rest[j+len(string(markClose)):]
		if (len(out) == 0 || out[len(out)-1] == '\n') && strings.HasPrefix(s, " ") {
			s = s[1:] // the space between a marker at a paragraph's start and its text
		}
	}
	return out, dirs
}
