package tables

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/slantnews/slant/analyzer"
)

func strp(s string) *string { return &s }

// fullReport sets every field the tables read, with two categories, an
// actor, a headline finding, a quoted one and one in reported speech.
func fullReport() *analyzer.Report {
	return &analyzer.Report{
		Schema: analyzer.Schema,
		ID:     strp("ledger-0042"),
		Source: analyzer.Source{Name: "ledger.html", Format: "html", Bytes: 812, SHA256: "ab12"},
		Document: &analyzer.Document{Title: "Council rams through fare rise", Byline: "Ada Quill",
			Published: "2025-03-04T18:30:00+01:00", Outlet: "The Harbour Ledger", URL: "https://ledger.example/a/42", Language: "en-GB"},
		Lexicon: analyzer.LexiconInfo{Version: "2025.1"},
		Stats:   analyzer.Stats{Words: 412, Sentences: 19, Quotes: 3, QuotedWords: 41},
		Label:   analyzer.LabelLoaded,
		Score:   analyzer.Score{Intensity: 0.62, Per1000Words: 9.7, AuthorWeight: 3.0, QuotedWeight: 1.0, ReportedWeight: 1.5, Threshold: 0.4},
		Categories: []analyzer.CategoryScore{
			{ID: "loaded_language", Count: 2, Weight: 3.0, AuthorCount: 1, QuotedCount: 1},
			{ID: "hedges", Count: 0},
			{ID: "ridicule", Count: 2, Weight: 2.5, AuthorCount: 1, ReportedCount: 1},
		},
		Findings: []analyzer.Finding{
			{Start: 8, End: 19, Text: "rams through", Term: "ram through", Category: "loaded_language", Technique: "Loaded_Language", Weight: 2, BaseWeight: 2, Voice: "author", Sentence: 0, Actor: "council", Headline: true},
			{Start: 120, End: 126, Text: "fiasco", Term: "fiasco", Category: "ridicule", Technique: "Name_Calling,Labeling", Weight: 1, BaseWeight: 1, Voice: "author", Sentence: 3},
			{Start: 300, End: 307, Text: "radical", Term: "radical", Category: "loaded_language", Technique: "Loaded_Language", Weight: 1, BaseWeight: 2, Voice: "quoted", Negated: true, Sentence: 9},
			{Start: 400, End: 406, Text: "farce", Term: "farce", Category: "ridicule", Technique: "Name_Calling,Labeling", Weight: 1.5, BaseWeight: 1.5, Voice: "reported", Sentence: 12},
		},
	}
}

