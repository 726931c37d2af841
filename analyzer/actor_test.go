package analyzer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// testActorFS is a small actor lexicon of invented countries, so that these
// tests do not move when lexicons/en/actors grows.
var testActorFS = fstest.MapFS{
	"names.yaml": {Data: []byte(`
titles: [President, Minister, Foreign, Ambassador, Envoy, Permanent, Representative, Dr]
not_names: [The, A, In, Despite, Sources, Members, However, She, He, They, Its]
not_actor_words: [Treaty, Dam]
connectors: [of, e]
subject_pronouns: [he, she, they]
possessive_pronouns: [his, her, its, their]
person_pronouns: [he, she, his, her]
object_first: [boost]
`)},
	"countries.yaml": {Data: []byte(`
kind: country
actors:
  - {name: Ostrel, aliases: [Ostrelian, Halden]}
  - {name: Dravik, aliases: [Dravikan, Korsa]}
  - {name: Karvania, aliases: [Karvanian, Lune, KV]}
`)},
	"bodies.yaml": {Data: []byte(`
kind: organization
actors:
  - {name: Security Council, aliases: [UNSC, U.N. Security Council]}
  - {name: Lashkar-e-Sarin, aliases: [LeS]}
`)},
	"people.yaml": {Data: []byte(`
kind: person
actors:
  - {name: Pell Arno, aliases: [Arno], represents: Karvania}
`)},
}

