package ingest

import (
	"strings"
	"testing"
)

// A page's slant-* comments come out as Directives at the offsets of Text
// where they stood, and no marker is left in Text.
func TestHTMLDirectives(t *testing.T) {
	d, err := HTML(readFixture(t, "reviewed.html"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(d.Text)
	if strings.ContainsAny(text, string(markOpen)+string(markClose)) {
		t.Fatalf("Text keeps a directive marker: %q", text)
	}
	want := []struct {
		body   string
		before string // the text that must follow the directive's offset
	}{
		{"slant-ignore-next", "Opponents called the vote"},
		{"slant-disable so-called", "The so-called compromise"},
		{"slant-enable", "\n\nA final so-called review"},
	}
	if len(d.Directives) != len(want) {
		t.Fatalf("Directives = %+v, want %d", d.Directives, len(want))
	}
	for i, w := range want {
		got := d.Directives[i]
		if got.Body != w.body || !strings.HasPrefix(text[got.Offset:], w.before) {
			t.Errorf("directive %d = %q at %d (before %.30q), want %q before %q", i, got.Body, got.Offset, text[got.Offset:], w.body, w.before)
		}
	}
	if strings.Contains(text, "ordinary comment") {
		t.Errorf("a plain comment reached Text")
	}
}

func TestTakeDirectives(t *testing.T) {
	bodies := []string{"slant-disable", "slant-enable"}
	in := "A\uE0000\uE001 b\n\n\uE0000\uE001 c\uE0001\uE001\n\nd \uE0009\uE001e \uE000x"
	got, dirs := takeDirectives([]byte(in), bodies)
	if want := "A b\n\nc\n\nd e \uE000x"; string(got) != want {
		t.Errorf("text = %q, want %q", got, want)
	}
	wantDirs := []Directive{{1, "slant-disable"}, {5, "slant-disable"}, {6, "slant-enable"}}
	if len(dirs) != len(wantDirs) {
		t.Fatalf("directives = %+v, want %+v", dirs, wantDirs)
	}
	for i := range dirs {
		if dirs[i] != wantDirs[i] {
			t.Errorf("directive %d = %+v, want %+v", i, dirs[i], wantDirs[i])
		}
	}
}
