package e2e

import (
	"encoding/json"
	"fmt"
	"html"
	"math/rand/v2"
	"strings"
)

// The tables test's corpus: articles from five invented outlets, made here
// from templates in news style (loaded verbs and labels, quotes, named
// actors), the same for every run. Each outlet leans on its own verbs, so the
// outlets' terms differ.

// newsOutlet is one invented outlet and how its pages describe themselves.
type newsOutlet struct {
	name, key string // the name the pages give, and tables.OutletKey of it
	host      string
	meta      string // "jsonld" (NewsArticle with publisher and datePublished) or "og" (og:site_name, article:published_time)
	tz        string // the UTC offset of the pages' times
	hour      int    // the local hour of the pages' times (late with a negative offset: UTC is the next day)
	verbs     []string
}

var newsOutlets = []newsOutlet{
	{"Valley Sentinel", "valley-sentinel", "valleysentinel.example", "jsonld", "Z", 8,
		[]string{"slammed", "blasted", "lashed out at"}},
	{"The Harbour Ledger", "the-harbour-ledger", "harbourledger.example", "og", "+01:00", 11,
		[]string{"rebuked", "chided", "criticized"}},
	{"Northgate Courier", "northgate-courier", "northgatecourier.example", "jsonld", "-05:00", 23,
		[]string{"lambasted", "excoriated", "slammed"}},
	{"Ridge Daily Post", "ridge-daily-post", "ridgedailypost.example", "og", "+05:30", 9,
		[]string{"ripped into", "tore into", "hammered"}},
	{"Coastline Wire", "coastline-wire", "coastlinewire.example", "jsonld", "+00:00", 14,
		[]string{"criticized", "questioned", "berated"}},
}

var (
	newsActors = []string{"Germany", "France", "Kenya", "Nigeria", "Japan", "India", "Egypt", "Turkey", "the United Nations"}
	newsTopics = []string{"grain exports", "a river dam", "fishing rights", "a rail corridor", "visa rules", "a border crossing", "power prices"}
	newsNames  = []string{"Mara Ellison", "Tomas Reyes", "Ada Quill", "Priya Nair", "Jon Okafor", "Lena Brandt"}
	newsLeads  = []string{
		"%[1]s %[3]s %[2]s on Tuesday over %[4]s, calling the plan a reckless gamble.",
		"%[1]s %[3]s %[2]s after talks on %[4]s collapsed late on Monday.",
		"Officials in %[1]s %[3]s what they called a regime of quiet pressure from %[2]s over %[4]s.",
		"%[1]s and %[2]s met in Geneva on Wednesday to discuss %[4]s.",
	}
	newsMiddles = []string{
		"Critics say %[2]s has been harbouring smugglers near the crossing, a charge its ministers deny.",
		"The agreement on %[4]s, signed in 2019, was meant to run until 2030.",
		"Analysts said the dispute could delay shipments for weeks.",
		"Observers described the mood at the talks as tense but businesslike.",
		"The so-called compromise left both sides claiming victory.",
		"Figures published by %[1]s show trade between the two fell by a fifth last year.",
	}
	newsQuotes = []string{
		`"This is a disastrous decision that will hurt ordinary families," a spokesperson for %[2]s said.`,
		`"We will not be bullied by a rogue state," a minister in %[1]s told reporters.`,
		`"The numbers speak for themselves," an adviser to %[1]s said.`,
		`"Our door remains open," an envoy of %[2]s said on Thursday.`,
		`"It is an outrageous attack on our farmers," said a lawmaker from %[1]s.`,
	}
	newsEnds = []string{
		"Talks are expected to resume next week.",
		"Neither side gave a date for the next round.",
		"The ministry did not reply to a request for comment.",
	}
)

// newsArticle is one generated article and where it goes.
type newsArticle struct {
	outlet          int
	n               int    // its number within the outlet, from 0
	date            string // YYYY-MM-DD: the page's own calendar date
	title, byline   string
	url, published  string
	paragraphs      []string
	jsonl           bool // a record of the outlet's JSON Lines export, not an HTML page
	key             string
	line            int // its line in the export, when jsonl
	wantDocID       string
	wantReportKeyIn string // the report key, after the report prefix
}

