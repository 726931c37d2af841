package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Each fixture places loaded phrases ("so-called", "flop show") both in
// boilerplate and in the article body: the body's must be in Text, the
// boilerplate's must not.
var htmlCases = []struct {
	file     string
	headline string
	meta     Metadata
	present  []string // article text, in this order
	absent   []string // boilerplate
}{
	{
		file:     "ledger.html",
		headline: "Harbour bridge plan stalls as council vote falls flat",
		meta: Metadata{
			Title: "Harbour bridge plan stalls as council vote falls flat", Byline: "Maren Oakley",
			Published: "2025-03-14T18:05:00Z", Outlet: "The Riverside Ledger",
			URL: "https://www.riverside-ledger.example/news/2025/03/harbour-bridge-plan-stalls", Language: "en-GB",
		},
		present: []string{
			"Plans for a second harbour bridge were shelved on Thursday night after councillors deadlocked over how the £240 million project",
			"Under the council’s rules a tied vote",
			"a “so-called consensus” that had never been tested",
			"“This was a flop show from the start,” said Councillor Idris Fenwick",
			"The council will publish the minutes of the meeting next week.",
		},
		absent: []string{
			"so-called best experience", "Accept all", "so-called reform agenda", "Flop show tickets",
			"impossible mortgage", "fair fares", "Ferry timetable", "never going to get built",
			"golden age of print", "flop show of the century", "Share on social", "Related stories",
			"dataLayer", "cookie-banner", "&ldquo;", "&pound;", "By Maren Oakley", "Home",
		},
	},
	{
		file:     "gazette-1252.html",
		headline: "Le marché couvert rouvre après deux ans de travaux",
		meta: Metadata{
			Title: "Le marché couvert rouvre après deux ans de travaux", Byline: "Hélène Brissac",
			Published: "2024-11-02T07:30:00+01:00", Outlet: "La Gazette du Val",
			URL: "https://gazette-du-val.example/region/marche-couvert-rouvre", Language: "fr",
		},
		present: []string{
			"venus dès l’aube.",
			"« On a tenu bon, mais ce fut long », confie Odile Marchetti",
			"parle d’un soi-disant « projet exemplaire » devenu un « flop show budgétaire ».",
		},
		absent: []string{"so-called", "flop show de l’été", "flop show des Bleus", "Accueil", "À lire aussi", "rocade", "mentions légales"},
	},
	{
		file:     "courier-latin1.html",
		headline: "Water company fined over river spills",
		meta: Metadata{
			Title: "Water company fined over river spills", Byline: "Tomás Reyes", Published: "2025-01-09",
			URL: "https://northvale-courier.example/environment/water-company-fined", Language: "en",
		},
		present: []string{
			"fined £1.2 million after magistrates heard",
			"described the company's so-called improvement plan as a public relations exercise",
		},
		absent: []string{"inside story", "flop show", "Keep reading", "Subscribe", "luxury cruise", "since 1887", "ADVERTISEMENT", "Log in"},
	},
}

func TestHTML(t *testing.T) {
	for _, tc := range htmlCases {
		t.Run(tc.file, func(t *testing.T) {
			doc, err := HTML(readFixture(t, tc.file))
			if err != nil {
				t.Fatalf("HTML(%s): %v", tc.file, err)
			}
			text := string(doc.Text)
			if !utf8.ValidString(text) {
				t.Errorf("HTML(%s).Text is not valid UTF-8", tc.file)
			}
			if got := string(doc.Headline()); got != tc.headline {
				t.Errorf("HTML(%s) headline = %q, want %q", tc.file, got, tc.headline)
			}
			if !strings.HasPrefix(text[doc.HeadlineEnd:], "\n\n") {
				t.Errorf("HTML(%s) text after the headline = %.20q, want a blank line", tc.file, text[doc.HeadlineEnd:])
			}
			if doc.Meta != tc.meta {
				t.Errorf("HTML(%s).Meta =\n%+v, want\n%+v", tc.file, doc.Meta, tc.meta)
			}
			at := 0
			for _, s := range tc.present {
				i := strings.Index(text[at:], s)
				if i < 0 {
					t.Errorf("HTML(%s).Text lacks (after byte %d) body text %q\ntext:\n%s", tc.file, at, s, text)
					continue
				}
				at += i + len(s)
			}
			for _, s := range tc.absent {
				if strings.Contains(text, s) {
					t.Errorf("HTML(%s).Text contains boilerplate %q\ntext:\n%s", tc.file, s, text)
				}
			}
			if strings.Contains(text, "\n\n\n") || strings.Contains(text, "  ") {
				t.Errorf("HTML(%s).Text has runs of blank lines or spaces:\n%s", tc.file, text)
			}
		})
	}
}

