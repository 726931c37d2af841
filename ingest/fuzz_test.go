package ingest

import (
	"bytes"
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzHTML: on any bytes, HTML does not panic, and a Document it returns has
// valid UTF-8 text, a headline span inside it, and a non-empty body; an
// error is one of the package's own.
func FuzzHTML(f *testing.F) {
	for _, name := range []string{"ledger.html", "gazette-1252.html", "courier-latin1.html", "section-index.html"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte("<meta charset=windows-1252><p>\x93so-called\x94 \xff\xfe</p>"))
	f.Add([]byte("<html><body><article><p>\x00\x00</p></article>"))
	f.Fuzz(func(t *testing.T, page []byte) {
		doc, err := HTML(page)
		if err != nil {
			if !errors.Is(err, ErrNoArticle) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("HTML: unexpected error %v", err)
			}
			return
		}
		if !utf8.Valid(doc.Text) {
			t.Fatalf("HTML text is not valid UTF-8: %q", doc.Text)
		}
		if doc.HeadlineEnd < 0 || doc.HeadlineEnd > len(doc.Text) {
			t.Fatalf("HeadlineEnd %d outside text of %d bytes", doc.HeadlineEnd, len(doc.Text))
		}
		if doc.HeadlineEnd > 0 && !bytes.HasPrefix(doc.Text[doc.HeadlineEnd:], []byte("\n\n")) {
			t.Fatalf("no blank line after the headline: %q", doc.Text)
		}
		if len(doc.Text)-doc.HeadlineEnd < MinArticleBytes {
			t.Fatalf("body shorter than MinArticleBytes: %q", doc.Text)
		}
	})
}

func BenchmarkHTML(b *testing.B) {
	page := readFixture(b, "ledger.html")
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := HTML(page); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWARC(b *testing.B) {
	archive := bytes.Join(marshalWARC(b, true, testRecords(b)), nil)
	b.SetBytes(int64(len(archive)))
	b.ReportAllocs()
	for b.Loop() {
		for _, err := range NewWARCReader(bytes.NewReader(archive)).Documents() {
			var re *RecordError
			if err != nil && !errors.As(err, &re) {
				b.Fatal(err)
			}
		}
	}
}
