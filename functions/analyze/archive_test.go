package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/slantnews/slant/internal/warctest"
)

const archiveKey = "incoming/crawl.warc.gz"

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// crawl is the test archive's records: pages, a page with no article, and
// records that are not pages.
func crawl(t *testing.T) []warctest.Record {
	return []warctest.Record{
		warctest.Info(),
		warctest.Request("https://ledger.example/a"),
		warctest.Response("https://ledger.example/a", "text/html; charset=utf-8", fixture(t, "../../ingest/testdata/ledger.html")),
		warctest.Response("https://ledger.example/logo.png", "image/png", "\x89PNG\r\n\x1a\nnot a png"),
		warctest.Response("https://ledger.example/politics", "text/html", fixture(t, "../../ingest/testdata/section-index.html")),
		warctest.Response("https://courier.example/b", "text/html; charset=iso-8859-1", fixture(t, "../../ingest/testdata/courier-latin1.html")),
		warctest.Request("https://northgate.example/c"),
		warctest.Response("https://northgate.example/c", "text/html", fixture(t, "../../internal/docreport/testdata/northgate.html")),
	}
}

// pageRecords are the record numbers of crawl's pages, and of the page
// with no article.
var (
	pageRecords = []int{3, 6, 8}
	noArticle   = 5
)

// invokeBy runs payload with a deadline, as Lambda does.
func (e *env) invokeBy(t *testing.T, payload []byte, timeout time.Duration) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{AwsRequestID: "test-request"})
	out, err := lambda.NewHandler(e.h.Handle).Invoke(ctx, payload)
	if err != nil {
		t.Fatalf("Invoke: %v", err)
	}
	return out
}

// runArchive uploads archive and invokes the function with its event, then
// with the event of every continuation object it writes, as the S3 trigger
// would; it returns the continuation keys in order.
func (e *env) runArchive(t *testing.T, archive []byte, timeout time.Duration) []string {
	t.Helper()
	e.s3.put(t, inputBucket, archiveKey, archive)
	e.invokeBy(t, s3Event(inputBucket, int64(len(archive)), archiveKey), timeout)
	seen := map[string]bool{}
	var order []string
	for {
		var next []string
		for _, k := range e.s3.keys(t, inputBucket) {
			if strings.HasPrefix(k, e.h.cfg.Archive.ContinuePrefix) && !seen[k] {
				next = append(next, k)
			}
		}
		if len(next) == 0 {
			return order
		}
		if len(next) > 1 {
			t.Fatalf("several new continuations at once: %v", next)
		}
		seen[next[0]] = true
		order = append(order, next[0])
		if len(order) > 50 {
			t.Fatal("the continuation chain does not end")
		}
		e.invokeBy(t, s3Event(inputBucket, 0, next[0]), timeout)
	}
}

// reports returns every object under the archive's report prefix.
func (e *env) reports(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, k := range e.s3.keys(t, reportBucket) {
		out[k] = e.s3.get(t, reportBucket, k)
	}
	return out
}

func wantArchiveKeys() []string {
	var keys []string
	for _, n := range pageRecords {
		keys = append(keys, recordKey("reports/", archiveKey, n, ".slant.json"))
	}
	keys = append(keys, recordKey("reports/", archiveKey, noArticle, errorSuffix), "reports/"+archiveKey+".slant.archive.json")
	slices.Sort(keys)
	return keys
}

func keysOf(m map[string][]byte) []string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	slices.Sort(k)
	return k
}

