package docreport

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/ingest"
	"github.com/slantnews/slant/internal/shipped"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// shipped is the Analyzer the CLI and the Lambda run: the shipped lexicons
// with actor attribution.
func shippedAnalyzer(t testing.TB) *analyzer.Analyzer {
	t.Helper()
	a, err := shipped.Analyzer()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// page is an HTML fixture: where its article paragraphs are, and
// boilerplate phrases holding loaded words that must not reach the report.
type page struct {
	file   string
	body   string   // class of the element holding the article's <p>s
	boiler []string // phrases of the page's furniture
}

var pages = []page{
	{"../../ingest/testdata/ledger.html", "story-body", []string{
		"best experience", "reform agenda", "tickets half price", "impossible mortgage",
		"fair fares", "Ferry timetable", "What a flop show", "golden age", "of the century"}},
	{"../../ingest/testdata/courier-latin1.html", "article-text", []string{"best deal in town", "luxury cruise"}},
	{"../../ingest/testdata/gazette-1252.html", "texte", nil},
	{"testdata/northgate.html", "article-body", []string{
		"Morning Brief", "radical agenda", "regime of fiasco", "spiral in a radical", "radical truth",
		"this regime is radical", "Regime change", "radical new bakery", "Not a radical regime", "fiasco explained"}},
}

// groundTruth is the page's headline (its <h1>) and the text of each <p>
// directly inside the element of class body, read with x/net/html alone,
// as a reader sees them: whitespace collapsed.
func groundTruth(t *testing.T, raw []byte, body string) map[string]bool {
	t.Helper()
	r, err := charset.NewReader(bytes.NewReader(raw), "")
	if err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	var walk func(n *html.Node, inBody bool)
	walk = func(n *html.Node, inBody bool) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "class" && strings.Contains(" "+a.Val+" ", " "+body+" ") {
					inBody = true
				}
			}
			if n.Data == "h1" || (inBody && n.Data == "p" && n.Parent != nil && hasClass(n.Parent, body)) {
				want[strings.Join(strings.Fields(textOf(n)), " ")] = true
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inBody)
		}
	}
	walk(root, false)
	if len(want) < 3 {
		t.Fatalf("ground truth of %s: %d paragraphs; the fixture table is wrong", body, len(want))
	}
	return want
}

func hasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" && strings.Contains(" "+a.Val+" ", " "+class+" ") {
			return true
		}
	}
	return false
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

// TestPages: each HTML fixture's report matches its golden and the schema;
// text is the headline and the article's paragraphs and nothing else; every
// finding's offsets index text and lie inside one of those paragraphs; no
// boilerplate phrase is in text; headline findings are marked.
func TestPages(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile("../../docs/report-v1.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		name := strings.TrimSuffix(filepath.Base(p.file), ".html")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(p.file)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Page(filepath.Base(p.file), "", raw, "")
			if err != nil {
				t.Fatalf("Page(%s): %v", p.file, err)
			}
			rep := Analyze(shippedAnalyzer(t), filepath.Base(p.file), doc)
			got, err := rep.JSON()
			if err != nil {
				t.Fatal(err)
			}
			checkReport(t, rep, sch, got)

			truth := groundTruth(t, raw, p.body)
			text := *rep.Text
			paras := strings.Split(text, "\n\n")
			var spans [][2]int
			at := 0
			for _, para := range paras {
				if !truth[para] {
					t.Errorf("text has a paragraph that is not the headline or article body:\n%q", para)
				}
				spans = append(spans, [2]int{at, at + len(para)})
				at += len(para) + 2
			}
			if len(paras) != len(truth) {
				t.Errorf("text has %d paragraphs, the page's headline and body %d", len(paras), len(truth))
			}
			for _, b := range p.boiler {
				if !bytes.Contains(raw, []byte(b)) {
					t.Fatalf("boilerplate %q is not in %s: the fixture table is wrong", b, p.file)
				}
				if strings.Contains(text, b) {
					t.Errorf("text holds boilerplate %q", b)
				}
			}
			for _, f := range rep.Findings {
				inside := false
				for _, s := range spans {
					inside = inside || (f.Start >= s[0] && f.End <= s[1])
				}
				if !inside {
					t.Errorf("finding %q at %d-%d is not inside a paragraph of the article", f.Text, f.Start, f.End)
				}
				if want := f.End <= doc.HeadlineEnd; f.Headline != want {
					t.Errorf("finding %q at %d-%d: headline %v, want %v (headline ends at %d)", f.Text, f.Start, f.End, f.Headline, want, doc.HeadlineEnd)
				}
			}
			if doc.HeadlineEnd == 0 || !rep.Sentences[0].Headline {
				t.Errorf("no headline marked: HeadlineEnd %d, sentences[0] %+v", doc.HeadlineEnd, rep.Sentences[0])
			}

			golden := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/docreport -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("report of %s differs from %s (review, then -update):\n%s", p.file, golden, lineDiff(string(want), string(got)))
			}
		})
	}
}

// checkReport checks what every report of a document must hold.
func checkReport(t *testing.T, rep *analyzer.Report, sch *jsonschema.Schema, encoded []byte) {
	t.Helper()
	if rep.Text == nil || rep.Source.Format == "" {
		t.Fatalf("report has no text or source.format: %+v", rep.Source)
	}
	text := *rep.Text
	for _, f := range rep.Findings {
		if f.Start < 0 || f.End > len(text) || f.Start >= f.End || text[f.Start:f.End] != f.Text {
			t.Errorf("finding %q at %d-%d does not index text", f.Text, f.Start, f.End)
		}
	}
	if sch != nil {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(encoded))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("report does not match docs/report-v1.schema.json: %v", err)
		}
	}
}

// lineDiff shows the first lines where want and got differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < max(len(w), len(g)) && n < 20; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			n++
			b.WriteString("line " + itoa(i+1) + ":\n- " + wl + "\n+ " + gl + "\n")
		}
	}
	return b.String()
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestPlainTextUnchanged: a plain-text document's report is exactly the
// analyzer's, with none of the new fields.
func TestPlainTextUnchanged(t *testing.T) {
	in := []byte("Critics called the so-called reform a fiasco.\n")
	doc, err := Page("a.txt", "", in, "")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := Analyze(shippedAnalyzer(t), "a.txt", doc).JSON()
	want, _ := shippedAnalyzer(t).Analyze("a.txt", in).JSON()
	if !bytes.Equal(got, want) {
		t.Errorf("plain-text report differs from Analyze's:\n%s", lineDiff(string(want), string(got)))
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(got, &top); err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"text", "document"} {
		if _, ok := top[field]; ok {
			t.Errorf("plain-text report has %q", field)
		}
	}
	for _, field := range []string{`"format"`, `"headline"`} {
		if bytes.Contains(got, []byte(field)) {
			t.Errorf("plain-text report has %s", field)
		}
	}
}

// TestNoArticle: a section index is ErrNoArticle, not a report.
func TestNoArticle(t *testing.T) {
	raw, err := os.ReadFile("../../ingest/testdata/section-index.html")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Page("section-index.html", "", raw, ""); err == nil || !strings.Contains(err.Error(), ingest.ErrNoArticle.Error()) {
		t.Errorf("Page(section-index.html) error %v, want no article", err)
	}
}
