package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/tables"
)

const harbour = "../../testdata/outlets/harbour.jsonl"

// reportsOf is the JSON reports slant batch writes for a JSONL export.
func reportsOf(t *testing.T, file string) []analyzer.Report {
	t.Helper()
	code, out, errs := slant(t, "", "batch", "--input", "jsonl", file)
	if code != 0 {
		t.Fatalf("batch: exit %d: %s", code, errs)
	}
	var reps []analyzer.Report
	for line := range strings.Lines(out) {
		var r analyzer.Report
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		reps = append(reps, r)
	}
	return reps
}

// csvRows runs slant query --format csv and returns the rows after the
// header, checking the header.
func csvRows(t *testing.T, header string, args ...string) [][]string {
	t.Helper()
	code, out, errs := slant(t, "", append([]string{"query", "--format", "csv"}, args...)...)
	if code != 0 {
		t.Fatalf("query %v: exit %d: %s", args, code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("query %v: not CSV: %v\n%s", args, err, out)
	}
	if got := strings.Join(recs[0], ","); got != header {
		t.Fatalf("query %v: header %q, want %q", args, got, header)
	}
	return recs[1:]
}

// TestBatchTablesQuery: slant batch --tables over the fixture export, then
// each named question, checked against the same numbers summed in Go from
// the JSON reports slant batch writes for the same articles.
func TestBatchTablesQuery(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := slant(t, "", "batch", "--tables", dir, "--rows-per-file", "1", "--input", "jsonl", harbour)
	if code != 0 || !strings.Contains(errs, "tables "+dir+": 12 documents") {
		t.Fatalf("batch --tables: exit %d: %s", code, errs)
	}
	reps := reportsOf(t, harbour)
	type agg struct {
		docs, loaded, findings, words int
		author, quoted, reported      float64
	}
	byOutlet := map[string]*agg{}
	byDay := map[string]int{}
	actors := map[string]int{}
	for _, r := range reps {
		k := tables.OutletKey(r.Document.Outlet)
		a := byOutlet[k]
		if a == nil {
			a = &agg{}
			byOutlet[k] = a
		}
		a.docs++
		a.findings += len(r.Findings)
		a.words += r.Stats.Words
		a.author += r.Score.AuthorWeight
		a.quoted += r.Score.QuotedWeight
		a.reported += r.Score.ReportedWeight
		if r.Label == analyzer.LabelLoaded {
			a.loaded++
		}
		byDay[r.Document.Published[:10]+"/"+k]++
		for _, f := range r.Findings {
			if f.Actor != "" {
				actors[k+"/"+f.Actor]++
			}
		}
	}
	if len(byOutlet) != 3 {
		t.Fatalf("fixture has %d outlets, want 3", len(byOutlet))
	}
	rows := csvRows(t, "outlet,outlet_name,documents,loaded_share,mean_intensity,median_intensity,findings_per_1000_words,author_share", dir, "--outlets")
	if len(rows) != 3 {
		t.Fatalf("--outlets: %d rows, want 3", len(rows))
	}
	for _, row := range rows {
		a := byOutlet[row[0]]
		want := []string{strconv.Itoa(a.docs), fmt.Sprint(round(float64(a.loaded)/float64(a.docs), 3)),
			fmt.Sprint(round(float64(a.findings)*1000/float64(a.words), 2)), fmt.Sprint(round(a.author/(a.author+a.quoted+a.reported), 3))}
		got := []string{row[2], row[3], row[6], row[7]}
		if !slices.Equal(got, want) {
			t.Errorf("--outlets %s: documents, loaded, per 1000, author share = %v, want %v", row[0], got, want)
		}
	}
	rows = csvRows(t, "date,outlet,documents,mean_intensity,findings", dir, "--over-time")
	if len(rows) != len(byDay) {
		t.Errorf("--over-time: %d rows, want %d", len(rows), len(byDay))
	}
	for _, row := range rows {
		if n, _ := strconv.Atoi(row[2]); n != byDay[row[0]+"/"+row[1]] {
			t.Errorf("--over-time %s %s: %d documents, want %d", row[0], row[1], n, byDay[row[0]+"/"+row[1]])
		}
	}
	rows = csvRows(t, "outlet,actor,findings,documents,weight,author_share", dir, "--actors")
	if len(rows) == 0 || len(rows) != len(actors) {
		t.Errorf("--actors: %d rows, want %d (%v)", len(rows), len(actors), actors)
	}
	for _, row := range rows {
		if n, _ := strconv.Atoi(row[2]); n != actors[row[0]+"/"+row[1]] {
			t.Errorf("--actors %s %s: %d findings, want %d", row[0], row[1], n, actors[row[0]+"/"+row[1]])
		}
	}
	terms := csvRows(t, "outlet,rank,term,category,uses,documents,share_here,share_elsewhere", dir, "--terms")
	if len(terms) == 0 || len(terms) > 30 {
		t.Errorf("--terms: %d rows, want 1 to 30 (ten per outlet)", len(terms))
	}
	// The findings table holds every finding once.
	n := 0
	for _, a := range byOutlet {
		n += a.findings
	}
	if rows := csvRows(t, "n", dir, "SELECT count(*) AS n FROM findings"); rows[0][0] != strconv.Itoa(n) {
		t.Errorf("findings table: %s rows, want %d", rows[0][0], n)
	}
	// A re-run replaces the files rather than adding copies.
	before := treeFiles(t, dir)
	slant(t, "", "batch", "--tables", dir, "--rows-per-file", "1", "--input", "jsonl", harbour)
	if after := treeFiles(t, dir); !slices.Equal(before, after) {
		t.Errorf("a re-run changed the tree: %d files, then %d", len(before), len(after))
	}
	// --format table and json of a named question.
	code, out, _ := slant(t, "", "query", dir, "--outlets")
	if code != 0 || !strings.HasPrefix(out, "outlet ") || !strings.HasSuffix(out, "(3 rows)\n") {
		t.Errorf("--format table:\n%s", out)
	}
	code, out, _ = slant(t, "", "query", dir, "--over-time", "--format", "json")
	var objs []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &objs) != nil || len(objs) != len(byDay) {
		t.Errorf("--format json: exit %d\n%s", code, out)
	}
	// The outlets page and text.
	code, out, errs = slant(t, "", "outlets", dir, "--format", "html")
	if code != 0 || strings.Count(out, "<tr data-outlet=") != 6 || strings.Contains(out, "<script") {
		t.Errorf("outlets --format html: exit %d, %d outlet rows: %s", code, strings.Count(out, "<tr data-outlet="), errs)
	}
	code, out, _ = slant(t, "", "outlets", dir)
	if code != 0 || !strings.Contains(out, "Valley Sentinel") || !strings.Contains(out, "terms:") {
		t.Errorf("outlets text: exit %d\n%s", code, out)
	}
}

