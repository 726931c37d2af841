package ingest

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// Text returns plain text as a Document: Text is input itself, unchanged.
func Text(input []byte, opts ...Option) (*Document, error) {
	c := newConfig(opts)
	if int64(len(input)) > c.pageBytes {
		return nil, fmt.Errorf("%w: text is %d bytes, limit %d", ErrTooLarge, len(input), c.pageBytes)
	}
	return &Document{Format: FormatText, Text: input}, nil
}

// HTML extracts the article of a web page: its headline and body text,
// boilerplate (navigation, banners, ads, related links, comments, footers,
// scripts, styles, paywall prompts) dropped, entities decoded, the charset
// declared by WithContentType or a <meta> decoded to UTF-8. A page without
// an article is an error wrapping ErrNoArticle.
func HTML(input []byte, opts ...Option) (*Document, error) {
	c := newConfig(opts)
	if int64(len(input)) > c.pageBytes {
		return nil, fmt.Errorf("%w: page is %d bytes, limit %d", ErrTooLarge, len(input), c.pageBytes)
	}
	return extractHTML(input, c)
}

func extractHTML(input []byte, c config) (*Document, error) {
	enc, name, _ := charset.DetermineEncoding(input, c.contentType)
	utf := input // valid UTF-8 decodes to itself (a BOM too): no copy
	if name != "utf-8" || !utf8.Valid(input) {
		var err error
		if utf, err = enc.NewDecoder().Bytes(input); err != nil {
			utf = input // a decoder error leaves the bytes as they are; ToValidUTF8 below repairs them
		}
	}
	root, err := html.Parse(bytes.NewReader(utf))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	var base *url.URL
	if c.pageURL != "" {
		base, _ = url.Parse(c.pageURL)
	}
	meta := pageMetadata(root, base)

	marks := markDirectives(root)
	prune(root)
	art, err := readability.FromDocument(root, base)
	if err != nil || art.Node == nil {
		return nil, fmt.Errorf("%w: no readable content found", ErrNoArticle)
	}
	if meta.Title == "" {
		meta.Title = clean(art.Title())
	}
	if meta.Byline == "" {
		meta.Byline = strings.TrimPrefix(clean(art.Byline()), "By ")
	}
	paras := paragraphs(art.Node)
	if len(paras) > 0 && meta.Title != "" && strings.EqualFold(paras[0], meta.Title) {
		paras = paras[1:]
	}
	body := strings.Join(paras, "\n\n")
	if n := len(body); n < MinArticleBytes {
		return nil, fmt.Errorf("%w: body text is %d bytes, fewer than %d", ErrNoArticle, n, MinArticleBytes)
	}
	if d := linkDensity(art.Node); d > 0.5 {
		return nil, fmt.Errorf("%w: %.0f%% of the text is links (a section index, not an article)", ErrNoArticle, d*100)
	}
	d := newDocument(FormatHTML, meta.Title, body, meta)
	if len(marks) > 0 {
		d.Text, d.Directives = takeDirectives(d.Text, marks)
		if d.HeadlineEnd > len(d.Text) {
			d.HeadlineEnd = len(d.Text)
		}
	}
	return d, nil
}

// newDocument lays out headline and body as Document.Text describes.
func newDocument(f Format, headline, body string, meta Metadata) *Document {
	headline = strings.ToValidUTF8(headline, "\uFFFD")
	body = strings.ToValidUTF8(body, "\uFFFD")
	d := &Document{Format: f, Meta: meta}
	if headline == "" {
		d.Text = []byte(body)
		return d
	}
	d.Text = make([]byte, 0, len(headline)+2+len(body))
	d.Text = append(d.Text, headline...)
	d.HeadlineEnd = len(d.Text)
	if body != "" {
		d.Text = append(d.Text, "\n\n"...)
		d.Text = append(d.Text, body...)
	}
	return d
}

// boilerWords are class and id words (split at - and _) that mark an
// element as page furniture. Readability already drops much of this; these
// are the cases it keeps (inline ads, cookie banners, paywall prompts).
var boilerWords = map[string]bool{
	"ad": true, "ads": true, "advert": true, "advertisement": true, "sponsored": true, "promo": true,
	"cookie": true, "cookies": true, "consent": true, "gdpr": true,
	"paywall": true, "subscribe": true, "newsletter": true,
	"related": true, "comments": true, "comment": true, "share": true, "social": true, "breadcrumb": true,
}

var boilerRoles = map[string]bool{"navigation": true, "banner": true, "contentinfo": true, "complementary": true}

// prune removes boilerplate elements from the parsed page in place. It never
// removes an element holding the page's <article> or <h1>.
func prune(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && isBoiler(c) && !holdsArticle(c) {
			n.RemoveChild(c)
		} else if c.Type == html.CommentNode {
			n.RemoveChild(c)
		} else {
			prune(c)
		}
		c = next
	}
}

func isBoiler(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Form, atom.Button,
		atom.Nav, atom.Footer, atom.Aside, atom.Svg, atom.Object, atom.Embed:
		return true
	case atom.Html, atom.Body, atom.Main, atom.Article:
		return false
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id":
			for _, w := range strings.FieldsFunc(strings.ToLower(a.Val), func(r rune) bool {
				return r == ' ' || r == '-' || r == '_' || r == '\t' || r == '\n'
			}) {
				if boilerWords[w] {
					return true
				}
			}
		case "role":
			if boilerRoles[strings.ToLower(a.Val)] {
				return true
			}
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		}
	}
	return false
}

func holdsArticle(n *html.Node) bool {
	if n.DataAtom == atom.Article || n.DataAtom == atom.H1 {
		return true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && holdsArticle(c) {
			return true
		}
	}
	return false
}

// blocks are the elements that end a paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Blockquote: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Figure: true, atom.Figcaption: true,
	atom.Header: true, atom.Main: true, atom.Hr: true, atom.Address: true,
}

// paragraphs renders the text of n, one string per block, whitespace
// collapsed; <br> becomes a line break inside a paragraph.
func paragraphs(n *html.Node) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(collapse(cur.String())); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Br:
				cur.WriteString("\x00") // a kept line break, see collapse
				return
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return
			}
		}
		block := n.Type == html.ElementNode && blocks[n.DataAtom]
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	walk(n)
	flush()
	return out
}

// collapse turns runs of white space into one space, and a kept <br> into
// a newline.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s)) // about its size: white space runs collapse
	space := false
	for _, r := range s {
		switch {
		case r == 0:
			b.WriteByte('\n')
			space = false
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\u00a0':
			space = true
		default:
			if space && b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	return strings.Trim(b.String(), "\n ")
}

// clean collapses white space in a metadata string.
func clean(s string) string { return strings.TrimSpace(collapse(strings.ReplaceAll(s, "\x00", " "))) }

// linkDensity is the share of n's text inside links.
func linkDensity(n *html.Node) float64 {
	var all, link int
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, in bool) {
		if n.Type == html.TextNode {
			k := utf8.RuneCountInString(strings.TrimSpace(n.Data))
			all += k
			if in {
				link += k
			}
		}
		in = in || n.DataAtom == atom.A
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
	}
	walk(n, false)
	if all == 0 {
		return 1
	}
	return float64(link) / float64(all)
}
