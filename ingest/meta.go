package ingest

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMetadata reads the page's own description of itself. Sources in order
// of trust: JSON-LD (NewsArticle and kin), OpenGraph and article:* tags,
// other <meta> tags, <link rel=canonical>, <html lang>, then <h1> and <title>.
func pageMetadata(root *html.Node, base *url.URL) Metadata {
	var (
		ld                     []ldArticle
		metas                  = map[string]string{}
		canonical, lang, h1, t string
	)
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				lang = attr(n, "lang")
			case atom.Meta:
				k := strings.ToLower(attr(n, "property"))
				if k == "" {
					k = strings.ToLower(attr(n, "name"))
				}
				if k == "" {
					k = strings.ToLower(attr(n, "http-equiv"))
				}
				if v := clean(attr(n, "content")); k != "" && v != "" && metas[k] == "" {
					metas[k] = v
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && canonical == "" {
					canonical = attr(n, "href")
				}
			case atom.Script:
				if strings.EqualFold(attr(n, "type"), "application/ld+json") && n.FirstChild != nil {
					ld = append(ld, parseLD([]byte(n.FirstChild.Data))...)
				}
				return
			case atom.Title:
				if t == "" && n.FirstChild != nil {
					t = clean(n.FirstChild.Data)
				}
			case atom.H1:
				if h1 == "" {
					h1 = clean(textOf(n))
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)

	var a ldArticle
	for _, x := range ld {
		if x.isArticle() {
			a = x
			break
		}
	}
	m := Metadata{
		Title:     first(clean(a.Headline), metas["og:title"], metas["twitter:title"], h1, t),
		Byline:    first(a.authors(), metas["author"], metas["article:author"], metas["dc.creator"]),
		Published: first(normDate(a.DatePublished), normDate(metas["article:published_time"]), normDate(metas["date"]), normDate(metas["dc.date"]), normDate(metas["pubdate"])),
		Outlet:    first(clean(a.Publisher.Name), metas["og:site_name"], metas["application-name"]),
		URL:       first(resolve(base, canonical), resolve(base, metas["og:url"]), resolve(base, a.mainURL()), resolve(base, a.URL)),
		Language:  normLang(first(lang, a.InLanguage, metas["content-language"], metas["language"], metas["og:locale"])),
	}
	if m.URL == "" && base != nil {
		m.URL = base.String()
	}
	if strings.HasPrefix(m.Byline, "http") { // article:author is often a profile URL
		m.Byline = ""
	}
	return m
}

// ldArticle is the part of a schema.org Article that Metadata uses.
type ldArticle struct {
	Type          any                   `json:"@type"`
	Graph         []ldArticle           `json:"@graph"`
	Headline      string                `json:"headline"`
	DatePublished string                `json:"datePublished"`
	Author        any                   `json:"author"`
	Publisher     struct{ Name string } `json:"publisher"`
	URL           string                `json:"url"`
	MainEntity    any                   `json:"mainEntityOfPage"`
	InLanguage    string                `json:"inLanguage"`
}

// parseLD returns the objects of one JSON-LD script: an object, an array of
// them, or a @graph. Invalid JSON-LD yields nothing, as for a browser.
func parseLD(b []byte) []ldArticle {
	var many []ldArticle
	if json.Unmarshal(b, &many) != nil {
		var one ldArticle
		if json.Unmarshal(b, &one) != nil {
			return nil
		}
		many = []ldArticle{one}
	}
	var out []ldArticle
	for _, x := range many {
		out = append(out, x)
		out = append(out, x.Graph...)
	}
	return out
}

var articleTypes = map[string]bool{
	"newsarticle": true, "article": true, "reportagenewsarticle": true, "analysisnewsarticle": true,
	"opinionnewsarticle": true, "reviewnewsarticle": true, "backgroundnewsarticle": true,
	"blogposting": true, "liveblogposting": true, "report": true,
}

func (a ldArticle) isArticle() bool {
	switch t := a.Type.(type) {
	case string:
		return articleTypes[strings.ToLower(t)]
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok && articleTypes[strings.ToLower(s)] {
				return true
			}
		}
	}
	return false
}

// authors joins the names of author, which may be a string, an object with a
// name, or an array of either.
func (a ldArticle) authors() string {
	var names []string
	var add func(any)
	add = func(v any) {
		switch v := v.(type) {
		case string:
			if s := clean(v); s != "" {
				names = append(names, s)
			}
		case map[string]any:
			if s, ok := v["name"].(string); ok {
				add(s)
			}
		case []any:
			for _, x := range v {
				add(x)
			}
		}
	}
	add(a.Author)
	return strings.Join(names, ", ")
}

func (a ldArticle) mainURL() string {
	switch v := a.MainEntity.(type) {
	case string:
		return v
	case map[string]any:
		if s, ok := v["@id"].(string); ok {
			return s
		}
	}
	return ""
}

// normDate returns s as RFC 3339, or as YYYY-MM-DD when s has no time, or ""
// when s is not a date ingest recognises.
func normDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "" // most pages lack most of the fields tried; no layout parses ""
	}
	for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700"} {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format(time.RFC3339)
		}
	}
	for _, l := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(l, s); err == nil { // no zone: keep the wall time, say nothing of the zone
			return t.Format("2006-01-02T15:04:05")
		}
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Format("2006-01-02")
	}
	return ""
}

func normLang(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "_", "-")
	if i := strings.IndexAny(s, ",; "); i >= 0 {
		s = s[:i]
	}
	return s
}

func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if !u.IsAbs() {
		return ""
	}
	return u.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func first(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