func round(x float64, places int) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', places, 64), 64)
	return v
}

func treeFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			out = append(out, p)
		}
		return err
	})
	return out
}

// TestBatchTablesInputs: --tables reads a directory of pages (HTML and
// text) and stdin's {"id","text"} lines; a page it cannot read is reported
// and the rest written (exit 3).
func TestBatchTablesInputs(t *testing.T) {
	pages := t.TempDir()
	for _, f := range []string{"ledger.html", "courier-latin1.html"} {
		data, err := os.ReadFile(filepath.Join("../../ingest/testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(pages, f), data, 0o644)
	}
	os.WriteFile(filepath.Join(pages, "note.txt"), []byte("The council met on Tuesday.\n"), 0o644)
	os.WriteFile(filepath.Join(pages, ".hidden.txt"), []byte("skipped\n"), 0o644)
	dir := t.TempDir()
	code, _, errs := slant(t, "", "batch", "--tables", dir, pages)
	if code != 0 || !strings.Contains(errs, ": 3 documents") {
		t.Fatalf("batch --tables DIR: exit %d: %s", code, errs)
	}
	rows := csvRows(t, "outlet,date,n", dir, `SELECT outlet, "date", count(*) AS n FROM documents GROUP BY ALL ORDER BY ALL`)
	want := [][]string{{"__unknown__", "2025-01-09", "1"}, {"__unknown__", "__unknown__", "1"}, {"the-riverside-ledger", "2025-03-14", "1"}}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("partitions of the pages: %v, want %v", rows, want)
	}
	os.WriteFile(filepath.Join(pages, "binary.txt"), []byte{0, 1, 2, 0xff}, 0o644)
	code, _, errs = slant(t, "", "batch", "--tables", t.TempDir(), pages)
	if code != exitRejected || !strings.Contains(errs, "binary.txt") || !strings.Contains(errs, ": 3 documents") {
		t.Errorf("a bad page: exit %d, want 3 with the rest written: %s", code, errs)
	}
	stdinDir := t.TempDir()
	code, _, errs = slant(t, `{"id":"a","text":"A fiasco."}`+"\n"+`{"id":"b","text":"Calm."}`+"\n", "batch", "--tables", stdinDir)
	if code != 0 || !strings.Contains(errs, ": 2 documents") {
		t.Errorf("batch --tables < jsonl: exit %d: %s", code, errs)
	}
}

// TestQueryUsage: exit codes and --sql.
func TestQueryUsage(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := slant(t, "", "batch", "--tables", dir, "--input", "jsonl", harbour); code != 0 {
		t.Fatal(errs)
	}
	code, out, _ := slant(t, "", "query", "--sql", "--terms")
	if code != 0 || !strings.HasPrefix(out, "-- terms: ") || !strings.Contains(out, "FROM findings") {
		t.Errorf("query --sql --terms: exit %d\n%s", code, out)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"query"}, exitUsage, "want DIR"},
		{[]string{"query", dir, "SELECT 1", "--outlets"}, exitUsage, "not both"},
		{[]string{"query", dir, "--outlets", "--terms"}, exitUsage, "one named question"},
		{[]string{"query", dir, "--outlets", "--format", "xml"}, exitUsage, "--format"},
		{[]string{"query", "/nonexistent", "--outlets"}, exitRejected, "no such file"},
		{[]string{"query", t.TempDir(), "--outlets"}, exitRejected, "no tables"},
		{[]string{"query", dir, "SELECT nope FROM documents"}, exitFailure, "nope"},
		{[]string{"outlets"}, exitUsage, "want one DIR"},
		{[]string{"outlets", t.TempDir()}, exitRejected, "no tables"},
		{[]string{"batch", "--tables", dir, "--rows-per-file", "0"}, exitUsage, "must be positive"},
	} {
		code, _, errs := slant(t, "", c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d, %q; want %d, %q", c.args, code, errs, c.code, c.msg)
		}
	}
}

