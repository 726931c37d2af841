package analyzer

import (
	"bufio"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"
)

// newsCorpus builds deterministic text with the densities of real news
// (issue 10, measured on 2 MB of published articles): about 6.2 bytes per
// word and, per 1,000 words, about 50 sentences, 32 findings, 12 quotes and 44
// actor mentions, with a vocabulary that keeps growing with the text as real
// news does. TestNewsCorpusDensities prints what it measures on it and on the
// real corpora next to it. The words are made up or common English; no
// sentence is taken from any article.
func newsCorpus(size int) []byte {
	g := newNewsGen(7)
	var b strings.Builder
	b.Grow(size + 512)
	for b.Len() < size {
		g.paragraph(&b)
	}
	return []byte(b.String())
}

// newsGen holds the word lists and the random source of one corpus.
type newsGen struct {
	rng     *rand.Rand
	vocab   []string // made-up content words, drawn by Zipf rank
	names   []string // made-up surnames and given names
	zipf    *rand.Zipf
	nameZip *rand.Zipf
}

// Frequent English words, roughly in order of frequency in news.
var newsFunction = strings.Fields(`the the the the of of of to to to a a and and in in that is was for on with as by at
from it his her their which said had has have been not be are this an or but also after over who
will would were more than its about up into new one two last year people told other first could
there when while they we our some all before because during since against between under where
can may such government officials police state city week month country public local group report`)

// newsContent are common content words of news, used between the made-up ones.
var newsContent = strings.Fields(`meeting statement election minister council security attack
court decision vote law health economy trade talks region border forces military troops
support plan policy members leaders agreement parliament president campaign company workers
water power prices market investigation hospital school children families victims residents
announced reported confirmed expected announced continued including according described
released issued warned agreed rejected opened closed held called added noted asked`)

// newsTerms are lexicon terms, weighted toward the hedges, attribution verbs
// and factives that make up most findings in real news.
var newsTerms = strings.Fields(`claimed claimed claimed reportedly reportedly confirmed confirmed
allegedly apparently may_have sort_of in_fact of_course according_to_reports officials_said
revealed admitted dismissed conceded clearly obviously certainly definitely entirely completely
extremely absolutely controversial dangerous shocking crisis disaster devastating invasion
attacked destroyed slammed blasted regime propaganda agenda lies hoax so-called narrative
failed_to refused_to turns_out brutal flop_show fell_flat firmly harbouring destabilising
under_the_guise_of sources_said rhetoric exposed lamented terrorists establishment`)

// newsActors are actors the shipped lexicon knows.
var newsActors = []string{"Pakistan", "India", "China", "the United States", "Russia", "Ukraine", "Iran",
	"Israel", "the United Nations", "the European Union", "NATO", "Islamabad", "New Delhi", "Beijing",
	"Washington", "Moscow", "the Security Council", "Indian", "Pakistani", "Chinese", "Japan", "Brazil",
	"Germany", "France", "the World Health Organization", "Turkey", "Egypt", "Australia", "Canada"}

var newsTitles = strings.Fields(`President Minister Senator Governor Mayor Ambassador Spokesperson Chancellor Judge Dr. Mr. Ms.`)

var newsSpeech = strings.Fields(`said said said said told added stated noted argued insisted`)

func newNewsGen(seed uint64) *newsGen {
	g := &newsGen{rng: rand.New(rand.NewPCG(seed, seed*31+1))}
	syll := strings.Fields("ba ke ri mo tu sen dar vel ost ran qui lo pe zan thi gor mi na ver ca lu dre so fin ta el an ist or um")
	suffix := []string{"", "", "", "", "", "", "s", "s", "ed", "ing", "ly", "er", "al"}
	seen := map[string]bool{}
	for len(g.vocab) < 60000 {
		var w strings.Builder
		for range 1 + g.rng.IntN(2) + g.rng.IntN(2)*g.rng.IntN(2) {
			w.WriteString(syll[g.rng.IntN(len(syll))])
		}
		w.WriteString(suffix[g.rng.IntN(len(suffix))])
		if s := w.String(); len(s) > 2 && !seen[s] {
			seen[s] = true
			g.vocab = append(g.vocab, s)
		}
	}
	// Frequent words are short, as in any language.
	sort.SliceStable(g.vocab, func(i, j int) bool { return len(g.vocab[i]) < len(g.vocab[j]) })
	for len(g.names) < 4000 {
		var w strings.Builder
		for range 2 + g.rng.IntN(2) {
			w.WriteString(syll[g.rng.IntN(len(syll))])
		}
		s := w.String()
		g.names = append(g.names, strings.ToUpper(s[:1])+s[1:])
	}
	g.zipf = rand.NewZipf(g.rng, 1.02, 4, uint64(len(g.vocab)-1))
	g.nameZip = rand.NewZipf(g.rng, 1.1, 2, uint64(len(g.names)-1))
	return g
}

