package analyzer

import (
	"slices"
	"strings"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"two", "It fell flat. Members left.", []string{"It fell flat.", "Members left."}},
		{"abbreviation", "Mr. Ahmad spoke. Dr. Brel said no.", []string{"Mr. Ahmad spoke.", "Dr. Brel said no."}},
		{"dotted acronym", "The U.S. envoy and the U.N. chief met.", []string{"The U.S. envoy and the U.N. chief met."}},
		{"initial", "Minister S. Jaishankar held talks. Others did not.", []string{"Minister S. Jaishankar held talks.", "Others did not."}},
		{"time", "It starts at 10 a.m. on Monday. Then lunch.", []string{"It starts at 10 a.m. on Monday.", "Then lunch."}},
		{"decimal", "Growth was 3.5 percent. It slowed.", []string{"Growth was 3.5 percent.", "It slowed."}},
		{"quote closes after period", "He said “it is over.” Then he left.", []string{"He said “it is over.”", "Then he left."}},
		{"quote then attribution", "“It is over,” he said. “We go.” She agreed.", []string{"“It is over,” he said.", "“We go.”", "She agreed."}},
		{"question inside quote then lower", "“Why now?” asked one envoy.", []string{"“Why now?” asked one envoy."}},
		{"headline line", "Russia Backs India\nThe talks went on.", []string{"Russia Backs India", "The talks went on."}},
		{"hard wrap joins", "The talks went\non for hours.", []string{"The talks went\non for hours."}},
		{"blank line", "Headline\n\nbody starts lower.", []string{"Headline", "body starts lower."}},
		{"general", "Gen. Munir spoke.", []string{"Gen. Munir spoke."}},
		{"no terminal", "no period at all", []string{"no period at all"}},
		{"ellipsis", "It went on… Then stopped.", []string{"It went on…", "Then stopped."}},
		{"empty", "", nil},
		{"spaces only", "  \n ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := texts(tt.in, Sentences([]byte(tt.in))); !slices.Equal(got, tt.want) {
				t.Errorf("Sentences(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestOrdinaryRun holds the eight-byte scan to the byte-at-a-time one on
// every byte value at every lane.
func TestOrdinaryRun(t *testing.T) {
	for b := range 256 {
		for pos := range 20 {
			in := []byte(strings.Repeat("ab cd ef gh ", 3))[:24]
			in[pos] = byte(b)
			want := 0
			for want < len(in) && sentenceOrdinary[in[want]] {
				want++
			}
			if got := ordinaryRun(in, 0); got != want {
				t.Fatalf("ordinaryRun with %#x at %d = %d, want %d", b, pos, got, want)
			}
		}
	}
}
