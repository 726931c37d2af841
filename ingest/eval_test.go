package ingest

// Evaluation harness: go-trafilatura vs go-readability on the fixtures.
// Run: go test ./ingest -run TestEval -v ; go test ./ingest -run '^$' -bench Eval -benchtime 20x

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	readability "codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

func evalParse(t testing.TB, name string) *html.Node {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	r, err := charset.NewReader(bytes.NewReader(b), "text/html")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func evalTrafilatura(doc *html.Node) (string, string, error) {
	res, err := trafilatura.ExtractDocument(doc, trafilatura.Options{ExcludeComments: true, Focus: trafilatura.FavorPrecision})
	if err != nil {
		return "", "", err
	}
	m := res.Metadata
	return res.ContentText, fmt.Sprintf("title=%q author=%q date=%v site=%q url=%q lang=%q", m.Title, m.Author, m.Date, m.Sitename, m.URL, m.Language), nil
}

func evalReadability(doc *html.Node) (string, string, error) {
	a, err := readability.FromDocument(doc, nil)
	if err != nil {
		return "", "", err
	}
	var sb strings.Builder
	if a.Node != nil {
		if err := a.RenderText(&sb); err != nil {
			return "", "", err
		}
	}
	pt, _ := a.PublishedTime()
	return sb.String(), fmt.Sprintf("title=%q author=%q date=%v site=%q lang=%q", a.Title(), a.Byline(), pt, a.SiteName(), a.Language()), nil
}

var evalFiles = []string{"ledger.html", "gazette-1252.html", "courier-latin1.html", "section-index.html"}

func TestEval(t *testing.T) {
	for _, f := range evalFiles {
		for _, lib := range []struct {
			name string
			fn   func(*html.Node) (string, string, error)
		}{{"trafilatura", evalTrafilatura}, {"readability", evalReadability}} {
			text, meta, err := lib.fn(evalParse(t, f))
			t.Logf("==== %s %s err=%v\n%s\n---\n%s", f, lib.name, err, meta, text)
		}
	}
}

func BenchmarkEval(b *testing.B) {
	raw, _ := os.ReadFile("testdata/ledger.html")
	for _, lib := range []struct {
		name string
		fn   func(*html.Node) (string, string, error)
	}{{"trafilatura", evalTrafilatura}, {"readability", evalReadability}} {
		b.Run(lib.name, func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				doc, _ := html.Parse(bytes.NewReader(raw))
				lib.fn(doc)
			}
		})
	}
}
