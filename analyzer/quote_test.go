package analyzer

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func inners(input string, qs []Quote) []string {
	var out []string
	for _, q := range qs {
		out = append(out, input[q.Inner.Start:q.Inner.End])
	}
	return out
}

func TestQuotes(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"curly", "its “false flag” claim", []string{"false flag"}},
		{"straight", `its "false flag" claim and "another"`, []string{"false flag", "another"}},
		{"guillemets", "the «reform» plan", []string{"reform"}},
		{"nested single", "“They refused the ‘false flag’ rhetoric,” he said.", []string{"They refused the ‘false flag’ rhetoric,", "false flag"}},
		{"apostrophes are not quotes", "Pakistan’s envoy and India’s don’t count", nil},
		{"plural possessive", "the members’ view was clear", nil},
		{"straight single", "the 'reform' plan", []string{"reform"}},
		{"unclosed ends at paragraph", "“It went on and on\nNext paragraph.", []string{"It went on and on"}},
		{"unclosed inner", "“Outer ‘inner words” done", []string{"Outer ‘inner words", "inner words"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := inners(tt.in, Quotes([]byte(tt.in))); !slices.Equal(got, tt.want) {
				t.Errorf("Quotes(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestQuoteDepthAndSpan(t *testing.T) {
	in := "“A ‘b’ c”"
	qs := Quotes([]byte(in))
	if len(qs) != 2 {
		t.Fatalf("Quotes(%q) = %d quotes, want 2", in, len(qs))
	}
	if qs[0].Depth != 0 || qs[1].Depth != 1 {
		t.Errorf("depths = %d, %d, want 0, 1", qs[0].Depth, qs[1].Depth)
	}
	if got := in[qs[0].Start:qs[0].End]; got != in {
		t.Errorf("outer span = %q, want %q", got, in)
	}
	if !qs[0].Closed || !qs[1].Closed {
		t.Errorf("closed = %v, %v, want both", qs[0].Closed, qs[1].Closed)
	}
}

// TestQuoteRun holds the eight-byte scan to quoteStop on every byte value at
// every lane.
func TestQuoteRun(t *testing.T) {
	for b := range 256 {
		for pos := range 20 {
			in := []byte("abcdefghijklmnopqrstuvwx")
			in[pos] = byte(b)
			want := 0
			for want < len(in) && !quoteStop[in[want]] {
				want++
			}
			if got := quoteRun(in, 0); got != want {
				t.Fatalf("quoteRun with %#x at %d = %d, want %d", b, pos, got, want)
			}
		}
	}
}

// TestTokenFrom holds assignQuotes' and markReported's searches to the walks
// they replaced: the first token from ti on that starts at or after start,
// and the first that ends after it.
func TestTokenFrom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for range 2000 {
		var toks []Token
		pos := 0
		for range rng.IntN(60) {
			pos += 1 + rng.IntN(5)
			end := pos + 1 + rng.IntN(4)
			toks = append(toks, Token{Start: int32(pos), End: int32(end)})
			pos = end
		}
		ti := rng.IntN(len(toks) + 1)
		start := rng.IntN(pos + 8)
		want := ti
		for want < len(toks) && int(toks[want].Start) < start {
			want++
		}
		if got := tokenFrom(toks, ti, start); got != want {
			t.Fatalf("tokenFrom(%v, %d, %d) = %d, want %d", toks, ti, start, got, want)
		}
		// markReported's walk: the first token from ti that ends after pos
		want = ti
		for want < len(toks) && int(toks[want].End) <= start {
			want++
		}
		if got := tokenEndingAfter(toks, ti, start); got != want {
			t.Fatalf("tokenEndingAfter(%v, %d, %d) = %d, want %d", toks, ti, start, got, want)
		}
	}
}

// TestLowerBound holds lowerBound and lowerBoundNear to slices.BinarySearch, on sorted slices
// with repeats, of each element type it is used with, for x below, among and
// above the elements.
func TestLowerBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for range 3000 {
		var a32 []int32
		v := rng.IntN(3)
		for range rng.IntN(70) {
			v += rng.IntN(3) // repeats too
			a32 = append(a32, int32(v))
		}
		a := make([]int, len(a32))
		a64 := make([]uint64, len(a32))
		for i, e := range a32 {
			a[i], a64[i] = int(e), uint64(e)<<40
		}
		x := rng.IntN(v + 4)
		want, _ := slices.BinarySearch(a, x)
		if got := lowerBound(a32, int32(x)); got != want {
			t.Fatalf("lowerBound(%v, %d) = %d, want %d", a32, x, got, want)
		}
		if got := lowerBound(a, x); got != want {
			t.Fatalf("lowerBound(%v, %d) = %d, want %d", a, x, got, want)
		}
		if got := lowerBound(a64, uint64(x)<<40); got != want {
			t.Fatalf("lowerBound(%v, %d<<40) = %d, want %d", a64, x, got, want)
		}
		// from any hint, in or out of range
		hint := rng.IntN(len(a)+3) - 1
		if got := lowerBoundNear(a32, int32(x), hint); got != want {
			t.Fatalf("lowerBoundNear(%v, %d, %d) = %d, want %d", a32, x, hint, got, want)
		}
		if got := lowerBoundNear(a, x, hint); got != want {
			t.Fatalf("lowerBoundNear(%v, %d, %d) = %d, want %d", a, x, hint, got, want)
		}
	}
}
