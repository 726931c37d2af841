package analyzer

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Adversarial inputs: text no newsroom writes, that an attacker or an unlucky
// export could. Each generator returns exactly size bytes of one pattern.
// docs/limits.md gives the time and memory each takes; the tests below hold
// the work of Analyze to linear growth on every one.
var adversarial = []struct {
	name string
	gen  func(size int) []byte
}{
	// many actor mentions and loaded words, no sentence break: every
	// finding has the whole text as its sentence
	{"actors", repeatTo("Pakistan and India condemned the brutal regime of the United Nations and NATO ")},
	// a person pronoun whose antecedent of its kind never comes
	{"pronouns", repeatTo("Pakistan condemned his brutal regime and he lamented the narrative of India ")},
	// a subject pronoun starting each clause, after sentences of objects
	{"subjects", repeatTo("He said India, the regime of Pakistan and NATO lamented. ")},
	// two findings per 8 bytes, each a scare quote
	{"short-quotes", repeatTo(`"a" 'b' `)},
	// quotes opened and never closed, deeper than the quote stack
	{"unclosed-quotes", repeatTo("“brutal ‘regime “so-called ‘narrative ")},
	// quotes nested four deep, closed
	{"nested-quotes", repeatTo("“a ‘brutal “b ‘regime’ c” d’ e” ")},
	// words and loaded terms with no sentence or clause punctuation at all
	{"no-breaks", noBreaks},
	// the words of multi-word terms with junk between them
	{"junk-in-terms", repeatTo("under the -- guise of flop /// show fell ... flat under the ")},
	// periods that never end a sentence
	{"abbreviations", repeatTo("Mr. Dr. Gen. U.S. a.m. Sen. Col. e.g. ")},
	// a sentence every five bytes
	{"tiny-sentences", repeatTo("Yes. ")},
	// a one-letter word every two bytes
	{"tiny-words", repeatTo("a ")},
	// one run of capitalized names, known actors and a known surname
	{"name-run", func(size int) []byte {
		return prefixed("Antonio Guterres spoke. ", "Pakistan Guterres India Guterres NATO ", size)
	}},
	// an unknown capitalized name, a new one each time
	{"new-names", newNames},
}

// repeatTo returns a generator that repeats unit to size bytes, cut at a
// UTF-8 boundary and padded with spaces.
func repeatTo(unit string) func(int) []byte {
	return func(size int) []byte { return prefixed("", unit, size) }
}

func prefixed(head, unit string, size int) []byte {
	b := make([]byte, 0, size+len(unit))
	b = append(b, head...)
	for len(b) < size {
		b = append(b, unit...)
	}
	return padTo(b, size)
}

// padTo cuts b to size bytes at a rune boundary and pads it with spaces.
func padTo(b []byte, size int) []byte {
	if len(b) > size {
		b = b[:size]
		for len(b) > 0 && b[len(b)-1]&0xC0 == 0x80 {
			b = b[:len(b)-1]
		}
		if len(b) > 0 && b[len(b)-1] >= 0xC0 {
			b = b[:len(b)-1]
		}
	}
	for len(b) < size {
		b = append(b, ' ')
	}
	return b
}

// noBreaks is the benchmark corpus, lower-cased, without punctuation or line
// breaks.
func noBreaks(size int) []byte {
	c := benchCorpus(size)
	c = bytes.ToLower(c)
	for i, ch := range c {
		switch ch {
		case '.', ',', '\n', '!', '?', ';', ':':
			c[i] = ' '
		}
	}
	return padTo(c, size)
}

// newNames is a run of distinct capitalized names in one sentence.
func newNames(size int) []byte {
	b := make([]byte, 0, size+32)
	for i := 0; len(b) < size; i++ {
		b = fmt.Appendf(b, "Brel%x Talvet%x condemned the regime ", i, i)
	}
	return padTo(b, size)
}

// TestAdversarialLinear fails when the work of Analyze grows faster than the
// input on an adversarial input: it counts the steps of the loops that search
// around a token, and the bytes allocated, at two sizes.
func TestAdversarialLinear(t *testing.T) {
	a := realAnalyzer(t)
	const small, large = 64 << 10, 512 << 10
	for _, g := range adversarial {
		t.Run(g.name, func(t *testing.T) {
			s1, b1 := work(a, g.gen(small))
			s2, b2 := work(a, g.gen(large))
			perByte := func(n, size int) float64 { return float64(n) / float64(size) }
			// Work per byte may vary a little with the size (a report's
			// actors, map growth); twice as much at eight times the input
			// is growth, not noise.
			if p1, p2 := perByte(s1, small), perByte(s2, large); p2 > 1.5*p1+0.5 {
				t.Errorf("%s: %.2f steps per byte at %d bytes, %.2f at %d: work grows faster than the input", g.name, p1, small, p2, large)
			}
			if p1, p2 := perByte(b1, small), perByte(b2, large); p2 > 1.5*p1+8 {
				t.Errorf("%s: %.1f bytes allocated per byte at %d bytes, %.1f at %d: memory grows faster than the input", g.name, p1, small, p2, large)
			}
			if p := perByte(s2, large); p > maxStepsPerByte {
				t.Errorf("%s: %.1f steps per input byte, want at most %d", g.name, p, maxStepsPerByte)
			}
		})
	}
}

