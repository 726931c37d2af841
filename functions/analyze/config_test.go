package main

import (
	"runtime/debug"
	"slices"
	"strconv"
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

// MAX_OBJECT_BYTES must fit the function's memory with the formats written:
// an object too large to hold must get a too_large error report, not crash
// the function out of memory (which Lambda retries and dead-letters).
func TestLoadConfigMemory(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string // "" for none
	}{
		{"no memory size (not on Lambda)", map[string]string{"MAX_OBJECT_BYTES": "1073741824", "REPORT_FORMATS": "html"}, ""},
		{"default limit, json, 1024 MB", map[string]string{"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024"}, ""},
		{"default limit, html, template's 2048 MB", map[string]string{"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "2048", "REPORT_FORMATS": "json,html"}, ""},
		{"template's largest MaxObjectBytes, html, 2048 MB", map[string]string{"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "2048", "REPORT_FORMATS": "html", "MAX_OBJECT_BYTES": "14680064"}, ""},
		{"default limit, json, 512 MB", map[string]string{"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512"}, "MAX_OBJECT_BYTES=10485760 with REPORT_FORMATS=json needs about 564 MB at peak, more than the 409 MB usable of the function's 512 MB"},
		{"default limit, html, 1024 MB", map[string]string{"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024", "REPORT_FORMATS": "html"}, "lower MAX_OBJECT_BYTES to at most 7070398"},
		{"1 GiB, 10240 MB", map[string]string{"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "10240", "MAX_OBJECT_BYTES": "1073741824"}, "raise the memory size to at least"},
		{"bad memory size", map[string]string{"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "lots"}, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE="lots": want a whole number of MB`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.env["REPORT_BUCKET"] = "r"
			_, err := loadConfig(envOf(tt.env))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("loadConfig(%v) = %v, want no error", tt.env, err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("loadConfig(%v) = %v, want an error containing %q", tt.env, err, tt.wantErr)
			}
		})
	}
}

// The error's advice is right: the suggested MAX_OBJECT_BYTES loads, and so
// does the suggested memory size.
func TestLoadConfigMemoryAdvice(t *testing.T) {
	for _, f := range []string{"json", "html"} {
		fit := (memoryLimit(512) - baseMemoryBytes) / bytesPerInputByte[f]
		env := map[string]string{"REPORT_BUCKET": "r", "REPORT_FORMATS": f, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512"}
		env["MAX_OBJECT_BYTES"] = strconv.FormatInt(fit, 10)
		if _, err := loadConfig(envOf(env)); err != nil {
			t.Errorf("%s: MAX_OBJECT_BYTES=%d: %v", f, fit, err)
		}
		env["MAX_OBJECT_BYTES"] = strconv.FormatInt(fit+1, 10)
		if _, err := loadConfig(envOf(env)); err == nil {
			t.Errorf("%s: MAX_OBJECT_BYTES=%d loads, want an error", f, fit+1)
		}
	}
}

func TestApplyMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	if got, want := applyMemoryLimit(Config{MemoryMB: 2048}, envOf(nil)), int64(2048<<20*80/100); got != want || debug.SetMemoryLimit(-1) != want {
		t.Errorf("applyMemoryLimit(2048 MB) = %d (runtime %d), want %d", got, debug.SetMemoryLimit(-1), want)
	}
	debug.SetMemoryLimit(old)
	if got := applyMemoryLimit(Config{MemoryMB: 2048}, envOf(map[string]string{"GOMEMLIMIT": "100MiB"})); got != old {
		t.Errorf("applyMemoryLimit with GOMEMLIMIT set = %d, want it left at %d", got, old)
	}
	if got := applyMemoryLimit(Config{}, envOf(nil)); got != old {
		t.Errorf("applyMemoryLimit(no memory size) = %d, want it left at %d", got, old)
	}
}
