package analyzer

import (
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// benchCorpus builds a deterministic news-like corpus with a realistic
// vocabulary: Zipf-distributed (s = 1.02) draws from 120,000 made-up words,
// common English function words, capitalized names, quotations, numbers and,
// about once in 60 words, a loaded term from the lexicon. Repeating one
// article would only measure the stem cache.
func benchCorpus(size int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	syll := []string{"ba", "ke", "ri", "mo", "tu", "sen", "dar", "vel", "ost", "ran", "qui", "lo", "pe", "zan", "thi", "gor", "mi", "na", "ver", "ca", "lu", "dre", "so", "fin"}
	suffix := []string{"", "", "", "s", "ed", "ing", "ly", "ment", "ness", "ation", "er", "ism"}
	vocab := make([]string, 0, 120000)
	seen := map[string]bool{}
	for len(vocab) < cap(vocab) {
		n := 2 + rng.IntN(3)
		var b strings.Builder
		for range n {
			b.WriteString(syll[rng.IntN(len(syll))])
		}
		b.WriteString(suffix[rng.IntN(len(suffix))])
		if w := b.String(); !seen[w] {
			seen[w] = true
			vocab = append(vocab, w)
		}
	}
	function := strings.Fields("the of and to a in that is was for on with as by at from it its his her their which said had has have been not be are this an or but also after over who")
	loaded := []string{"flop show", "so-called", "narrative", "under the guise of", "harbouring", "fell flat", "firmly", "reportedly", "sources said", "lamented", "rhetoric", "destabilising", "exposed"}
	zipf := rand.NewZipf(rng, 1.02, 8, uint64(len(vocab)-1))
	var b strings.Builder
	for b.Len() < size {
		n := 12 + rng.IntN(20)
		quote := rng.IntN(6) == 0
		if quote {
			b.WriteString("“")
		}
		for i := range n {
			var w string
			switch r := rng.IntN(100); {
			case r < 45:
				w = function[rng.IntN(len(function))]
			case r < 47:
				w = loaded[rng.IntN(len(loaded))]
			case r < 52:
				v := vocab[zipf.Uint64()]
				w = strings.ToUpper(v[:1]) + v[1:]
			case r < 54:
				w = "1,250"
			default:
				w = vocab[zipf.Uint64()]
			}
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			switch {
			case i == n-1:
				b.WriteString(".")
			case rng.IntN(9) == 0:
				b.WriteString(",")
			}
			if i < n-1 {
				b.WriteString(" ")
			}
		}
		if quote {
			b.WriteString("” an envoy said.")
		}
		if rng.IntN(5) == 0 {
			b.WriteString("\n")
		} else {
			b.WriteString(" ")
		}
	}
	return []byte(b.String())
}

func TestBenchCorpusVocabulary(t *testing.T) {
	c := benchCorpus(1 << 20)
	distinct := map[string]bool{}
	for _, tk := range Tokenize(c) {
		distinct[strings.ToLower(string(c[tk.Start:tk.End]))] = true
	}
	t.Logf("distinct words in 1 MiB: %d", len(distinct))
	if len(distinct) < 20000 {
		t.Errorf("bench corpus has %d distinct words, want tens of thousands", len(distinct))
	}
}

// BenchmarkAnalyze measures the analyzer core (normalize, tokenize, stem,
// match, score) with the shipped lexicons on a 4 MiB corpus. Run one core:
// go test ./analyzer -run '^$' -bench Analyze -cpu 1
func BenchmarkAnalyze(b *testing.B) {
	a := benchAnalyzer(b)
	corpus := benchCorpus(4 << 20)
	b.SetBytes(int64(len(corpus)))
	b.ReportAllocs()
	for b.Loop() {
		a.Analyze("bench", corpus)
	}
}

// BenchmarkAnalyzeWithActors adds actor attribution (who is framed), as the
// CLI and the Lambda run it.
func BenchmarkAnalyzeWithActors(b *testing.B) {
	a := realAnalyzer(b)
	corpus := benchCorpus(4 << 20)
	b.SetBytes(int64(len(corpus)))
	b.ReportAllocs()
	for b.Loop() {
		a.Analyze("bench", corpus)
	}
}

// BenchmarkAnalyzeNoStemCache stems every word on every use: the cold path.
func BenchmarkAnalyzeNoStemCache(b *testing.B) {
	lex := benchAnalyzer(b).Lexicon()
	a, err := New(lex, WithStemCache(0))
	if err != nil {
		b.Fatal(err)
	}
	corpus := benchCorpus(1 << 20)
	b.SetBytes(int64(len(corpus)))
	b.ReportAllocs()
	for b.Loop() {
		a.Analyze("bench", corpus)
	}
}

// BenchmarkAnalyzeShort is the batch case: many short documents.
func BenchmarkAnalyzeShort(b *testing.B) {
	a := benchAnalyzer(b)
	corpus := benchCorpus(1 << 20)
	docs := strings.SplitAfter(string(corpus), ".")
	b.SetBytes(int64(len(corpus)))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			a.Analyze("d", []byte(d))
		}
	}
}

// benchAnalyzer is the core without actor attribution, with the shipped
// lexicons or the directory in $SLANT_BENCH_LEXICONS (to compare lexicon
// versions).
func benchAnalyzer(b *testing.B) *Analyzer {
	dir := os.Getenv("SLANT_BENCH_LEXICONS")
	if dir == "" {
		dir = "../lexicons/en"
	}
	lex, err := LoadLexicon(os.DirFS(dir))
	if err != nil {
		b.Fatal(err)
	}
	a, err := New(lex)
	if err != nil {
		b.Fatal(err)
	}
	return a
}

// BenchmarkAnalyzeNews is the core on newsCorpus, 4 MiB of text with the
// densities of real news (findings, quotes, actor mentions, sentence length,
// vocabulary).
func BenchmarkAnalyzeNews(b *testing.B) {
	benchText(b, benchAnalyzer(b), newsCorpus(4<<20))
}

// BenchmarkAnalyzeNewsWithActors is the full analysis on newsCorpus, as the
// CLI and the Lambda run it.
func BenchmarkAnalyzeNewsWithActors(b *testing.B) {
	benchText(b, realAnalyzer(b), newsCorpus(4<<20))
}

// BenchmarkAnalyzeWikinews is the full analysis on the 190 real Wikinews
// articles of /work/shared/corpus (CC BY 2.5), one document at a time, read
// in place; it is skipped where the corpus is absent.
func BenchmarkAnalyzeWikinews(b *testing.B) {
	docs := realNews(b)
	if docs == nil {
		b.Skip("no corpus at " + wikinewsPath)
	}
	a := realAnalyzer(b)
	n := 0
	for _, d := range docs {
		n += len(d)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range docs {
			a.Analyze("d", d)
		}
	}
}

// BenchmarkAnalyzeWikinewsJoined is the same corpus as one 0.5 MB input.
func BenchmarkAnalyzeWikinewsJoined(b *testing.B) {
	docs := realNews(b)
	if docs == nil {
		b.Skip("no corpus at " + wikinewsPath)
	}
	benchText(b, realAnalyzer(b), joinDocs(docs))
}

func benchText(b *testing.B, a *Analyzer, text []byte) {
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		a.Analyze("bench", text)
	}
}

// BenchmarkWriteJSON is the report encoder alone, on the report of
// newsCorpus (MB/s of input text, as the CLI reads it).
func BenchmarkWriteJSON(b *testing.B) {
	text := newsCorpus(4 << 20)
	rep := realAnalyzer(b).Analyze("bench", text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		if err := rep.WriteJSON(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
