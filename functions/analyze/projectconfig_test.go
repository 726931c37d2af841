package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
)

// TestColdStartConfigURI: CONFIG_URI's .slant.yaml applies to every report
// (banned terms with their reason, accepted terms suppressed, the hash
// recorded), and a bad one fails the cold start with its line.
func TestColdStartConfigURI(t *testing.T) {
	f := newFakeS3(t, inputBucket, reportBucket, "cfg")
	f.put(t, "cfg", "house/.slant.yaml", []byte("accept: [terror attack]\nban:\n  - term: flop show\n    reason: slang verdict\n"))
	f.put(t, "cfg", "bad/.slant.yaml", []byte("accept: [x]\nbann: []\n"))
	env := awsEnv(f)
	env["REPORT_BUCKET"] = reportBucket
	for k, v := range env {
		t.Setenv(k, v)
	}
	log := slog.New(slog.NewJSONHandler(io.Discard, nil))
	t.Setenv("CONFIG_URI", "s3://cfg/house/.slant.yaml")
	h, err := coldStart(context.Background(), os.LookupEnv, log)
	if err != nil {
		t.Fatalf("coldStart: %v", err)
	}
	rep := h.analyzeText("in/a.md", []byte("It was a terror attack. The bid was a flop show.\n<!-- slant-ignore-next -->\nCritics mocked it.\n"))
	var banned bool
	for _, fd := range rep.Findings {
		banned = banned || fd.Category == "banned" && fd.Reason == "slang verdict"
		if fd.Text == "terror" || fd.Text == "mocked" {
			t.Errorf("suppressed finding reported: %+v", fd)
		}
	}
	if !banned || rep.Config == nil || rep.Config.Path != "s3://cfg/house/.slant.yaml" || rep.Stats.Suppressed != 2 {
		t.Errorf("report: banned %v, config %+v, suppressed %+v", banned, rep.Config, rep.Suppressed)
	}
	t.Setenv("CONFIG_URI", "s3://cfg/bad/.slant.yaml")
	if _, err := coldStart(context.Background(), os.LookupEnv, log); err == nil || !strings.Contains(err.Error(), `s3://cfg/bad/.slant.yaml:2: unknown key "bann"`) {
		t.Errorf("coldStart(bad CONFIG_URI) = %v, want the object and line", err)
	}
	t.Setenv("CONFIG_URI", "s3://cfg/house/")
	if _, err := coldStart(context.Background(), os.LookupEnv, log); err == nil || !strings.Contains(err.Error(), "want s3://bucket/key of one object") {
		t.Errorf("coldStart(CONFIG_URI prefix) = %v", err)
	}
}
