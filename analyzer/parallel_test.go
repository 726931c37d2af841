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
	lex, err := LoadLexicon(os.DirFS("../lexicons/en"))
	if err != nil {
		t.Fatal(err)
	}
	actors, err := LoadActors(os.DirFS("../lexicons/en/actors"))
	if err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{0, 3000} {
		b, err := New(lex, WithActors(actors), WithStemCache(limit))
		if err != nil {
			t.Fatal(err)
		}
		sameParallel(t, b, news)
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
