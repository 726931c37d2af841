package analyzer

import (
	"strings"
	"testing"
	"testing/fstest"
)

const goodRules = `version: "t"
negators: [not]
negation_window: 3
booster_window: 2
reporting_verbs: [said]
scare_max_words: 4
scoring: {negation_factor: 0.5, booster_factor: 1.5, quoted_factor: 0.5, intensity_scale: 50, document_threshold: 40, sentence_threshold: 1}
`

func TestLoadLexiconErrors(t *testing.T) {
	fsys := fstest.MapFS{
		"rules.yaml": {Data: []byte(goodRules)},
		"ridicule.yaml": {Data: []byte(`id: ridicule
name: Ridicule
description: d
weight: 2
entries:
  - flop
  - {term: flops}
  - {term: fell flat, wieght: 3}
  - {term: "", weight: 2}
  - {term: one two three four five six seven eight nine}
`)},
		"other.yaml": {Data: []byte(`id: wrong
name: ""
description: d
weight: 20
role: nonsense
entries: [narrative, flop]
`)},
		"bad.yaml": {Data: []byte("id: [unclosed\n")},
	}
	_, err := LoadLexicon(fsys)
	if err == nil {
		t.Fatal("LoadLexicon accepted a broken lexicon")
	}
	msg := err.Error()
	for _, want := range []string{
		"ridicule.yaml:8: field wieght not found",
		"other.yaml:1: id \"wrong\" does not match the file name other.yaml",
		"other.yaml:1: name is empty",
		"other.yaml:1: weight 20 must be in (0, 10]",
		"other.yaml:1: role \"nonsense\"",
		"bad.yaml:",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("LoadLexicon error lacks %q; got:\n%s", want, msg)
		}
	}
	if n := strings.Count(msg, "\n") + 1; n < 6 {
		t.Errorf("LoadLexicon reported %d problems, want every one of them:\n%s", n, msg)
	}
}

