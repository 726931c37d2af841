package analyzer

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestWindowsSameReport: a long input read in windows gives the report the
// whole input read at once gives, byte for byte: on news (generated, the
// Wikinews articles, the example reports), on the fixtures, on the fuzz
// seeds and adversarial inputs, each many times over, and with windows so
// small that nearly every paragraph break is a cut.
func TestWindowsSameReport(t *testing.T) {
	var inputs []struct {
		name string
		in   []byte
	}
	add := func(name string, in []byte) {
		inputs = append(inputs, struct {
			name string
			in   []byte
		}{name, in})
	}
	add("newsCorpus", newsCorpus(1<<20))
	if docs := realNews(t); docs != nil {
		add("wikinews", joinDocs(docs))
		// Windows line ends, and blank lines of spaces.
		crlf := bytes.ReplaceAll(joinDocs(docs), []byte("\n"), []byte("\r\n"))
		add("wikinews, CRLF", bytes.ReplaceAll(crlf, []byte("\r\n\r\n"), []byte("\r\n \t\r\n")))
	}
	if docs := seedNews(); docs != nil {
		add("seeds", bytes.Repeat(joinDocs(docs), 8))
	}
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	behaviour, _ := filepath.Glob(filepath.Join("testdata", "behaviour", "*.txt"))
	var all [][]byte
	for _, f := range append(fixtures, behaviour...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b)
	}
	add("fixtures", bytes.Repeat(joinDocs(all), 6))
	var seeds [][]byte
	for _, s := range fuzzSeeds {
		seeds = append(seeds, []byte(s))
	}
	add("fuzz seeds", bytes.Repeat(joinDocs(seeds), 40))
	for _, g := range adversarial {
		unit := g.gen(300)
		add("adversarial "+g.name, bytes.Repeat(append(unit, "\n\n"...), 60))
	}
	// Paragraphs that end in the middle of things: an open quote, a name,
	// "its" before a title, a speech with no verb after the cut.
	add("cuts", bytes.Repeat([]byte("Minister Mira Talvet of Ostrel said the plan was a “flop show”.\n\nShe called it “a disgrace”.\n\n“It will fail,” she said. “Nobody wants it.\n\n“We will not sign it.”\n\nIts ambassador, Asim Iftikhar, rejected the so-called deal.\n\nHe said it was a sham.\n\nOfficials said the talks stalled.\n\nThey added nothing.\n\n"), 30))

	// Windows of one sentence and no token (a line of 300 bytes of emoji;
	// two, so that one is a window at 256 bytes whatever the cut before)
	// between a name and a pronoun three sentences on: the sentences still
	// count between them, and the pronoun stands for no one.
	emoji := strings.Repeat("🙂", 75) + "\n\n"
	add("no tokens", bytes.Repeat([]byte("Shehbaz Sharif spoke first today.\n\n"+emoji+emoji+"He called the session a flop show.\n\n"), 30))

	a := realAnalyzer(t)
	for _, in := range inputs {
		for _, size := range []int{256, 4096, 64 << 10} {
			cuts := windowCuts(in.in, size)
			if len(cuts) < 3 {
				if size < 64<<10 {
					t.Errorf("%s: no cut with windows of %d bytes", in.name, size)
				}
				continue
			}
			a.window, a.windowMin = 0, 0
			whole, err := a.Analyze("long", in.in).JSON()
			if err != nil {
				t.Fatal(err)
			}
			a.window = size
			win, err := a.Analyze("long", in.in).JSON()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(whole, win) {
				t.Errorf("%s (%d bytes), %d windows of %d bytes: the report differs from the whole input's%s", in.name, len(in.in), len(cuts)-1, size, jsonDiff(whole, win))
			}
		}
	}
	a.window, a.windowMin = windowBytes, windowMin
}

// jsonDiff shows where two JSON reports first differ.
func jsonDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(i-300, 0)
	return "\nwhole:  …" + string(a[from:min(i+200, len(a))]) + "\nwindows: …" + string(b[from:min(i+200, len(b))])
}

// FuzzWindowSentences: the sentences and quotes found window by window, cut
// after blank lines, are those of the whole input.
func FuzzWindowSentences(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s + "\n\n" + s + "\n\n“open\n\n" + s))
		f.Add([]byte(s + "\r\n\r\n" + s + "\n \t\n“open\r\n  \r\n" + s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		cuts := windowCuts(in, 8)
		var spans []Span
		var qs []Quote
		for w := 0; w+1 < len(cuts); w++ {
			spans = sentencesFrom(in[:cuts[w+1]], cuts[w], spans)
			qs = quotesFrom(in[:cuts[w+1]], cuts[w], qs)
		}
		if want := sentences(in, nil); !slices.Equal(spans, want) {
			t.Fatalf("cuts %v: sentences window by window\n%v\nwhole\n%v", cuts, spans, want)
		}
		if want := quotes(in, nil); !slices.Equal(qs, want) {
			t.Fatalf("cuts %v: quotes window by window\n%v\nwhole\n%v", cuts, qs, want)
		}
	})
}

