package render

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/compare"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.html")

var (
	testOnce sync.Once
	testA    *analyzer.Analyzer
	testErr  error
)

// testAnalyzer is built from testdata/lex and testdata/actors, small lexicons
// of this package, so that these tests do not move when lexicons/en grows.
func testAnalyzer(t testing.TB) *analyzer.Analyzer {
	t.Helper()
	testOnce.Do(func() {
		lex, err := analyzer.LoadLexicon(os.DirFS("testdata/lex"))
		if err != nil {
			testErr = err
			return
		}
		act, err := analyzer.LoadActors(os.DirFS("testdata/actors"))
		if err != nil {
			testErr = err
			return
		}
		testA, testErr = analyzer.New(lex, analyzer.WithActors(act))
	})
	if testErr != nil {
		t.Fatalf("test lexicons: %v", testErr)
	}
	return testA
}

func analyzeFile(t testing.TB, name string) (*analyzer.Report, []byte) {
	t.Helper()
	in, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return testAnalyzer(t).Analyze(name, in), in
}

func renderHTML(t testing.TB, r *analyzer.Report, in []byte) string {
	t.Helper()
	var b bytes.Buffer
	if err := HTML(&b, r, in); err != nil {
		t.Fatalf("HTML: %v", err)
	}
	return b.String()
}

var (
	tagRE  = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>`)
	attrRE = regexp.MustCompile(`([a-zA-Z-]+)="([^"]*)"`)
)

// voidTags have no end tag.
var voidTags = map[string]bool{"meta": true, "br": true, "img": true, "input": true, "link": true, "hr": true}

type element struct {
	name  string
	attrs map[string]string
	depth int // how many marks enclose it
}

// parseTags checks that the page's tags nest properly and returns its
// elements in document order.
func parseTags(t *testing.T, page string) []element {
	t.Helper()
	var stack []string
	var out []element
	marks := 0
	for _, m := range tagRE.FindAllStringSubmatch(page, -1) {
		closing, name := m[1] == "/", strings.ToLower(m[2])
		if closing {
			if len(stack) == 0 || stack[len(stack)-1] != name {
				t.Fatalf("</%s> closes %v", name, stack)
			}
			stack = stack[:len(stack)-1]
			if name == "mark" {
				marks--
			}
			continue
		}
		attrs := map[string]string{}
		for _, a := range attrRE.FindAllStringSubmatch(m[3], -1) {
			attrs[a[1]] = html.UnescapeString(a[2])
		}
		out = append(out, element{name: name, attrs: attrs, depth: marks})
		if voidTags[name] || strings.HasSuffix(m[3], "/") {
			continue
		}
		stack = append(stack, name)
		if name == "mark" {
			marks++
		}
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed elements %v", stack)
	}
	return out
}

// articleText is the text of the marked article with the tags removed.
func articleText(t *testing.T, page string) string {
	t.Helper()
	start := strings.Index(page, `<div class="text"`)
	if start < 0 {
		t.Fatal("no article text")
	}
	start += strings.Index(page[start:], ">") + 1
	end := strings.Index(page[start:], "</div>")
	return html.UnescapeString(tagRE.ReplaceAllString(page[start:start+end], ""))
}

func marks(els []element) []element {
	var out []element
	for _, e := range els {
		if e.name == "mark" {
			out = append(out, e)
		}
	}
	return out
}

