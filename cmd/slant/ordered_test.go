package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
