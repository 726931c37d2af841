package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slantnews/slant/internal/warctest"
)

// bigCrawl is an archive of n pages: ledger, courier, northgate, a page with
// no article and ledger again, in turn; with one set, n ledger pages.
func bigCrawl(t *testing.T, n int, one bool) []byte {
	pages := []string{
		fixture(t, "../../ingest/testdata/ledger.html"),
		fixture(t, "../../ingest/testdata/courier-latin1.html"),
		fixture(t, "../../internal/docreport/testdata/northgate.html"),
		fixture(t, "../../ingest/testdata/section-index.html"),
		fixture(t, "../../ingest/testdata/ledger.html"),
	}
	if one {
		pages = pages[:1]
	}
	var recs []warctest.Record
	for i := range n {
		recs = append(recs, warctest.Response(fmt.Sprintf("https://ledger.example/%d", i), "text/html", pages[i%len(pages)]))
	}
	return warctest.Archive(t, true, recs...)
}

// putProbe holds each PUT of a record's report for a while and records the
// most held at once: the records in flight.
type putProbe struct {
	mu   sync.Mutex
	held int
	peak int
}

func (p *putProbe) fault(r *http.Request) (int, string, bool) {
	if r.Method != http.MethodPut || !strings.Contains(r.URL.Path, ".slant.") || strings.HasSuffix(r.URL.Path, ".slant.archive.json") {
		return 0, "", false
	}
	p.mu.Lock()
	p.held++
	p.peak = max(p.peak, p.held)
	p.mu.Unlock()
	time.Sleep(100 * time.Millisecond)
	p.mu.Lock()
	p.held--
	p.mu.Unlock()
	return 0, "", false
}

// The records of an archive are written several at once, as many as
// ARCHIVE_WORKERS and MAX_OBJECT_BYTES of input allow and no more, and the
// reports are the bytes that one record at a time writes.
func TestArchiveFlight(t *testing.T) {
	page := int64(len(fixture(t, "../../ingest/testdata/ledger.html")))
	for _, tc := range []struct {
		name     string
		one      bool // every page the same
		workers  int
		maxBytes int64 // 0: the default
		peak     int
	}{
		{"workers", false, 3, 0, 3},
		{"bytes", true, 8, 2*page + page/2, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			archive := bigCrawl(t, 30, tc.one)
			serial := newEnv(t, func(c *Config) { c.Archive.Workers = 1 })
			serial.runArchive(t, archive, time.Minute)
			want := serial.reports(t)
			if len(want) != 31 {
				t.Fatalf("serial run wrote %d objects, want 31", len(want))
			}
			e := newEnv(t, func(c *Config) {
				c.Archive.Workers = tc.workers
				if tc.maxBytes > 0 {
					c.MaxObjectBytes = tc.maxBytes
				}
			})
			probe := &putProbe{}
			e.s3.setFault(probe.fault)
			e.runArchive(t, archive, time.Minute)
			if probe.peak != tc.peak {
				t.Errorf("%d reports written at once at most, want %d", probe.peak, tc.peak)
			}
			got := e.reports(t)
			if !slices.Equal(keysOf(got), keysOf(want)) {
				t.Fatalf("wrote\n%v\nwant\n%v", keysOf(got), keysOf(want))
			}
			for k, w := range want {
				if !bytes.Equal(got[k], w) {
					t.Errorf("%s differs from the serial run's", k)
				}
			}
		})
	}
}

// panicStore panics on the PUT of one key.
type panicStore struct {
	s3Store
	key string
}

func (p panicStore) Put(ctx context.Context, bucket, key, contentType string, body []byte) error {
	if key == p.key {
		panic("injected: " + key)
	}
	return p.s3Store.Put(ctx, bucket, key, contentType, body)
}

// A record that panics panics the handler's goroutine, after the records in
// flight land, as it did when the records ran there: the Lambda runtime
// recovers it there and fails the invocation.
func TestArchiveFlightPanic(t *testing.T) {
	archive := bigCrawl(t, 30, false)
	e := newEnv(t)
	bad := recordKey("reports/", archiveKey, 12, ".slant.json")
	e.h.store = panicStore{s3Store{e.s3.client}, bad}
	e.s3.put(t, inputBucket, archiveKey, archive)
	var ev Event
	if err := json.Unmarshal(s3Event(inputBucket, int64(len(archive)), archiveKey), &ev); err != nil {
		t.Fatal(err)
	}
	got := func() (p any) {
		defer func() { p = recover() }()
		e.h.Handle(context.Background(), ev)
		return nil
	}()
	if got != "injected: "+bad {
		t.Errorf("Handle panicked with %v, want the record's panic", got)
	}
	for _, k := range e.s3.keys(t, reportBucket) {
		if strings.HasSuffix(k, ".slant.archive.json") {
			t.Errorf("a piece that panicked wrote its summary %s", k)
		}
	}
}

