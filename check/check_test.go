package check

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/slantnews/slant/config"
	"github.com/slantnews/slant/lexicons"
	"github.com/slantnews/slant/suppress"
)

const houseRules = `accept:
  - terror attack
ban:
  - term: flop show
    reason: slang verdict; say what happened
`

// banned uses the banned term once in the author's voice and once quoted,
// and an accepted term.
const banned = "# Vote\n\nOfficials called it a terror attack.\n\nThe bid was a “flop show”, he said. The bid was a flop show.\n"

// checked analyzes text under the configuration cfg (YAML; "" for none)
// with its inline directives, and judges it at the lexicon's thresholds, as
// slant check does.
func checked(t *testing.T, cfg, name, text string) *File {
	t.Helper()
	var c *config.Config
	if cfg != "" {
		var err error
		if c, err = config.Parse(".slant.yaml", []byte(cfg)); err != nil {
			t.Fatal(err)
		}
	}
	e, err := config.Build(c, []fs.FS{lexicons.English()})
	if err != nil {
		t.Fatal(err)
	}
	dirs, errs := suppress.Parse(suppress.Comments([]byte(text)))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	rep := e.Analyze(config.Input{Name: name, Data: []byte(text), Directives: dirs})
	lex := e.Analyzer().Lexicon()
	sc := lex.Rules.Scoring
	return &File{Name: name, Text: []byte(text), Report: rep, Lexicon: lex,
		Verdict: config.Judge(rep, sc.DocumentThreshold, sc.SentenceThreshold, sc.IntensityScale)}
}

func write(t *testing.T, format string, files []*File, opts ...Option) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, format, files, opts...); err != nil {
		t.Fatalf("Write(%s) = %v", format, err)
	}
	return b.String()
}

func TestLines(t *testing.T) {
	const text = "ab\nÜber x\n\nz"
	for _, c := range []struct {
		name   string
		offset int
		want   Position
	}{
		{"start", 0, Position{1, 1, 1}},
		{"end of the first line", 2, Position{1, 3, 3}},
		{"next line", 3, Position{2, 1, 1}},
		{"after a two-byte rune", strings.Index(text, "x"), Position{2, 6, 7}},
		{"empty line", strings.Index(text, "\n\n") + 1, Position{3, 1, 1}},
		{"end of the text", len(text), Position{4, 2, 2}},
		{"past the end", len(text) + 5, Position{4, 2, 2}},
		{"negative", -1, Position{1, 1, 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := NewLines([]byte(text)).At(c.offset); got != c.want {
				t.Errorf("At(%d) = %+v, want %+v", c.offset, got, c.want)
			}
		})
	}
	if got := NewLines(nil).At(3); got != (Position{1, 1, 1}) {
		t.Errorf("NewLines(nil).At(3) = %+v, want 1:1", got)
	}
}

// TestDiagnostics: the author's banned term is an error; the quoted one is
// not a diagnostic; the document comes last when it crosses its threshold.
func TestDiagnostics(t *testing.T) {
	f := checked(t, houseRules, "a.md", banned)
	ds := Diagnostics(f)
	var bans []Diagnostic
	for _, d := range ds {
		if d.Rule == config.BannedCategory {
			bans = append(bans, d)
		}
	}
	start := strings.LastIndex(banned, "flop show")
	want := Diagnostic{Start: start, End: start + 9, Rule: "banned", Term: "flop show", Level: "error",
		Message: `banned term "flop show": slang verdict; say what happened`}
	if len(bans) != 1 || bans[0] != want {
		t.Errorf("banned diagnostics = %+v, want the author's only: %+v", bans, want)
	}
	if !f.Verdict.DocumentCrossed {
		t.Fatalf("verdict %+v: want the document over its threshold", f.Verdict)
	}
	if last := ds[len(ds)-1]; last.Rule != "document" || last.Level != "error" || last.Start != 0 || last.End != 0 {
		t.Errorf("last diagnostic = %+v, want the document's", last)
	}
	if ds := Diagnostics(checked(t, "", "clean.txt", "The council met on Tuesday and approved the budget.\n")); len(ds) != 0 {
		t.Errorf("Diagnostics(neutral text) = %+v, want none", ds)
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "junit", nil); err == nil || !strings.Contains(err.Error(), `"junit"`) {
		t.Errorf(`Write("junit") = %v, want an unknown-format error`, err)
	}
	for _, f := range Formats {
		if err := Write(&bytes.Buffer{}, f, nil); err != nil {
			t.Errorf("Write(%s, no files) = %v", f, err)
		}
	}
}