func TestRows(t *testing.T) {
	d, fs := Rows(fullReport())
	if d.DocID != "ledger-0042" || *d.OutletName != "The Harbour Ledger" || d.Byline == nil || *d.Byline != "Ada Quill" {
		t.Errorf("Rows: document %+v", d)
	}
	if d.FindingCount != 4 || d.AuthorFindings != 2 || d.QuotedFindings != 1 || d.ReportedFindings != 1 || d.HeadlineFinding != 1 {
		t.Errorf("Rows: counts %d findings, %d author, %d quoted, %d reported, %d headline; want 4, 2, 1, 1, 1",
			d.FindingCount, d.AuthorFindings, d.QuotedFindings, d.ReportedFindings, d.HeadlineFinding)
	}
	if d.AuthorFindings+d.QuotedFindings+d.ReportedFindings != d.FindingCount {
		t.Errorf("Rows: the voices' findings do not sum to all of them")
	}
	if d.ReportedWeight != 1.5 || d.Categories[1].ReportedCount != 1 {
		t.Errorf("Rows: reported_weight %v, ridicule's reported_count %d; want 1.5 and 1", d.ReportedWeight, d.Categories[1].ReportedCount)
	}
	if len(d.Categories) != 2 || d.Categories[1].Category != "ridicule" {
		t.Errorf("Rows: categories %+v, want loaded_language and ridicule (hedges has none)", d.Categories)
	}
	if len(fs) != 4 || fs[3].Technique != "Name_Calling,Labeling" || fs[0].Actor == nil || *fs[0].Actor != "council" || fs[1].Actor != nil || !fs[2].Negated || fs[2].Finding != 2 {
		t.Errorf("Rows: findings %+v", fs)
	}
	for _, c := range []struct {
		name string
		r    *analyzer.Report
		want string
	}{
		{"id", fullReport(), "ledger-0042"},
		{"s3", &analyzer.Report{Source: analyzer.Source{Name: "in/a b.txt", Bucket: "news", Key: "in/a b.txt"}}, "s3://news/in/a b.txt"},
		{"name", &analyzer.Report{Source: analyzer.Source{Name: "a.txt"}}, "a.txt"},
		{"s3 record", &analyzer.Report{Source: analyzer.Source{Name: "in/x.jsonl", Bucket: "news", Key: "in/x.jsonl"},
			Document: &analyzer.Document{Record: &analyzer.Record{Number: 7, ID: "p7"}}}, "s3://news/in/x.jsonl#7"},
		{"record", &analyzer.Report{Source: analyzer.Source{Name: "crawl.warc.gz"}, Document: &analyzer.Document{Record: &analyzer.Record{Number: 3}}}, "crawl.warc.gz#3"},
	} {
		if got := DocID(c.r); got != c.want {
			t.Errorf("DocID(%s) = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestRoundTrip: the rows written are the rows parquet-go reads back, and
// the file says its schema.
func TestRoundTrip(t *testing.T) {
	r := fullReport()
	neutral := &analyzer.Report{Source: analyzer.Source{Name: "plain.txt", SHA256: "cd"}, Label: analyzer.LabelNeutral}
	var docs []DocumentRow
	var finds []FindingRow
	for _, r := range []*analyzer.Report{r, neutral} {
		d, fs := Rows(r)
		docs = append(docs, d)
		finds = append(finds, fs...)
	}
	dir := t.TempDir()
	gotDocs := roundTrip(t, filepath.Join(dir, "d.parquet"), docs)
	gotFinds := roundTrip(t, filepath.Join(dir, "f.parquet"), finds)
	// parquet-go reads an empty list back as an empty slice, not nil.
	for i := range gotDocs {
		if len(gotDocs[i].Categories) == 0 {
			gotDocs[i].Categories = nil
		}
	}
	if !reflect.DeepEqual(gotDocs, docs) {
		t.Errorf("documents read back:\n got %s\nwant %s", dump(gotDocs), dump(docs))
	}
	if !reflect.DeepEqual(gotFinds, finds) {
		t.Errorf("findings read back:\n got %s\nwant %s", dump(gotFinds), dump(finds))
	}
	f, err := os.Open(filepath.Join(dir, "d.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := pf.Lookup(MetaSchema); !ok || v != Schema {
		t.Errorf("metadata %s = %q, %v; want %q", MetaSchema, v, ok, Schema)
	}
	// The columns that engines read by name, with their types.
	want := map[string]string{"doc_id": "BYTE_ARRAY", "intensity": "DOUBLE", "words": "INT64", "schema_version": "INT32",
		"reported_weight": "DOUBLE", "reported_findings": "INT64"}
	for _, c := range pf.Schema().Fields() {
		if w, ok := want[c.Name()]; ok {
			if got := c.Type().Kind().String(); got != w {
				t.Errorf("column %s: %s, want %s", c.Name(), got, w)
			}
			delete(want, c.Name())
		}
	}
	if len(want) > 0 {
		t.Errorf("columns missing: %v", want)
	}
	// Equal rows give equal bytes (file names depend on it).
	a, _ := Encode(docs)
	b, _ := Encode(docs)
	if string(a) != string(b) {
		t.Error("Encode is not deterministic")
	}
}

func roundTrip[T DocumentRow | FindingRow](t *testing.T, path string, rows []T) []T {
	t.Helper()
	data, err := Encode(rows)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := parquet.ReadFile[T](path)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func dump(v any) string { return fmt.Sprintf("%+v", v) }

func TestOutletKey(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"The Harbour Ledger", "the-harbour-ledger"},
		{"  BBC News ", "bbc-news"},
		{"ABC/NEWS=x", "abc-news-x"},
		{"", Unknown},
		{"   ", Unknown},
		{"../../etc", "etc"},
		{"Le Mondé", "le-mond-" + hash8("Le Mondé")},
		{"新华社", hash8("新华社")},
		{strings.Repeat("a", 60), strings.Repeat("a", 48) + "-" + hash8(strings.Repeat("a", 60))},
	} {
		got := OutletKey(c.in)
		if got != c.want {
			t.Errorf("OutletKey(%q) = %q, want %q", c.in, got, c.want)
		}
		if strings.ContainsAny(got, "/= %.") && got != Unknown {
			t.Errorf("OutletKey(%q) = %q: unsafe in a path", c.in, got)
		}
	}
	if OutletKey("Le Monde") == OutletKey("Le Mondé") {
		t.Error("OutletKey merges Le Monde and Le Mondé")
	}
}

func hash8(s string) string {
	k := OutletKey(s)
	return k[len(k)-8:]
}

func TestDateKey(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2025-03-04", "2025-03-04"},
		{"2025-03-04T23:30:00-05:00", "2025-03-04"}, // the page's date, not UTC's
		{"2025-02-30", Unknown},
		{"March 4, 2025", Unknown},
		{"", Unknown},
		{"2025-3-4", Unknown},
	} {
		if got := DateKey(c.in); got != c.want {
			t.Errorf("DateKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// synth is the i-th of a synthetic corpus: outlets outlets interleaved,
// perDay articles a day, three findings each.
func synth(i, outlets, perDay int) *analyzer.Report {
	id := fmt.Sprintf("doc-%06d", i)
	r := &analyzer.Report{
		ID:     &id,
		Source: analyzer.Source{Name: id, SHA256: "00"},
		Document: &analyzer.Document{Outlet: fmt.Sprintf("Outlet %d", i%outlets),
			Published: time.Date(2025, 1, 1+i/perDay, 12, 0, 0, 0, time.UTC).Format(time.DateOnly), Title: "A headline of some length for " + id},
		Label: analyzer.LabelLoaded,
		Stats: analyzer.Stats{Words: 500 + i%300},
		Score: analyzer.Score{Intensity: float64(i%100) / 100},
		Categories: []analyzer.CategoryScore{
			{ID: "loaded_language", Count: 2, Weight: 2}, {ID: "ridicule", Count: 1, Weight: 1},
		},
	}
	for j := range 3 {
		cat := "loaded_language"
		if j == 2 {
			cat = "ridicule"
		}
		r.Findings = append(r.Findings, analyzer.Finding{Start: j * 10, End: j*10 + 6, Text: "fiasco", Term: "fiasco", Category: cat, Weight: 1, Voice: "author", Sentence: j})
	}
	return r
}

// files lists the files under dir, as slash paths.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// TestWriterPartitions: rows land under table/outlet=…/date=…/, a file
// per RowsPerFile documents, documents and findings files paired, and a
// second run of the same input replaces the same files.
func TestWriterPartitions(t *testing.T) {
	dir := t.TempDir()
	run := func() Stats {
		w := NewWriter(Dir(dir), RowsPerFile(2), MaxPartitions(2))
		for i := range 12 { // 2 outlets × 3 days, 2 documents each
			if err := w.Add(synth(i, 2, 4)); err != nil {
				t.Fatal(err)
			}
		}
		unknown := &analyzer.Report{Source: analyzer.Source{Name: "bare.txt"}}
		if err := w.Add(unknown); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return w.Stats()
	}
	st := run()
	first := files(t, dir)
	if st.Documents != 13 || st.Findings != 36 {
		t.Errorf("Stats = %+v, want 13 documents, 36 findings", st)
	}
	var docFiles, findFiles []string
	parts := map[string]bool{}
	for _, f := range first {
		table, rest, _ := strings.Cut(f, "/")
		dir := dirOf(rest)
		parts[dir] = true
		switch table {
		case Documents:
			docFiles = append(docFiles, rest)
		case Findings:
			findFiles = append(findFiles, rest)
		default:
			t.Errorf("file %s outside the two tables", f)
		}
	}
	if !slices.Equal(docFiles, findFiles) {
		t.Errorf("documents files %v, findings files %v: not paired", docFiles, findFiles)
	}
	wantParts := []string{"outlet=__unknown__/date=__unknown__"}
	for o := range 2 {
		for d := range 3 {
			wantParts = append(wantParts, fmt.Sprintf("outlet=outlet-%d/date=2025-01-%02d", o, d+1))
		}
	}
	var gotParts []string
	for p := range parts {
		gotParts = append(gotParts, p)
	}
	slices.Sort(gotParts)
	slices.Sort(wantParts)
	if !slices.Equal(gotParts, wantParts) {
		t.Errorf("partitions %v, want %v", gotParts, wantParts)
	}
	// Every document is read back once, from the partition its outlet and
	// date name.
	n := 0
	for _, f := range docFiles {
		rows, err := parquet.ReadFile[DocumentRow](filepath.Join(dir, Documents, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			want := PartitionOf(&analyzer.Report{Document: &analyzer.Document{Outlet: deref(r.OutletName), Published: deref(r.Published)}}).Path()
			if dirOf(f) != want {
				t.Errorf("document %s in %s, want %s", r.DocID, dirOf(f), want)
			}
		}
		n += len(rows)
	}
	if n != 13 {
		t.Errorf("read back %d documents, want 13", n)
	}
	run()
	if again := files(t, dir); !slices.Equal(again, first) {
		t.Errorf("a second run changed the files:\n got %v\nwant %v", again, first)
	}
}

func dirOf(rel string) string { return rel[:strings.LastIndex(rel, "/")] }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// countSink counts the files and bytes written, keeping none.
type countSink struct{ files, bytes int }

func (c *countSink) WriteFile(_ string, data []byte) error {
	c.files++
	c.bytes += len(data)
	return nil
}

// retained writes docs documents, in the order a crawl gives them (each
// day's articles from outlets outlets interleaved, one day after another),
// and returns the most heap retained after a collection, sampled every
// 5,000 documents.
func retained(t *testing.T, docs, outlets int, opts ...Option) (uint64, Stats, *countSink) {
	sink := &countSink{}
	w := NewWriter(sink, opts...)
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak uint64
	for i := range docs {
		if err := w.Add(synth(i, outlets, 5000)); err != nil {
			t.Fatal(err)
		}
		if i%5000 == 4999 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > base {
				peak = max(peak, ms.HeapAlloc-base)
			}
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return peak, w.Stats(), sink
}

// TestWriterMemory: writing 100,000 documents over 400 partitions keeps
// the retained heap under a bound that does not depend on the number of
// documents (at most MaxPartitions × RowsPerFile buffered rows), and the
// same measurement of a Writer allowed to hold everything exceeds it.
func TestWriterMemory(t *testing.T) {
	const docs, bound = 100_000, 16 << 20
	peak, st, sink := retained(t, docs, 20, RowsPerFile(1000), MaxPartitions(32))
	if st.Documents != docs || st.Findings != 3*docs {
		t.Fatalf("Stats = %+v", st)
	}
	t.Logf("bounded: %d documents, %d files, %d bytes of Parquet; retained heap at most %.1f MB",
		docs, sink.files, sink.bytes, float64(peak)/(1<<20))
	if peak > bound {
		t.Errorf("retained heap %d bytes, want at most %d", peak, bound)
	}
	if sink.files > 2*(docs/1000+2*400) {
		t.Errorf("%d files for %d documents in 400 partitions at 1000 rows a file", sink.files, docs)
	}
	all, _, _ := retained(t, docs, 20, RowsPerFile(docs), MaxPartitions(1000))
	t.Logf("unbounded: retained heap at most %.1f MB", float64(all)/(1<<20))
	if all <= bound {
		t.Errorf("a Writer holding all %d documents retains %d bytes, under the bound %d: the measurement sees nothing", docs, all, bound)
	}
}