// TestArchiveOneInvocation: a .warc.gz object gets one report per HTML
// page, with its record's number, target URI and date and text that its
// offsets index; an error report for the page with no article; a summary.
func TestArchiveOneInvocation(t *testing.T) {
	e := newEnv(t)
	archive := warctest.Archive(t, true, crawl(t)...)
	if conts := e.runArchive(t, archive, time.Minute); len(conts) != 0 {
		t.Errorf("a small archive was split: %v", conts)
	}
	got := e.reports(t)
	if k := keysOf(got); !slices.Equal(k, wantArchiveKeys()) {
		t.Fatalf("report keys\n%v\nwant\n%v", k, wantArchiveKeys())
	}
	for i, n := range pageRecords {
		rep := reportOf(t, got[recordKey("reports/", archiveKey, n, ".slant.json")])
		rec := rep.Document.Record
		if rep.Source.Format != "warc" || rec.Number != n || rec.TargetURI == "" || !strings.HasPrefix(rec.Date, "2025-03-15T06:") ||
			rep.Source.Bucket != inputBucket || rep.Source.Key != archiveKey || rep.Text == nil {
			t.Errorf("page %d: source %+v, record %+v", i, rep.Source, rec)
			continue
		}
		for _, f := range rep.Findings {
			if (*rep.Text)[f.Start:f.End] != f.Text {
				t.Errorf("record %d: finding %q does not index text", n, f.Text)
			}
		}
	}
	er := got[recordKey("reports/", archiveKey, noArticle, errorSuffix)]
	if !bytes.Contains(er, []byte(`"code": "no_article"`)) || !bytes.Contains(er, []byte(`"number": 5`)) {
		t.Errorf("no-article record's error report:\n%s", er)
	}
	var sum archiveSummary
	if err := json.Unmarshal(got["reports/"+archiveKey+".slant.archive.json"], &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Records != 8 || sum.Reports != 3 || sum.Failed != 1 || sum.Skipped != 4 || sum.Pieces != 1 || sum.Source.Bytes != int64(len(archive)) {
		t.Errorf("summary %+v", sum)
	}
}

// TestArchiveSplit: with a deadline shorter than the hand-over margin every
// piece does one record and hands the rest to a new invocation through a
// continuation object. The reports are the same objects with the same bytes
// as in one invocation (none lost, none twice), also when one gzip member
// holds several records, and a duplicate delivery changes nothing.
func TestArchiveSplit(t *testing.T) {
	recs := crawl(t)
	members := warctest.Members(t, false, recs...)
	var multi bytes.Buffer // records 1-3 in one gzip member, 4-8 in another
	for _, group := range [][][]byte{members[:3], members[3:]} {
		zw := gzip.NewWriter(&multi)
		zw.Write(bytes.Join(group, nil))
		zw.Close()
	}
	for _, tc := range []struct {
		name    string
		archive []byte
	}{
		{"member per record", warctest.Archive(t, true, recs...)},
		{"uncompressed", bytes.Join(members, nil)},
		{"records sharing members", multi.Bytes()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whole := newEnv(t)
			whole.runArchive(t, tc.archive, time.Minute)
			want := whole.reports(t)

			e := newEnv(t, func(c *Config) { c.Archive.DeadlineMargin = time.Hour })
			conts := e.runArchive(t, tc.archive, time.Minute)
			// A piece stops only before a page, one with an article or not
			// (it is not extracted yet): 4 pieces (records 1-4, 5, 6-7, 8).
			if len(conts) != len(pageRecords) {
				t.Errorf("%d continuations, want %d: %v", len(conts), len(pageRecords), conts)
			}
			got := e.reports(t)
			if !slices.Equal(keysOf(got), keysOf(want)) {
				t.Fatalf("split run wrote\n%v\nwant\n%v", keysOf(got), keysOf(want))
			}
			for k, w := range want {
				if k == "reports/"+archiveKey+".slant.archive.json" {
					var sum archiveSummary
					json.Unmarshal(got[k], &sum)
					if sum.Pieces != len(conts)+1 || sum.Reports != 3 || sum.Records != 8 {
						t.Errorf("summary of the split run %+v", sum)
					}
					continue
				}
				if !bytes.Equal(got[k], w) {
					t.Errorf("%s differs between the split run and one invocation", k)
				}
			}
			// A duplicate delivery of the archive's event and of a
			// continuation's rewrites the same objects with the same bytes.
			before := e.reports(t)
			e.invokeBy(t, s3Event(inputBucket, int64(len(tc.archive)), archiveKey), time.Minute)
			e.invokeBy(t, s3Event(inputBucket, 0, conts[1]), time.Minute)
			after := e.reports(t)
			if !slices.Equal(keysOf(before), keysOf(after)) {
				t.Errorf("duplicate delivery wrote new keys: %v", keysOf(after))
			}
			for k := range before {
				if !bytes.Equal(before[k], after[k]) {
					t.Errorf("duplicate delivery changed %s", k)
				}
			}
		})
	}
}