// TestFormats: the formats a configuration may name (check_format) are the
// ones Write writes.
func TestFormats(t *testing.T) {
	if !slices.Equal(Formats, config.CheckFormats) {
		t.Errorf("Formats = %q, config.CheckFormats = %q", Formats, config.CheckFormats)
	}
}

// TestText: line:column and byte offsets, and the verdict line.
func TestText(t *testing.T) {
	f := checked(t, houseRules, "stories/a.md", banned)
	out := write(t, "text", []*File{f})
	start := strings.LastIndex(banned, "flop show")
	want := "stories/a.md:5:51: error: banned term \"flop show\": slang verdict; say what happened [banned] (bytes " + strconv.Itoa(start) + "-" + strconv.Itoa(start+9) + ")"
	if !strings.Contains(out, want+"\n") {
		t.Errorf("text output lacks\n%s\n%s", want, out)
	}
	if !regexp.MustCompile(`(?m)^stories/a\.md: FAIL: .* 1 banned, 1 suppressed$`).MatchString(out) {
		t.Errorf("text output lacks the verdict line (1 banned, the accepted term suppressed):\n%s", out)
	}
	if strings.Count(out, "banned term") != 1 {
		t.Errorf("text output has %d banned uses, want 1 (the author's)", strings.Count(out, "banned term"))
	}
	clean := checked(t, "", "b.txt", "The council met on Tuesday and approved the budget.\n")
	if out := write(t, "text", []*File{clean}); !regexp.MustCompile(`^b\.txt: ok: author-voice intensity 0\.0 .* 0 banned, 0 suppressed\n$`).MatchString(out) {
		t.Errorf("text output for a neutral text = %q, want the ok verdict line alone", out)
	}
}

func TestGitHub(t *testing.T) {
	const name = "C:/desk,world/a.md"
	out := write(t, "github", []*File{checked(t, houseRules, name, banned)})
	line := regexp.MustCompile(`^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^:]+)::(.+)$`)
	n := 0
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("not a workflow command: %q", l)
			continue
		}
		n++
		if want := "C%3A/desk%2Cworld/a.md"; m[2] != want {
			t.Errorf("file=%s, want %s", m[2], want)
		}
	}
	if !strings.Contains(out, "::error file=C%3A/desk%2Cworld/a.md,line=5,col=51,endLine=5,endColumn=60,title=slant banned::banned term \"flop show\"") {
		t.Errorf("github output lacks the banned term annotation:\n%s", out)
	}
	if n == 0 {
		t.Error("no annotations")
	}
	for _, c := range []struct{ in, data, property string }{
		{"a%b", "a%25b", "a%25b"},
		{"line\r\nnext", "line%0D%0Anext", "line%0D%0Anext"},
		{"k: v, w", "k: v, w", "k%3A v%2C w"},
	} {
		if got := ghData(c.in); got != c.data {
			t.Errorf("ghData(%q) = %q, want %q", c.in, got, c.data)
		}
		if got := ghProperty(c.in); got != c.property {
			t.Errorf("ghProperty(%q) = %q, want %q", c.in, got, c.property)
		}
	}
}

func TestRDJSONL(t *testing.T) {
	const text = "Über alles: the bid was a flop show.\n"
	out := write(t, "rdjsonl", []*File{checked(t, houseRules, "a.md", text)})
	sc := bufio.NewScanner(strings.NewReader(out))
	found := false
	for sc.Scan() {
		var d rdDiagnostic
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&d); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if d.Location.Path != "a.md" || d.Source.Name != "slant" || d.Message == "" || (d.Severity != "ERROR" && d.Severity != "WARNING") {
			t.Errorf("diagnostic %+v", d)
		}
		if d.Code.Value == "banned/flop show" {
			found = true
			// reviewdog columns count bytes: "Ü" is two.
			if want := strings.Index(text, "flop") + 1; d.Location.Range.Start.Column != want || d.Location.Range.End.Column != want+9 {
				t.Errorf("range = %+v, want byte columns %d-%d", d.Location.Range, want, want+9)
			}
		}
	}
	if !found {
		t.Errorf("no banned diagnostic in\n%s", out)
	}
}