// generateNews returns perOutlet articles for each outlet, the same on
// every run.
func generateNews(perOutlet int) []newsArticle {
	var out []newsArticle
	for oi, o := range newsOutlets {
		rng := rand.New(rand.NewPCG(12, uint64(oi)))
		for n := range perOutlet {
			a, b := newsActors[rng.IntN(len(newsActors))], newsActors[rng.IntN(len(newsActors))]
			for b == a {
				b = newsActors[rng.IntN(len(newsActors))]
			}
			topic := newsTopics[rng.IntN(len(newsTopics))]
			verb := o.verbs[rng.IntN(len(o.verbs))]
			fill := func(s string) string { return capitalize(fmt.Sprintf(s, a, b, verb, topic)) }
			day := 1 + rng.IntN(7)
			art := newsArticle{
				outlet: oi, n: n,
				date:   fmt.Sprintf("2025-03-%02d", day),
				title:  capitalize(fmt.Sprintf("%s %s %s over %s", a, verb, b, topic)),
				byline: newsNames[rng.IntN(len(newsNames))],
			}
			art.url = fmt.Sprintf("https://%s/2025/03/%02d/story-%03d", o.host, day, n)
			art.published = fmt.Sprintf("%sT%02d:%02d:00%s", art.date, o.hour, rng.IntN(60), o.tz)
			art.paragraphs = []string{
				fill(newsLeads[rng.IntN(len(newsLeads))]) + " " + fill(newsMiddles[rng.IntN(len(newsMiddles))]),
				fill(newsQuotes[rng.IntN(len(newsQuotes))]) + " " + fill(newsMiddles[rng.IntN(len(newsMiddles))]),
				fill(newsQuotes[rng.IntN(len(newsQuotes))]) + " " + fill(newsEnds[rng.IntN(len(newsEnds))]),
			}
			out = append(out, art)
		}
	}
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// page is the article as an HTML page that says its outlet and date in
// JSON-LD or OpenGraph, with a navigation bar and a footer to strip.
func (a newsArticle) page() []byte {
	o := newsOutlets[a.outlet]
	var b strings.Builder
	esc := html.EscapeString
	b.WriteString("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
	fmt.Fprintf(&b, "<title>%s | %s</title>\n<link rel=\"canonical\" href=\"%s\">\n", esc(a.title), esc(o.name), a.url)
	switch o.meta {
	case "jsonld":
		ld, _ := json.Marshal(map[string]any{
			"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title, "datePublished": a.published,
			"author":    map[string]string{"@type": "Person", "name": a.byline},
			"publisher": map[string]string{"@type": "Organization", "name": o.name},
		})
		fmt.Fprintf(&b, "<script type=\"application/ld+json\">%s</script>\n", ld)
	case "og":
		fmt.Fprintf(&b, "<meta property=\"og:site_name\" content=\"%s\">\n<meta property=\"og:title\" content=\"%s\">\n"+
			"<meta property=\"article:published_time\" content=\"%s\">\n<meta name=\"author\" content=\"%s\">\n",
			esc(o.name), esc(a.title), a.published, esc(a.byline))
	}
	fmt.Fprintf(&b, "</head><body>\n<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/business\">Business</a></nav>\n")
	fmt.Fprintf(&b, "<article><h1>%s</h1>\n<p class=\"byline\">By %s</p>\n", esc(a.title), esc(a.byline))
	for _, p := range a.paragraphs {
		fmt.Fprintf(&b, "<p>%s</p>\n", esc(p))
	}
	fmt.Fprintf(&b, "</article>\n<footer>&copy; 2025 %s</footer>\n</body></html>\n", esc(o.name))
	return []byte(b.String())
}

// record is the article as a line of a CMS's JSON Lines export.
func (a newsArticle) record() []byte {
	o := newsOutlets[a.outlet]
	line, _ := json.Marshal(map[string]any{
		"id": fmt.Sprintf("%s-%03d", o.key, a.n), "url": a.url, "outlet": o.name, "published": a.published, "title": a.title,
		"text": a.title + "\n\n" + strings.Join(a.paragraphs, "\n\n"), "section": "world",
	})
	return append(line, '\n')
}