// TestAdversarialLinearWindows is TestAdversarialLinear for long inputs,
// read in windows: each generator's text in paragraphs of 2 KiB, in
// windows of 16 KiB, so that what a window carries to the next (mentions,
// speakers) is read again at every cut.
func TestAdversarialLinearWindows(t *testing.T) {
	a := realAnalyzer(t)
	a.window, a.windowMin = 16<<10, 0
	defer func() { a.window, a.windowMin = windowBytes, windowMin }()
	const small, large = 64 << 10, 512 << 10
	paragraphs := func(gen func(int) []byte, size int) []byte {
		unit := append(gen(2<<10), "\n\n"...)
		return bytes.Repeat(unit, size/len(unit)+1)[:size]
	}
	for _, g := range adversarial {
		t.Run(g.name, func(t *testing.T) {
			s1, _ := work(a, paragraphs(g.gen, small))
			s2, _ := work(a, paragraphs(g.gen, large))
			p1, p2 := float64(s1)/small, float64(s2)/large
			if p2 > 1.5*p1+0.5 {
				t.Errorf("%s in windows: %.2f steps per byte at %d bytes, %.2f at %d: work grows faster than the input", g.name, p1, small, p2, large)
			}
			if p2 > maxStepsPerByte {
				t.Errorf("%s in windows: %.1f steps per input byte, want at most %d", g.name, p2, maxStepsPerByte)
			}
		})
	}
}

// maxStepsPerByte bounds the steps of one Analyze call per input byte on any
// input (FuzzSteps holds it too).
const maxStepsPerByte = 8

// work returns the steps of one Analyze call and the bytes it allocated,
// once the scratch space has grown to the input. The JSON encoding is left
// out: encoding/json keeps its buffers in a sync.Pool, which the race
// detector empties at random, so what it allocates is not a function of the
// input there; the analyzer's own reuse (the free list) is.
func work(a *Analyzer, input []byte) (steps, allocated int) {
	a.Analyze("warm", input)
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	_, steps = a.analyze("adversarial", input)
	runtime.ReadMemStats(&m1)
	return steps, int(m1.TotalAlloc - m0.TotalAlloc)
}

// FuzzSteps holds Analyze to maxStepsPerByte steps per input byte on any
// input, repeated to make the quadratic cases show.
func FuzzSteps(f *testing.F) {
	for _, g := range adversarial {
		f.Add(g.gen(200))
	}
	a := realAnalyzer(f)
	f.Fuzz(func(t *testing.T, unit []byte) {
		if len(unit) == 0 || len(unit) > 512 {
			return
		}
		input := bytes.Repeat(unit, (64<<10)/len(unit))
		_, steps := a.analyze("fuzz", input)
		if p := float64(steps) / float64(len(input)); p > maxStepsPerByte {
			t.Errorf("%.1f steps per input byte on %q repeated, want at most %d", p, unit, maxStepsPerByte)
		}
	})
}

// BenchmarkAdversarial analyzes each adversarial input at 1, 2, 4 and 8 MiB,
// JSON output included: time per byte that rises with the size is growth.
//
//	go test ./analyzer -run '^$' -bench Adversarial -benchmem -cpu 1 -benchtime 1x
func BenchmarkAdversarial(b *testing.B) {
	a := realAnalyzer(b)
	for _, g := range adversarial {
		for _, mb := range []int{1, 2, 4, 8} {
			b.Run(fmt.Sprintf("%s/%dMiB", g.name, mb), func(b *testing.B) {
				input := g.gen(mb << 20)
				b.SetBytes(int64(len(input)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := a.Analyze("bench", input).JSON(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

var adversarialDir = flag.String("adversarial.dir", "", "write each adversarial input at 1, 2, 4 and 8 MiB to this directory (TestWriteAdversarial)")

// TestWriteAdversarial writes the adversarial inputs as files, to measure
// the CLI on them (docs/limits.md):
//
//	go test ./analyzer -run TestWriteAdversarial -adversarial.dir /tmp/adv
func TestWriteAdversarial(t *testing.T) {
	if *adversarialDir == "" {
		t.Skip("no -adversarial.dir")
	}
	if err := os.MkdirAll(*adversarialDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, g := range adversarial {
		for _, mb := range []int{1, 2, 4, 8} {
			name := filepath.Join(*adversarialDir, fmt.Sprintf("%s-%dMiB.txt", g.name, mb))
			if err := os.WriteFile(name, g.gen(mb<<20), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