// TestSARIFVersion: ToolVersion names the tool's version; without it the
// property is left out.
func TestSARIFVersion(t *testing.T) {
	files := []*File{checked(t, houseRules, "a.md", banned)}
	driver := func(out string) map[string]any {
		var log struct {
			Runs []struct {
				Tool struct{ Driver map[string]any }
			}
		}
		if err := json.Unmarshal([]byte(out), &log); err != nil {
			t.Fatal(err)
		}
		return log.Runs[0].Tool.Driver
	}
	if v := driver(write(t, "sarif", files, ToolVersion("v1.2.3")))["version"]; v != "v1.2.3" {
		t.Errorf("tool.driver.version = %v, want v1.2.3", v)
	}
	if v, ok := driver(write(t, "sarif", files))["version"]; ok {
		t.Errorf("tool.driver.version = %v without ToolVersion, want none", v)
	}
}

// sarifSchema is the official SARIF 2.1.0 schema that `make sarif-schema`
// fetches; the test is skipped without it unless SLANT_SARIF_REQUIRED (make
// test-sarif) or CI is set.
func sarifSchema(t *testing.T) string {
	p := os.Getenv("SLANT_SARIF_SCHEMA")
	if p == "" {
		p = filepath.Join("..", "bin", "sarif-schema-2.1.0.json")
	}
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("SLANT_SARIF_REQUIRED") != "" || os.Getenv("CI") != "" {
			t.Fatalf("SARIF schema %s: %v (make sarif-schema fetches it)", p, err)
		}
		t.Skipf("SARIF schema %s not here: run make sarif-schema (make test-sarif requires it)", p)
	}
	return p
}

func TestSARIFSchema(t *testing.T) {
	schemaPath := sarifSchema(t)
	f := checked(t, houseRules, "stories/a b.md", banned+"\n<!-- slant-ignore-next -->\nCritics mocked the farce.\n")
	stdin := checked(t, "", "-", "The regime unleashed a crackdown.\n")
	out := write(t, "sarif", []*File{f, stdin}, ToolVersion("(devel)"))
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	if err != nil {
		t.Fatalf("the SARIF output is not JSON: %v\n%s", err, out)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("SARIF output does not validate: %v\n%s", err, out)
	}
	var log sarifLog
	json.Unmarshal([]byte(out), &log)
	var banned, suppressed bool
	uris := map[string]bool{}
	for _, r := range log.Runs[0].Results {
		rule := log.Runs[0].Tool.Driver.Rules[r.RuleIndex]
		if rule.ID != r.RuleID {
			t.Errorf("result %s has ruleIndex of %s", r.RuleID, rule.ID)
		}
		uris[r.Locations[0].PhysicalLocation.ArtifactLocation.URI] = true
		reg := r.Locations[0].PhysicalLocation.Region
		if r.RuleID == "banned" && reg != nil && reg.StartLine == 5 && reg.StartColumn == 51 {
			banned = true
		}
		if len(r.Suppressions) > 0 && r.Suppressions[0].Kind == "inSource" {
			suppressed = true
		}
	}
	if want := map[string]bool{"stories/a%20b.md": true, "stdin": true}; !maps.Equal(uris, want) {
		t.Errorf("results in %v, want %v", uris, want)
	}
	if !banned || !suppressed {
		t.Errorf("SARIF lacks the banned result at 5:51 (%v) or an inSource suppression (%v):\n%s", banned, suppressed, out)
	}
	// A test that can fail: a result without a message is invalid.
	bad := strings.Replace(out, `"message"`, `"messages"`, 1)
	bv, _ := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if err := sch.Validate(bv); err == nil {
		t.Error("schema accepted a result without a message")
	}
}
