package main

import (
	"slices"
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoadConfig(t *testing.T) {
	c, err := loadConfig(envOf(map[string]string{"REPORT_BUCKET": "r"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.ReportBucket != "r" || c.ReportPrefix != "reports/" || c.MaxObjectBytes != 10<<20 || !slices.Equal(c.Formats, []string{"json"}) || c.LexiconBucket != "" || c.PathStyle {
		t.Errorf("defaults = %+v", c)
	}
	c, err = loadConfig(envOf(map[string]string{
		"REPORT_BUCKET": "r", "REPORT_PREFIX": "", "MAX_OBJECT_BYTES": "100", "REPORT_FORMATS": "JSON, json",
		"LEXICON_URI": "s3://lex/extra", "S3_FORCE_PATH_STYLE": "true",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.ReportPrefix != "" || c.MaxObjectBytes != 100 || !slices.Equal(c.Formats, []string{"json"}) || c.LexiconBucket != "lex" || c.LexiconPrefix != "extra/" || !c.PathStyle {
		t.Errorf("config = %+v", c)
	}
}

// Every problem is reported, one line each, naming the variable and the reason.
func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want []string
	}{
		{map[string]string{}, []string{"REPORT_BUCKET is required"}},
		{map[string]string{"REPORT_BUCKET": "  "}, []string{"REPORT_BUCKET is required"}},
		{map[string]string{"REPORT_BUCKET": "r", "MAX_OBJECT_BYTES": "10MB"}, []string{`MAX_OBJECT_BYTES="10MB": want a whole number of bytes`}},
		{map[string]string{"REPORT_BUCKET": "r", "MAX_OBJECT_BYTES": "0"}, []string{`MAX_OBJECT_BYTES="0"`}},
		{map[string]string{"REPORT_BUCKET": "r", "REPORT_FORMATS": "json,pdf"}, []string{`REPORT_FORMATS="json,pdf": unknown format "pdf" (known: html, json)`}},
		{map[string]string{"REPORT_BUCKET": "r", "LEXICON_URI": "https://x/y"}, []string{`LEXICON_URI="https://x/y": want s3://bucket/prefix/`}},
		{map[string]string{"REPORT_BUCKET": "r", "LEXICON_URI": "s3:///y"}, []string{`LEXICON_URI="s3:///y": no bucket name`}},
		{map[string]string{"REPORT_BUCKET": "r", "S3_FORCE_PATH_STYLE": "yes please"}, []string{`S3_FORCE_PATH_STYLE="yes please": want true or false`}},
		{map[string]string{"REPORT_BUCKET": "r", "REPORT_PREFIX": strings.Repeat("p", 513)}, []string{"REPORT_PREFIX is 513 bytes, limit 512"}},
		{map[string]string{"MAX_OBJECT_BYTES": "x", "REPORT_FORMATS": "xml"}, []string{"REPORT_BUCKET", "MAX_OBJECT_BYTES", "REPORT_FORMATS"}},
	}
	for _, tt := range tests {
		_, err := loadConfig(envOf(tt.env))
		if err == nil {
			t.Errorf("loadConfig(%v) = nil error, want %q", tt.env, tt.want)
			continue
		}
		lines := strings.Split(err.Error(), "\n")
		if len(lines) != len(tt.want) {
			t.Errorf("loadConfig(%v) = %d error lines, want %d:\n%v", tt.env, len(lines), len(tt.want), err)
			continue
		}
		for i, w := range tt.want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("loadConfig(%v) line %d = %q, want it to contain %q", tt.env, i, lines[i], w)
			}
		}
	}
}
