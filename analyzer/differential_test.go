package analyzer

import (
	"bytes"
	"fmt"
	"testing"
)

// TestDifferentialStemCache holds the stem cache (packed keys, hashed keys
// for other words, growth while in use) to the uncached path, which folds and
// stems every word: the reports must be byte-identical on generated news,
// the real corpora when present and every adversarial generator, cold and
// warm.
func TestDifferentialStemCache(t *testing.T) {
	ref := realAnalyzer(t)
	uncached, err := New(ref.Lexicon(), WithStemCache(0), WithActors(ref.actors))
	if err != nil {
		t.Fatal(err)
	}
	small, err := New(ref.Lexicon(), WithStemCache(500), WithActors(ref.actors))
	if err != nil {
		t.Fatal(err)
	}
	var inputs [][]byte
	big := newsCorpus(1 << 20)
	for i := range 60 {
		lo := (i * 15013) % (len(big) - 30000)
		inputs = append(inputs, big[lo:lo+(i*499)%30000])
	}
	inputs = append(inputs, big, []byte("Ünïcödé wörds, ÉLAN and Straße; a verylongwordindeedthatisnotpacked’s “scare” test."))
	inputs = append(inputs, realNews(t)...)
	inputs = append(inputs, seedNews()...)
	for _, g := range adversarial {
		inputs = append(inputs, g.gen(16<<10))
	}
	for i, in := range inputs {
		want, err := uncached.Analyze("d", in).JSON()
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []*Analyzer{ref, small, ref} {
			got, err := a.Analyze("d", in).JSON()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("input %d (%d bytes): cached report differs from uncached\n%s", i, len(in), firstDiff(got, want))
			}
		}
	}
}

// firstDiff shows where two outputs part.
func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(0, i-80)
	return fmt.Sprintf("at byte %d:\n got %q\nwant %q", i, got[lo:min(len(got), i+80)], want[lo:min(len(want), i+80)])
}

// TestStemCacheConcurrentGrowth: goroutines that meet new words at once
// insert into the cache and grow its tables while others read them; every
// report still equals the uncached one (run with -race).
func TestStemCacheConcurrentGrowth(t *testing.T) {
	ref := realAnalyzer(t)
	uncached, err := New(ref.Lexicon(), WithStemCache(0), WithActors(ref.actors))
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := New(ref.Lexicon(), WithActors(ref.actors))
	if err != nil {
		t.Fatal(err)
	}
	big := newsCorpus(512 << 10)
	const workers = 4
	part := len(big) / workers
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			in := big[w*part : (w+1)*part]
			want, _ := uncached.Analyze("d", in).JSON()
			for range 2 {
				if got, _ := fresh.Analyze("d", in).JSON(); !bytes.Equal(got, want) {
					errs <- fmt.Errorf("worker %d: report differs from uncached\n%s", w, firstDiff(got, want))
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
