package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/internal/warctest"
)

const (
	ledger    = "../../ingest/testdata/ledger.html"
	courier   = "../../ingest/testdata/courier-latin1.html"
	northgate = "../../internal/docreport/testdata/northgate.html"
	index     = "../../ingest/testdata/section-index.html"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decodeReport(t *testing.T, line string) analyzer.Report {
	t.Helper()
	var r analyzer.Report
	if err := json.Unmarshal([]byte(line), &r); err != nil {
		t.Fatalf("report %.200q: %v", line, err)
	}
	return r
}

// checkText checks that a page's report carries text and every finding's
// offsets index it.
func checkText(t *testing.T, r analyzer.Report) {
	t.Helper()
	if r.Text == nil || r.Source.Format == "" {
		t.Fatalf("report of %s has no text or source.format", r.Source.Name)
	}
	for _, f := range r.Findings {
		if (*r.Text)[f.Start:f.End] != f.Text {
			t.Errorf("%s: finding %q at %d-%d does not index text", r.Source.Name, f.Text, f.Start, f.End)
		}
	}
}

// TestAnalyzePage: slant analyze page.html reports on the article (with
// source.format, document and text), and slant extract prints exactly the
// report's text; every output format shows the article, not the markup.
func TestAnalyzePage(t *testing.T) {
	for _, page := range []string{ledger, courier, northgate} {
		code, out, errs := slant(t, "", "analyze", "--format", "json", page)
		if code != exitOK {
			t.Fatalf("analyze %s: exit %d, stderr %s", page, code, errs)
		}
		r := decodeReport(t, out)
		checkText(t, r)
		if r.Source.Format != "html" || r.Document == nil || r.Document.Title == "" || len(r.Findings) == 0 {
			t.Errorf("analyze %s: format %q, document %+v, %d findings", page, r.Source.Format, r.Document, len(r.Findings))
		}
		code, text, errs := slant(t, "", "extract", page)
		if code != exitOK || text != *r.Text {
			t.Errorf("extract %s = exit %d, stderr %s, %d bytes; want the report's text (%d bytes)", page, code, errs, len(text), len(*r.Text))
		}
	}
	for _, format := range []string{"text", "markdown", "html"} {
		code, out, errs := slant(t, "", "analyze", "--format", format, ledger)
		if code != exitOK {
			t.Fatalf("analyze --format %s: exit %d, stderr %s", format, code, errs)
		}
		for _, bad := range []string{"best experience", "dataLayer", "&ldquo;", "reform agenda", "class=\"story"} {
			if strings.Contains(out, bad) {
				t.Errorf("analyze --format %s shows %q, from the page's markup or furniture", format, bad)
			}
		}
		if !strings.Contains(out, "flop show") {
			t.Errorf("analyze --format %s does not show the article's finding", format)
		}
	}
	// Forced as text, the page is read as it is: today's plain-text report.
	code, out, _ := slant(t, "", "analyze", "--format", "json", "--input", "text", ledger)
	if r := decodeReport(t, out); code != exitOK || r.Text != nil || r.Source.Bytes != len(readFixture(t, ledger)) {
		t.Errorf("analyze --input text page.html: exit %d, text set %v, %d bytes", code, r.Text != nil, r.Source.Bytes)
	}
	// Detected by content whatever the name.
	named := writeFile(t, "page.txt.bak", readFixture(t, ledger))
	code, out, _ = slant(t, "", "analyze", "--format", "json", named)
	if r := decodeReport(t, out); code != exitOK || r.Source.Format != "html" {
		t.Errorf("analyze of an HTML page named .bak: exit %d, format %q", code, r.Source.Format)
	}
}

// TestInputExitCodes: a page with no article, an archive given to analyze,
// and a bad --input.
func TestInputExitCodes(t *testing.T) {
	warc := writeFile(t, "a.warc.gz", warctest.Archive(t, true, warctest.Response("https://x.example/", "text/html", string(readFixture(t, ledger)))))
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no article", []string{"analyze", index}, exitRejected, "section-index.html: no article: "},
		{"extract no article", []string{"extract", index}, exitRejected, "no article"},
		{"archive to analyze", []string{"analyze", warc}, exitRejected, "use slant batch --input warc"},
		{"archive to extract", []string{"extract", warc}, exitRejected, "use slant batch --input warc"},
		{"unknown input", []string{"analyze", "--input", "pdf", ledger}, exitUsage, `unknown input format "pdf"`},
		{"batch page", []string{"batch", "--input", "html", ledger}, exitUsage, "--input takes warc or jsonl"},
		{"batch page file", []string{"batch", ledger}, exitRejected, "not an archive or stream"},
		{"batch missing", []string{"batch", "--input", "warc", "/nonexistent.warc"}, exitRejected, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := slant(t, "", tc.args...)
			if code != tc.code || !strings.Contains(errs, tc.want) {
				t.Errorf("slant %q = exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, errs, tc.code, tc.want)
			}
			if tc.code == exitRejected && (out != "" || strings.Count(errs, "\n") != 1) {
				t.Errorf("slant %q: stdout %q, stderr %q; want nothing on stdout and one line on stderr", tc.args, out, errs)
			}
		})
	}
}

