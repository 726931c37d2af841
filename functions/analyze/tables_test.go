package main

import (
	"encoding/json"
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
