package analyzer

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// speechBrief is a report's quotes as "voice|text|speaker/kind|verb/category".
func speechBrief(in string, r *Report) []string {
	var out []string
	for _, q := range r.Quotes {
		out = append(out, fmt.Sprintf("%s|%s|%s/%s|%s/%s", q.Voice, in[q.Start:q.End], q.Speaker, q.SpeakerKind, q.Verb, q.VerbCategory))
	}
	return out
}

func TestReportedVoice(t *testing.T) {
	a := testAnalyzer(t)
	tests := []findingCase{
		{"with that", "Officials said that the plan was a flop.", []string{"flop/ridicule/reported"}},
		{"without that", "Officials said the plan was a flop.", []string{"flop/ridicule/reported"}},
		{"verb after", "The plan was a flop, officials said on Monday.", []string{"flop/ridicule/reported"}},
		{"verb inside", "The plan, officials said, was a flop.", []string{"flop/ridicule/reported"}},
		{"inverted", "The plan was a flop, said one diplomatic source.", []string{"flop/ridicule/reported"}},
		{"according to first", "According to diplomats, the plan was a flop.", []string{"flop/ridicule/reported"}},
		{"according to after", "The plan was a flop, according to diplomats.", []string{"flop/ridicule/reported"}},
		{"told with object", "He told reporters that the plan was a flop.", []string{"flop/ridicule/reported"}},
		{"the writer's verb stays author", "Ostrel claimed that the plan was a flop.", []string{"claimed/verbs/author", "flop/ridicule/reported"}},
		{"the writer's adverb stays author", "Ostrel clearly claimed the plan was a flop.", []string{"clearly/verbs/author", "claimed/verbs/author", "flop/ridicule/reported"}},
		{"a nested quote stays quoted", "Officials said the plan was a “flop show” and a flop.", []string{"flop show/ridicule/quoted", "flop/ridicule/reported"}},
		{"no speech verb", "The plan was a flop.", []string{"flop/ridicule/author"}},
		{"said to", "The plan is said to be a flop.", []string{"flop/ridicule/author"}},
		{"the next sentence is the writer's", "Officials said the vote was over. The plan was a flop.", []string{"flop/ridicule/author"}},
		{"relative clause ends the report", "The envoy, who said the talks were a flop, left early.", []string{"flop/ridicule/reported"}},
		{"a semicolon ends the report", "Officials said the talks were over; the plan was a flop.", []string{"flop/ridicule/author"}},
		{"a comma and a conjunction end the report", "Officials said the talks were over, and the plan was a flop.", []string{"flop/ridicule/author"}},
		{"and that continues the report", "Officials said that the talks were over, and that the plan was a flop.", []string{"flop/ridicule/reported"}},
		{"and that as a subject ends the report", "Officials said that the talks were over, and that was a flop.", []string{"flop/ridicule/author"}},
	}
	runFindings(t, a, tests)
}

func TestReportedScore(t *testing.T) {
	a := testAnalyzer(t)
	r := a.Analyze("t", []byte("Officials said the plan was a flop show."))
	if r.Score.ReportedWeight != 3 || r.Score.AuthorWeight != 0 {
		t.Fatalf("score = %+v, want reported_weight 3, author_weight 0", r.Score)
	}
	// reported_factor 0.5 in testdata/lex/rules.yaml
	if got := r.Sentences[0].Weight; got != 1.5 {
		t.Errorf("sentence weight = %v, want 1.5", got)
	}
	if c := r.Categories[0]; c.ReportedCount != 1 || c.AuthorCount != 0 {
		t.Errorf("category = %+v, want reported_count 1", c)
	}
}

