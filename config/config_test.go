package config

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/lexicons"
	"github.com/slantnews/slant/suppress"
)

func write(t *testing.T, path, data string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestFind: the nearest .slant.yaml above the input's directory wins; none
// up to the root gives "".
func TestFind(t *testing.T) {
	root := t.TempDir()
	top := write(t, filepath.Join(root, FileName), "accept: [x]\n")
	deep := filepath.Join(root, "desk", "world", "2026")
	os.MkdirAll(deep, 0o755)
	if got, err := Find(deep); err != nil || got != top {
		t.Errorf("Find(%s) = %q, %v; want %q", deep, got, err, top)
	}
	near := write(t, filepath.Join(root, "desk", FileName), "accept: [y]\n")
	if got, _ := Find(deep); got != near {
		t.Errorf("Find(%s) = %q; want the nearer %q", deep, got, near)
	}
	if got, _ := Find(t.TempDir()); got != "" {
		// t.TempDir is under the system temp dir, which has no .slant.yaml.
		t.Errorf("Find(empty dir) = %q; want none", got)
	}
}

// TestParseStrict: every problem at once, each as file:line.
func TestParseStrict(t *testing.T) {
	const src = `accept:
  - terror attack
  - ""
ban:
  - term: flop show
    reason: slang verdict
  - term: Terror attacks
    reason: dup
  - term: fiasco
colour: blue
weights:
  ridicule: 11
thresholds:
  document: 140
format: pdf
check_format: junit
`
	_, err := Parse("newsroom/.slant.yaml", []byte(src))
	if err == nil {
		t.Fatal("Parse(bad config) = nil error")
	}
	for _, want := range []string{
		`newsroom/.slant.yaml:3: term "" has no words`,
		`newsroom/.slant.yaml:7: term "Terror attacks" is also accept at line 2`,
		`newsroom/.slant.yaml:9: banned term "fiasco" has no reason`,
		`newsroom/.slant.yaml:10: unknown key "colour"`,
		`newsroom/.slant.yaml:12: weight 11 of ridicule must be in (0, 10]`,
		`newsroom/.slant.yaml:14: document threshold 140 must be in [0, 100]`,
		`newsroom/.slant.yaml:15: format "pdf" must be one of text, json, markdown, html`,
		`newsroom/.slant.yaml:16: check_format "junit" must be one of`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Parse error lacks %q:\n%v", want, err)
		}
	}
	if _, err := Parse("s.yaml", []byte("accept: [a\n")); err == nil || !strings.HasPrefix(err.Error(), "s.yaml:") {
		t.Errorf("Parse(syntax error) = %v; want s.yaml:line", err)
	}
	if c, err := Parse("empty.yaml", nil); err != nil || c.SHA256() == "" {
		t.Errorf("Parse(empty) = %v, %v; want every default", c, err)
	}
}

func TestLoadDirs(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "house"), 0o755)
	p := write(t, filepath.Join(dir, FileName), "lexicons: [house, missing]\n")
	_, err := Load(p)
	if err == nil || !strings.Contains(err.Error(), p+":1: lexicons directory missing does not exist") {
		t.Errorf("Load = %v; want the missing directory at line 1", err)
	}
	write(t, p, "lexicons:\n  - house\n")
	c, err := Load(p)
	if err != nil || len(c.LexiconDirs()) != 1 || c.LexiconDirs()[0] != filepath.Join(dir, "house") {
		t.Errorf("Load = %+v, %v; want house resolved against the file's directory", c, err)
	}
}

