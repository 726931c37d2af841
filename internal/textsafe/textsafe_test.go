package textsafe

import "testing"

func TestFieldAndOutput(t *testing.T) {
	tests := []struct {
		name, in, field, output string
	}{
		{"plain", "so-called plan", "so-called plan", "so-called plan"},
		{"escape sequence", "a\x1b[31mred", "a\uFFFD[31mred", "a\uFFFD[31mred"},
		{"bell and C1", "a\x07b\u009bc", "a\uFFFDb\uFFFDc", "a\uFFFDb\uFFFDc"},
		{"bidi override and isolate", "abc\u202edef\u2067g", "abc\uFFFDdef\uFFFDg", "abc\uFFFDdef\uFFFDg"},
		{"layout", "line one\nline\ttwo\r", "line one line two ", "line one\nline\ttwo\uFFFD"},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb", "a\uFFFDb"},
		{"non-Latin text stays", "Genève — «так»", "Genève — «так»", "Genève — «так»"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Field(tt.in); got != tt.field {
				t.Errorf("Field(%q) = %q, want %q", tt.in, got, tt.field)
			}
			if got := Output(tt.in); got != tt.output {
				t.Errorf("Output(%q) = %q, want %q", tt.in, got, tt.output)
			}
		})
	}
}
