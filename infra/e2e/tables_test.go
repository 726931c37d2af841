package e2e

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/slantnews/slant/analyzer"
)

const (
	tablesPerOutlet = 200 // articles per outlet: 5 × 200 = 1,000
	tablesJSONL     = 80  // of them, records of the outlet's JSON Lines export; the rest HTML pages
	tablesPrefix    = "tables/"
)

// TestTablesFromBucket is the bucket path of docs/tables.md end to end:
// 1,000 articles of five outlets dropped into MinIO (600 HTML pages and five
// JSON Lines exports of 80 records, each saying its outlet and date) give
// one documents and one findings file per article under
// <REPORT_PREFIX>tables/, partitioned outlet=…/date=…; `aws s3 sync` of that
// prefix and `slant query` over the copy answer the named questions with the
// numbers the JSON reports in the bucket give.
func TestTablesFromBucket(t *testing.T) {
	tl := findTools(t)
	slant := findSlant(t)
	start := time.Now()
	dir := t.TempDir()
	sp := runStack(t, tl, dir, "-tables-prefix", tablesPrefix, "-concurrency", "4", "-timeout", "60s")
	st := sp.st
	if st.TablesPrefix != tablesPrefix {
		t.Fatalf("stack.json tables_prefix = %q, want %q", st.TablesPrefix, tablesPrefix)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	client := s3.New(s3.Options{
		Region:       st.Region,
		Credentials:  credentials.NewStaticCredentialsProvider(st.AccessKey, st.SecretKey, ""),
		BaseEndpoint: aws.String(st.S3Endpoint),
		UsePathStyle: true,
		DisableLogOutputChecksumValidationSkipped: true,
	})
	stackUp := time.Since(start)

	// The corpus, on disk as the aws CLI will upload it.
	arts := generateNews(tablesPerOutlet)
	src := filepath.Join(dir, "corpus")
	in := st.InputPrefix + "tables/"
	exports := map[int]*bytes.Buffer{}
	byDocID := map[string]*newsArticle{}
	for i := range arts {
		a := &arts[i]
		o := newsOutlets[a.outlet]
		if a.n >= tablesPerOutlet-tablesJSONL {
			e := exports[a.outlet]
			if e == nil {
				e = &bytes.Buffer{}
				exports[a.outlet] = e
			}
			e.Write(a.record())
			a.jsonl, a.line = true, a.n-(tablesPerOutlet-tablesJSONL)+1
			a.key = in + o.key + "/export.jsonl"
			a.wantDocID = fmt.Sprintf("s3://%s/%s#%d", st.InputBucket, a.key, a.line)
			a.wantReportKeyIn = fmt.Sprintf("%s/%06d.slant.json", a.key, a.line)
		} else {
			a.key = in + fmt.Sprintf("%s/story-%03d.html", o.key, a.n)
			writeFile(t, filepath.Join(src, o.key, fmt.Sprintf("story-%03d.html", a.n)), a.page())
			a.wantDocID = "s3://" + st.InputBucket + "/" + a.key
			a.wantReportKeyIn = a.key + ".slant.json"
		}
		byDocID[a.wantDocID] = a
	}
	for oi, e := range exports {
		writeFile(t, filepath.Join(src, newsOutlets[oi].key, "export.jsonl"), e.Bytes())
	}
	if len(byDocID) != len(newsOutlets)*tablesPerOutlet {
		t.Fatalf("%d distinct documents generated, want %d", len(byDocID), len(newsOutlets)*tablesPerOutlet)
	}

	// Drop them in: one aws CLI process, `s3 cp --recursive`.
	upStart := time.Now()
	cp := exec.CommandContext(ctx, "nice", "-n", "10", tl.aws, "--endpoint-url", st.S3Endpoint, "s3", "cp", "--recursive", "--only-show-errors",
		src, "s3://"+st.InputBucket+"/"+in)
	cp.Env = st.AWSEnv(dir)
	if out, err := cp.CombinedOutput(); err != nil {
		t.Fatalf("aws s3 cp --recursive: %v\n%s", err, out)
	}
	upload := time.Since(upStart)

	// Wait until every report and every table file is there.
	rp := st.ReportPrefix
	tablesKey := regexp.MustCompile(`^` + regexp.QuoteMeta(rp+tablesPrefix) + `(documents|findings)/outlet=([^/]+)/date=([^/]+)/doc-[0-9a-f]{16}\.parquet$`)
	wantTableFiles := 2 * len(arts)
	var keys []string
	waitStart := time.Now()
	last, lastChange := -1, time.Now()
	for deadline := time.Now().Add(120 * time.Second); ; {
		keys = listKeys(t, ctx, client, st.ReportBucket, rp)
		n := 0
		for _, k := range keys {
			if strings.HasPrefix(k, rp+tablesPrefix) {
				n++
			}
		}
		if n >= wantTableFiles && len(keys) >= wantTableFiles+len(arts)+len(exports) {
			break
		}
		if len(keys) != last {
			last, lastChange = len(keys), time.Now()
		}
		if time.Now().After(deadline) || time.Since(lastChange) > 20*time.Second {
			t.Fatalf("after %.0fs (nothing new for %.0fs) the reports bucket holds %d table files of %d and %d objects in all, want %d",
				time.Since(waitStart).Seconds(), time.Since(lastChange).Seconds(), n, wantTableFiles, len(keys), wantTableFiles+len(arts)+len(exports))
		}
		time.Sleep(250 * time.Millisecond)
	}
	processed := time.Since(waitStart)

	// The bucket: a report per article, a summary per export, two table
	// files per article in its outlet's and date's partition, nothing else.
	wantKeys := map[string]bool{}
	for _, a := range arts {
		wantKeys[rp+a.wantReportKeyIn] = true
	}
	for oi := range exports {
		wantKeys[rp+in+newsOutlets[oi].key+"/export.jsonl.slant.archive.json"] = true
	}
	wantParts := map[string]int{} // "outlet=…/date=…" → documents
	for _, a := range arts {
		wantParts["outlet="+newsOutlets[a.outlet].key+"/date="+a.date]++
	}
	gotParts := map[string]map[string]int{"documents": {}, "findings": {}}
	var reportKeys []string
	for _, k := range keys {
		if m := tablesKey.FindStringSubmatch(k); m != nil {
			gotParts[m[1]]["outlet="+m[2]+"/date="+m[3]]++
			continue
		}
		if !wantKeys[k] {
			t.Errorf("unexpected object in the reports bucket: %s", k)
			continue
		}
		delete(wantKeys, k)
		if strings.HasSuffix(k, ".slant.json") {
			reportKeys = append(reportKeys, k)
		}
	}
	for k := range wantKeys {
		t.Errorf("missing from the reports bucket: %s", k)
	}
	for table, got := range gotParts {
		if !maps.Equal(got, wantParts) {
			t.Errorf("%s files per partition = %v, want %v", table, got, wantParts)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	// What the reports say: the numbers slant query must give.
	reps := getReports(t, ctx, client, st.ReportBucket, reportKeys)
	want := expectFromReports(t, reps, byDocID)

	// The user's path: sync the tables prefix, then slant query the copy.
	copyDir := filepath.Join(dir, "tables-copy")
	syncStart := time.Now()
	syncCmd := exec.CommandContext(ctx, tl.aws, "--endpoint-url", st.S3Endpoint, "s3", "sync", "--only-show-errors",
		"s3://"+st.ReportBucket+"/"+rp+tablesPrefix, copyDir)
	syncCmd.Env = st.AWSEnv(dir)
	if out, err := syncCmd.CombinedOutput(); err != nil {
		t.Fatalf("aws s3 sync: %v\n%s", err, out)
	}
	synced := time.Since(syncStart)
	checkCopy(t, copyDir, wantParts)

	var queryTimes []string
	ask := func(dst any, args ...string) {
		t.Helper()
		qs := time.Now()
		cmd := exec.CommandContext(ctx, slant, append([]string{"query", "--format", "json", copyDir}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		queryTimes = append(queryTimes, fmt.Sprintf("%s %.2fs", strings.Fields(args[0])[0], time.Since(qs).Seconds()))
		if err != nil {
			t.Fatalf("slant query %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		if err := json.Unmarshal(out, dst); err != nil {
			t.Fatalf("slant query %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}

	// One document per article, with the page's outlet and date.
	var docs []struct {
		DocID      string `json:"doc_id"`
		Outlet     string `json:"outlet"`
		Date       string `json:"date"`
		OutletName string `json:"outlet_name"`
		Title      string `json:"title"`
		Findings   int    `json:"findings"`
	}
	ask(&docs, `SELECT doc_id, outlet, "date", outlet_name, title, findings FROM documents ORDER BY doc_id`)
	if len(docs) != len(arts) {
		t.Errorf("documents has %d rows, want %d", len(docs), len(arts))
	}
	seen := map[string]bool{}
	for _, d := range docs {
		a := byDocID[d.DocID]
		switch {
		case a == nil:
			t.Errorf("documents row %q names no uploaded article", d.DocID)
		case seen[d.DocID]:
			t.Errorf("document %q has two rows", d.DocID)
		case d.Outlet != newsOutlets[a.outlet].key || d.Date != a.date || d.OutletName != newsOutlets[a.outlet].name || d.Title != a.title:
			t.Errorf("document %q: outlet %q, date %q, outlet_name %q, title %q; want %q, %q, %q, %q",
				d.DocID, d.Outlet, d.Date, d.OutletName, d.Title, newsOutlets[a.outlet].key, a.date, newsOutlets[a.outlet].name, a.title)
		case d.Findings != want.docFindings[d.DocID]:
			t.Errorf("document %q: %d findings, its report has %d", d.DocID, d.Findings, want.docFindings[d.DocID])
		}
		seen[d.DocID] = true
	}

	// --outlets: 200 documents each, and the report's numbers.
	var outlets []struct {
		Outlet        string  `json:"outlet"`
		OutletName    string  `json:"outlet_name"`
		Documents     int     `json:"documents"`
		LoadedShare   float64 `json:"loaded_share"`
		MeanIntensity float64 `json:"mean_intensity"`
		Per1000       float64 `json:"findings_per_1000_words"`
	}
	ask(&outlets, "--outlets")
	if len(outlets) != len(newsOutlets) {
		t.Errorf("--outlets: %d rows, want %d", len(outlets), len(newsOutlets))
	}
	for _, o := range outlets {
		w, ok := want.outlets[o.Outlet]
		switch {
		case !ok:
			t.Errorf("--outlets: outlet %q was not uploaded", o.Outlet)
		case o.Documents != tablesPerOutlet || o.Documents != w.documents || o.OutletName != w.name:
			t.Errorf("--outlets %s: %d documents named %q, want %d named %q", o.Outlet, o.Documents, o.OutletName, tablesPerOutlet, w.name)
		case !near(o.MeanIntensity, w.meanIntensity, 3) || !near(o.LoadedShare, w.loadedShare, 3) || !near(o.Per1000, w.per1000, 2):
			t.Errorf("--outlets %s: mean intensity %v, loaded share %v, findings per 1,000 words %v; the reports give %.4f, %.4f, %.4f",
				o.Outlet, o.MeanIntensity, o.LoadedShare, o.Per1000, w.meanIntensity, w.loadedShare, w.per1000)
		}
	}

	// Findings per outlet: the sum over that outlet's reports.
	var perOutlet []struct {
		Outlet   string `json:"outlet"`
		Findings int    `json:"findings"`
	}
	ask(&perOutlet, `SELECT outlet, count(*) AS findings FROM findings GROUP BY outlet ORDER BY outlet`)
	if len(perOutlet) != len(newsOutlets) {
		t.Errorf("findings: %d outlets, want %d", len(perOutlet), len(newsOutlets))
	}
	for _, o := range perOutlet {
		if w := want.outlets[o.Outlet]; o.Findings != w.findings || w.findings == 0 {
			t.Errorf("findings of %s: %d rows, its reports hold %d findings", o.Outlet, o.Findings, w.findings)
		}
	}

	// --over-time: the dates uploaded, per outlet, with their counts.
	var overTime []overTimeRow
	ask(&overTime, "--over-time")
	gotDays := map[string]dayCount{}
	for _, r := range overTime {
		gotDays["outlet="+r.Outlet+"/date="+r.Date] = dayCount{r.Documents, r.Findings}
	}
	if !maps.Equal(gotDays, want.days) {
		t.Errorf("--over-time = %v, want %v", gotDays, want.days)
	}
	if !slices.IsSortedFunc(overTime, func(a, b overTimeRow) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Outlet, b.Outlet))
	}) {
		t.Error("--over-time rows are not in date, outlet order")
	}

	// --terms: each outlet's ten most used terms, with uses and documents.
	var terms []termRow
	ask(&terms, "--terms")
	if !slices.Equal(terms, want.terms) {
		t.Errorf("--terms =\n%v\nwant (from the reports)\n%v", terms, want.terms)
	}

	// --actors: per outlet, the actors the findings are aimed at.
	var actors []actorRow
	ask(&actors, "--actors")
	if !slices.Equal(actors, want.actors) {
		t.Errorf("--actors =\n%v\nwant (from the reports)\n%v", actors, want.actors)
	}
	for _, o := range newsOutlets {
		if !slices.ContainsFunc(actors, func(r actorRow) bool { return r.Outlet == o.key }) {
			t.Errorf("--actors: no actor for %s", o.key)
		}
	}

	var findings []string
	for _, o := range newsOutlets {
		findings = append(findings, fmt.Sprintf("%s %d", o.key, want.outlets[o.key].findings))
	}
	t.Logf("the reports hold %s findings; %d --terms rows, %d --actors rows, %d --over-time rows", strings.Join(findings, ", "), len(terms), len(actors), len(overTime))
	t.Logf("tables e2e: stack up %.1fs; %d articles (%d HTML pages, %d JSONL exports) uploaded in %.1fs; "+
		"reports and %d table files complete %.1fs later; aws s3 sync %.1fs; slant query: %s; total %.1fs",
		stackUp.Seconds(), len(arts), len(arts)-len(exports)*tablesJSONL, len(exports), upload.Seconds(), wantTableFiles,
		processed.Seconds(), synced.Seconds(), strings.Join(queryTimes, ", "), time.Since(start).Seconds())
}

// findSlant locates bin/slant (the CLI with DuckDB), or skips (fails when
// SLANT_E2E_REQUIRED=1).
func findSlant(t *testing.T) string {
	t.Helper()
	binDir := os.Getenv("SLANT_BIN")
	if binDir == "" {
		wd, _ := os.Getwd()
		binDir = filepath.Join(wd, "..", "..", "bin")
	}
	p := filepath.Join(binDir, "slant")
	if _, err := os.Stat(p); err != nil {
		msg := fmt.Sprintf("the tables e2e needs %s; run `make test-e2e` (builds it) or `make build`", p)
		if os.Getenv("SLANT_E2E_REQUIRED") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return p
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// listKeys lists bucket under prefix.
func listKeys(t *testing.T, ctx context.Context, client *s3.Client, bucket, prefix string) []string {
	t.Helper()
	var keys []string
	p := s3.NewListObjectsV2Paginator(client, &s3.ListObjectsV2Input{Bucket: &bucket, Prefix: &prefix})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("list s3://%s/%s: %v", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
	}
	return keys
}

// getReports reads the reports, eight at a time.
func getReports(t *testing.T, ctx context.Context, client *s3.Client, bucket string, keys []string) []*analyzer.Report {
	t.Helper()
	reps := make([]*analyzer.Report, len(keys))
	errs := make([]error, len(keys))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, k := range keys {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			body, _, err := get(ctx, client, bucket, k)
			if err == nil {
				reps[i] = &analyzer.Report{}
				err = json.Unmarshal(body, reps[i])
			}
			if err != nil {
				errs[i] = fmt.Errorf("%s: %w", k, err)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return reps
}

type dayCount struct{ Documents, Findings int }

type overTimeRow struct {
	Date      string `json:"date"`
	Outlet    string `json:"outlet"`
	Documents int    `json:"documents"`
	Findings  int    `json:"findings"`
}

type termRow struct {
	Outlet    string `json:"outlet"`
	Rank      int    `json:"rank"`
	Term      string `json:"term"`
	Category  string `json:"category"`
	Uses      int    `json:"uses"`
	Documents int    `json:"documents"`
}

type actorRow struct {
	Outlet    string `json:"outlet"`
	Actor     string `json:"actor"`
	Findings  int    `json:"findings"`
	Documents int    `json:"documents"`
}

type outletWant struct {
	name                                string
	documents, findings                 int
	meanIntensity, loadedShare, per1000 float64
}

// expected is what slant query must answer, computed from the reports.
type expected struct {
	docFindings map[string]int // doc_id → findings
	outlets     map[string]outletWant
	days        map[string]dayCount // "outlet=…/date=…"
	terms       []termRow
	actors      []actorRow
}

// expectFromReports computes the named questions' answers from the JSON
// reports, the way docs/tables.md defines them, and checks that each report
// carries its article's outlet and date.
func expectFromReports(t *testing.T, reps []*analyzer.Report, byDocID map[string]*newsArticle) expected {
	t.Helper()
	e := expected{docFindings: map[string]int{}, outlets: map[string]outletWant{}, days: map[string]dayCount{}}
	type key struct{ outlet, a, b string }
	uses, termDocs := map[key]int{}, map[key]map[string]bool{}
	actorUses, actorDocs := map[key]int{}, map[key]map[string]bool{}
	words, intensity, loaded := map[string]int{}, map[string]float64{}, map[string]int{}
	for _, r := range reps {
		id := "s3://" + r.Source.Bucket + "/" + r.Source.Key
		if r.Document != nil && r.Document.Record != nil {
			id += fmt.Sprintf("#%d", r.Document.Record.Number)
		}
		a := byDocID[id]
		if a == nil {
			t.Fatalf("report of %s names no uploaded article", id)
		}
		o := newsOutlets[a.outlet]
		if r.Document == nil || r.Document.Outlet != o.name || !strings.HasPrefix(r.Document.Published, a.date) || r.Document.Title != a.title {
			t.Errorf("report of %s: document %+v; want outlet %q, published on %s, title %q", id, r.Document, o.name, a.date, a.title)
		}
		e.docFindings[id] = len(r.Findings)
		w := e.outlets[o.key]
		w.name = o.name
		w.documents++
		w.findings += len(r.Findings)
		e.outlets[o.key] = w
		words[o.key] += r.Stats.Words
		intensity[o.key] += r.Score.Intensity
		if r.Label == analyzer.LabelLoaded {
			loaded[o.key]++
		}
		d := e.days["outlet="+o.key+"/date="+a.date]
		d.Documents++
		d.Findings += len(r.Findings)
		e.days["outlet="+o.key+"/date="+a.date] = d
		for _, f := range r.Findings {
			k := key{o.key, f.Term, f.Category}
			uses[k]++
			if termDocs[k] == nil {
				termDocs[k] = map[string]bool{}
			}
			termDocs[k][id] = true
			if f.Actor != "" {
				k := key{o.key, f.Actor, ""}
				actorUses[k]++
				if actorDocs[k] == nil {
					actorDocs[k] = map[string]bool{}
				}
				actorDocs[k][id] = true
			}
		}
	}
	for k, w := range e.outlets {
		w.meanIntensity = intensity[k] / float64(w.documents)
		w.loadedShare = float64(loaded[k]) / float64(w.documents)
		w.per1000 = float64(w.findings) * 1000 / float64(words[k])
		e.outlets[k] = w
	}
	for k, n := range uses {
		e.terms = append(e.terms, termRow{Outlet: k.outlet, Term: k.a, Category: k.b, Uses: n, Documents: len(termDocs[k])})
	}
	slices.SortFunc(e.terms, func(x, y termRow) int {
		return cmp.Or(cmp.Compare(x.Outlet, y.Outlet), cmp.Compare(y.Uses, x.Uses), cmp.Compare(x.Term, y.Term), cmp.Compare(x.Category, y.Category))
	})
	var top []termRow
	rank := 0
	for i, r := range e.terms {
		if i == 0 || r.Outlet != e.terms[i-1].Outlet {
			rank = 0
		}
		if rank++; rank <= 10 {
			r.Rank = rank
			top = append(top, r)
		}
	}
	e.terms = top
	for k, n := range actorUses {
		e.actors = append(e.actors, actorRow{Outlet: k.outlet, Actor: k.a, Findings: n, Documents: len(actorDocs[k])})
	}
	slices.SortFunc(e.actors, func(x, y actorRow) int {
		return cmp.Or(cmp.Compare(x.Outlet, y.Outlet), cmp.Compare(y.Findings, x.Findings), cmp.Compare(x.Actor, y.Actor))
	})
	return e
}

// checkCopy checks the synced copy's layout: both tables, the same
// partitions as uploaded (five outlets, no __unknown__), one file per
// document.
func checkCopy(t *testing.T, dir string, wantParts map[string]int) {
	t.Helper()
	for _, table := range []string{"documents", "findings"} {
		got := map[string]int{}
		root := filepath.Join(dir, table)
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, filepath.Dir(p))
			got[filepath.ToSlash(rel)]++
			return nil
		})
		if err != nil {
			t.Fatalf("synced copy: %v", err)
		}
		if !maps.Equal(got, wantParts) {
			t.Errorf("synced %s: files per partition %v, want %v", table, got, wantParts)
		}
		for p := range got {
			if strings.Contains(p, "__unknown__") {
				t.Errorf("synced %s: partition %s", table, p)
			}
		}
	}
}

func near(got, want float64, places int) bool {
	return math.Abs(got-want) <= 0.5*math.Pow(10, -float64(places))+1e-9
}
