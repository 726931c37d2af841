package analyzer

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestParallelSameReport: a long input read on several goroutines (the
// scans at once, attribution beside the voice and score passes) gives the
// report the serial analysis gives, byte for byte. Under -race it also
// holds the passes that run at once to touch nothing in common.
func TestParallelSameReport(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one core: Analyze never reads an input on several goroutines")
	}
	a := realAnalyzer(t)
	fixture, err := os.ReadFile(filepath.Join("testdata", "outlet-a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	loaded := bytes.Repeat(fixture, parallelBytes/len(fixture)+1) // a fixture's findings and quotes, over and over
	news := newsCorpus(parallelBytes + 4096)
	for _, in := range [][]byte{news, loaded} {
		sameParallel(t, a, in)
	}
	// Both halves stemming every word (no cache), and a cache that fills
	// and grows its tables while the other half reads them.
	for _, limit := range []int{0, 3000} {
		sameParallel(t, shippedAnalyzer(t, WithStemCache(limit)), news)
	}
}

// sameParallel fails when a's report of in differs read on several
// goroutines and on one.
func sameParallel(t *testing.T, a *Analyzer, in []byte) {
	t.Helper()
	a.parallelMin = parallelBytes
	par, err := a.Analyze("long", in).JSON()
	if err != nil {
		t.Fatal(err)
	}
	a.parallelMin = len(in) + 1
	ser, err := a.Analyze("long", in).JSON()
	if err != nil {
		t.Fatal(err)
	}
	a.parallelMin = parallelBytes
	if !bytes.Equal(par, ser) {
		t.Errorf("%d bytes: the report read on several goroutines differs from the serial one (%d and %d bytes of JSON)", len(in), len(par), len(ser))
	}
}

// TestSentenceOf: the sentence sentenceOf gives a token is the one the main
// pass reaches at it, for sentences and tokens laid out at random (empty
// sentences, tokens before the first sentence's end or past the last's).
func TestSentenceOf(t *testing.T) {
	rng := uint64(7)
	next := func(n int) int { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return int(rng % uint64(n)) }
	for range 20000 {
		var s state
		end := 0
		for range next(6) {
			end += 1 + next(20)
			s.spans = append(s.spans, Span{End: end})
		}
		at := 0
		for range 1 + next(30) {
			at += next(8)
			s.toks = append(s.toks, Token{Start: int32(at), End: int32(at + 1)})
		}
		si := 0
		for k, tk := range s.toks {
			for si+1 < len(s.spans) && int(tk.Start) >= s.spans[si].End {
				si++
			}
			if got := s.sentenceOf(k); got != si {
				t.Fatalf("spans %v, token %d at %d: sentenceOf = %d, the main pass has %d", s.spans, k, tk.Start, got, si)
			}
		}
	}
}

// TestPassGroupPanics: a pass that panics on its own goroutine panics on
// the caller's, in Wait, where a recover can catch it.
func TestPassGroupPanics(t *testing.T) {
	var g passGroup
	g.Go(func() {})
	g.Go(func() { panic("in a pass") })
	defer func() {
		if p := recover(); p != "in a pass" {
			t.Errorf("recovered %v, want the pass's panic", p)
		}
	}()
	g.Wait()
	t.Error("Wait returned after a pass panicked")
}