func actorAnalyzer(t testing.TB) *Analyzer {
	t.Helper()
	lex, err := LoadLexicon(os.DirFS("testdata/lex"))
	if err != nil {
		t.Fatal(err)
	}
	act, err := LoadActors(testActorFS)
	if err != nil {
		t.Fatalf("LoadActors: %v", err)
	}
	a, err := New(lex, WithActors(act))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestActorAttribution(t *testing.T) {
	a := actorAnalyzer(t)
	type want struct{ text, actor string }
	tests := []struct {
		name  string
		input string
		wants []want
	}{
		{"capital for the government, possessive", "Halden’s narrative drew no support.", []want{{"narrative", "Ostrel"}}},
		{"possessive beats the subject", "Korsa rejected Halden’s narrative.", []want{{"narrative", "Ostrel"}}},
		{"demonym as subject", "The Dravikan bid was a flop show.", []want{{"flop show", "Dravik"}}},
		{"possessive and scare quote", "Ostrel’s so-called “water war” narrative fell flat.",
			[]want{{"so-called", "Ostrel"}, {"“water war”", "Ostrel"}, {"narrative", "Ostrel"}, {"fell flat", "Ostrel"}}},
		{"subject of the clause, not an earlier mention", "At a meeting of the Security Council held at Korsa’s request, Halden faced a flop show.",
			[]want{{"flop show", "Ostrel"}}},
		{"object when no subject", "Sources said the talks fell flat for Karvania.", []want{{"fell flat", "Karvania"}}},
		{"of-object beats the subject", "Korsa mocked the hollowness of Halden’s case.", []want{{"hollowness", "Ostrel"}}},
		{"its after the actor", "Ostrel sought the meeting, and its “water war” claim fell flat.", []want{{"“water war”", "Ostrel"}}},
		{"office holder counts for the country", "Karvanian Foreign Minister Pell Arno called it a flop show.", []want{{"flop show", "Karvania"}}},
		{"subject pronoun", "Mira Talvet spoke first. She called the session a flop show.", []want{{"flop show", "Mira Talvet"}}},
		{"appositive after a possessive title", "Ostrel’s ambassador, Mira Talvet, spoke. Talvet said it was a flop show.", []want{{"flop show", "Ostrel"}}},
		{"acronym with possessive", "LeS’s narrative was rejected.", []want{{"narrative", "Lashkar-e-Sarin"}}},
		{"opening clause takes the subject after it", "Under the guise of talks, Ostrel’s envoy spoke, and Korsa listened.", []want{{"Under the guise of", "Ostrel"}}},
		{"object first for a verb's booster", "Korsa firmly rejected Halden’s plan, and the flop show ended.", []want{{"firmly", "Ostrel"}}},
		{"no actor", "The plan fell flat.", []want{{"fell flat", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.Analyze("t", []byte(tt.input))
			checkActors(t, r)
			for _, w := range tt.wants {
				found := false
				for _, f := range r.Findings {
					if f.Text == w.text {
						found = true
						if f.Actor != w.actor {
							t.Errorf("Analyze(%q): finding %q aimed at %q, want %q", tt.input, f.Text, f.Actor, w.actor)
						}
					}
				}
				if !found {
					t.Errorf("Analyze(%q): no finding %q in %q", tt.input, w.text, brief(r))
				}
			}
		})
	}
}

func TestActorMentions(t *testing.T) {
	a := actorAnalyzer(t)
	tests := []struct {
		name  string
		input string
		want  map[string]int // actor → mentions; others must be absent
	}{
		{"aliases fold to one actor", "Halden and Ostrel and the Ostrelian envoy met Korsa.", map[string]int{"Ostrel": 3, "Dravik": 1}},
		{"acronym case matters", "Let us see. The kv line is down, KV said, and the UNSC met.", map[string]int{"Karvania": 1, "Security Council": 1}},
		{"dotted acronym inside a longer alias", "The U.N. Security Council met twice.", map[string]int{"Security Council": 1}},
		{"headline capitals are not names", "Karvania Hails Talks As Rivals Falter", map[string]int{"Karvania": 1}},
		{"things are not actors", "Both sides cited the Kessa River Treaty and Borran Dam twice.", map[string]int{}},
		{"a name repeats by surname", "Tomas Grell spoke. Later Grell called it a flop show.", map[string]int{"Tomas Grell": 2}},
		{"title and name in one run count once", "Karvanian Foreign Minister Pell Arno spoke, then Arno left.", map[string]int{"Karvania": 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.Analyze("t", []byte(tt.input))
			checkActors(t, r)
			got := map[string]int{}
			for _, x := range r.Actors {
				got[x.Name] = x.Mentions
			}
			for name, n := range tt.want {
				if got[name] != n {
					t.Errorf("Analyze(%q): %s mentioned %d times, want %d (actors %+v)", tt.input, name, got[name], n, r.Actors)
				}
			}
			for name := range got {
				if _, ok := tt.want[name]; !ok {
					t.Errorf("Analyze(%q): unexpected actor %q (actors %+v)", tt.input, name, r.Actors)
				}
			}
		})
	}
}

// checkActors checks the invariants of the actor table against the findings.
func checkActors(t *testing.T, r *Report) {
	t.Helper()
	type tally struct {
		n    int
		w    float64
		cats map[string]bool
	}
	by := map[string]*tally{}
	for _, f := range r.Findings {
		if f.Actor == "" {
			continue
		}
		x := by[f.Actor]
		if x == nil {
			x = &tally{cats: map[string]bool{}}
			by[f.Actor] = x
		}
		x.n++
		x.w = round2(x.w + f.Weight)
		x.cats[f.Category] = true
	}
	seen := map[string]bool{}
	for i, a := range r.Actors {
		if seen[a.Name] {
			t.Errorf("actor %q listed twice", a.Name)
		}
		seen[a.Name] = true
		x := by[a.Name]
		if x == nil {
			x = &tally{cats: map[string]bool{}}
		}
		if a.Findings != x.n || a.Weight != x.w || len(a.Categories) != len(x.cats) {
			t.Errorf("actor %+v; findings aimed at it: %d, weight %v, categories %v", a, x.n, x.w, x.cats)
		}
		for _, c := range a.Categories {
			if !x.cats[c] {
				t.Errorf("actor %q lists category %q that no finding aimed at it has", a.Name, c)
			}
		}
		if a.Categories == nil {
			t.Errorf("actor %q: categories is nil, want [] in JSON", a.Name)
		}
		if i > 0 && r.Actors[i-1].Weight < a.Weight {
			t.Errorf("actors not sorted by weight: %v before %v", r.Actors[i-1], a)
		}
	}
	for name := range by {
		if !seen[name] {
			t.Errorf("findings aimed at %q, which the actor table lacks", name)
		}
	}
}

func TestActorsOff(t *testing.T) {
	r := testAnalyzer(t).Analyze("t", []byte("Halden’s narrative was a flop show."))
	if len(r.Actors) != 0 {
		t.Errorf("without WithActors: actors %+v, want none", r.Actors)
	}
	for _, f := range r.Findings {
		if f.Actor != "" {
			t.Errorf("without WithActors: finding %q has actor %q", f.Text, f.Actor)
		}
	}
	b, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `"actor`) {
		t.Errorf("without WithActors the JSON mentions actors:\n%s", b)
	}
}

func TestActorsDeterministic(t *testing.T) {
	a := actorAnalyzer(t)
	in := []byte("Ostrel’s narrative fell flat. Korsa and Halden traded blame; Karvania’s so-called plan was a flop show, Tomas Grell said. Grell's narrative too.")
	first, err := a.Analyze("t", in).JSON()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		again, _ := a.Analyze("t", in).JSON()
		if string(again) != string(first) {
			t.Fatalf("run %d differs:\n%s\nwant\n%s", i, again, first)
		}
	}
}

