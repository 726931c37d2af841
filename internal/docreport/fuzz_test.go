package docreport

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/slantnews/slant/ingest"
)

// FuzzHTMLReport runs the whole HTML path (extraction, then analysis) on
// any bytes: no panic, and every offset of the report indexes its text.
func FuzzHTMLReport(f *testing.F) {
	files, _ := filepath.Glob("../../ingest/testdata/*.html")
	local, _ := filepath.Glob("testdata/*.html")
	for _, file := range append(files, local...) {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("<html><h1>“So-called</h1><p>“fiasco” said a so-called critic, who called it a flop show and a fiasco of the first order, again and again.</p></html>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Page("f.html", "", data, ingest.FormatHTML)
		if err != nil {
			return
		}
		rep := Analyze(shippedAnalyzer(t), "f.html", doc)
		if rep.Text == nil || *rep.Text != string(doc.Text) {
			t.Fatal("report text is not the document's text")
		}
		text := *rep.Text
		for _, f := range rep.Findings {
			if f.Start < 0 || f.End > len(text) || f.Start >= f.End || text[f.Start:f.End] != f.Text {
				t.Fatalf("finding %q at %d-%d does not index text", f.Text, f.Start, f.End)
			}
			if f.Headline != (f.End <= doc.HeadlineEnd) {
				t.Fatalf("finding %q at %d-%d: headline %v, headline ends at %d", f.Text, f.Start, f.End, f.Headline, doc.HeadlineEnd)
			}
		}
		prev := 0
		for _, s := range rep.Sentences {
			if s.Start < prev || s.End > len(text) || s.Start > s.End {
				t.Fatalf("sentence %d-%d out of order or bounds (text %d bytes)", s.Start, s.End, len(text))
			}
			prev = s.End
		}
	})
}
