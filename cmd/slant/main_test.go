package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// slant runs the CLI in-process and returns its exit code, stdout and stderr.
func slant(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const article = "Its “false flag” claim fell flat, he said. The bid was a flop show.\n"

func TestAnalyzeFormats(t *testing.T) {
	p := writeFile(t, "a.txt", []byte(article))
	code, out, errs := slant(t, "", "analyze", "--format", "json", p)
	if code != 0 {
		t.Fatalf("analyze --format json: exit %d, stderr %s", code, errs)
	}
	var r struct {
		Schema   string
		Label    string
		Source   struct{ Name string }
		Findings []struct{ Text, Category, Voice string }
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if r.Schema != "slant.report/v1" || r.Label != "loaded" || r.Source.Name != p || len(r.Findings) < 3 {
		t.Errorf("report = %+v", r)
	}
	code, text, _ := slant(t, "", "analyze", p)
	if code != 0 || !strings.Contains(text, "LOADED") || !strings.Contains(text, `"flop show"`) || !strings.Contains(text, "The bid was a [flop show].") {
		t.Errorf("text summary (exit %d):\n%s", code, text)
	}
	code, md, _ := slant(t, "", "analyze", "--format", "markdown", p)
	if code != 0 || !strings.Contains(md, "| Bytes | Text |") {
		t.Errorf("markdown (exit %d):\n%s", code, md)
	}
}

func TestAnalyzeDeterministic(t *testing.T) {
	p := writeFile(t, "a.txt", []byte(article))
	_, a, _ := slant(t, "", "analyze", "--format", "json", p)
	_, b, _ := slant(t, "", "analyze", "--format", "json", p)
	if a != b || a == "" {
		t.Error("two runs on the same input differ")
	}
}

func TestAnalyzeStdin(t *testing.T) {
	for _, args := range [][]string{{"analyze", "--format", "json"}, {"analyze", "--format", "json", "-"}} {
		code, out, _ := slant(t, article, args...)
		if code != 0 || !strings.Contains(out, `"name": "-"`) {
			t.Errorf("%v: exit %d, out %.200s", args, code, out)
		}
	}
}

func TestAnalyzeManyFilesJSONLines(t *testing.T) {
	p1 := writeFile(t, "a.txt", []byte(article))
	p2 := writeFile(t, "b.txt", []byte("The council met.\n"))
	code, out, _ := slant(t, "", "analyze", "--format", "json", p1, p2)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 {
		t.Fatalf("exit %d, %d lines, want 2 JSON lines", code, len(lines))
	}
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("not a JSON line: %.100s", l)
		}
	}
}

func TestAnalyzeRejects(t *testing.T) {
	good := writeFile(t, "good.txt", []byte(article))
	bin := writeFile(t, "photo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	big := writeFile(t, "big.txt", bytes.Repeat([]byte("word "), 100))
	tests := []struct {
		name    string
		args    []string
		stdin   string
		code    int
		errWant string
	}{
		{"binary", []string{"analyze", bin}, "", 3, "photo.png: binary data"},
		{"too large", []string{"analyze", "--max-bytes", "100", big}, "", 3, "big.txt: input too large: 500 bytes, limit 100"},
		{"too large stdin", []string{"analyze", "--max-bytes", "10"}, "this is more than ten bytes", 3, "-: input too large"},
		{"missing", []string{"analyze", "/nonexistent/x.txt"}, "", 3, "/nonexistent/x.txt"},
		{"one bad of two writes nothing", []string{"analyze", good, bin}, "", 3, "photo.png"},
		{"bad format", []string{"analyze", "--format", "pdf", good}, "", 2, "unknown --format"},
		{"bad flag", []string{"analyze", "--nope"}, "", 2, "flag provided but not defined"},
		{"unknown command", []string{"frobnicate"}, "", 2, "unknown command"},
		{"no command", nil, "", 2, "usage"},
		{"bad max-bytes", []string{"analyze", "--max-bytes", "0", good}, "", 2, "--max-bytes"},
		{"lexicon dir missing", []string{"analyze", "--lexicons", "/nonexistent", good}, "", 3, "lexicons /nonexistent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := slant(t, tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.errWant) {
				t.Errorf("slant %v: exit %d, stderr %q; want exit %d and %q", tt.args, code, errs, tt.code, tt.errWant)
			}
			if tt.code != 0 && out != "" {
				t.Errorf("slant %v wrote output on failure: %.100s", tt.args, out)
			}
			if tt.code == 3 && strings.Count(strings.TrimSpace(errs), "\n") > 0 && tt.name != "one bad of two writes nothing" {
				t.Errorf("want one line on stderr, got %q", errs)
			}
		})
	}
}