// TestBatchTablesDocID: a file's doc_id is its path cleaned, so a/x.txt
// named as ./a/x.txt is the same document; and a run that sees one doc_id
// twice says so on stderr, one line naming the id.
func TestBatchTablesDocID(t *testing.T) {
	work := t.TempDir()
	t.Chdir(work)
	if err := os.MkdirAll("a", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"a/x.txt", "a/y.txt"} {
		if err := os.WriteFile(n, []byte(article), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("files", func(t *testing.T) {
		dir := filepath.Join(work, "t-files")
		code, _, errs := slant(t, "", "batch", "--tables", dir, "./a/x.txt", "a//y.txt", "a/x.txt")
		if code != 0 {
			t.Fatalf("batch --tables: exit %d: %s", code, errs)
		}
		rows := csvRows(t, "doc_id,source", dir, "SELECT doc_id, source FROM documents ORDER BY doc_id, source")
		if got := fmt.Sprint(rows); got != "[[a/x.txt a/x.txt] [a/x.txt a/x.txt] [a/y.txt a/y.txt]]" {
			t.Errorf("doc_ids %s, want a/x.txt twice and a/y.txt, as cleaned paths", got)
		}
		var warnings []string
		for line := range strings.Lines(errs) {
			if strings.Contains(line, "more than once") {
				warnings = append(warnings, line)
			}
		}
		if len(warnings) != 1 || !strings.Contains(warnings[0], `"a/x.txt"`) {
			t.Errorf("warnings %q, want one line naming a/x.txt", warnings)
		}
	})
	t.Run("lines", func(t *testing.T) {
		dir := filepath.Join(work, "t-lines")
		in := `{"id":"p1","text":"The bid was a flop show."}` + "\n" + `{"id":"p2","text":"The bid failed."}` + "\n" +
			`{"id":"p1","text":"The bid was a fiasco."}` + "\n" + `{"id":"p1","text":"Again."}` + "\n"
		code, _, errs := slant(t, in, "batch", "--tables", dir)
		if code != 0 {
			t.Fatalf("batch --tables: exit %d: %s", code, errs)
		}
		if n := strings.Count(errs, "more than once"); n != 1 || !strings.Contains(errs, `doc_id "p1"`) {
			t.Errorf("stderr %q: want one warning naming p1", errs)
		}
	})
}

// TestBatchTablesAnyJobs: slant batch --tables analyzes on every worker and
// adds the rows in input order, so the files it writes, and what it says on
// stderr, are the same on one worker and on many: JSON Lines with pages,
// text and broken lines, then the fixture export and a binary file.
func TestBatchTablesAnyJobs(t *testing.T) {
	export := writeFile(t, "export.jsonl", mixedExport(t, 60))
	binary := writeFile(t, "binary.html", []byte("<p>a\x00b</p>"))
	files := func(dir string) map[string][]byte {
		got := map[string][]byte{}
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				b, _ := os.ReadFile(p)
				got[strings.TrimPrefix(p, dir)] = b
			}
			return nil
		})
		return got
	}
	run := func(j string) (int, string, map[string][]byte) {
		dir := t.TempDir()
		code, _, errs := slant(t, "", "batch", "--tables", dir, "-j", j, export, harbour, binary)
		return code, strings.ReplaceAll(errs, dir, "DIR"), files(dir)
	}
	code1, errs1, files1 := run("1")
	if code1 != exitRejected || len(files1) == 0 || !strings.Contains(errs1, "no article") || !strings.Contains(errs1, "binary.html") {
		t.Fatalf("batch --tables -j 1: exit %d, %d files, stderr:\n%s", code1, len(files1), errs1)
	}
	for _, j := range []string{"2", "6"} {
		code, errs, got := run(j)
		if code != code1 || errs != errs1 {
			t.Errorf("-j %s: exit %d, stderr:\n%s\nwant (-j 1) exit %d:\n%s", j, code, errs, code1, errs1)
		}
		if len(got) != len(files1) {
			t.Errorf("-j %s: %d files, -j 1 wrote %d", j, len(got), len(files1))
		}
		for name, b := range files1 {
			if !slices.Equal(got[name], b) {
				t.Errorf("-j %s: %s differs from -j 1's", j, name)
			}
		}
	}
}