// checkPage checks what every HTML report promises.
func checkPage(t *testing.T, r *analyzer.Report, in []byte, page string) {
	t.Helper()
	els := parseTags(t, page)
	checkRefs(t, els)
	ms := marks(els)
	if len(ms) != len(r.Findings) {
		t.Errorf("%d marks, %d findings", len(ms), len(r.Findings))
	}
	seen := map[string]bool{}
	for _, m := range ms {
		id := m.attrs["id"]
		i, err := strconv.Atoi(strings.TrimPrefix(id, "f-"))
		if err != nil || i < 0 || i >= len(r.Findings) || seen[id] {
			t.Errorf("mark id %q", id)
			continue
		}
		seen[id] = true
		f := r.Findings[i]
		if m.attrs["data-category"] != f.Category || m.attrs["data-voice"] != f.Voice {
			t.Errorf("mark %s: category %q voice %q, finding %+v", id, m.attrs["data-category"], m.attrs["data-voice"], f)
		}
		if m.attrs["data-start"] != strconv.Itoa(f.Start) || m.attrs["data-end"] != strconv.Itoa(f.End) {
			t.Errorf("mark %s: bytes %s-%s, finding %d-%d", id, m.attrs["data-start"], m.attrs["data-end"], f.Start, f.End)
		}
		if m.attrs["tabindex"] != "0" || m.attrs["title"] == "" || m.attrs["data-tip"] == "" || m.attrs["data-code"] == "" {
			t.Errorf("mark %s lacks keyboard focus, title, tip or code: %v", id, m.attrs)
		}
		if !strings.Contains(m.attrs["title"], f.Term) || !strings.Contains(m.attrs["title"], num(f.Weight)) {
			t.Errorf("mark %s: title %q lacks term %q or weight", id, m.attrs["title"], f.Term)
		}
		if f.Actor != "" && m.attrs["data-actor"] != f.Actor {
			t.Errorf("mark %s: actor %q, want %q", id, m.attrs["data-actor"], f.Actor)
		}
		if !strings.Contains(page, `<tr id="d-`+strconv.Itoa(i)+`" data-category="`+html.EscapeString(f.Category)+`" data-voice="`+f.Voice+`">`) || m.attrs["aria-describedby"] != "d-"+strconv.Itoa(i) {
			t.Errorf("mark %s: no described-by row with its category and voice", id)
		}
	}
	if got, want := articleText(t, page), strings.ToValidUTF8(string(in), "\uFFFD"); got != want {
		t.Errorf("article text differs from the input:\n got %q\nwant %q", got, want)
	}
	for _, c := range r.Categories {
		if !strings.Contains(page, `<li class="`+cssClass(c.ID)+`" data-category="`+html.EscapeString(c.ID)+`">`) {
			t.Errorf("legend lacks category %s", c.ID)
		}
	}
	heat := strings.Count(page, `<rect class="sent"`)
	if heat != len(r.Sentences) {
		t.Errorf("heat strip has %d blocks, %d sentences", heat, len(r.Sentences))
	}
	lower := strings.ToLower(page)
	for _, e := range els {
		for k, v := range e.attrs {
			if strings.HasPrefix(k, "on") || k == "src" || (k == "href" && !strings.HasPrefix(v, "#")) {
				t.Errorf("<%s %s=%q>: not self-contained or not escaped", e.name, k, v)
			}
		}
	}
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "http://", "https://", "@import"} {
		if strings.Contains(lower, bad) {
			t.Errorf("page contains %q: not self-contained or not escaped", bad)
		}
	}
	if strings.Contains(lower, "url(") && strings.Count(lower, "url(") != strings.Count(lower, "url(#") {
		t.Error("page refers to an external url()")
	}
}

func TestHTMLFixtures(t *testing.T) {
	for _, name := range []string{"geneva-a.txt", "geneva-b.txt", "script.txt"} {
		t.Run(name, func(t *testing.T) {
			r, in := analyzeFile(t, name)
			if len(r.Findings) < 3 {
				t.Fatalf("%s: %d findings, want a loaded text", name, len(r.Findings))
			}
			page := renderHTML(t, r, in)
			checkPage(t, r, in, page)
			if !strings.Contains(page, `<span class="badge `+r.Label+`"`) {
				t.Errorf("no label badge %q", r.Label)
			}
			if len(r.Actors) > 0 && !strings.Contains(page, "Who is framed") {
				t.Error("actors in the report but no actor table")
			}
		})
	}
}

func TestHTMLEscapes(t *testing.T) {
	r, in := analyzeFile(t, "script.txt")
	r.Source.Name = `<script>alert("name")</script>.txt`
	r.Categories = append(r.Categories, analyzer.CategoryScore{ID: "x", Name: `<img src=x onerror=alert(2)>`, Count: 1, Weight: 1})
	r.Findings = append(r.Findings, analyzer.Finding{Start: 0, End: 8, Text: "<script>", Term: `"><script>`, Category: "x", Weight: 1, Voice: "author", Actor: `<b onclick=x>`, Sentence: 0})
	page := renderHTML(t, r, in)
	checkPage(t, r, in, page)
	for _, want := range []string{"&lt;script&gt;alert(", "&lt;/script&gt; Ostrel", "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;.txt", "&lt;img src=x onerror=alert(2)&gt;", "&lt;b onclick=x&gt;", "&lt;img src=x onerror=alert(1)&gt; tag"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks escaped %q", want)
		}
	}
}