func TestAnalyzeInvalidUTF8AndEmpty(t *testing.T) {
	p := writeFile(t, "bad.txt", []byte("a flop\xff show"))
	code, out, _ := slant(t, "", "analyze", "--format", "json", p)
	if code != 0 || !strings.Contains(out, `"invalid_utf8": 1`) {
		t.Errorf("invalid UTF-8: exit %d, %s", code, out)
	}
	e := writeFile(t, "empty.txt", nil)
	code, out, _ = slant(t, "", "analyze", "--format", "json", e)
	if code != 0 || !strings.Contains(out, `"findings": []`) || !strings.Contains(out, `"label": "neutral"`) {
		t.Errorf("empty: exit %d, %s", code, out)
	}
}

func TestBatch(t *testing.T) {
	var in strings.Builder
	for i := range 2000 {
		doc, _ := json.Marshal(map[string]string{"id": "doc-" + string(rune('a'+i%26)) + "-" + itoa(i), "text": "The talks fell flat, sources said. Doc " + itoa(i) + "."})
		in.Write(doc)
		in.WriteByte('\n')
	}
	code, out, errs := slant(t, in.String(), "batch")
	if code != 0 {
		t.Fatalf("batch: exit %d, %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2000 {
		t.Fatalf("batch: %d reports, want 2000", len(lines))
	}
	var r struct {
		ID       string
		Findings []json.RawMessage
	}
	if err := json.Unmarshal([]byte(lines[1999]), &r); err != nil || r.ID != "doc-x-1999" || len(r.Findings) == 0 {
		t.Errorf("last report: %v, id %q, %d findings", err, r.ID, len(r.Findings))
	}
}

func TestBatchBadLines(t *testing.T) {
	in := `{"id":"ok","text":"fine"}
not json
{"id":"noText"}
{"text":"no id"}
{"id":"bin","text":"a\u0000b"}
{"id":"extra","text":"x","lang":"en"}
{"id":"ok2","text":"fine"}
`
	code, out, errs := slant(t, in, "batch")
	if code != 3 {
		t.Errorf("exit %d, want 3", code)
	}
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("%d reports, want the 2 good lines", n)
	}
	for _, want := range []string{"batch line 2: not a JSON object", "batch line 3: missing \"text\"", "batch line 4: missing \"id\"", "batch line 5: binary data", "batch line 6: not a JSON object", "batch: 5 of 7 lines rejected"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
}

func TestLexiconCheck(t *testing.T) {
	code, out, _ := slant(t, "", "lexicon", "check")
	if code != 0 || !strings.HasPrefix(out, "ok: ") {
		t.Errorf("lexicon check (embedded): exit %d, %s", code, out)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "newsroom.yaml"), []byte("id: newsroom\nname: House terms\ndescription: d\nweight: 2\nentries:\n  - {term: spin doctors, wieght: 2}\n  - {term: \"\"}\n"), 0o644)
	code, out, _ = slant(t, "", "lexicon", "check", dir)
	if code != 1 || !strings.Contains(out, "newsroom.yaml:6: field wieght not found") {
		t.Errorf("lexicon check (bad dir): exit %d, %s", code, out)
	}
	os.WriteFile(filepath.Join(dir, "newsroom.yaml"), []byte("id: newsroom\nname: House terms\ndescription: d\nweight: 2\nentries: [spin doctors, talking points]\n"), 0o644)
	code, out, _ = slant(t, "", "lexicon", "check", dir)
	if code != 0 {
		t.Errorf("lexicon check (good dir): exit %d, %s", code, out)
	}
	p := writeFile(t, "a.txt", []byte("The spin doctors were busy."))
	_, js, _ := slant(t, "", "analyze", "--format", "json", "--lexicons", dir, p)
	if !strings.Contains(js, `"category": "newsroom"`) {
		t.Errorf("--lexicons DIR not used: %s", js)
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func TestBatchLongLineDoesNotStopTheBatch(t *testing.T) {
	long, _ := json.Marshal(map[string]string{"id": "long", "text": strings.Repeat("\U0001F600", 3000)}) // 12 KB of text, escaped larger
	in := `{"id":"a","text":"first"}` + "\n" + string(long) + "\n" + `{"id":"c","text":"after"} trailing` + "\n" + `{"id":"d","text":"last"}`
	code, out, errs := slant(t, in, "batch", "--max-bytes", "1000")
	if code != 3 {
		t.Errorf("exit %d, want 3", code)
	}
	if !strings.Contains(out, `"id":"a"`) || !strings.Contains(out, `"id":"d"`) || strings.Count(out, "\n") != 2 {
		t.Errorf("want reports for a and d only, got:\n%.300s", out)
	}
	for _, want := range []string{"batch line 2: line longer than 10096 bytes", "batch line 3: not a JSON object {\"id\",\"text\"}: data after the object", "batch: 2 of 4 lines rejected"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	// A huge --max-bytes must not overflow the line limit.
	code, out, _ = slant(t, string(long)+"\n", "batch", "--max-bytes", "9223372036854775807")
	if code != 0 || !strings.Contains(out, `"id":"long"`) {
		t.Errorf("--max-bytes max int64: exit %d, out %.100s", code, out)
	}
}

func TestActorsDir(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "beat.yaml"), []byte("kind: country\nactors:\n  - {name: Ostrel, aliases: [Ostrelian, Dravik]}\n"), 0o644)
	p := writeFile(t, "a.txt", []byte("Dravik’s bid fell flat on Tuesday."))
	_, without, _ := slant(t, "", "analyze", "--format", "json", p)
	code, with, errs := slant(t, "", "analyze", "--format", "json", "--actors", dir, p)
	if code != 0 {
		t.Fatalf("--actors: exit %d, %s", code, errs)
	}
	if strings.Contains(without, `"actor": "Ostrel"`) || !strings.Contains(with, `"actor": "Ostrel"`) {
		t.Errorf("--actors DIR not used:\nwithout: %s\nwith: %s", without, with)
	}
	code, _, errs = slant(t, "", "analyze", "--actors", "/nonexistent", p)
	if code != exitRejected || !strings.Contains(errs, "actors /nonexistent") {
		t.Errorf("--actors missing dir: exit %d, %s", code, errs)
	}
}

// TestAnalyzeTunesGC: slant analyze turns the collector off below a
// ceiling of 256 MiB and 128 bytes per input byte, unless GOGC or
// GOMEMLIMIT is set.
func TestAnalyzeTunesGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	t.Setenv("GOGC", "") // as if unset, also where the runner sets them
	t.Setenv("GOMEMLIMIT", "")
	p := writeFile(t, "a.txt", []byte(article))
	if code, _, stderr := slant(t, "", "analyze", "--format", "json", p); code != 0 {
		t.Fatalf("analyze: exit %d: %s", code, stderr)
	}
	if g := debug.SetGCPercent(100); g != -1 {
		t.Errorf("GC percent after analyze = %d, want -1 (off)", g)
	}
	if l, want := debug.SetMemoryLimit(math.MaxInt64), int64(256<<20+128*len(article)); l != want {
		t.Errorf("memory limit after analyze = %d, want %d", l, want)
	}
	t.Setenv("GOGC", "150")
	slant(t, "", "analyze", "--format", "json", p)
	if g := debug.SetGCPercent(100); g != 100 {
		t.Errorf("GC percent after analyze with GOGC set = %d, want 100 (left alone)", g)
	}
	if l := debug.SetMemoryLimit(math.MaxInt64); l != math.MaxInt64 {
		t.Errorf("memory limit after analyze with GOGC set = %d, want none", l)
	}
}

