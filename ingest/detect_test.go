package ingest

import (
	"bytes"
	"compress/gzip"
	"testing"
)

func TestDetect(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("WARC/1.1\r\nWARC-Type: warcinfo\r\n"))
	zw.Close()
	var gzText bytes.Buffer
	zw = gzip.NewWriter(&gzText)
	zw.Write([]byte("just text"))
	zw.Close()

	for _, tc := range []struct {
		name, file, ct, head string
		want                 Format
	}{
		{"prose", "", "", "The mayor said on Monday that the so-called plan was dead.", FormatText},
		{"prose named .txt", "a.txt", "", "<b>bold</b> claims", FormatText},
		{"doctype", "a.txt", "", "\xef\xbb\xbf\n  <!DOCTYPE html><html>", FormatHTML},
		{"html tag", "", "text/plain", "<html lang=en>", FormatHTML},
		{"fragment by sniffing", "", "", "<p>Hello</p>", FormatHTML},
		{"html by extension", "page.HTM", "", "Hello", FormatHTML},
		{"html by content type", "", "text/html; charset=utf-8", "Hello", FormatHTML},
		{"warc", "x.bin", "", "WARC/1.1\r\nWARC-Type: response\r\n", FormatWARC},
		{"warc.gz", "", "", gz.String(), FormatWARC},
		{"gzip of text by name", "crawl.warc.gz", "", gzText.String(), FormatWARC},
		{"warc content type", "", "application/warc", "", FormatWARC},
		{"jsonl", "", "", `{"id": 1, "text": "A line."}` + "\n" + `{"id": 2}`, FormatJSONL},
		{"jsonl cut short", "", "", `{"id": 1, "html": "<p>a very long`, FormatJSONL},
		{"json without text", "", "", `{"id": 1, "body": "x"}`, FormatText},
		{"jsonl by extension", "export.ndjson", "", "", FormatJSONL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Detect(tc.file, tc.ct, []byte(tc.head)); got != tc.want {
				t.Errorf("Detect(%q, %q, %.30q) = %q, want %q", tc.file, tc.ct, tc.head, got, tc.want)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	for _, s := range []string{"text", "html", "warc", "jsonl", " HTML "} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%q): %v", s, err)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil {
		t.Error("ParseFormat(pdf) = nil error")
	}
}