func TestLoadLexiconEntryProblems(t *testing.T) {
	fsys := fstest.MapFS{
		"rules.yaml": {Data: []byte(goodRules)},
		"ridicule.yaml": {Data: []byte(`id: ridicule
name: Ridicule
description: d
weight: 2
entries:
  - flop
  - flops
  - {term: "  "}
  - {term: one two three four five six seven eight nine}
  - {term: claimed, except: [something else]}
`)},
	}
	_, err := LoadLexicon(fsys)
	if err == nil {
		t.Fatal("LoadLexicon accepted bad entries")
	}
	for _, want := range []string{
		`ridicule.yaml:7: term "flops" repeats line 6`,
		`ridicule.yaml:8: term "" has no words`,
		`ridicule.yaml:9: term "one two three four five six seven eight nine" has 9 words`,
		`ridicule.yaml:10: context phrase "something else" does not contain the term "claimed"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q; got:\n%s", want, err)
		}
	}
}

func TestLoadLexiconCrossFile(t *testing.T) {
	cat := func(id, terms string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("id: " + id + "\nname: N\ndescription: d\nweight: 1\nentries: [" + terms + "]\n")}
	}
	base := fstest.MapFS{"rules.yaml": {Data: []byte(goodRules)}, "a.yaml": cat("a", "flop, narrative"), "b.yaml": cat("b", "narratives")}
	if _, err := LoadLexicon(base); err == nil || !strings.Contains(err.Error(), `b.yaml:5: term "narratives" is also in a.yaml:5`) {
		t.Errorf("duplicate across files: err = %v", err)
	}
	// A later source may take a term over, and replace a category.
	base["b.yaml"] = cat("b", "spin")
	extra := fstest.MapFS{"c.yaml": cat("c", "narrative, hollow"), "b.yaml": cat("b", "guise")}
	lex, err := LoadLexicon(base, extra)
	if err != nil {
		t.Fatalf("LoadLexicon(base, extra) = %v", err)
	}
	a, err := New(lex)
	if err != nil {
		t.Fatal(err)
	}
	r := a.Analyze("t", []byte("A narrative, a spin, a guise, a flop."))
	if got, want := brief(r), []string{"narrative/c/author", "guise/b/author", "flop/a/author"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("findings = %q, want %q", got, want)
	}
	if info := lex.Info(); info.Categories != 3 || info.Entries != 4 || len(info.SHA256) != 64 {
		t.Errorf("Info() = %+v, want 3 categories, 4 entries", info)
	}
}

func TestLoadLexiconMissingRules(t *testing.T) {
	_, err := LoadLexicon(fstest.MapFS{"a.yaml": {Data: []byte("id: a\nname: A\ndescription: d\nweight: 1\nentries: [x]\n")}})
	if err == nil || !strings.Contains(err.Error(), "rules.yaml") {
		t.Errorf("LoadLexicon without rules.yaml = %v, want an error naming rules.yaml", err)
	}
}

func TestShippedLexiconsLoad(t *testing.T) {
	a := realAnalyzer(t)
	info := a.Lexicon().Info()
	if info.Categories < 10 || info.Entries < 200 {
		t.Errorf("lexicons/en: %+v, want at least 10 categories and 200 entries", info)
	}
	for _, c := range a.Lexicon().Categories {
		if c.Description == "" || c.Rationale == "" || len(c.Examples) == 0 {
			t.Errorf("category %s: description, rationale and examples are required of shipped lexicons", c.ID)
		}
	}
}

// TestLoadLexiconEntryTypoDoesNotHideTheRest: an unknown key in one entry is
// reported with the file's other problems, not instead of them.
func TestLoadLexiconEntryTypoDoesNotHideTheRest(t *testing.T) {
	fsys := fstest.MapFS{
		"rules.yaml": {Data: []byte(goodRules)},
		"bad.yaml": {Data: []byte(`id: other
name: N
description: d
entriez: []
weight: -1
entries:
  - ""
  - {term: flop}
  - {term: fell flat, wieght: 2}
  - {term: hollow, weight: heavy}
`)},
	}
	_, err := LoadLexicon(fsys)
	if err == nil {
		t.Fatal("LoadLexicon accepted a broken file")
	}
	for _, want := range []string{
		"bad.yaml:4: field entriez not found",
		"bad.yaml:9: field wieght not found in entry",
		"bad.yaml:10: cannot unmarshal",
		`bad.yaml:1: id "other" does not match the file name bad.yaml`,
		"bad.yaml:1: weight -1 must be in (0, 10]",
		`bad.yaml:7: term "" has no words`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q; got:\n%s", want, err)
		}
	}
}

// TestAmericanizeFilter: americanize, which tries its suffixes only on words
// that hold "is", "ys" or "our", folds every word as trying them all does:
// the words of the news corpora and every suffix after made-up stems.
func TestAmericanizeFilter(t *testing.T) {
	tryAll := func(w string) string {
		if a, ok := spellingWords[w]; ok {
			return a
		}
		if len(w) < 6 {
			return w
		}
		for _, suf := range iseSuffixes {
			if stem, ok := strings.CutSuffix(w, suf); ok && len(stem) >= 3 {
				if suf[0] == 'y' {
					return stem + "yz" + suf[2:]
				}
				return stem + "iz" + suf[2:]
			}
		}
		for _, suf := range ourSuffixes {
			if stem, ok := strings.CutSuffix(w, "our"+suf); ok && len(stem) >= 3 {
				return stem + "or" + suf
			}
		}
		return w
	}
	words := map[string]bool{}
	texts := append([][]byte{newsCorpus(1 << 20)}, realNews(t)...)
	for _, tx := range append(texts, seedNews()...) {
		for _, tk := range tokenize(tx, nil) {
			words[string(fold(nil, tx[tk.Start:tk.End]))] = true
		}
	}
	for _, stem := range []string{"a", "ab", "abc", "harb", "organ", "anal", "col", "colour"} {
		for _, suf := range append(append([]string{}, iseSuffixes...), ourSuffixes...) {
			words[stem+suf], words[stem+"our"+suf] = true, true
		}
	}
	for w := range spellingWords {
		words[w] = true
	}
	for w := range words {
		if got, want := americanize(w), tryAll(w); got != want {
			t.Errorf("americanize(%q) = %q, trying every suffix gives %q", w, got, want)
		}
	}
	if len(words) < 10000 {
		t.Errorf("only %d words", len(words))
	}
	t.Logf("%d words", len(words))
}
