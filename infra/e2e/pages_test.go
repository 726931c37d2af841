package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/slantnews/slant/infra/internal/localstack"
	"github.com/slantnews/slant/internal/warctest"
)

// pageReport is the part of a page's report this test checks.
type pageReport struct {
	Source struct {
		Format string `json:"format"`
		Key    string `json:"key"`
	} `json:"source"`
	Document *struct {
		Title  string `json:"title"`
		Record *struct {
			Number    int    `json:"number"`
			TargetURI string `json:"target_uri"`
		} `json:"record"`
	} `json:"document"`
	Text     *string `json:"text"`
	Findings []struct {
		Start, End int
		Text       string
	} `json:"findings"`
}

// uploadPages drops an HTML page and a .warc.gz archive into the input
// bucket and waits for their reports: the page's, and the archive's per
// record (a page, and an error report for a page with no article) and its
// summary. It returns every report key they give.
func uploadPages(t *testing.T, ctx context.Context, tl tools, st localstack.StackState, dir string, watch *reportWatch, client *s3.Client) []string {
	t.Helper()
	page, err := os.ReadFile("../../ingest/testdata/courier-latin1.html")
	if err != nil {
		t.Fatal(err)
	}
	index, err := os.ReadFile("../../ingest/testdata/section-index.html")
	if err != nil {
		t.Fatal(err)
	}
	archive := warctest.Archive(t, true,
		warctest.Info(),
		warctest.Request("https://courier.example/river"),
		warctest.Response("https://courier.example/river", "text/html; charset=iso-8859-1", string(page)),
		warctest.Response("https://courier.example/politics", "text/html", string(index)),
	)
	in, rp := st.InputPrefix, st.ReportPrefix
	uploads := map[string][]byte{in + "pages/river.html": page, in + "pages/crawl.warc.gz": archive}
	for key, data := range uploads {
		p := filepath.Join(dir, "uploads", "pages", filepath.Base(key))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := s3cp(ctx, tl, st, dir, p, key); err != nil {
			t.Fatal(err)
		}
	}
	keys := []string{
		rp + in + "pages/river.html.slant.json",
		rp + in + "pages/crawl.warc.gz/000003.slant.json",
		rp + in + "pages/crawl.warc.gz/000004.slant.error.json",
		rp + in + "pages/crawl.warc.gz.slant.archive.json",
	}
	if missing := watch.waitFor(keys, 60*time.Second); len(missing) > 0 {
		t.Fatalf("no report within 60s for %q", missing)
	}
	for i, key := range keys[:2] {
		body, _, err := get(ctx, client, st.ReportBucket, key)
		if err != nil {
			t.Fatal(err)
		}
		var r pageReport
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		wantFormat := []string{"html", "warc"}[i]
		if r.Source.Format != wantFormat || r.Text == nil || r.Document == nil || r.Document.Title == "" || len(r.Findings) == 0 ||
			strings.Contains(*r.Text, "<") || strings.Contains(*r.Text, "luxury cruise") {
			t.Errorf("%s: format %q, document %+v, %d findings; want the article of an %s page", key, r.Source.Format, r.Document, len(r.Findings), wantFormat)
			continue
		}
		if i == 1 && (r.Document.Record == nil || r.Document.Record.Number != 3 || r.Document.Record.TargetURI != "https://courier.example/river") {
			t.Errorf("%s: record %+v", key, r.Document.Record)
		}
		for _, f := range r.Findings {
			if (*r.Text)[f.Start:f.End] != f.Text {
				t.Errorf("%s: finding %q does not index text", key, f.Text)
			}
		}
	}
	body, _, err := get(ctx, client, st.ReportBucket, keys[2])
	if err != nil || !bytes.Contains(body, []byte(`"no_article"`)) {
		t.Errorf("%s: %v\n%s", keys[2], err, body)
	}
	return keys
}
