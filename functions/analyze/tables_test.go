package main

import (
	"context"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/parquet-go/parquet-go"
	"github.com/slantnews/slant/tables"
)

// TestTables: with TABLES_PREFIX the function writes one documents and one
// findings file per object next to the report, named by the document, so a
// second delivery and a Batch Operations backfill of the same object
// replace them; the rows read back are the report's.
func TestTables(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.TablesPrefix = "tables/" })
	e.s3.put(t, inputBucket, "in/story one.txt", []byte(article))
	for range 2 {
		if _, err := e.invoke(t, s3Event(inputBucket, 10, "in/story+one.txt")); err != nil {
			t.Fatal(err)
		}
	}
	out, err := e.invoke(t, []byte(`{"invocationSchemaVersion":"2.0","invocationId":"i","job":{"id":"j"},"tasks":[{"taskId":"0","s3Key":"in/story one.txt","s3VersionId":null,"s3Bucket":"`+inputBucket+`"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var resp events.S3BatchJobResponse
	if json.Unmarshal(out, &resp); len(resp.Results) != 1 || resp.Results[0].ResultCode != "Succeeded" {
		t.Fatalf("batch: %s", out)
	}
	keys := e.s3.keys(t, reportBucket)
	var docKeys, findKeys []string
	for _, k := range keys {
		switch {
		case strings.HasPrefix(k, "reports/tables/documents/outlet=__unknown__/date=__unknown__/doc-"):
			docKeys = append(docKeys, k)
		case strings.HasPrefix(k, "reports/tables/findings/outlet=__unknown__/date=__unknown__/doc-"):
			findKeys = append(findKeys, k)
		}
	}
	if len(keys) != 3 || len(docKeys) != 1 || len(findKeys) != 1 {
		t.Fatalf("reports bucket = %q, want the report and one file per table", keys)
	}
	rep := reportOf(t, e.s3.get(t, reportBucket, "reports/in/story one.txt.slant.json"))
	wantDoc, wantFinds := tables.Rows(&rep)
	dir := t.TempDir()
	read := func(key string) string {
		p := filepath.Join(dir, filepath.Base(key))
		os.WriteFile(p, e.s3.get(t, reportBucket, key), 0o644)
		return p
	}
	docs, err := parquet.ReadFile[tables.DocumentRow](read(docKeys[0]))
	if err != nil {
		t.Fatal(err)
	}
	finds, err := parquet.ReadFile[tables.FindingRow](read(findKeys[0]))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || docs[0].DocID != "s3://"+inputBucket+"/in/story one.txt" || docs[0].Intensity != wantDoc.Intensity || len(finds) != len(wantFinds) || len(finds) == 0 {
		t.Errorf("rows read back: %+v, %d findings; want %+v, %d findings", docs, len(finds), wantDoc, len(wantFinds))
	}
	// Off by default: no table files.
	e2 := newEnv(t)
	e2.s3.put(t, inputBucket, "a.txt", []byte(article))
	e2.invoke(t, s3Event(inputBucket, 10, "a.txt"))
	if got := e2.s3.keys(t, reportBucket); !slices.Equal(got, []string{"reports/a.txt.slant.json"}) {
		t.Errorf("without TABLES_PREFIX: %q", got)
	}
}

func TestTablesPrefixConfig(t *testing.T) {
	env := func(v string) func(string) (string, bool) {
		return func(k string) (string, bool) {
			switch k {
			case "REPORT_BUCKET":
				return "r", true
			case "TABLES_PREFIX":
				return v, true
			}
			return "", false
		}
	}
	if c, err := loadConfig(env("tables/")); err != nil || c.TablesPrefix != "tables/" {
		t.Errorf("TABLES_PREFIX=tables/: %+v, %v", c, err)
	}
	for _, bad := range []string{"tables", "/tables/"} {
		if _, err := loadConfig(env(bad)); err == nil || !strings.Contains(err.Error(), "TABLES_PREFIX") {
			t.Errorf("TABLES_PREFIX=%q: err %v", bad, err)
		}
	}
}

// TestTablesPages: an HTML page gets one documents row in its outlet's and
// date's partition, and a JSON Lines export one row per record (each in its
// own record's partition, a doc_id of its own), also when the export is read
// in pieces.
func TestTablesPages(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.TablesPrefix = "tables/"; c.Archive.PieceRecords = 2 })
	page := `<!doctype html><html lang="en"><head><title>Harbour plan</title>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour plan","datePublished":"2025-03-04T09:00:00+01:00","publisher":{"name":"Valley Sentinel"}}</script>
</head><body><article><h1>Harbour plan</h1><p>` + article + `</p></article></body></html>`
	e.s3.put(t, inputBucket, "in/page.html", []byte(page))
	var export strings.Builder
	for _, r := range []struct{ outlet, published string }{{"Harbour Ledger", "2025-03-01"}, {"Harbour Ledger", "2025-03-02"}, {"Northgate Courier", "2025-03-02"}, {"", ""}} {
		line, _ := json.Marshal(map[string]string{"outlet": r.outlet, "published": r.published, "title": "A story", "text": article})
		export.Write(append(line, '\n'))
	}
	if err := (s3Store{e.s3.client}).Put(context.Background(), inputBucket, "in/export.jsonl", "application/x-ndjson", []byte(export.String())); err != nil {
		t.Fatal(err)
	}
	if _, err := e.invoke(t, s3Event(inputBucket, int64(len(page)), "in/page.html")); err != nil {
		t.Fatal(err)
	}
	e.h.cfg.Archive.ContinuePrefix = "in/_continue/"
	e.runArchiveKey(t, "in/export.jsonl", int64(export.Len()))

	want := map[string]string{ // doc_id → partition
		"s3://" + inputBucket + "/in/page.html":      "outlet=valley-sentinel/date=2025-03-04",
		"s3://" + inputBucket + "/in/export.jsonl#1": "outlet=harbour-ledger/date=2025-03-01",
		"s3://" + inputBucket + "/in/export.jsonl#2": "outlet=harbour-ledger/date=2025-03-02",
		"s3://" + inputBucket + "/in/export.jsonl#3": "outlet=northgate-courier/date=2025-03-02",
		"s3://" + inputBucket + "/in/export.jsonl#4": "outlet=__unknown__/date=__unknown__",
	}
	got := map[string]string{}
	dir := t.TempDir()
	for _, k := range e.s3.keys(t, reportBucket) {
		rest, ok := strings.CutPrefix(k, "reports/tables/documents/")
		if !ok {
			continue
		}
		p := filepath.Join(dir, filepath.Base(k))
		os.WriteFile(p, e.s3.get(t, reportBucket, k), 0o644)
		docs, err := parquet.ReadFile[tables.DocumentRow](p)
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) != 1 {
			t.Fatalf("%s holds %d documents, want 1", k, len(docs))
		}
		if _, dup := got[docs[0].DocID]; dup {
			t.Errorf("document %s written twice", docs[0].DocID)
		}
		got[docs[0].DocID] = filepath.Dir(rest)
	}
	if !maps.Equal(got, want) {
		t.Errorf("documents (doc_id → partition) = %v, want %v", got, want)
	}
}

// runArchiveKey invokes the function for the archive at key and then for
// every continuation object it writes, as the S3 trigger would.
func (e *env) runArchiveKey(t *testing.T, key string, size int64) {
	t.Helper()
	if _, err := e.invoke(t, s3Event(inputBucket, size, key)); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for range 50 {
		var next string
		for _, k := range e.s3.keys(t, inputBucket) {
			if strings.HasPrefix(k, e.h.cfg.Archive.ContinuePrefix) && !seen[k] {
				next = k
			}
		}
		if next == "" {
			return
		}
		seen[next] = true
		if _, err := e.invoke(t, s3Event(inputBucket, 0, next)); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatal("the continuation chain does not end")
}