// TestBatchWARC: slant batch --input warc over an archive written with
// gowarc: one report per HTML page in order, with its record's target URI
// and date; other records skipped; a page with no article and a corrupt
// member each get one line on stderr and the archive goes on.
func TestBatchWARC(t *testing.T) {
	const ledgerURI = "https://www.riverside-ledger.example/news/2025/03/harbour-bridge-plan-stalls"
	const northURI = "https://northgate-post.example/city/2025/06/02/tram-reset"
	m := warctest.Members(t, true,
		warctest.Info(),
		warctest.Request(ledgerURI),
		warctest.Response(ledgerURI, "text/html; charset=utf-8", string(readFixture(t, ledger))),
		warctest.Response("https://www.riverside-ledger.example/logo.png", "image/png", "\x89PNG\r\n\x1a\nnot a png"),
		warctest.Response("https://www.riverside-ledger.example/politics", "text/html", string(readFixture(t, index))),
		warctest.Response(northURI, "text/html", string(readFixture(t, northgate))),
	)
	// A gzip member that holds no WARC record.
	var corrupt bytes.Buffer
	zw := gzip.NewWriter(&corrupt)
	zw.Write([]byte("HTTP/1.1 200 OK\r\n\r\nnot a WARC record\r\n"))
	zw.Close()
	archive := bytes.Join([][]byte{m[0], m[1], m[2], m[3], m[4], corrupt.Bytes(), m[5]}, nil)
	file := writeFile(t, "crawl.warc.gz", archive)

	code, out, errs := slant(t, "", "batch", "--input", "warc", file)
	if code != exitRejected {
		t.Errorf("batch --input warc: exit %d, want 3 (records failed); stderr:\n%s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("batch --input warc wrote %d reports, want 2 (ledger, northgate):\n%s\nstderr:\n%s", len(lines), out, errs)
	}
	for i, uri := range []string{ledgerURI, northURI} {
		r := decodeReport(t, lines[i])
		checkText(t, r)
		rec := r.Document.Record
		if r.Source.Format != "warc" || rec == nil || rec.TargetURI != uri || !strings.HasPrefix(rec.Date, "2025-03-15T06:") || rec.ID == "" {
			t.Errorf("report %d: format %q, record %+v; want warc, %s", i, r.Source.Format, rec, uri)
		}
	}
	// The same page analyzed on its own gives the same text and findings.
	_, single, _ := slant(t, "", "analyze", "--format", "json", ledger)
	one, first := decodeReport(t, single), decodeReport(t, lines[0])
	if *one.Text != *first.Text || len(one.Findings) != len(first.Findings) {
		t.Errorf("the archive's page differs from the page analyzed alone")
	}
	errLines := strings.Split(strings.TrimSpace(errs), "\n")
	if len(errLines) != 4 || !strings.Contains(errLines[0], "record 5 at offset") || !strings.Contains(errLines[0], "no article") ||
		!strings.Contains(errLines[1], "record 6 at offset "+strconv.Itoa(len(m[0])+len(m[1])+len(m[2])+len(m[3])+len(m[4]))) ||
		!strings.Contains(errLines[2], "7 records: 2 reports, 3 skipped (not HTML pages), 2 failed") ||
		errLines[3] != "slant: batch: 2 of 7 records failed" {
		t.Errorf("stderr:\n%s\nwant the no-article record, the corrupt member at its offset, and a summary", errs)
	}

	code, text, _ := slant(t, "", "extract", "--input", "warc", file)
	if code != exitRejected || !strings.Contains(text, "==> "+file+" record 3 "+ledgerURI+" <==\n"+*first.Text+"\n") ||
		!strings.Contains(text, " record 7 "+northURI+" <==\n") {
		t.Errorf("extract --input warc: exit %d:\n%.300s", code, text)
	}
}

// TestBatchJSONL: slant batch --input jsonl reads records with text or
// html and optional fields; a bad line is reported and the rest go on.
func TestBatchJSONL(t *testing.T) {
	htmlJSON, _ := json.Marshal(string(readFixture(t, ledger)))
	in := `{"id":"p1","html":` + string(htmlJSON) + `,"outlet":"Ledger Wire","published":"2025-03-14"}` + "\n" +
		`{"id":7,"text":"The so-called plan was a fiasco.","title":"Plan in doubt","url":"https://x.example/7"}` + "\n" +
		`{"id":"bad","text":` + "\n"
	code, out, errs := slant(t, in, "batch", "--input", "jsonl")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != exitRejected || len(lines) != 2 || !strings.Contains(errs, "record 3 at offset") {
		t.Fatalf("batch --input jsonl: exit %d, %d reports, stderr %q", code, len(lines), errs)
	}
	r := decodeReport(t, lines[0])
	checkText(t, r)
	if r.ID == nil || *r.ID != "p1" || r.Document.Outlet != "Ledger Wire" || r.Document.Published != "2025-03-14" || r.Source.Format != "jsonl" {
		t.Errorf("html record: id %v, document %+v", r.ID, r.Document)
	}
	r = decodeReport(t, lines[1])
	checkText(t, r)
	if *r.ID != "7" || !strings.HasPrefix(*r.Text, "Plan in doubt\n\nThe so-called") || r.Document.Record.Number != 2 {
		t.Errorf("text record: id %v, text %q, document %+v", *r.ID, *r.Text, r.Document)
	}
	// Without --input, stdin keeps today's strict {"id","text"} batch.
	if code, _, errs := slant(t, `{"id":"a","html":"<p>x</p>"}`+"\n", "batch"); code != exitRejected || !strings.Contains(errs, "unknown field") {
		t.Errorf("batch without --input took an html record: exit %d, stderr %q", code, errs)
	}
}
