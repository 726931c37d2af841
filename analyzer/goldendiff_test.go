package analyzer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
)

// goldenDiff describes how got differs from want for a reviewer: the first
// JSON field that differs, then the first lines that differ, numbered, with
// two lines of context.
func goldenDiff(got, want []byte) string {
	var b strings.Builder
	if path, g, w, ok := firstJSONDiff(got, want); ok {
		fmt.Fprintf(&b, "first differing field: %s: got %s, want %s\n", path, g, w)
	}
	b.WriteString(lineDiff(got, want, 2, 8))
	return b.String()
}

// lineDiff shows the lines between the common head and the common tail of
// got and want, at most limit of each, with context lines around them.
func lineDiff(got, want []byte, context, limit int) string {
	lines := func(b []byte) []string {
		l := strings.SplitAfter(string(b), "\n")
		if l[len(l)-1] == "" {
			l = l[:len(l)-1]
		}
		return l
	}
	g, w := lines(got), lines(want)
	head := 0
	for head < len(g) && head < len(w) && g[head] == w[head] {
		head++
	}
	if head == len(g) && head == len(w) {
		return "no line differs\n"
	}
	tail := 0
	for tail < len(g)-head && tail < len(w)-head && g[len(g)-1-tail] == w[len(w)-1-tail] {
		tail++
	}
	var b strings.Builder
	line := func(mark string, n int, text string) {
		fmt.Fprintf(&b, "%s %5d  %s", mark, n+1, strings.TrimSuffix(text, "\n")+"\n")
	}
	fmt.Fprintf(&b, "@@ line %d: want %d lines, got %d @@\n", head+1, len(w)-tail-head, len(g)-tail-head)
	for i := max(0, head-context); i < head; i++ {
		line(" ", i, w[i])
	}
	block := func(mark string, lines []string, end int) {
		for i := head; i < end && i < head+limit; i++ {
			line(mark, i, lines[i])
		}
		if end-head > limit {
			fmt.Fprintf(&b, "%s        … %d more\n", mark, end-head-limit)
		}
	}
	block("-", w, len(w)-tail)
	block("+", g, len(g)-tail)
	for i := len(w) - tail; i < len(w) && i < len(w)-tail+context; i++ {
		line(" ", i, w[i])
	}
	return b.String()
}

// firstJSONDiff walks the tokens of two JSON documents in step and returns
// the path of the first value that differs (findings[3].weight) with both
// values; ok is false when they do not differ or either is not JSON.
func firstJSONDiff(got, want []byte) (path, g, w string, ok bool) {
	dg, dw := json.NewDecoder(bytes.NewReader(got)), json.NewDecoder(bytes.NewReader(want))
	dg.UseNumber()
	dw.UseNumber()
	type frame struct {
		object  bool
		key     string
		index   int
		wantKey bool
	}
	var stack []frame
	where := func(stack []frame) string {
		var b strings.Builder
		for _, f := range stack {
			if f.object {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				fmt.Fprintf(&b, "[%d]", f.index)
			}
		}
		if b.Len() == 0 {
			return "(document)"
		}
		return b.String()
	}
	done := func() { // a value ended: move on in its parent
		if n := len(stack); n > 0 {
			if stack[n-1].object {
				stack[n-1].wantKey = true
			} else {
				stack[n-1].index++
			}
		}
	}
	for {
		tg, eg := dg.Token()
		tw, ew := dw.Token()
		if eg == io.EOF && ew == io.EOF {
			return "", "", "", false
		}
		if eg != nil && eg != io.EOF || ew != nil && ew != io.EOF {
			return "", "", "", false
		}
		key := len(stack) > 0 && stack[len(stack)-1].object && stack[len(stack)-1].wantKey
		if describe(tg, eg) != describe(tw, ew) {
			if key { // a field of the object differs: name the object
				return where(stack[:len(stack)-1]), "field " + describe(tg, eg), "field " + describe(tw, ew), true
			}
			return where(stack), describe(tg, eg), describe(tw, ew), true
		}
		switch tg {
		case json.Delim('{'), json.Delim('['):
			stack = append(stack, frame{object: tg == json.Delim('{'), wantKey: true})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			done()
			continue
		}
		if key {
			stack[len(stack)-1].key = tg.(string)
			stack[len(stack)-1].wantKey = false
			continue
		}
		done()
	}
}

// describe shows a JSON token as firstJSONDiff reports it.
func describe(t json.Token, err error) string {
	if err == io.EOF {
		return "end of document"
	}
	switch t := t.(type) {
	case json.Delim:
		switch t {
		case '{':
			return "an object"
		case '[':
			return "an array"
		case '}':
			return "end of object"
		}
		return "end of array"
	case string:
		return strconv.Quote(t)
	case nil:
		return "null"
	}
	return fmt.Sprint(t)
}

func TestGoldenDiff(t *testing.T) {
	want := []byte("{\n  \"a\": 1,\n  \"list\": [\n    {\n      \"w\": 1.5,\n      \"s\": \"x\"\n    },\n    {\n      \"w\": 3,\n      \"s\": \"y\"\n    }\n  ],\n  \"z\": true\n}\n")
	tests := []struct {
		name string
		got  string
		want []string // substrings of the diff
	}{
		{"value in a list", strings.Replace(string(want), `"w": 3`, `"w": 2.5`, 1),
			[]string{"first differing field: list[1].w: got 2.5, want 3", "@@ line 9: want 1 lines, got 1 @@", "-     9        \"w\": 3,", "+     9        \"w\": 2.5,", "      8      {", "     10        \"s\": \"y\""}},
		{"string", strings.Replace(string(want), `"x"`, `"x2"`, 1),
			[]string{`list[0].s: got "x2", want "x"`, "line 6"}},
		{"one element fewer", "{\n  \"a\": 1,\n  \"list\": [\n    {\n      \"w\": 1.5,\n      \"s\": \"x\"\n    }\n  ],\n  \"z\": true\n}\n",
			[]string{"list[1]: got end of array, want an object"}},
		{"renamed field", strings.Replace(string(want), `"z"`, `"y"`, 1),
			[]string{`first differing field: (document): got field "y", want field "z"`, "line 13"}},
		{"top-level field", strings.Replace(string(want), `"a": 1`, `"a": 10`, 1),
			[]string{"a: got 10, want 1", "-     2    \"a\": 1,"}},
		{"not JSON", "not json\n",
			[]string{"@@ line 1: want 14 lines, got 1 @@", "+     1  not json", "-     8      {", "… 6 more"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := goldenDiff([]byte(tt.got), want)
			for _, s := range tt.want {
				if !strings.Contains(d, s) {
					t.Errorf("goldenDiff lacks %q:\n%s", s, d)
				}
			}
		})
	}
	if d := goldenDiff(want, want); strings.Contains(d, "first differing") {
		t.Errorf("goldenDiff of equal documents names a field:\n%s", d)
	}
}
