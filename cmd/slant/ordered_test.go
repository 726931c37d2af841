package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestBatchOrderAnyJobs: slant batch writes the same reports and the same
// errors, in input order, on one worker and on many, bad lines among good
// ones of very different sizes.
func TestBatchOrderAnyJobs(t *testing.T) {
	var in strings.Builder
	for i := range 300 {
		if i%37 == 5 {
			in.WriteString("not json\n")
			continue
		}
		text := strings.Repeat("The so-called plan fell flat, sources said. ", 1+(i*7919)%60)
		doc, _ := json.Marshal(map[string]string{"id": fmt.Sprint("d", i), "text": text})
		in.Write(doc)
		in.WriteByte('\n')
	}
	code1, out1, errs1 := slant(t, in.String(), "batch", "-j", "1")
	for _, j := range []string{"2", "7", "32"} {
		code, out, errs := slant(t, in.String(), "batch", "-j", j)
		if code != code1 || out != out1 || errs != errs1 {
			t.Errorf("batch -j %s: exit %d, %d bytes out, stderr %q; -j 1: exit %d, %d bytes, %q", j, code, len(out), errs, code1, len(out1), errs1)
		}
	}
	if code1 != exitRejected || strings.Count(out1, "\n") != 300-8 {
		t.Errorf("batch -j 1: exit %d, %d reports", code1, strings.Count(out1, "\n"))
	}
	if code, _, _ := slant(t, "", "batch", "-j", "0"); code != exitUsage {
		t.Errorf("batch -j 0: exit %d, want %d", code, exitUsage)
	}
}

// mixedExport is n lines of JSON Lines as a CMS might export them: one in
// 29 broken (from the fourth), one in 3 text with a publication date, the
// others the fixture pages in turn (the section index among them has no
// article).
func mixedExport(t *testing.T, n int) []byte {
	var in bytes.Buffer
	pages := [][]byte{readFixture(t, ledger), readFixture(t, northgate), readFixture(t, index)}
	np := 0
	for i := range n {
		var rec map[string]string
		switch {
		case i%29 == 3:
			in.WriteString("{\"id\": \"broken\n")
			continue
		case i%3 == 2:
			rec = map[string]string{"id": fmt.Sprint("t", i), "text": strings.Repeat("Officials said the so-called deal was a fiasco. ", 1+i%40), "published": fmt.Sprintf("2026-0%d-1%d", 1+i%9, i%10)}
		default:
			rec = map[string]string{"id": fmt.Sprint("p", i), "html": string(pages[np%len(pages)])}
			np++
		}
		line, _ := json.Marshal(rec)
		in.Write(line)
		in.WriteByte('\n')
	}
	return in.Bytes()
}