func (g *newsGen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// word is one word of running text: a function word, a common or made-up
// content word, a number, a term or an actor.
func (g *newsGen) word(b *strings.Builder) {
	switch r := g.rng.IntN(1000); {
	case r < 480:
		b.WriteString(g.pick(newsFunction))
	case r < 510:
		b.WriteString(strings.ReplaceAll(g.pick(newsTerms), "_", " "))
	case r < 532:
		b.WriteString(g.pick(newsActors))
	case r < 544:
		b.WriteString(g.person())
	case r < 559:
		b.WriteString(g.pick([]string{"1,250", "26", "2019", "3.5", "40", "12", "100"}))
	case r < 574:
		v := g.vocab[g.zipf.Uint64()]
		b.WriteString(strings.ToUpper(v[:1]) + v[1:])
	case r < 670:
		b.WriteString(g.pick(newsContent))
	default:
		b.WriteString(g.vocab[g.zipf.Uint64()])
	}
}

// person is a person's name, sometimes with a title.
func (g *newsGen) person() string {
	name := g.names[g.nameZip.Uint64()]
	switch g.rng.IntN(4) {
	case 0:
		return g.pick(newsTitles) + " " + g.names[g.nameZip.Uint64()] + " " + name
	case 1:
		return g.names[g.nameZip.Uint64()] + " " + name
	}
	return name
}

// clause writes n words with commas now and then.
func (g *newsGen) clause(b *strings.Builder, n int, capital bool) {
	for i := range n {
		if i > 0 {
			if g.rng.IntN(12) == 0 {
				b.WriteString(",")
			}
			b.WriteString(" ")
		}
		if capital && i == 0 {
			var w strings.Builder
			g.word(&w)
			s := w.String()
			b.WriteString(strings.ToUpper(s[:1]) + s[1:])
			continue
		}
		g.word(b)
	}
}

// sentence writes one sentence: plain, a quotation with its speaker, or one
// with a scare quote or a pronoun subject.
func (g *newsGen) sentence(b *strings.Builder) {
	n := 9 + g.rng.IntN(22)
	switch r := g.rng.IntN(100); {
	case r < 18: // “…,” Name said.
		b.WriteString("“")
		g.clause(b, n-3, true)
		b.WriteString(",” ")
		if g.rng.IntN(2) == 0 {
			b.WriteString(g.person())
		} else {
			b.WriteString(g.pick(newsActors))
		}
		b.WriteString(" " + g.pick(newsSpeech) + ".")
	case r < 23: // a scare quote
		g.clause(b, n/2, true)
		b.WriteString(" ‘")
		g.clause(b, 1+g.rng.IntN(2), false)
		b.WriteString("’ ")
		g.clause(b, n/2, false)
		b.WriteString(".")
	case r < 40: // a pronoun subject
		b.WriteString(g.pick([]string{"He", "She", "It", "They", "Its"}) + " ")
		g.clause(b, n-1, false)
		b.WriteString(".")
	default:
		g.clause(b, n, true)
		b.WriteString(".")
	}
}

func (g *newsGen) paragraph(b *strings.Builder) {
	for i := range 2 + g.rng.IntN(4) {
		if i > 0 {
			b.WriteString(" ")
		}
		g.sentence(b)
	}
	b.WriteString("\n\n")
}

// densities are the figures issue 10 gives for real news.
type densities struct {
	bytes, words                                      int
	bytesPerWord                                      float64
	sentences, findings, quotes, mentions, vocabulary float64 // per 1,000 words; vocabulary: distinct folded words
}

func measureDensities(t testing.TB, a *Analyzer, input []byte) densities {
	rep := a.Analyze("d", input)
	toks := tokenize(input, nil)
	spans := sentences(input, nil)
	sent := make([]int32, len(toks))
	si := 0
	distinct := map[string]bool{}
	var buf []byte
	for i, tk := range toks {
		for si+1 < len(spans) && int(tk.Start) >= spans[si].End {
			si++
		}
		sent[i] = int32(si)
		if tk.Kind == Word {
			buf = fold(buf[:0], input[tk.Start:tk.End])
			distinct[string(buf)] = true
		}
	}
	p := newActorPass(a.actors)
	scratch := &Report{Findings: append([]Finding(nil), rep.Findings...)}
	p.attribute(scratch, input, toks, sent, make([]uint32, len(toks)))
	mentions := 0
	for _, m := range p.mentions {
		if !m.pronoun {
			mentions++
		}
	}
	w := float64(rep.Stats.Words) / 1000
	return densities{
		bytes: len(input), words: rep.Stats.Words,
		bytesPerWord: float64(len(input)) / float64(rep.Stats.Words),
		sentences:    float64(rep.Stats.Sentences) / w,
		findings:     float64(len(rep.Findings)) / w,
		quotes:       float64(rep.Stats.Quotes) / w,
		mentions:     float64(mentions) / w,
		vocabulary:   float64(len(distinct)),
	}
}

// wikinewsPath is the corpus of 190 Wikinews articles (CC BY 2.5), read in
// place at test time and never copied into the repository.
const wikinewsPath = "/work/shared/corpus/wikinews-en.jsonl"

// realNews returns the texts of the Wikinews corpus, or nil when it is absent.
func realNews(t testing.TB) [][]byte {
	f, err := os.Open(wikinewsPath)
	if err != nil {
		return nil
	}
	defer f.Close()
	var docs [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var d struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("%s: %v", wikinewsPath, err)
		}
		docs = append(docs, []byte(d.Text))
	}
	return docs
}