// TestBatchTablesWriterFails: when the tables cannot be written, batch
// --tables stops with that error (exit 1) and reads no further input: the
// binary page after the first ones is never reported, stdin never read.
func TestBatchTablesWriterFails(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "documents"), nil, 0o644); err != nil { // where a directory must go
		t.Fatal(err)
	}
	pages := t.TempDir()
	page := readFixture(t, ledger)
	// More pages than the queue holds in flight (2 × 2 workers and one
	// each): the failure of the first is seen before the last is queued.
	for i := range 12 {
		os.WriteFile(filepath.Join(pages, fmt.Sprintf("a%02d.html", i)), page, 0o644)
	}
	os.WriteFile(filepath.Join(pages, "c.html"), []byte("<p>a\x00b</p>"), 0o644)
	// stdin comes last: it must not be read once the writer has failed.
	stdin := &watchedReader{r: strings.NewReader(`{"id":"s","text":"The so-called plan."}` + "\n")}
	var out, errb strings.Builder
	code := run([]string{"batch", "--tables", dir, "--rows-per-file", "1", "-j", "2", pages, "-"}, stdin, &out, &errb)
	errs := errb.String()
	if code != exitFailure || !strings.Contains(errs, "not a directory") || strings.Contains(errs, "c.html") || stdin.read {
		t.Errorf("batch --tables into a broken directory: exit %d, stdin read %v, stderr:\n%s\nwant exit %d, the write error, nothing about c.html, stdin unread", code, stdin.read, errs, exitFailure)
	}
}

// watchedReader tells whether anyone read it.
type watchedReader struct {
	r    io.Reader
	read bool
}

func (w *watchedReader) Read(p []byte) (int, error) {
	w.read = true
	return w.r.Read(p)
}