// TestActorsReuse: the scratch state an Analyze call leaves on the free list,
// attribution's included, carries nothing into the next call, sequential or
// concurrent.
func TestActorsReuse(t *testing.T) {
	docs := [][]byte{
		[]byte("Ostrel’s narrative fell flat. Korsa and Halden traded blame; Karvania’s so-called plan was a flop show, Tomas Grell said. Grell's narrative too."),
		[]byte("Grell said the talks fell flat."),
		[]byte("A flop show, said Mira Talvet. Talvet's so-called plan, Halden said, was under the guise of talks."),
		[]byte(""),
	}
	want := make([]string, len(docs))
	for i, d := range docs {
		b, err := actorAnalyzer(t).Analyze("t", d).JSON() // a fresh Analyzer each time
		if err != nil {
			t.Fatal(err)
		}
		want[i] = string(b)
	}
	a := actorAnalyzer(t)
	check := func(i int) error {
		b, err := a.Analyze("t", docs[i]).JSON()
		if err != nil {
			return err
		}
		if string(b) != want[i] {
			return fmt.Errorf("doc %d after other docs:\n%s\nwant\n%s", i, b, want[i])
		}
		return nil
	}
	for _, i := range []int{0, 1, 2, 3, 1, 0, 2} {
		if err := check(i); err != nil {
			t.Fatal(err)
		}
	}
	errs := make(chan error, 8)
	for g := range 8 {
		go func() {
			var err error
			for k := range 40 {
				if err = check((g + k) % len(docs)); err != nil {
					break
				}
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestLoadActorsErrors(t *testing.T) {
	names := testActorFS["names.yaml"]
	fsys := fstest.MapFS{
		"names.yaml": names,
		"a.yaml": {Data: []byte(`kind: country
actors:
  - {name: Ostrel, aliases: [Halden]}
  - {name: Dravik, aliases: [Halden]}
  - {name: Karvania, colour: red}
`)},
		"b.yaml": {Data: []byte(`kind: planet
actors:
  - {name: Tomas Grell, represents: Nowhere}
`)},
	}
	fsys["names.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(string(names.Data), "object_first: [boost]", "object_first: [Not An Id]", 1))}
	_, err := LoadActors(fsys)
	if err == nil {
		t.Fatal("LoadActors accepted a broken actor lexicon")
	}
	msg := err.Error()
	for _, want := range []string{`object_first: "Not An Id" is not a category id`, "a.yaml:5: field colour not found", "b.yaml:1: kind \"planet\"", "b.yaml:3: represents \"Nowhere\""} {
		if !strings.Contains(msg, want) {
			t.Errorf("LoadActors error lacks %q:\n%s", want, msg)
		}
	}
	fsys["a.yaml"] = &fstest.MapFile{Data: []byte("kind: country\nactors:\n  - {name: Ostrel, aliases: [Halden]}\n  - {name: Dravik, aliases: [Halden]}\n")}
	delete(fsys, "b.yaml")
	fsys["names.yaml"] = names
	if _, err := LoadActors(fsys); err == nil || !strings.Contains(err.Error(), `a.yaml:4: alias "Halden" is also used by "Ostrel"`) {
		t.Errorf("LoadActors with a shared alias: %v", err)
	}
	delete(fsys, "names.yaml")
	if _, err := LoadActors(fsys); err == nil || !strings.Contains(err.Error(), "names.yaml: missing") {
		t.Errorf("LoadActors without names.yaml: %v", err)
	}
}

// TestShippedActors loads lexicons/en/actors and checks what the issue names:
// capitals used for governments, demonyms, acronyms that are also words.
func TestShippedActors(t *testing.T) {
	act, err := LoadActors(os.DirFS("../lexicons/en/actors"))
	if err != nil {
		t.Fatalf("lexicons/en/actors: %v", err)
	}
	if act.Len() < 50 {
		t.Errorf("lexicons/en/actors lists %d actors, want at least 50", act.Len())
	}
	lex, err := LoadLexicon(os.DirFS("testdata/lex"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(lex, WithActors(act))
	if err != nil {
		t.Fatal(err)
	}
	in := "Islamabad’s narrative fell flat in New Delhi. Pakistani and Indian envoys met the UNSC. Let us wait, said the US envoy. Prime Minister Narendra Modi spoke; Modi left. The Indus Waters Treaty stands."
	r := a.Analyze("t", []byte(in))
	checkActors(t, r)
	got := map[string]int{}
	for _, x := range r.Actors {
		got[x.Name] = x.Mentions
	}
	want := map[string]int{"Pakistan": 2, "India": 4, "UN Security Council": 1, "United States": 1}
	for name, n := range want {
		if got[name] != n {
			t.Errorf("%s: %d mentions, want %d (actors %+v)", name, got[name], n, r.Actors)
		}
	}
	if len(got) != len(want) {
		t.Errorf("actors %+v, want exactly %v", r.Actors, want)
	}
	for _, f := range r.Findings {
		if f.Text == "narrative" && f.Actor != "Pakistan" {
			t.Errorf("narrative aimed at %q, want Pakistan", f.Actor)
		}
	}
}

// FuzzActors runs attribution on any bytes: no panics, and the actor table
// agrees with the findings.
func FuzzActors(f *testing.F) {
	for _, s := range []string{
		"Halden’s narrative fell flat.", "Its ambassador, Mira Talvet, said: “a flop show”.",
		"U.N. U.N. Security", "’s", "LeS’s", "Karvanian Foreign Minister Pell Arno’s", "\xff\xfeOstrel’s",
	} {
		f.Add([]byte(s))
	}
	a := actorAnalyzer(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		r := a.Analyze("fuzz", in)
		checkActors(t, r)
	})
}

// TestActorsOnTestdata checks the invariants on every example text.
func TestActorsOnTestdata(t *testing.T) {
	act, err := LoadActors(os.DirFS("../lexicons/en/actors"))
	if err != nil {
		t.Fatal(err)
	}
	lex, err := LoadLexicon(os.DirFS("testdata/lex"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(lex, WithActors(act))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/*.txt")
	for _, file := range files {
		in, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		checkActors(t, a.Analyze(file, in))
	}
}

// TestActorsSchema validates a report with actors against the JSON Schema,
// and makes sure the schema checks the actor fields.
func TestActorsSchema(t *testing.T) {
	sch := reportSchema(t)
	r := actorAnalyzer(t).Analyze("t", []byte("Ostrel’s so-called “water war” narrative fell flat, Tomas Grell said. Grell called it a flop show."))
	if len(r.Actors) == 0 {
		t.Fatal("no actors")
	}
	good, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	validateReport(t, sch, "report with actors", good)
	var m map[string]any
	if err := json.Unmarshal(good, &m); err != nil {
		t.Fatal(err)
	}
	m["actors"].([]any)[0].(map[string]any)["mentions"] = -1
	b, _ := json.Marshal(m)
	doc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if sch.Validate(doc) == nil {
		t.Error("schema accepted an actor with -1 mentions")
	}
	delete(m["actors"].([]any)[0].(map[string]any), "mentions")
	b, _ = json.Marshal(m)
	doc, _ = jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if sch.Validate(doc) == nil {
		t.Error("schema accepted an actor without mentions")
	}
}

// BenchmarkActors measures Analyze with and without actor attribution on
// the seed article (when ../shared is present) or an example text.
func BenchmarkActors(b *testing.B) {
	in, err := os.ReadFile(filepath.Join(sharedDir(b), "seeds", "unsc-report-a.txt"))
	if err != nil {
		in, err = os.ReadFile("testdata/outlet-a.txt")
		if err != nil {
			b.Fatal(err)
		}
	}
	act, err := LoadActors(os.DirFS("../lexicons/en/actors"))
	if err != nil {
		b.Fatal(err)
	}
	lex, err := LoadLexicon(os.DirFS("testdata/lex"))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		opts []Option
	}{{"off", nil}, {"on", []Option{WithActors(act)}}} {
		a, err := New(lex, c.opts...)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				a.Analyze("bench", in)
			}
		})
	}
}

// TestActorsSeeds: on the two seed reports (read from ../shared, never copied
// here) the actor table puts Pakistan first, and the ridicule the writer
// aims at Islamabad's effort is attributed to Pakistan.
func TestActorsSeeds(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "seeds")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("seeds not available: %v", err)
	}
	act, err := LoadActors(os.DirFS("../lexicons/en/actors"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(realAnalyzer(t).Lexicon(), WithActors(act))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"unsc-report-a.txt", "unsc-report-b.txt"} {
		in, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		r := a.Analyze(name, in)
		checkActors(t, r)
		if len(r.Actors) < 2 || r.Actors[0].Name != "Pakistan" {
			t.Errorf("%s: actors %+v, want Pakistan first", name, r.Actors)
			continue
		}
		if r.Actors[0].Weight < 2*r.Actors[1].Weight {
			t.Errorf("%s: Pakistan weight %v, next %s %v; want Pakistan framed at least twice as much", name, r.Actors[0].Weight, r.Actors[1].Name, r.Actors[1].Weight)
		}
		attributed := 0
		for _, f := range r.Findings {
			if f.Actor != "" {
				attributed++
			}
			switch strings.ToLower(f.Text) {
			case "thumbs down", "fell flat", "flop show", "hollowness", "harbouring", "under the guise of":
				if f.Actor != "Pakistan" {
					t.Errorf("%s: %q aimed at %q, want Pakistan", name, f.Text, f.Actor)
				}
			}
		}
		if attributed*10 < len(r.Findings)*7 {
			t.Errorf("%s: %d of %d findings have an actor, want at least 70%%", name, attributed, len(r.Findings))
		}
	}
}

func TestLoadActorsExtraSource(t *testing.T) {
	extra := fstest.MapFS{"beat.yaml": {Data: []byte("kind: country\nactors:\n  - {name: Velmora, aliases: [Velmoran, Port Ash]}\n")}}
	act, err := LoadActors(testActorFS, extra)
	if err != nil {
		t.Fatalf("LoadActors(built-in, extra): %v", err)
	}
	base, err := LoadActors(testActorFS)
	if err != nil {
		t.Fatal(err)
	}
	if act.Len() != base.Len()+1 {
		t.Errorf("extra source: %d actors, want %d", act.Len(), base.Len()+1)
	}
	dup := fstest.MapFS{"dup.yaml": {Data: []byte("kind: country\nactors:\n  - {name: Velmora}\n")}}
	if _, err := LoadActors(testActorFS, extra, dup); err == nil || !strings.Contains(err.Error(), "dup.yaml:3") {
		t.Errorf("an actor repeated across sources: err = %v", err)
	}
	rules := fstest.MapFS{"names.yaml": {Data: []byte("titles: [King]\n")}}
	if _, err := LoadActors(testActorFS, rules); err == nil || !strings.Contains(err.Error(), "name rules come from the built-in actor lexicon only") {
		t.Errorf("names.yaml in an extra source: err = %v", err)
	}
}