// seedNews returns the two example reports in /work/shared/seeds, when present.
func seedNews() [][]byte {
	var docs [][]byte
	for _, n := range []string{"unsc-report-a.txt", "unsc-report-b.txt"} {
		if b, err := os.ReadFile("/work/shared/seeds/" + n); err == nil {
			docs = append(docs, b)
		}
	}
	return docs
}

func joinDocs(docs [][]byte) []byte {
	var b []byte
	for _, d := range docs {
		b = append(b, d...)
		b = append(b, "\n\n"...)
	}
	return b
}

// TestNewsCorpusDensities prints the densities of the generated corpus and of
// the real corpora when they are present, and holds the generator near the
// figures of issue 10.
func TestNewsCorpusDensities(t *testing.T) {
	a := realAnalyzer(t)
	gen := newsCorpus(2 << 20)
	d := measureDensities(t, a, gen)
	show := func(name string, d densities) {
		t.Logf("%-22s %8d B %7d words  %.2f B/word  per 1,000 words: %5.1f sentences %5.1f findings %5.1f quotes %5.1f mentions; %d distinct words",
			name, d.bytes, d.words, d.bytesPerWord, d.sentences, d.findings, d.quotes, d.mentions, int(d.vocabulary))
	}
	show("generated (2 MiB)", d)
	if wn := realNews(t); wn != nil {
		all := joinDocs(wn)
		show("wikinews (190 docs)", measureDensities(t, a, all))
		show("generated (same size)", measureDensities(t, a, newsCorpus(len(all))))
	}
	if s := seedNews(); s != nil {
		show("seeds (2 reports)", measureDensities(t, a, joinDocs(s)))
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"bytes per word", d.bytesPerWord, 6.2},
		{"sentences", d.sentences, 50},
		{"findings", d.findings, 32},
		{"quotes", d.quotes, 12},
		{"mentions", d.mentions, 44},
	} {
		if c.got < c.want*0.85 || c.got > c.want*1.15 {
			t.Errorf("newsCorpus: %s = %.2f, want %.4g ± 15%%", c.name, c.got, c.want)
		}
	}
}

var newsOut = flag.String("news.out", "", "write newsCorpus of -news.mb MiB to this file (TestWriteNewsCorpus)")
var newsMB = flag.Int("news.mb", 20, "size of the corpus TestWriteNewsCorpus writes, in MiB")

// TestWriteNewsCorpus writes newsCorpus as a file, to measure the CLI on it
// (README, "Speed"):
//
//	go test ./analyzer -run TestWriteNewsCorpus -news.out /tmp/news-20MiB.txt
func TestWriteNewsCorpus(t *testing.T) {
	if *newsOut == "" {
		t.Skip("no -news.out")
	}
	if err := os.WriteFile(*newsOut, newsCorpus(*newsMB<<20), 0o644); err != nil {
		t.Fatal(err)
	}
}