// FuzzWindowsSameReport: any input read in windows of 16 bytes (nearly
// every blank line a cut) gives the report it gives read whole.
func FuzzWindowsSameReport(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s + "\n\n" + s + "\r\n \r\n" + s))
	}
	f.Add([]byte("Shehbaz Sharif spoke first today.\n\n🙂🙂🙂🙂🙂\n\n🙂🙂🙂🙂🙂\n\nHe called the session a flop show.\n\n“It failed,” she said.\n\n“Again.”"))
	a := realAnalyzer(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		a.window, a.windowMin = 0, 0
		whole, err := a.Analyze("fuzz", in).JSON()
		if err != nil {
			t.Skip() // a report encoding/json cannot hold either way
		}
		a.window = 16
		win, err := a.Analyze("fuzz", in).JSON()
		a.window, a.windowMin = windowBytes, windowMin
		if err != nil || !bytes.Equal(whole, win) {
			t.Fatalf("windows of 16 bytes: the report differs from the whole input's (%v)%s", err, jsonDiff(whole, win))
		}
	})
}

// TestRunWindows: every window's token pass runs once, before its other
// passes; the other passes run once each, in order, one at a time; no more
// windows are in flight than there are states, and none shares a state.
func TestRunWindows(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, n := range []int{1, 2, 3, 7, 100} {
		states := []*state{new(state), new(state), new(state)}
		var mu sync.Mutex
		tokened := make([]int, n)
		holder := map[*state]int{}
		var order []int
		inPasses := 0
		tokens := func(w int, s *state) {
			mu.Lock()
			defer mu.Unlock()
			if h, ok := holder[s]; ok {
				t.Errorf("window %d given the state of window %d", w, h)
			}
			holder[s] = w
			if len(holder) > len(states) {
				t.Errorf("%d windows in flight", len(holder))
			}
			mu.Unlock()
			time.Sleep(time.Duration(w%2) * 200 * time.Microsecond)
			mu.Lock()
			tokened[w]++
		}
		passes := func(w int, s *state) {
			mu.Lock()
			inPasses++
			if inPasses > 1 {
				t.Error("two windows' passes at once")
			}
			if tokened[w] != 1 || holder[s] != w {
				t.Errorf("passes of window %d: token passes %d, state of %d", w, tokened[w], holder[s])
			}
			mu.Unlock()
			time.Sleep(time.Duration(w%3) * 100 * time.Microsecond)
			mu.Lock()
			inPasses--
			order = append(order, w)
			delete(holder, s)
			mu.Unlock()
		}
		runWindows(n, states, tokens, passes)
		for w := range n {
			if len(order) != n || order[w] != w || tokened[w] != 1 {
				t.Fatalf("%d windows: passes in order %v, token passes %v", n, order, tokened)
			}
		}
	}
}

// TestRunWindowsPanics: a task that panics on either goroutine panics on
// the caller's, once both goroutines are done.
func TestRunWindowsPanics(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, at := range []struct {
		name string
		w    int
	}{{"tokens", 0}, {"tokens", 5}, {"passes", 0}, {"passes", 5}, {"passes", 9}} {
		var running atomic.Int32
		task := func(name string) func(int, *state) {
			return func(w int, s *state) {
				running.Add(1)
				defer running.Add(-1)
				if name == at.name && w == at.w {
					panic(fmt.Sprintf("%s %d", name, w))
				}
			}
		}
		func() {
			defer func() {
				want := fmt.Sprintf("%s %d", at.name, at.w)
				if p := recover(); p != want {
					t.Errorf("recovered %v, want %q", p, want)
				}
				if r := running.Load(); r != 0 {
					t.Errorf("%s %d: %d tasks still running", at.name, at.w, r)
				}
			}()
			runWindows(10, []*state{new(state), new(state), new(state)}, task("tokens"), task("passes"))
		}()
	}
}

// TestWindowsReserveCapped: a first window far denser than the rest (a
// block of scare quotes before the news) does not reserve the report's
// lists for its density in every window: the findings stay within the
// report's cap, the quotations within one in 16 bytes.
func TestWindowsReserveCapped(t *testing.T) {
	var in []byte
	for _, g := range adversarial {
		if g.name == "short-quotes" {
			in = append(g.gen(130<<10), "\n\n"...)
		}
	}
	if in == nil {
		t.Fatal("no short-quotes generator")
	}
	in = append(in, newsCorpus(3<<20)...)
	rep := realAnalyzer(t).Analyze("dense start", in)
	if len(rep.Findings) < 20000 {
		t.Fatalf("%d findings: the dense start did not count", len(rep.Findings))
	}
	const slack = 1024 // a large allocation rounds up to whole pages
	if got, most := cap(rep.Findings), maxFindings(len(in)); got > most+slack {
		t.Errorf("cap(Findings) = %d, want at most the report's cap %d", got, most)
	}
	if got, most := cap(rep.Quotes), len(in)/16; got > most+slack {
		t.Errorf("cap(Quotes) = %d, want at most %d (one in 16 bytes)", got, most)
	}
}
