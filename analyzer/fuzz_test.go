package analyzer

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"", "It was a flop show.", "its “false flag” claim", "“A ‘b’ c” he said.", "Mr. S. Jaishankar met U.S. envoys at 10 a.m. today.",
	"so‑called\u00a0“military aggression.”", "bad\xff\xfebytes “unclosed", "Its “false\xffflag” claim", "'''\"\"\"“”‘’«»", "not strongly condemned, utterly",
	"3.5 1,000 22nd—em–en", "line\n\nbreak\nlower", "é́ combining ﬁ ligature",
}

func FuzzTokenize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		prev := int32(0)
		for _, tk := range Tokenize(in) {
			if tk.Start < prev || tk.End <= tk.Start || int(tk.End) > len(in) {
				t.Fatalf("token [%d,%d) after %d, len %d", tk.Start, tk.End, prev, len(in))
			}
			if !utf8.Valid(in[tk.Start:tk.End]) {
				t.Fatalf("token %q is not valid UTF-8", in[tk.Start:tk.End])
			}
			prev = tk.End
		}
	})
}

func FuzzSentences(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		prev := 0
		for _, s := range Sentences(in) {
			if s.Start < prev || s.End <= s.Start || s.End > len(in) {
				t.Fatalf("sentence [%d,%d) after %d, len %d", s.Start, s.End, prev, len(in))
			}
			prev = s.End
		}
		// Every token lies inside one sentence.
		spans := Sentences(in)
		si := 0
		for _, tk := range Tokenize(in) {
			start, end := int(tk.Start), int(tk.End)
			for si < len(spans) && spans[si].End <= start {
				si++
			}
			if si == len(spans) || start < spans[si].Start || end > spans[si].End {
				t.Fatalf("token %q [%d,%d) is not inside a sentence", in[tk.Start:tk.End], tk.Start, tk.End)
			}
		}
	})
}

func FuzzQuotes(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		prev := 0
		for _, q := range Quotes(in) {
			if q.Start < prev && q.Depth == 0 || q.Start > q.Inner.Start || q.Inner.Start > q.Inner.End || q.Inner.End > q.End || q.End > len(in) {
				t.Fatalf("quote %+v out of order or bounds (len %d)", q, len(in))
			}
			if q.Depth == 0 {
				prev = q.End
			}
		}
	})
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	a := testAnalyzer(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		r := a.Analyze("fuzz", in)
		checkReport(t, in, r)
		b1, err := r.JSON()
		if err != nil {
			t.Fatal(err)
		}
		b2, _ := a.Analyze("fuzz", in).JSON()
		if string(b1) != string(b2) {
			t.Fatal("Analyze is not deterministic")
		}
		// The contract holds for the JSON a consumer reads, not only the struct.
		var back Report
		if err := json.Unmarshal(b1, &back); err != nil {
			t.Fatal(err)
		}
		for _, f := range back.Findings {
			if string(in[f.Start:f.End]) != f.Text {
				t.Fatalf("after JSON: input[%d:%d] = %q, text %q", f.Start, f.End, in[f.Start:f.End], f.Text)
			}
		}
	})
}