func engine(t *testing.T, src string) *Engine {
	t.Helper()
	c, err := Parse("test/.slant.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	e, err := Build(c, []fs.FS{lexicons.English()})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

const story = "The bid was a flop show. Officials called it a terror attack. Critics mocked the farce.\n"

func TestEngineAcceptBan(t *testing.T) {
	plainEngine, err := Build(nil, []fs.FS{lexicons.English()})
	if err != nil {
		t.Fatal(err)
	}
	base := plainEngine.Analyze(Input{Name: "s.txt", Data: []byte(story)})
	e := engine(t, "accept: [terror attacks]\nban:\n  - term: flop show\n    reason: slang verdict; say what happened\n")
	rep := e.Analyze(Input{Name: "s.txt", Data: []byte(story)})
	var banned *analyzer.Finding
	for i, f := range rep.Findings {
		if f.Text == "terror" {
			t.Errorf("accepted term reported: %+v", f)
		}
		if f.Category == BannedCategory {
			banned = &rep.Findings[i]
		}
	}
	if banned == nil || banned.Text != "flop show" || banned.Reason != "slang verdict; say what happened" {
		t.Fatalf("banned finding = %+v; want flop show with the reason", banned)
	}
	if rep.Stats.Suppressed != len(rep.Suppressed) || len(rep.Suppressed) == 0 || rep.Suppressed[0].Reason != analyzer.SuppressAccept {
		t.Errorf("suppressed = %+v (stats %d); want the accepted term, reason accept", rep.Suppressed, rep.Stats.Suppressed)
	}
	if rep.Config == nil || rep.Config.SHA256 == "" || rep.Config.Path != "test/.slant.yaml" {
		t.Errorf("report config = %+v", rep.Config)
	}
	if base.Config != nil || base.Suppressed != nil {
		t.Errorf("no configuration: config %+v, suppressed %+v; want none", base.Config, base.Suppressed)
	}
	// The accepted finding does not count: recompute the author weight.
	var sum float64
	for _, f := range rep.Findings {
		if f.Voice == analyzer.VoiceAuthor {
			sum += f.Weight
		}
	}
	if d := rep.Score.AuthorWeight - sum; d > 0.01 || d < -0.01 {
		t.Errorf("author_weight %v, findings sum to %v", rep.Score.AuthorWeight, sum)
	}
}

func TestEngineCategoriesWeightsThresholds(t *testing.T) {
	base := engine(t, "").Analyze(Input{Name: "s.txt", Data: []byte(story)})
	var ridicule float64
	for _, f := range base.Findings {
		if f.Category == "ridicule" {
			ridicule += f.Weight
		}
	}
	if ridicule == 0 {
		t.Fatalf("fixture has no ridicule finding: %+v", base.Findings)
	}
	off := engine(t, "categories: {ridicule: false}\n").Analyze(Input{Name: "s.txt", Data: []byte(story)})
	for _, f := range off.Findings {
		if f.Category == "ridicule" {
			t.Errorf("category turned off but found: %+v", f)
		}
	}
	e := engine(t, "weights: {ridicule: 5}\nthresholds: {document: 1, sentence: 9}\n")
	rep := e.Analyze(Input{Name: "s.txt", Data: []byte(story)})
	if rep.Score.Threshold != 1 {
		t.Errorf("threshold = %v, want 1", rep.Score.Threshold)
	}
	eff := e.Effective()
	if eff.Weights["ridicule"] != 5 || *eff.Thresholds.Sentence != 9 || !eff.Categories["hedges"] {
		t.Errorf("effective = %+v", eff)
	}
	if _, err := Parse("x", eff.Marshal()); err != nil {
		t.Errorf("effective configuration does not parse back: %v\n%s", err, eff.Marshal())
	}
	c, _ := Parse("x.yaml", []byte("weights:\n  nosuch: 2\n"))
	if _, err := Build(c, []fs.FS{lexicons.English()}); err == nil || !strings.Contains(err.Error(), `x.yaml:2: no category "nosuch"`) {
		t.Errorf("Build(unknown category) = %v; want x.yaml:2", err)
	}
}

func TestEngineInline(t *testing.T) {
	e := engine(t, "")
	input := []byte("The bid was a flop show.\n\n<!-- slant-disable ridicule -->\nCritics mocked the flop show.\n<!-- slant-enable -->\n\nAnother flop show.\n")
	rep := e.Analyze(Input{Name: "s.md", Data: input, Directives: directives(t, input)})
	var texts []int
	for _, f := range rep.Findings {
		if f.Text == "flop show" {
			texts = append(texts, f.Start)
		}
	}
	if len(texts) != 2 || len(rep.Suppressed) == 0 {
		t.Errorf("flop show findings at %v, suppressed %+v; want the first and last kept, the middle suppressed", texts, rep.Suppressed)
	}
}

func directives(t *testing.T, input []byte) []suppress.Directive {
	d, errs := suppress.Parse(suppress.Comments(input))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return d
}