// TestArchivePieceBudget: ARCHIVE_PIECE_RECORDS splits without a deadline.
func TestArchivePieceBudget(t *testing.T) {
	cfg, err := loadConfig(func(k string) (string, bool) {
		return map[string]string{"REPORT_BUCKET": reportBucket, "ARCHIVE_PIECE_RECORDS": "2", "CONTINUE_PREFIX": "incoming/_next"}[k], true
	})
	if err != nil || cfg.Archive.PieceRecords != 2 || cfg.Archive.ContinuePrefix != "incoming/_next/" {
		t.Fatalf("loadConfig: %+v, %v", cfg.Archive, err)
	}
	e := newEnv(t, func(c *Config) { c.Archive = cfg.Archive })
	conts := e.runArchive(t, warctest.Archive(t, true, crawl(t)...), time.Minute)
	if len(conts) != 1 || !strings.HasPrefix(conts[0], "incoming/_next/") {
		t.Errorf("continuations %v, want one (4 records done, 2 a piece)", conts)
	}
	if k := keysOf(e.reports(t)); !slices.Equal(k, wantArchiveKeys()) {
		t.Errorf("report keys %v", k)
	}
	if _, err := loadConfig(func(k string) (string, bool) {
		return map[string]string{"REPORT_BUCKET": reportBucket, "ARCHIVE_PIECE_RECORDS": "0"}[k], true
	}); err == nil || !strings.Contains(err.Error(), "ARCHIVE_PIECE_RECORDS") {
		t.Errorf("ARCHIVE_PIECE_RECORDS=0: error %v", err)
	}
	for v, want := range map[string]int{"": 8, "1": 1, "64": 64, "0": -1, "65": -1, "x": -1} {
		cfg, err := loadConfig(func(k string) (string, bool) {
			m := map[string]string{"REPORT_BUCKET": reportBucket, "ARCHIVE_WORKERS": v}
			if v == "" {
				delete(m, "ARCHIVE_WORKERS")
			}
			val, ok := m[k]
			return val, ok
		})
		switch {
		case want < 0 && (err == nil || !strings.Contains(err.Error(), "ARCHIVE_WORKERS")):
			t.Errorf("ARCHIVE_WORKERS=%q: error %v, want one naming it", v, err)
		case want > 0 && (err != nil || cfg.Archive.Workers != want):
			t.Errorf("ARCHIVE_WORKERS=%q: %d workers, error %v; want %d", v, cfg.Archive.Workers, err, want)
		}
	}
}

// TestHTMLObject: an HTML page in the bucket gets the report of its
// article; a page with no article gets a no_article error report.
func TestHTMLObject(t *testing.T) {
	e := newEnv(t)
	page := fixture(t, "../../ingest/testdata/ledger.html")
	e.s3.put(t, inputBucket, "incoming/bridge.html", []byte(page))
	e.s3.put(t, inputBucket, "incoming/politics.html", []byte(fixture(t, "../../ingest/testdata/section-index.html")))
	e.invokeBy(t, s3Event(inputBucket, int64(len(page)), "incoming/bridge.html", "incoming/politics.html"), time.Minute)
	rep := reportOf(t, e.s3.get(t, reportBucket, "reports/incoming/bridge.html.slant.json"))
	if rep.Source.Format != "html" || rep.Text == nil || rep.Document == nil || rep.Document.Outlet != "The Riverside Ledger" || strings.Contains(*rep.Text, "cookies") {
		t.Errorf("HTML page's report: source %+v, document %+v", rep.Source, rep.Document)
	}
	for _, f := range rep.Findings {
		if (*rep.Text)[f.Start:f.End] != f.Text {
			t.Errorf("finding %q does not index text", f.Text)
		}
	}
	er := errorReportOf(t, e.s3.get(t, reportBucket, "reports/incoming/politics.html.slant.error.json"))
	if er.Error.Code != codeNoArticle || !strings.Contains(er.Error.Reason, "incoming/politics.html") || !strings.Contains(er.Error.Reason, "no article") {
		t.Errorf("no-article page's error report %+v", er)
	}
}
