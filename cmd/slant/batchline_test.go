package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/slantnews/slant/analyzer"
)

// slowBatchDoc is the decoding lineReport falls back to: encoding/json,
// strict, one object.
func slowBatchDoc(line []byte) (id, text string, ok bool) {
	var doc batchDoc
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if dec.Decode(&doc) != nil || dec.More() || doc.ID == nil || doc.Text == nil {
		return "", "", false
	}
	return *doc.ID, *doc.Text, true
}

var batchLineSeeds = []string{
	`{"id":"a1","text":"The so-called plan failed."}`,
	`{"text": "Spaces, as Python writes them.", "id": "py-1"}`,
	`{"id":"esc","text":"line one\nline two \"quoted\" back\\slash \/ tab\t \u00e9t\u00e9 \ud83d\ude00"}`,
	`{"id":"lone","text":"a lone half \ud83d and another \ude00 end"}`,
	`{"id":"raw","text":"été “curly” — dash"}`,
	`{"id":"dup","id":"again","text":"x"}`,
	`{"id":7,"text":"number id"}`,
	`{"ID":"case","text":"x"}`,
	`{"id":"a","text":"x","extra":1}`,
	`{"id":"a","text":"x"} trailing`,
	`{"id":"a","text":"bad \x escape"}`,
	"{\"id\":\"a\",\"text\":\"invalid \xff byte\"}",
	"{\"id\":\"a\",\"text\":\"control \x01 char\"}",
	`{"id":"a","text":null}`,
	`{"id":"a"}`,
	`{}`,
	`[1,2]`,
	`{"id":"a","text":"unterminated}`,
	`{"id":"\u0069","text":"\u0074"}`,
}

// TestQuickBatchDoc: the fast decoder takes the lines JSON exporters write
// (jq -c, Python's json.dumps with its spaces and \u escapes) and gives
// what encoding/json gives; every other line goes to encoding/json.
func TestQuickBatchDoc(t *testing.T) {
	for _, s := range batchLineSeeds {
		checkQuickBatchDoc(t, []byte(s))
	}
	for _, s := range batchLineSeeds[:5] {
		if _, _, ok := quickBatchDoc([]byte(s), nil); !ok {
			t.Errorf("quickBatchDoc(%s) left a common line to encoding/json", s)
		}
	}
}

func FuzzQuickBatchDoc(f *testing.F) {
	for _, s := range batchLineSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) { checkQuickBatchDoc(t, line) })
}

// checkQuickBatchDoc fails when the fast decoder takes a line and decodes
// it otherwise than encoding/json.
func checkQuickBatchDoc(t *testing.T, line []byte) {
	t.Helper()
	id, text, ok := quickBatchDoc(line, nil)
	// A scratch buffer, too small or large enough, decodes the same.
	for _, scratch := range [][]byte{make([]byte, 3, 5), make([]byte, 0, len(line)+8)} {
		sid, stext, sok := quickBatchDoc(line, &scratch)
		if sok != ok || sid != id || string(stext) != string(text) {
			t.Errorf("quickBatchDoc(%q) with a scratch of %d bytes = %q, %q, %v; without: %q, %q, %v", line, cap(scratch), sid, stext, sok, id, text, ok)
		}
	}
	if !ok {
		return
	}
	wid, wtext, wok := slowBatchDoc(line)
	if !wok || id != wid || string(text) != wtext {
		t.Errorf("quickBatchDoc(%q) = %q, %q; encoding/json: %q, %q, ok %v", line, id, text, wid, wtext, wok)
	}
}

// TestCheckMaxBytes: --max-bytes must be positive, and one over what the
// analyzer takes is lowered to analyzer.MaxInputBytes, so that a page or
// record of 2 GiB or more is rejected as too large, never analyzed.
func TestCheckMaxBytes(t *testing.T) {
	for _, tt := range []struct{ in, want int64 }{{1, 1}, {10 << 20, 10 << 20}, {analyzer.MaxInputBytes, analyzer.MaxInputBytes}, {1 << 40, analyzer.MaxInputBytes}, {1<<63 - 1, analyzer.MaxInputBytes}} {
		n := tt.in
		if err := checkMaxBytes("batch", &n); err != nil || n != tt.want {
			t.Errorf("checkMaxBytes(%d) = %d, %v; want %d", tt.in, n, err, tt.want)
		}
	}
	for _, in := range []int64{0, -1} {
		n := in
		if err := checkMaxBytes("batch", &n); err == nil || !strings.Contains(err.Error(), "batch: --max-bytes must be positive") {
			t.Errorf("checkMaxBytes(%d): %v, want a usage error", in, err)
		}
	}
}
