package query

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/tables"
)

// f is a finding of the hand-made corpus.
type f struct {
	term, cat, voice, actor string
	weight                  float64
}

// doc is a report of the hand-made corpus.
type doc struct {
	id, outlet, date string
	intensity        float64
	words            int
	author, quoted   float64
	reported         float64
	findings         []f
}

const (
	ledger   = "The Harbour Ledger"
	courier  = "Northgate Courier"
	sentinel = "Valley Sentinel"
	loaded   = "loaded_language"
)

// corpus is 12 articles from 3 outlets over 3 dates and one with neither
// outlet nor date; the expectations in TestQuestions are computed by hand
// from it.
var corpus = []doc{
	{"a1", ledger, "2025-03-01", 0.5, 400, 2, 0, 0, []f{{"fiasco", "ridicule", "author", "council", 1}, {"radical", loaded, "author", "", 1}}},
	{"a2", ledger, "2025-03-01T09:00:00+01:00", 0.3, 600, 0, 1, 0, []f{{"radical", loaded, "quoted", "council", 1}}},
	{"a3", ledger, "2025-03-02", 0.7, 500, 4, 0, 0, []f{{"fiasco", "ridicule", "author", "mayor", 1}, {"fiasco", "ridicule", "author", "council", 1}, {"slammed", loaded, "author", "", 2}}},
	{"a4", ledger, "2025-03-03", 0.1, 500, 0, 0, 0, nil},
	{"b1", courier, "2025-03-01", 0.2, 1000, 0.5, 0, 0, []f{{"reportedly", "hedges", "author", "", 0.5}}},
	{"b2", courier, "2025-03-02", 0.2, 1000, 0, 0, 0, nil},
	{"b3", courier, "2025-03-02", 0.4, 1000, 1.5, 0, 0, []f{{"radical", loaded, "author", "mayor", 1}, {"reportedly", "hedges", "author", "", 0.5}}},
	{"b4", courier, "2025-03-03", 0.6, 1000, 0, 1, 0, []f{{"radical", loaded, "quoted", "mayor", 1}}},
	{"c1", sentinel, "2025-03-01", 0.9, 250, 2, 1, 2, []f{{"slammed", loaded, "author", "council", 2}, {"slammed", loaded, "reported", "mayor", 2}, {"fiasco", "ridicule", "quoted", "", 1}}},
	{"c2", sentinel, "2025-03-02", 0.0, 250, 0, 0, 0, nil},
	{"c3", sentinel, "2025-03-03", 0.8, 250, 2, 0, 0, []f{{"slammed", loaded, "author", "council", 2}}},
	{"c4", sentinel, "2025-03-03", 0.5, 250, 1, 0, 0, []f{{"fiasco", "ridicule", "author", "", 1}}},
	{"x1", "", "", 0, 100, 0, 0, 0, nil},
}

func (d doc) report() *analyzer.Report {
	id := d.id
	r := &analyzer.Report{Schema: analyzer.Schema, ID: &id, Source: analyzer.Source{Name: d.id + ".html"},
		Stats: analyzer.Stats{Words: d.words}, Label: analyzer.LabelNeutral,
		Score: analyzer.Score{Intensity: d.intensity, AuthorWeight: d.author, QuotedWeight: d.quoted, ReportedWeight: d.reported, Threshold: 0.4}}
	if d.intensity >= 0.4 {
		r.Label = analyzer.LabelLoaded
	}
	if d.outlet != "" {
		r.Document = &analyzer.Document{Outlet: d.outlet, Published: d.date, Title: "Story " + d.id}
	}
	for i, x := range d.findings {
		r.Findings = append(r.Findings, analyzer.Finding{Start: i * 10, End: i*10 + 5, Text: x.term, Term: x.term,
			Category: x.cat, Weight: x.weight, BaseWeight: x.weight, Voice: x.voice, Actor: x.actor, Sentence: i})
	}
	return r
}

