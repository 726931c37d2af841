package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// TestHTMLReport: with REPORT_FORMATS=json,html the function writes
// <key>.slant.html beside the JSON, as text/html, one <mark> per finding.
func TestHTMLReport(t *testing.T) {
	cfg, err := loadConfig(func(k string) (string, bool) {
		return map[string]string{"REPORT_BUCKET": reportBucket, "REPORT_FORMATS": "json, html"}[k], true
	})
	if err != nil || !slices.Equal(cfg.Formats, []string{"json", "html"}) {
		t.Fatalf("REPORT_FORMATS=json, html: formats %v, error %v", cfg.Formats, err)
	}
	e := newEnv(t, func(c *Config) { c.Formats = cfg.Formats })
	input := "<script>alert(1)</script> " + article
	e.s3.put(t, inputBucket, "news/day one.txt", []byte(input))
	out, err := e.invoke(t, s3Event(inputBucket, int64(len(input)), "news/day+one.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"reports":["reports/news/day one.txt.slant.json","reports/news/day one.txt.slant.html"],"error_reports":[],"skipped":[]}`
	if string(out) != want {
		t.Errorf("Invoke = %s, want %s", out, want)
	}
	rep := reportOf(t, e.s3.get(t, reportBucket, "reports/news/day one.txt.slant.json"))
	page := string(e.s3.get(t, reportBucket, "reports/news/day one.txt.slant.html"))
	if !strings.HasPrefix(page, "<!DOCTYPE html>") || strings.Count(page, "<mark ") != len(rep.Findings) || len(rep.Findings) == 0 {
		t.Errorf("HTML report: %d marks, %d findings:\n%.300s", strings.Count(page, "<mark "), len(rep.Findings), page)
	}
	if strings.Contains(page, "<script>") || !strings.Contains(page, "&lt;script&gt;") {
		t.Error("HTML report does not escape the input")
	}
	if !strings.Contains(page, "news/day one.txt") {
		t.Error("HTML report does not name its source")
	}
	head, err := e.s3.client.HeadObject(context.Background(), &s3.HeadObjectInput{Bucket: aws.String(reportBucket), Key: aws.String("reports/news/day one.txt.slant.html")})
	if err != nil {
		t.Fatal(err)
	}
	if ct := aws.ToString(head.ContentType); ct != "text/html; charset=utf-8" {
		t.Errorf("HTML report content type %q", ct)
	}
}

// TestColdStartActors: the function's reports name who is framed, as the
// CLI's do.
func TestColdStartActors(t *testing.T) {
	f := newFakeS3(t, inputBucket, reportBucket)
	for k, v := range awsEnv(f) {
		t.Setenv(k, v)
	}
	t.Setenv("REPORT_BUCKET", reportBucket)
	h, err := coldStart(context.Background(), os.LookupEnv, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("coldStart: %v", err)
	}
	rep := h.an.Analyze("x", []byte("Islamabad’s narrative fell flat in New Delhi."))
	if len(rep.Actors) == 0 || rep.Actors[0].Name != "Pakistan" {
		t.Errorf("actors %+v, want Pakistan first", rep.Actors)
	}
}