// TestAnalyzeEngineWhileReading: the errors of a run come in order: a
// configuration that does not load (from a file or a pipe) fails the run
// with its own error and prints nothing; an input that cannot be read is
// reported first.
func TestAnalyzeEngineWhileReading(t *testing.T) {
	bad := writeFile(t, "house.yaml", []byte("bann:\n  - term: y\n"))
	p := writeFile(t, "a.txt", []byte(article))
	code, out, stderr := slant(t, "", "analyze", "--config", bad, "--format", "json", p)
	if code == exitOK || out != "" || !strings.Contains(stderr, `unknown key "bann"`) {
		t.Errorf("analyze with a bad configuration = exit %d, stdout %q, stderr %q; want a failure naming the key, nothing printed", code, out, stderr)
	}
	// A configuration read from a pipe, read once.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() { w.WriteString("bann:\n  - term: y\n"); w.Close() }()
	defer r.Close()
	pipe := fmt.Sprintf("/dev/fd/%d", r.Fd())
	code, out, stderr = slant(t, "", "analyze", "--config", pipe, "--format", "json", p)
	if code == exitOK || out != "" || !strings.Contains(stderr, `unknown key "bann"`) {
		t.Errorf("analyze with a bad configuration from a pipe = exit %d, stdout %q, stderr %q; want a failure naming the key", code, out, stderr)
	}
	missing := filepath.Join(t.TempDir(), "missing.txt")
	code, out, stderr = slant(t, "", "analyze", "--config", bad, "--format", "json", missing)
	if code == exitOK || out != "" || !strings.Contains(stderr, "missing.txt") || strings.Contains(stderr, "bann") {
		t.Errorf("analyze of a missing file with a bad configuration = exit %d, stdout %q, stderr %q; want the missing file's error alone", code, out, stderr)
	}
}