// A report that cannot be written fails the piece (the event is retried)
// after the records in flight land, and writes no summary; the retry
// writes every report.
func TestArchiveFlightWriteFails(t *testing.T) {
	archive := bigCrawl(t, 30, false)
	e := newEnv(t)
	bad := recordKey("reports/", archiveKey, 12, ".slant.json")
	e.s3.setFault(func(r *http.Request) (int, string, bool) {
		return 503, "ServiceUnavailable", r.Method == http.MethodPut && strings.HasSuffix(r.URL.Path, bad)
	})
	e.s3.put(t, inputBucket, archiveKey, archive)
	if _, err := e.invoke(t, s3Event(inputBucket, int64(len(archive)), archiveKey)); err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("Invoke with %s failing: error %v, want the 503 (retry)", bad, err)
	}
	for _, k := range e.s3.keys(t, reportBucket) {
		if strings.HasSuffix(k, ".slant.archive.json") || k == bad {
			t.Errorf("a failed piece wrote %s", k)
		}
	}
	e.s3.setFault(nil)
	if _, err := e.invoke(t, s3Event(inputBucket, int64(len(archive)), archiveKey)); err != nil {
		t.Fatalf("retry: %v", err)
	}
	if got := len(e.reports(t)); got != 31 {
		t.Errorf("the retry left %d objects, want 31", got)
	}
}

// wikinewsPages is the 190 Wikinews articles of ../shared/corpus (CC BY
// 2.5, read in place) as a JSON Lines export of HTML pages, each article in
// a page with navigation, a byline and a footer; nil where the corpus is
// absent.
func wikinewsPages(b testing.TB) []byte {
	f, err := os.Open("../../../shared/corpus/wikinews-en.jsonl")
	if err != nil {
		return nil
	}
	defer f.Close()
	var out bytes.Buffer
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 4<<20)
	for sc.Scan() {
		var a struct{ ID, URL, Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			b.Fatal(err)
		}
		var page strings.Builder
		page.WriteString("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + html.EscapeString(a.Title) + "</title></head><body>")
		page.WriteString("<nav><a href=\"/\">Front page</a> <a href=\"/world\">World</a></nav><main><article><h1>" + html.EscapeString(a.Title) + "</h1><p class=\"byline\">Staff</p>")
		for _, para := range strings.Split(a.Text, "\n") {
			if para != "" {
				page.WriteString("<p>" + html.EscapeString(para) + "</p>")
			}
		}
		page.WriteString("</article></main><footer>Wikinews, CC BY 2.5</footer></body></html>")
		line, _ := json.Marshal(map[string]string{"id": a.ID, "url": a.URL, "html": page.String()})
		out.Write(append(line, '\n'))
	}
	return out.Bytes()
}

// BenchmarkArchive is one invocation on the 190 Wikinews pages as a JSON
// Lines archive in the test S3 server (gofakes3 over HTTP), writing a JSON
// report per page: one record at a time, and ARCHIVE_WORKERS at once; with
// latency, each report PUT first waits that long, as a stand-in for S3's.
func BenchmarkArchive(b *testing.B) {
	archive := wikinewsPages(b)
	if archive == nil {
		b.Skip("no corpus at ../shared/corpus")
	}
	const key = "incoming/wikinews.jsonl"
	for _, latency := range []time.Duration{0, 20 * time.Millisecond} {
		for _, workers := range []int{1, 8} {
			b.Run(fmt.Sprintf("latency=%v/workers=%d", latency, workers), func(b *testing.B) {
				e := newEnv(b, func(c *Config) { c.Archive.Workers = workers })
				if latency > 0 {
					e.s3.setFault(func(r *http.Request) (int, string, bool) {
						if r.Method == http.MethodPut && strings.Contains(r.URL.Path, ".slant.") {
							time.Sleep(latency)
						}
						return 0, "", false
					})
				}
				if err := (s3Store{e.s3.client}).Put(context.Background(), inputBucket, key, "application/jsonl", archive); err != nil {
					b.Fatal(err)
				}
				ev := s3Event(inputBucket, int64(len(archive)), key)
				b.SetBytes(int64(len(archive)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := e.invoke(b, ev); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N)*1000/190, "ms/page")
			})
		}
	}
}
