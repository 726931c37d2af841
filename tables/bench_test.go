package tables

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/ingest"
	"github.com/slantnews/slant/internal/docreport"
	"github.com/slantnews/slant/internal/shipped"
)

// wikinews reads the Wikinews corpus (../shared/corpus, or
// $SLANT_SHARED/corpus) as reports made by the shipped analyzer with
// actors, as the Lambda makes them; it skips when the corpus is absent.
// The articles are read at test time and never copied into the repository.
func wikinews(b *testing.B) (a *analyzer.Analyzer, docs []*ingest.Document) {
	b.Helper()
	shared := os.Getenv("SLANT_SHARED")
	if shared == "" {
		shared = "../../shared"
	}
	f, err := os.Open(filepath.Join(shared, "corpus", "wikinews-en.jsonl"))
	if err != nil {
		b.Skipf("Wikinews corpus absent: %v", err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<24)
	for s.Scan() {
		var rec struct {
			ID, Title, Text string
			Date, URL       *string
		}
		if err := json.Unmarshal(s.Bytes(), &rec); err != nil {
			b.Fatal(err)
		}
		d := &ingest.Document{Format: ingest.FormatJSONL, Text: []byte(rec.Title + "\n\n" + rec.Text), HeadlineEnd: len(rec.Title),
			Meta: ingest.Metadata{Title: rec.Title, Outlet: "Wikinews"}, Record: &ingest.Record{ID: rec.ID}}
		if rec.Date != nil {
			d.Meta.Published = *rec.Date
		}
		if rec.URL != nil {
			d.Meta.URL = *rec.URL
		}
		docs = append(docs, d)
	}
	a, err = shipped.Analyzer()
	if err != nil {
		b.Fatal(err)
	}
	return a, docs
}

// BenchmarkWikinewsArticle is the Lambda's work per article with tables on:
// analyze, then encode both tables' files (ReportFiles). One op is the whole
// corpus; ns/article and B/article are per article.
func BenchmarkWikinewsArticle(b *testing.B) {
	a, docs := wikinews(b)
	var n int64
	for _, d := range docs {
		n += int64(len(d.Text))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			rep := docreport.Analyze(a, d.Record.ID, d)
			if _, err := ReportFiles(rep); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/article")
}

// BenchmarkWikinewsRows is the tables' own share: ReportFiles alone on
// reports already made.
func BenchmarkWikinewsRows(b *testing.B) {
	a, docs := wikinews(b)
	reps := make([]*analyzer.Report, len(docs))
	for i, d := range docs {
		reps[i] = docreport.Analyze(a, d.Record.ID, d)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range reps {
			if _, err := ReportFiles(r); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(docs)), "ns/article")
}