// writeCorpus writes the corpus as tables, two documents a file, and
// opens them.
func writeCorpus(t *testing.T) (*DB, string) {
	t.Helper()
	dir := t.TempDir()
	w := tables.NewWriter(tables.Dir(dir), tables.RowsPerFile(2))
	for _, d := range corpus {
		if err := w.Add(d.report()); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, dir
}

func csvOf(t *testing.T, db *DB, q string) string {
	t.Helper()
	res, err := db.Query(context.Background(), q)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	var b bytes.Buffer
	if err := res.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestQuestions checks each named question's answer on the hand-made
// corpus against the answer computed by hand (the comments show the sums).
func TestQuestions(t *testing.T) {
	db, _ := writeCorpus(t)
	want := map[string]string{
		// ledger: loaded a1 a3 of 4; mean (.5+.3+.7+.1)/4; median (.3+.5)/2;
		// 6 findings in 2000 words; author 6 of 7. courier: 2 of 4; 1.4/4;
		// (.2+.4)/2; 4 in 4000; 2 of 3. sentinel: 3 of 4; 2.2/4; (.5+.8)/2;
		// 5 in 1000; author 5, quoted 1, reported 2 (c1's "slammed" of the
		// mayor is reported speech): 5 of 8, not the 5 of 6 that leaves
		// the reported voice out.
		// x1: no outlet, no weight (author share NULL).
		"outlets": `outlet,outlet_name,documents,loaded_share,mean_intensity,median_intensity,findings_per_1000_words,author_share
__unknown__,,1,0,0,0,0,
northgate-courier,Northgate Courier,4,0.5,0.35,0.3,1,0.667
the-harbour-ledger,The Harbour Ledger,4,0.5,0.4,0.4,3,0.857
valley-sentinel,Valley Sentinel,4,0.75,0.55,0.65,5,0.625
`,
		// 15 findings: courier 4, ledger 6, sentinel 5. share_elsewhere is
		// the term's uses in the other outlets over their findings: ledger
		// fiasco (5-3)/(15-6), courier reportedly 0/11.
		"terms": `outlet,rank,term,category,uses,documents,share_here,share_elsewhere
northgate-courier,1,radical,loaded_language,2,2,0.5,0.182
northgate-courier,2,reportedly,hedges,2,2,0.5,0
the-harbour-ledger,1,fiasco,ridicule,3,2,0.5,0.222
the-harbour-ledger,2,radical,loaded_language,2,2,0.333,0.222
the-harbour-ledger,3,slammed,loaded_language,1,1,0.167,0.333
valley-sentinel,1,slammed,loaded_language,3,2,0.6,0.1
valley-sentinel,2,fiasco,ridicule,2,2,0.4,0.3
`,
		"actors": `outlet,actor,findings,documents,weight,author_share
northgate-courier,mayor,2,2,2,0.5
the-harbour-ledger,council,3,3,3,0.667
the-harbour-ledger,mayor,1,1,1,1
valley-sentinel,council,2,2,4,1
valley-sentinel,mayor,1,1,2,0
`,
		// a2's published is a time: its date is the page's, 2025-03-01; c3
		// and c4 have one finding each.
		"over-time": `date,outlet,documents,mean_intensity,findings
2025-03-01,northgate-courier,1,0.2,1
2025-03-01,the-harbour-ledger,2,0.4,3
2025-03-01,valley-sentinel,1,0.9,3
2025-03-02,northgate-courier,2,0.3,2
2025-03-02,the-harbour-ledger,1,0.7,3
2025-03-02,valley-sentinel,1,0,0
2025-03-03,northgate-courier,1,0.6,1
2025-03-03,the-harbour-ledger,1,0.1,0
2025-03-03,valley-sentinel,2,0.65,2
`,
	}
	for _, q := range Questions {
		t.Run(q.Name, func(t *testing.T) {
			if got := csvOf(t, db, q.SQL); got != want[q.Name] {
				t.Errorf("--%s:\n got:\n%s\nwant:\n%s", q.Name, got, want[q.Name])
			}
		})
	}
}

// TestPruning: a filter on the partition columns reads only the files of
// the partitions it names, as DuckDB's plan and its file list show.
func TestPruning(t *testing.T) {
	db, dir := writeCorpus(t)
	all, _ := filepath.Glob(filepath.Join(dir, "documents", "*", "*", "*.parquet"))
	q := `SELECT count(*) FROM documents WHERE outlet = 'valley-sentinel' AND "date" = '2025-03-03'`
	plan, err := db.Explain(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d files; plan:\n%s", len(all), plan)
	if got := csvOf(t, db, q); got != "count_star()\n2\n" {
		t.Errorf("count in the partition = %q, want 2", got)
	}
	files := csvOf(t, db, `SELECT DISTINCT filename FROM read_parquet(`+quote(filepath.ToSlash(dir)+"/documents/*/*/*.parquet")+
		`, hive_partitioning = true, filename = true) WHERE outlet = 'valley-sentinel' AND "date" = '2025-03-03'`)
	if n := strings.Count(files, "\n") - 1; n != 1 || !strings.Contains(files, "outlet=valley-sentinel/date=2025-03-03/") {
		t.Errorf("files read for one partition:\n%s", files)
	}
	if want := fmt.Sprintf("Scanning Files: 1/%d", len(all)); !strings.Contains(plan, want) {
		t.Errorf("the plan does not say %q:\n%s", want, plan)
	}
}

// TestFormats: csv (header then rows), json (one object per row, keys in
// column order, NULL as null) and table (aligned, a row count).
func TestFormats(t *testing.T) {
	db, _ := writeCorpus(t)
	res, err := db.Query(context.Background(), `SELECT outlet, documents AS n, NULL AS missing, 'a,"b"' AS quoted, [1, 2] AS list
FROM (SELECT outlet, count(*) AS documents FROM documents GROUP BY outlet) WHERE outlet LIKE 'v%' OR outlet LIKE 'n%' ORDER BY outlet`)
	if err != nil {
		t.Fatal(err)
	}
	var c, j, tb bytes.Buffer
	if err := res.WriteFormat(&c, "csv"); err != nil {
		t.Fatal(err)
	}
	wantCSV := "outlet,n,missing,quoted,list\nnorthgate-courier,4,,\"a,\"\"b\"\"\",\"[1,2]\"\nvalley-sentinel,4,,\"a,\"\"b\"\"\",\"[1,2]\"\n"
	if c.String() != wantCSV {
		t.Errorf("csv:\n%s\nwant:\n%s", c.String(), wantCSV)
	}
	if err := res.WriteFormat(&j, "json"); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(j.Bytes(), &rows); err != nil {
		t.Fatalf("json: %v\n%s", err, j.String())
	}
	if len(rows) != 2 || rows[1]["outlet"] != "valley-sentinel" || rows[1]["n"] != 4.0 || rows[1]["missing"] != nil {
		t.Errorf("json rows %v", rows)
	}
	if !strings.HasPrefix(j.String(), "[\n{\"outlet\":\"northgate-courier\",\"n\":4,\"missing\":null,") {
		t.Errorf("json keys not in column order:\n%s", j.String())
	}
	if err := res.WriteFormat(&tb, "table"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(tb.String(), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "outlet             n") || lines[4] != "(2 rows)" {
		t.Errorf("table:\n%s", tb.String())
	}
	if err := res.WriteFormat(&tb, "xml"); err == nil {
		t.Error("format xml: no error")
	}
}

func TestOpenEmpty(t *testing.T) {
	if _, err := Open(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no tables") {
		t.Errorf("Open(empty dir) = %v, want no tables", err)
	}
}
