package analyzer

import (
	"os"
	"sync"
	"testing"
)

var (
	testOnce sync.Once
	testA    *Analyzer
	testErr  error
	realOnce sync.Once
	realA    *Analyzer
	realErr  error
)

// testAnalyzer is built from the small lexicon in testdata/lex, so unit tests
// do not move when the real lexicons grow.
func testAnalyzer(t testing.TB) *Analyzer {
	t.Helper()
	testOnce.Do(func() {
		lex, err := LoadLexicon(os.DirFS("testdata/lex"))
		if err != nil {
			testErr = err
			return
		}
		testA, testErr = New(lex)
	})
	if testErr != nil {
		t.Fatalf("test lexicon: %v", testErr)
	}
	return testA
}

// realAnalyzer is built from the shipped lexicons (lexicons/en), with actor
// attribution on, as the CLI and the Lambda run it.
// shippedAnalyzer is a new Analyzer of the shipped lexicons and actors with
// opts, its stem cache cold (realAnalyzer is one shared, warm one).
func shippedAnalyzer(t testing.TB, opts ...Option) *Analyzer {
	t.Helper()
	lex, err := LoadLexicon(os.DirFS("../lexicons/en"))
	if err != nil {
		t.Fatal(err)
	}
	actors, err := LoadActors(os.DirFS("../lexicons/en/actors"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(lex, append([]Option{WithActors(actors)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func realAnalyzer(t testing.TB) *Analyzer {
	t.Helper()
	realOnce.Do(func() {
		lex, err := LoadLexicon(os.DirFS("../lexicons/en"))
		if err != nil {
			realErr = err
			return
		}
		actors, err := LoadActors(os.DirFS("../lexicons/en/actors"))
		if err != nil {
			realErr = err
			return
		}
		realA, realErr = New(lex, WithActors(actors))
	})
	if realErr != nil {
		t.Fatalf("lexicons/en: %v", realErr)
	}
	return realA
}

// texts returns input[start:end] for each span.
func texts(input string, spans []Span) []string {
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = input[s.Start:s.End]
	}
	return out
}

// checkReport verifies the invariants every report must hold.
func checkReport(t testing.TB, input []byte, r *Report) {
	t.Helper()
	if r.Schema != Schema {
		t.Errorf("schema = %q", r.Schema)
	}
	prevStart, prevEnd, prevCat := -1, -1, ""
	for i, f := range r.Findings {
		if f.Start < 0 || f.End > len(input) || f.Start >= f.End {
			t.Fatalf("finding %d: offsets [%d,%d) out of bounds (len %d)", i, f.Start, f.End, len(input))
		}
		if got := string(input[f.Start:f.End]); got != f.Text {
			t.Errorf("finding %d: input[%d:%d] = %q, text %q", i, f.Start, f.End, got, f.Text)
		}
		if f.Start < prevStart || f.Start == prevStart && (f.End < prevEnd || f.End == prevEnd && f.Category < prevCat) {
			t.Errorf("finding %d not sorted by start, end, category", i)
		}
		prevStart, prevEnd, prevCat = f.Start, f.End, f.Category
		if f.Voice != VoiceAuthor && f.Voice != VoiceQuoted && f.Voice != VoiceReported {
			t.Errorf("finding %d: voice %q", i, f.Voice)
		}
		if f.Sentence < 0 || f.Sentence >= len(r.Sentences) {
			t.Fatalf("finding %d: sentence %d of %d", i, f.Sentence, len(r.Sentences))
		}
		s := r.Sentences[f.Sentence]
		if f.Start < s.Start || f.End > s.End {
			t.Errorf("finding %d [%d,%d) outside its sentence [%d,%d)", i, f.Start, f.End, s.Start, s.End)
		}
	}
	end := 0
	for i, s := range r.Sentences {
		if s.Start < end || s.End < s.Start || s.End > len(input) {
			t.Errorf("sentence %d [%d,%d) overlaps or is out of bounds (previous end %d, len %d)", i, s.Start, s.End, end, len(input))
		}
		end = s.End
	}
	if r.Label != LabelLoaded && r.Label != LabelNeutral {
		t.Errorf("label %q", r.Label)
	}
}