func TestQuotesAndSpeakers(t *testing.T) {
	a := testAnalyzer(t)
	tests := []struct {
		name, in string
		want     []string
	}{
		{"quote, verb after", "“The plan was a flop,” the minister said.",
			[]string{"quoted|“The plan was a flop,”|minister/role|said/neutral"}},
		{"quote, verb before", "The minister said: “The plan was a flop.”",
			[]string{"quoted|“The plan was a flop.”|minister/role|said/neutral"}},
		{"named speaker, report", "Lisa Varn said the plan was a flop.",
			[]string{"reported|the plan was a flop|Lisa Varn/named|said/neutral"}},
		{"loaded verb", "Lisa Varn claimed that the plan was a flop.",
			[]string{"reported|the plan was a flop|Lisa Varn/named|claimed/loaded"}},
		{"anonymous, inverted", "The plan was a flop, said one diplomatic source.",
			[]string{"reported|The plan was a flop|diplomatic source/anonymous|said/neutral"}},
		{"anonymous by anonymity", "A senior official, speaking on condition of anonymity, said the plan was a flop.",
			[]string{"reported|the plan was a flop|senior official/anonymous|said/neutral"}},
		{"role, according to", "According to a senior official, the plan was a flop.",
			[]string{"reported|the plan was a flop|senior official/role|according to/neutral"}},
		{"quote continued over two sentences", "“The plan was a flop,” the envoy said. “We will try again.”",
			[]string{"quoted|“The plan was a flop,”|envoy/role|said/neutral", "quoted|“We will try again.”|envoy/role|/"}},
		{"one quote over two sentences", "“The plan failed. We will try again,” the envoy said.",
			[]string{"quoted|“The plan failed. We will try again,”|envoy/role|said/neutral"}},
		{"nested quote inside a report", "Lisa Varn said the plan was, in her words, “a flop and a farce.”",
			[]string{"reported|the plan was, in her words|Lisa Varn/named|said/neutral", "quoted|“a flop and a farce.”|Lisa Varn/named|said/neutral"}},
		{"pronoun after a named speaker", "Lisa Varn said the vote was over. She told reporters the plan was a flop.",
			[]string{"reported|the vote was over|Lisa Varn/named|said/neutral", "reported|the plan was a flop|Lisa Varn/named|told/neutral"}},
		{"no speaker named", "The report said the plan was a flop.",
			[]string{"reported|the plan was a flop|/|said/neutral"}},
		{"we is not the named speaker before", "Lisa Varn said the vote was over. We said the plan was a flop.",
			[]string{"reported|the vote was over|Lisa Varn/named|said/neutral", "reported|the plan was a flop|/|said/neutral"}},
		{"they after a plural role", "Dravik officials said the vote was over. The plan was a flop, they said.",
			[]string{"reported|the vote was over|Dravik officials/role|said/neutral", "reported|The plan was a flop|Dravik officials/role|said/neutral"}},
		{"they not after a singular role", "The minister said the vote was over. The plan was a flop, they said.",
			[]string{"reported|the vote was over|minister/role|said/neutral", "reported|The plan was a flop|/|said/neutral"}},
		{"role as written", "The Foreign Ministry spokesperson said the plan was a flop.",
			[]string{"reported|the plan was a flop|Foreign Ministry spokesperson/role|said/neutral"}},
		{"anonymous as written", "The plan was a flop, said one Dravik source.",
			[]string{"reported|The plan was a flop|Dravik source/anonymous|said/neutral"}},
		{"report continued by and that", "Officials said that the talks were over, and that the plan was a flop.",
			[]string{"reported|the talks were over, and that the plan was a flop|Officials/role|said/neutral"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.Analyze("t", []byte(tt.in))
			checkReport(t, []byte(tt.in), r)
			if got := speechBrief(tt.in, r); !slices.Equal(got, tt.want) {
				t.Errorf("Analyze(%q).Quotes = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestSpeakersWithActors reads speakers with the actor pass on, which
// resolves names and pronouns.
func TestSpeakersWithActors(t *testing.T) {
	a := actorAnalyzer(t)
	tests := []struct {
		name, in string
		want     []string
	}{
		{"they is not the person met", "Lisa Varn met the envoys. The plan was a flop, they said.",
			[]string{"reported|The plan was a flop|/|said/neutral"}},
		{"they is not the person met, one sentence", "Lisa Varn met the envoys, and they said the plan was a flop.",
			[]string{"reported|the plan was a flop|/|said/neutral"}},
		{"they after a plural role", "Senior officials said the vote was over. Lisa Varn left, and the plan was a flop, they said.",
			[]string{"reported|the vote was over|Senior officials/role|said/neutral", "reported|Lisa Varn left, and the plan was a flop|Senior officials/role|said/neutral"}},
		{"they far after a plural role", "Senior officials said the vote was over. Lisa Varn left. The hall was empty. The plan was a flop, they said.",
			[]string{"reported|the vote was over|Senior officials/role|said/neutral", "reported|The plan was a flop|/|said/neutral"}},
		{"the head, not its of complement", "Dr. Hana Orlik of the Vesk Foundation said the plan was a flop.",
			[]string{"reported|the plan was a flop|Hana Orlik/named|said/neutral"}},
		{"the head, not its from complement", "Dr. Hana Orlik from Dravik said the plan was a flop.",
			[]string{"reported|the plan was a flop|Hana Orlik/named|said/neutral"}},
		{"a role in apposition to a person", "The envoy, Lisa Varn, said the plan was a flop.",
			[]string{"reported|the plan was a flop|Lisa Varn/named|said/neutral"}},
		{"its role in apposition speaks for it", "Ostrel convened the talks. Its envoy, Lisa Varn, said the plan was a flop.",
			[]string{"reported|the plan was a flop|Ostrel/named|said/neutral"}},
		{"a role speaks for its complement", "The envoy of Ostrel said the plan was a flop.",
			[]string{"reported|the plan was a flop|Ostrel/named|said/neutral"}},
		// Pell Arno counts for Karvania in the test actors: findings aimed
		// at him are Karvania's, but he is the one who speaks.
		{"a representative speaks under his own name", "Pell Arno said the plan was a flop.",
			[]string{"reported|the plan was a flop|Pell Arno/named|said/neutral"}},
		{"and so does his pronoun", "Pell Arno arrived in the morning. He said the plan was a flop.",
			[]string{"reported|the plan was a flop|Pell Arno/named|said/neutral"}},
		{"a title run that names the country first", "Karvanian Foreign Minister Pell Arno said the plan was a flop.",
			[]string{"reported|the plan was a flop|Pell Arno/named|said/neutral"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.Analyze("t", []byte(tt.in))
			checkReport(t, []byte(tt.in), r)
			if got := speechBrief(tt.in, r); !slices.Equal(got, tt.want) {
				t.Errorf("Analyze(%q).Quotes = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestSpeakersGroup groups speakers case-insensitively under the first
// spelling.
func TestSpeakersGroup(t *testing.T) {
	a := testAnalyzer(t)
	tests := []struct {
		name, in string
		want     []string // name/kind/quotes
	}{
		{"one role, two spellings", "Officials said the plan was a flop. The vote was lost, officials said.",
			[]string{"Officials/role/2"}},
		{"kinds apart", "Sources said the plan was a flop. The vote was lost, said the minister.",
			[]string{"Sources/anonymous/1", "minister/role/1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.Analyze("t", []byte(tt.in))
			var got []string
			for _, sp := range r.Speakers {
				got = append(got, fmt.Sprintf("%s/%s/%d", sp.Name, sp.Kind, sp.Quotes))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Analyze(%q).Speakers = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSpeakersSum(t *testing.T) {
	a := testAnalyzer(t)
	in := "Lisa Varn said the plan was a flop. “It failed,” Lisa Varn said. Lisa Varn claimed it was over. The vote was lost, sources said."
	r := a.Analyze("t", []byte(in))
	if len(r.Speakers) != 2 {
		t.Fatalf("speakers = %+v, want Lisa Varn and sources", r.Speakers)
	}
	lv, src := r.Speakers[0], r.Speakers[1]
	if lv.Name != "Lisa Varn" || lv.Kind != SpeakerNamed || lv.Quotes != 3 || lv.Words != 10 {
		t.Errorf("speaker 0 = %+v, want Lisa Varn, named, 3 quotes, 10 words", lv)
	}
	wantVerbs := []VerbUse{{"said", VerbNeutral, 2}, {"claimed", VerbLoaded, 1}}
	if !slices.Equal(lv.Verbs, wantVerbs) {
		t.Errorf("verbs = %+v, want %+v", lv.Verbs, wantVerbs)
	}
	if src.Name != "sources" || src.Kind != SpeakerAnonymous || src.Quotes != 1 {
		t.Errorf("speaker 1 = %+v, want sources, anonymous", src)
	}
}

func TestNoSpeechVerbs(t *testing.T) {
	lex := loadTestLexicon(t, func(rules string) string {
		return strings.NewReplacer("speech_verbs: [said, says, told, claimed, warned, insisted]\n", "", "  reported_factor: 0.5\n", "").Replace(rules)
	})
	a, err := New(lex)
	if err != nil {
		t.Fatal(err)
	}
	r := a.Analyze("t", []byte("Officials said the plan was a flop."))
	if r.Findings[0].Voice != VoiceAuthor || r.Quotes != nil || r.Speakers != nil {
		t.Errorf("without speech_verbs: %+v, quotes %v, speakers %v; want author voice, no quotes", r.Findings[0], r.Quotes, r.Speakers)
	}
}

func TestTechniques(t *testing.T) {
	a := testAnalyzer(t)
	r := a.Analyze("t", []byte("Ostrel claimed its “false flag” narrative fell flat."))
	var got []string
	for _, f := range r.Findings {
		got = append(got, f.Text+"="+f.Technique)
	}
	want := []string{"claimed=Doubt", "“false flag”=slant:Scare_Quote", "false flag=Doubt", "narrative=Doubt", "fell flat=Loaded_Language"}
	if !slices.Equal(got, want) {
		t.Errorf("techniques = %q, want %q", got, want)
	}
}

func TestTechniqueValidation(t *testing.T) {
	base := testLexFS(t)
	tests := []struct {
		name, file, data, want string
	}{
		{"unknown category technique", "odd.yaml", "id: odd\nname: Odd\ndescription: d\nweight: 1\ntechnique: Loaded Language\nentries: [odd]\n", "odd.yaml:5: technique \"Loaded Language\" is not a known technique"},
		{"unknown entry technique", "odd.yaml", "id: odd\nname: Odd\ndescription: d\nweight: 1\nentries:\n  - odd\n  - {term: odder, technique: \"slant:Made_Up\"}\n", "odd.yaml:7: technique \"slant:Made_Up\" is not a known technique"},
		{"case matters", "odd.yaml", "id: odd\nname: Odd\ndescription: d\nweight: 1\ntechnique: loaded_language\nentries: [odd]\n", "odd.yaml:5: technique \"loaded_language\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for k, v := range base {
				fsys[k] = v
			}
			fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			_, err := LoadLexicon(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadLexicon = %v, want an error containing %q", err, tt.want)
			}
		})
	}
	t.Run("shipped categories declare one", func(t *testing.T) {
		lex := realLexicon(t)
		for _, c := range lex.Categories {
			if !knownTechnique(c.Technique) || c.Technique == TechniqueUnclassified {
				t.Errorf("category %s: technique %q", c.ID, c.Technique)
			}
		}
	})
}

// testLexFS is testdata/lex in memory, for tests that change one file.
func testLexFS(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	entries, err := os.ReadDir("testdata/lex")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("testdata/lex", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fsys[e.Name()] = &fstest.MapFile{Data: b}
	}
	return fsys
}

// loadTestLexicon loads testdata/lex with rules.yaml changed by edit.
func loadTestLexicon(t *testing.T, edit func(string) string) *Lexicon {
	t.Helper()
	fsys := testLexFS(t)
	fsys["rules.yaml"] = &fstest.MapFile{Data: []byte(edit(string(fsys["rules.yaml"].Data)))}
	lex, err := LoadLexicon(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return lex
}

// realLexicon is lexicons/en.
func realLexicon(t *testing.T) *Lexicon {
	t.Helper()
	return realAnalyzer(t).Lexicon()
}

// Every exact-form role bit, speech verbs' included, survives the stem
// cache's packed slot.
func TestPackMetaRoles(t *testing.T) {
	for _, role := range []uint8{0, roleNegator, roleNotNegating, roleSpeech, roleAccording, roleNegator | roleSpeech | roleAccording} {
		for _, cls := range []uint32{0, classMask, classMask | (1<<hashBits-1)<<hashShift} {
			id, gotRole, gotCls := unpackMeta(packMeta(12345, role, cls))
			if id != 12345 || gotRole != role || gotCls != cls {
				t.Errorf("unpackMeta(packMeta(12345, %#x, %#x)) = %d, %#x, %#x", role, cls, id, gotRole, gotCls)
			}
		}
	}
}