// TestOrderedWindow: jobs finish in any order and are written in order, and
// a write error stops the stream.
func TestOrderedWindow(t *testing.T) {
	var out bytes.Buffer
	o := newOrdered(&out, 4, 100)
	for i := range 50 {
		o.Submit(int64(i%10), func(b *bytes.Buffer) error {
			fmt.Fprintf(b, "%d\n", i)
			return nil
		}, nil)
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	for i := range 50 {
		fmt.Fprintf(&want, "%d\n", i)
	}
	if out.String() != want.String() {
		t.Errorf("ordered output:\n%s", out.String())
	}

	o = newOrdered(failWriter{}, 2, 100)
	submitted := 0
	for range 1000 {
		if !o.Submit(1, func(b *bytes.Buffer) error { b.WriteString("x"); return nil }, nil) {
			break
		}
		submitted++
	}
	if err := o.Close(); err == nil || submitted == 1000 {
		t.Errorf("after a write error: Close = %v, %d of 1000 submitted", err, submitted)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestBatchStreamOrderAnyJobs: slant batch --input jsonl (and slant
// extract) extracts pages on the workers, and still writes the same reports
// (texts) and the same errors (a page with no article, a line that is not
// JSON) in input order on one worker and on many.
func TestBatchStreamOrderAnyJobs(t *testing.T) {
	file := writeFile(t, "export.jsonl", mixedExport(t, 120))
	code1, out1, errs1 := slant(t, "", "batch", "--input", "jsonl", "-j", "1", file)
	for _, j := range []string{"2", "5", "16"} {
		code, out, errs := slant(t, "", "batch", "--input", "jsonl", "-j", j, file)
		if code != code1 || out != out1 || errs != errs1 {
			t.Errorf("batch --input jsonl -j %s: exit %d, %d bytes out, stderr %q; -j 1: exit %d, %d bytes, %q", j, code, len(out), errs, code1, len(out1), errs1)
		}
	}
	// slant extract too: the same text and errors, in order, on any -j.
	xcode1, xout1, xerrs1 := slant(t, "", "extract", "--input", "jsonl", "-j", "1", file)
	for _, j := range []string{"3", "16"} {
		code, out, errs := slant(t, "", "extract", "--input", "jsonl", "-j", j, file)
		if code != xcode1 || out != xout1 || errs != xerrs1 {
			t.Errorf("extract --input jsonl -j %s: exit %d, %d bytes out, stderr %q; -j 1: exit %d, %d bytes, %q", j, code, len(out), errs, xcode1, len(xout1), xerrs1)
		}
	}
	if xcode1 != exitRejected || strings.Count(xout1, "==> ") != strings.Count(out1, "\n") {
		t.Errorf("extract -j 1: exit %d, %d pages, want %d", xcode1, strings.Count(xout1, "==> "), strings.Count(out1, "\n"))
	}
	// 120 lines: 5 broken, and the section index (one page in three) has no
	// article.
	noArticle := strings.Count(errs1, "no article")
	if code1 != exitRejected || noArticle == 0 || strings.Count(errs1, "record ") != 5+noArticle ||
		strings.Count(out1, "\n") != 120-5-noArticle || !strings.Contains(errs1, fmt.Sprintf("120 records: %d reports", 120-5-noArticle)) {
		t.Errorf("batch -j 1: exit %d, %d reports, stderr:\n%s", code1, strings.Count(out1, "\n"), errs1)
	}
}

// TestBatchWriteFailsErrorsInOrder: when the output fails, batch has said
// what it would have said line by line up to the report whose write
// failed, and nothing after it, whatever -j, though lines go to the
// workers in chunks.
func TestBatchWriteFailsErrorsInOrder(t *testing.T) {
	var in strings.Builder
	var bad []int // the numbers of the bad lines
	for i := range 400 {
		if i%9 == 4 {
			in.WriteString("not json\n")
			bad = append(bad, i+1)
			continue
		}
		text := strings.Repeat("The so-called plan fell flat, sources said. ", 1+(i*7919)%4)
		doc, _ := json.Marshal(map[string]string{"id": fmt.Sprint("d", i), "text": text})
		in.Write(doc)
		in.WriteByte('\n')
	}
	// Where the output fails: stdout is buffered (256 KiB), and its first
	// write is made by the report that overflows the buffer.
	_, out, _ := slant(t, in.String(), "batch", "-j", "1")
	reports := strings.SplitAfter(out, "\n")
	good, size, failAt := 0, 0, 0
	for line := 1; line <= 400 && failAt == 0; line++ {
		if slices.Contains(bad, line) {
			continue
		}
		size += len(reports[good])
		good++
		if size > 256<<10 {
			failAt = line
		}
	}
	if failAt <= chunkLines || failAt > 380 { // in the second chunk or later
		t.Fatalf("the output fails at line %d: want a failure well inside the input", failAt)
	}
	var want strings.Builder
	for _, n := range bad {
		if n < failAt {
			fmt.Fprintf(&want, "slant: batch line %d: not a JSON object {\"id\",\"text\"}: invalid character 'o' in literal null (expecting 'u')\n", n)
		}
	}
	for _, j := range []string{"1", "3"} {
		var errb strings.Builder
		code := run([]string{"batch", "-j", j}, strings.NewReader(in.String()), failWriter{}, &errb)
		got, _, _ := strings.Cut(errb.String(), "slant: disk full\n") // the failure itself, last
		if code != exitFailure || got != want.String() || !strings.HasSuffix(errb.String(), "slant: disk full\n") {
			t.Errorf("batch -j %s into a failing output: exit %d, stderr\n%s\nwant exit %d and the bad lines before line %d:\n%s", j, code, errb.String(), exitFailure, failAt, want.String())
		}
	}
}