func TestHTMLNesting(t *testing.T) {
	in := []byte(`Its “false flag” claim was a flop show, and “a so-called plan” was too.`)
	// Hand-made findings: a scare quote around a term, a term inside it, a
	// finding that crosses the end of the one it starts in, and two with the
	// same span.
	r := &analyzer.Report{Schema: analyzer.Schema, Label: "loaded",
		Sentences:  []analyzer.SentenceScore{{Start: 0, End: len(in), Weight: 9, Label: "loaded", Findings: 6}},
		Categories: []analyzer.CategoryScore{{ID: "scare_quotes", Name: "Scare quotes", Count: 2}, {ID: "delegitimizing", Name: "Delegitimizing", Count: 2}, {ID: "ridicule", Name: "Ridicule", Count: 2}},
	}
	add := func(text, cat, voice string, from int) {
		i := bytes.Index(in[from:], []byte(text)) + from
		r.Findings = append(r.Findings, analyzer.Finding{Start: i, End: i + len(text), Text: text, Term: text, Category: cat, Voice: voice, Weight: 1})
	}
	add("“false flag”", "scare_quotes", "author", 0)
	add("false flag", "delegitimizing", "quoted", 0)
	add("flop show", "ridicule", "author", 0)
	add("flop show", "delegitimizing", "author", 0)
	add("“a so-called plan”", "scare_quotes", "author", 0)
	add("so-called plan” was", "ridicule", "quoted", 0) // crosses the quote's end
	page := renderHTML(t, r, in)
	checkPage(t, r, in, page)
	ms := marks(parseTags(t, page))
	depth := map[string]int{}
	for _, m := range ms {
		depth[m.attrs["id"]] = m.depth
	}
	want := map[string]int{"f-0": 0, "f-1": 1, "f-2": 0, "f-3": 1, "f-4": 0, "f-5": 1}
	for id, d := range want {
		if depth[id] != d {
			t.Errorf("mark %s nested %d deep, want %d", id, depth[id], d)
		}
	}
	if !strings.Contains(page, `data-start="53" data-end="73"`) && !strings.Contains(page, `id="f-5"`) {
		t.Error("crossing finding lost")
	}
}

func TestHTMLDeterministic(t *testing.T) {
	r, in := analyzeFile(t, "geneva-b.txt")
	first := renderHTML(t, r, in)
	// A report read back from its JSON renders the same bytes.
	b, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var back analyzer.Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if again := renderHTML(t, &back, in); again != first {
			t.Fatal("HTML differs between runs")
		}
	}
}

func TestHTMLEmpty(t *testing.T) {
	for _, in := range []string{"", "Nothing here is loaded.", "\xff\xfe broken \xc3"} {
		r := testAnalyzer(t).Analyze("e.txt", []byte(in))
		page := renderHTML(t, r, []byte(in))
		checkPage(t, r, []byte(in), page)
		if len(r.Findings) == 0 && !strings.Contains(page, "No loaded or framing language found.") {
			t.Errorf("HTML(%q): no empty-state message", in)
		}
	}
}

// TestHTMLGolden compares the page for geneva-b.txt with a reviewed golden
// file (refresh with go test ./render -update).
func TestHTMLGolden(t *testing.T) {
	r, in := analyzeFile(t, "geneva-b.txt")
	got := renderHTML(t, r, in)
	golden := filepath.Join("testdata", "geneva-b.golden.html")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update)", err)
	}
	if got != string(want) {
		t.Errorf("HTML for geneva-b.txt differs from %s (run go test ./render -update and review the diff)", golden)
	}
}

func TestHTMLActors(t *testing.T) {
	r, _ := analyzeFile(t, "geneva-b.txt")
	if len(r.Actors) == 0 || r.Actors[0].Name != "Ostrel" {
		t.Fatalf("geneva-b.txt frames Ostrel first; actors %+v", r.Actors)
	}
}

// checkRefs checks that ids are unique and every reference resolves.
func checkRefs(t *testing.T, els []element) {
	t.Helper()
	ids := map[string]bool{}
	for _, e := range els {
		if id := e.attrs["id"]; id != "" {
			if ids[id] {
				t.Errorf("id %q used twice", id)
			}
			ids[id] = true
		}
	}
	for _, e := range els {
		for _, k := range []string{"aria-describedby", "aria-labelledby"} {
			if ref := e.attrs[k]; ref != "" && !ids[ref] {
				t.Errorf("<%s %s=%q> points nowhere", e.name, k, ref)
			}
		}
		if ref := e.attrs["href"]; strings.HasPrefix(ref, "#") && !ids[ref[1:]] {
			t.Errorf("<%s href=%q> points nowhere", e.name, ref)
		}
	}
}