// Paragraphs are separated by exactly one blank line.
func TestHTMLParagraphs(t *testing.T) {
	doc, err := HTML(readFixture(t, "ledger.html"))
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(string(doc.Text), "\n\n")
	if len(paras) != 7 { // headline + six paragraphs
		t.Errorf("HTML(ledger.html) has %d blocks, want 7:\n%q", len(paras), paras)
	}
}

func TestHTMLNoArticle(t *testing.T) {
	for _, tc := range []struct{ name, page string }{
		{"section index", string(readFixture(t, "section-index.html"))},
		{"empty", ""},
		{"only a script", `<html><head><script>var x = "so-called";</script></head><body></body></html>`},
		{"one line", `<html><body><p>Short.</p></body></html>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := HTML([]byte(tc.page))
			if !errors.Is(err, ErrNoArticle) {
				t.Fatalf("HTML(%s) = %v, %v; want ErrNoArticle", tc.name, doc, err)
			}
			if !strings.HasPrefix(err.Error(), "no article: ") {
				t.Errorf("HTML(%s) error %q names no reason", tc.name, err)
			}
		})
	}
}

func TestHTMLMaxPageBytes(t *testing.T) {
	page := readFixture(t, "ledger.html")
	if _, err := HTML(page, WithMaxPageBytes(int64(len(page)))); err != nil {
		t.Errorf("HTML at exactly the limit: %v", err)
	}
	if _, err := HTML(page, WithMaxPageBytes(int64(len(page)-1))); !errors.Is(err, ErrTooLarge) {
		t.Errorf("HTML one byte over the limit = %v, want ErrTooLarge", err)
	}
	big := append(bytes.Repeat([]byte(" "), MaxPageBytes+1-len(page)), page...)
	if _, err := HTML(big); !errors.Is(err, ErrTooLarge) {
		t.Errorf("HTML of MaxPageBytes+1 bytes = %v, want ErrTooLarge", err)
	}
}

// The Content-Type header's charset wins over the page's <meta>.
func TestHTMLContentTypeCharset(t *testing.T) {
	page := []byte(`<html><head><meta charset="utf-8"><title>T</title></head><body><article><p>` +
		"Caf\xe9 owners say the so-called reform will cost them dearly, and the council has yet to answer their letters." +
		`</p></article></body></html>`)
	doc, err := HTML(page, WithContentType("text/html; charset=iso-8859-1"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(doc.Text, []byte("Café owners")) {
		t.Errorf("HTML with charset=iso-8859-1 header: text = %q, want Café decoded", doc.Text)
	}
}

func TestHTMLPageURL(t *testing.T) {
	page := []byte(`<html><head><link rel="canonical" href="/story/1"></head><body><article><p>` +
		strings.Repeat("The mayor announced a review of the tram contract on Monday. ", 3) + `</p></article></body></html>`)
	doc, err := HTML(page, WithPageURL("https://example.org/a/b?x=1"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://example.org/story/1"; doc.Meta.URL != want {
		t.Errorf("HTML canonical = %q, want %q", doc.Meta.URL, want)
	}
	if doc.HeadlineEnd != 0 || doc.Text[0] != 'T' {
		t.Errorf("HTML without a headline: HeadlineEnd = %d, text %.10q", doc.HeadlineEnd, doc.Text)
	}
}

func TestText(t *testing.T) {
	in := []byte("  “So-called” experts,\r\n\tsaid the <b>mayor</b> &amp; others.\n\n\n")
	doc, err := Text(in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc.Text, in) || doc.HeadlineEnd != 0 || doc.Format != FormatText {
		t.Errorf("Text(%q) = %+v, want the input unchanged", in, doc)
	}
	if _, err := Text(in, WithMaxPageBytes(int64(len(in)-1))); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Text over the limit = %v, want ErrTooLarge", err)
	}
}

// TestUTF8PageNotDecoded: extractHTML skips the charset decoder for a page
// that declares UTF-8 and is valid UTF-8. That holds only while the decoder
// gives such a page back byte for byte, a byte order mark included; this
// fails if it ever does not.
func TestUTF8PageNotDecoded(t *testing.T) {
	for _, page := range []string{
		"<meta charset=\"utf-8\"><p>Café “quoted”</p>",
		"\xef\xbb\xbf<p>a page with a byte order mark</p>",
		"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"><p>naïve</p>",
	} {
		enc, name, _ := charset.DetermineEncoding([]byte(page), "")
		if name != "utf-8" {
			t.Fatalf("%q: encoding %q, want utf-8", page, name)
		}
		out, err := enc.NewDecoder().Bytes([]byte(page))
		if err != nil || string(out) != page {
			t.Errorf("%q: the UTF-8 decoder gives %q, %v", page, out, err)
		}
	}
}