func BenchmarkHTML(b *testing.B) {
	r, in := analyzeFile(b, "geneva-b.txt")
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if err := HTML(io.Discard, r, in); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzHTML: any input gives a well-formed page with one mark per finding
// whose text is the input.
func FuzzHTML(f *testing.F) {
	for _, s := range []string{"Ostrel’s so-called “water theft” fell flat.", "<script>“a ‘b’ c”</script>", "\xff“x\xfe”", "\"a\" 'b' «c» „d“"} {
		f.Add([]byte(s))
	}
	a := testAnalyzer(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		r := a.Analyze("fuzz", in)
		checkPage(t, r, in, renderHTML(t, r, in))
	})
}

// TestHTMLFragment checks that the fragments hold exactly what the pages
// hold inside <main>, and the same <style>, so that a page that embeds them
// (slant serve) draws the report as HTML does.
func TestHTMLFragment(t *testing.T) {
	r, in := analyzeFile(t, "geneva-b.txt")
	ra, inA, rb, inB := geneva(t)
	c := compare.Reports(ra, rb)
	for _, tt := range []struct {
		name, class    string
		page, fragment func(io.Writer) error
	}{
		{"HTML", "slant-report",
			func(w io.Writer) error { return HTML(w, r, in) },
			func(w io.Writer) error { return HTMLFragment(w, r, in) }},
		{"CompareHTML", "slant-compare",
			func(w io.Writer) error { return CompareHTML(w, c, ra, inA, rb, inB) },
			func(w io.Writer) error { return CompareHTMLFragment(w, c, ra, inA, rb, inB) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var page, frag bytes.Buffer
			if err := tt.page(&page); err != nil {
				t.Fatal(err)
			}
			if err := tt.fragment(&frag); err != nil {
				t.Fatal(err)
			}
			p := page.String()
			style := p[strings.Index(p, "<style>") : strings.Index(p, "</style>\n")+len("</style>\n")]
			body := p[strings.Index(p, "<main>\n")+len("<main>\n") : strings.Index(p, "</main>\n")]
			want := style + `<div class="` + tt.class + "\">\n" + body + "</div>\n"
			if frag.String() != want {
				t.Errorf("%sFragment is not the page's <style> and <main> content:\n got %.300q\nwant %.300q", tt.name, frag.String(), want)
			}
		})
	}
}

func TestKeys(t *testing.T) {
	r, _ := analyzeFile(t, "geneva-b.txt")
	keys := Keys(r)
	page := renderHTML(t, r, nil)
	if len(keys) == 0 {
		t.Fatal("Keys(geneva-b) is empty")
	}
	for i, k := range keys {
		if k.Code != i+1 || (i > 0 && keys[i-1].ID >= k.ID) {
			t.Errorf("Keys()[%d] = %+v: want codes 1, 2, … in id order", i, k)
		}
		li := `<li class="` + k.Class + `" data-category="` + k.ID + `"><span class="sw">` + strconv.Itoa(k.Code) + `</span> ` + html.EscapeString(k.Name) + `</li>`
		if !strings.Contains(page, li) || !strings.Contains(page, "."+k.Class+"{--c:"+k.Color) {
			t.Errorf("Keys()[%d] = %+v is not what the legend and style say (want %s)", i, k, li)
		}
	}
}

// TestHeatColor: the heat strip's colours, written digit by digit, are the
// ramp from #f1f1f1 to #a50f15 rounded as fmt would print it.
func TestHeatColor(t *testing.T) {
	var out bytes.Buffer
	p := newPage(&out)
	for i := -2; i <= 102; i++ {
		x := float64(i) / 100
		out.Reset()
		p.heatColor(x)
		p.b.Flush()
		c := min(max(x, 0), 1)
		want := fmt.Sprintf("#%02x%02x%02x", int(241+(165-241)*c+0.5), int(241+(15-241)*c+0.5), int(241+(21-241)*c+0.5))
		if out.String() != want {
			t.Errorf("heatColor(%v) = %q, want %q", x, out.String(), want)
		}
	}
}
