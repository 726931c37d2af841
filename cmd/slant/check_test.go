package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// newsroom is a project directory with a .slant.yaml and one story in
// stories/, which the configuration applies to by discovery.
func newsroom(t *testing.T, cfg, story string) (dir, file string) {
	t.Helper()
	dir = t.TempDir()
	os.MkdirAll(filepath.Join(dir, "stories"), 0o755)
	if cfg != "" {
		os.WriteFile(filepath.Join(dir, ".slant.yaml"), []byte(cfg), 0o644)
	}
	file = filepath.Join(dir, "stories", "a.md")
	os.WriteFile(file, []byte(story), 0o644)
	return dir, file
}

const houseRules = `accept:
  - terror attack
ban:
  - term: flop show
    reason: slang verdict; say what happened
`

// clean has no finding; mild has one author-voice finding below both
// thresholds when they are raised; banned uses a banned term.
const (
	clean  = "The council met on Tuesday and approved the budget.\n"
	banned = "# Vote\n\nOfficials called it a terror attack.\n\nThe bid was a “flop show”, he said. The bid was a flop show.\n"
)

func TestCheckExitCodes(t *testing.T) {
	_, cleanFile := newsroom(t, houseRules, clean)
	_, bannedFile := newsroom(t, houseRules, banned)
	for _, c := range []struct {
		name string
		args []string
		want int
	}{
		{"clean", []string{"check", cleanFile}, exitOK},
		{"banned", []string{"check", bannedFile}, exitFailure},
		{"banned among clean", []string{"check", cleanFile, bannedFile}, exitFailure},
		{"missing file", []string{"check", cleanFile, filepath.Join(t.TempDir(), "nope.md")}, exitRejected},
		{"bad format", []string{"check", "--format", "junit", cleanFile}, exitUsage},
		{"missing --config", []string{"check", "--config", filepath.Join(t.TempDir(), "x.yaml"), cleanFile}, exitRejected},
		// Without the configuration nothing is banned, and the raised
		// thresholds let the rest pass.
		{"no config", []string{"check", "--no-config", "--document-threshold", "100", "--sentence-threshold", "50", bannedFile}, exitOK},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := slant(t, "", c.args...)
			if code != c.want {
				t.Errorf("slant %q = exit %d, want %d\nstdout %s\nstderr %s", c.args, code, c.want, out, errs)
			}
		})
	}
}

// TestCheckText: line:column and byte offsets, and the verdict line.
func TestCheckText(t *testing.T) {
	_, f := newsroom(t, houseRules, banned)
	_, out, _ := slant(t, "", "check", f)
	start := strings.LastIndex(banned, "flop show")
	want := f + ":5:51: error: banned term \"flop show\": slang verdict; say what happened [banned] (bytes " + itoa(start) + "-" + itoa(start+9) + ")"
	if !strings.Contains(out, want+"\n") {
		t.Errorf("check output lacks\n%s\n%s", want, out)
	}
	if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(f) + `: FAIL: .* 1 banned, 1 suppressed$`).MatchString(out) {
		t.Errorf("check output lacks the verdict line (1 banned, the accepted term suppressed):\n%s", out)
	}
	// The quoted use of the banned term is reported in the report, not in check.
	if strings.Count(out, "banned term") != 1 {
		t.Errorf("check reports %d banned uses, want 1 (the author's)", strings.Count(out, "banned term"))
	}
}

func TestCheckGitHub(t *testing.T) {
	_, f := newsroom(t, houseRules, banned)
	_, out, _ := slant(t, "", "check", "--format", "github", f)
	line := regexp.MustCompile(`^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^:]+)::(.+)$`)
	n := 0
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		m := line.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("not a workflow command: %q", l)
			continue
		}
		n++
		if m[2] != strings.ReplaceAll(f, ":", "%3A") {
			t.Errorf("file=%s, want %s", m[2], f)
		}
	}
	if !strings.Contains(out, "::error file="+f+",line=5,col=51,endLine=5,endColumn=60,title=slant banned::banned term \"flop show\"") {
		t.Errorf("github output lacks the banned term annotation:\n%s", out)
	}
	if n == 0 {
		t.Error("no annotations")
	}
}

func TestCheckRDJSONL(t *testing.T) {
	_, f := newsroom(t, houseRules, "Über alles: the bid was a flop show.\n")
	_, out, _ := slant(t, "", "check", "--format", "rdjsonl", f)
	sc := bufio.NewScanner(strings.NewReader(out))
	found := false
	for sc.Scan() {
		var d rdDiagnostic
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&d); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if d.Location.Path != f || d.Source.Name != "slant" || d.Message == "" || (d.Severity != "ERROR" && d.Severity != "WARNING") {
			t.Errorf("diagnostic %+v", d)
		}
		if d.Code.Value == "banned/flop show" {
			found = true
			// reviewdog columns count bytes: "Ü" is two.
			if want := strings.Index("Über alles: the bid was a flop show.", "flop") + 1; d.Location.Range.Start.Column != want || d.Location.Range.End.Column != want+9 {
				t.Errorf("range = %+v, want byte columns %d-%d", d.Location.Range, want, want+9)
			}
		}
	}
	if !found {
		t.Errorf("no banned diagnostic in\n%s", out)
	}
}

// sarifSchema is the official SARIF 2.1.0 schema that `make sarif-schema`
// fetches; the test is skipped without it unless SLANT_SARIF_REQUIRED (make
// test-sarif) or CI is set.
func sarifSchema(t *testing.T) string {
	p := os.Getenv("SLANT_SARIF_SCHEMA")
	if p == "" {
		p = filepath.Join("..", "..", "bin", "sarif-schema-2.1.0.json")
	}
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("SLANT_SARIF_REQUIRED") != "" || os.Getenv("CI") != "" {
			t.Fatalf("SARIF schema %s: %v (make sarif-schema fetches it)", p, err)
		}
		t.Skipf("SARIF schema %s not here: run make sarif-schema (make test-sarif requires it)", p)
	}
	return p
}

func TestCheckSARIFSchema(t *testing.T) {
	schemaPath := sarifSchema(t)
	_, f := newsroom(t, houseRules+"\ncheck_format: sarif\n", banned+"\n<!-- slant-ignore-next -->\nCritics mocked the farce.\n")
	_, out, errs := slant(t, "", "check", f) // the format from the configuration
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
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
		t.Fatalf("check --format sarif is not JSON: %v\n%s%s", err, out, errs)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("SARIF output does not validate: %v\n%s", err, out)
	}
	var log sarifLog
	json.Unmarshal([]byte(out), &log)
	var banned, suppressed bool
	for _, r := range log.Runs[0].Results {
		rule := log.Runs[0].Tool.Driver.Rules[r.RuleIndex]
		if rule.ID != r.RuleID {
			t.Errorf("result %s has ruleIndex of %s", r.RuleID, rule.ID)
		}
		reg := r.Locations[0].PhysicalLocation.Region
		if r.RuleID == "banned" && reg != nil && reg.StartLine == 5 && reg.StartColumn == 51 {
			banned = true
		}
		if len(r.Suppressions) > 0 && r.Suppressions[0].Kind == "inSource" {
			suppressed = true
		}
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

// TestConfigPrecedence: a flag wins over the file, the file over the default.
func TestConfigPrecedence(t *testing.T) {
	_, f := newsroom(t, "format: json\nthresholds: {document: 99, sentence: 30}\n", "The regime unleashed a crackdown. "+strings.Repeat("The council met on Tuesday and approved the budget. ", 8)+"\n")
	if _, out, _ := slant(t, "", "analyze", f); !strings.HasPrefix(out, "{") {
		t.Errorf("analyze with format: json in the file printed %.40q, want JSON", out)
	}
	if _, out, _ := slant(t, "", "analyze", "--format", "text", f); strings.HasPrefix(out, "{") {
		t.Errorf("analyze --format text printed JSON: the flag must win")
	}
	if _, out, _ := slant(t, "", "analyze", "--no-config", f); strings.HasPrefix(out, "{") {
		t.Errorf("analyze --no-config printed JSON: the default is text")
	}
	if code, out, _ := slant(t, "", "check", f); code != exitOK {
		t.Errorf("check with the file's raised thresholds = exit %d, want 0:\n%s", code, out)
	}
	if code, _, _ := slant(t, "", "check", "--sentence-threshold", "1", f); code != exitFailure {
		t.Errorf("check --sentence-threshold 1 = exit %d, want 1: the flag must win", code)
	}
	if code, _, _ := slant(t, "", "check", "--no-config", f); code != exitFailure {
		t.Errorf("check --no-config = exit %d, want 1 with the lexicon's thresholds", code)
	}
	// --config names a file anywhere, over discovery.
	other := writeFile(t, "house.yaml", []byte("format: markdown\n"))
	if _, out, _ := slant(t, "", "analyze", "--config", other, f); !strings.Contains(out, "| Bytes | Text |") {
		t.Errorf("analyze --config house.yaml (format: markdown) printed:\n%s", out)
	}
}

func TestConfigCommands(t *testing.T) {
	dir, f := newsroom(t, houseRules+"weights: {ridicule: 4}\n", banned)
	code, out, _ := slant(t, "", "config", "check", filepath.Join(dir, ".slant.yaml"))
	if code != exitOK || !strings.HasPrefix(out, "ok: ") {
		t.Errorf("config check = exit %d, %s", code, out)
	}
	bad := writeFile(t, ".slant.yaml", []byte("accept: [x]\nbann:\n  - term: y\nweights: {nosuch: 2}\n"))
	code, out, _ = slant(t, "", "config", "check", bad)
	if code != exitFailure || !strings.Contains(out, bad+`:2: unknown key "bann"`) {
		t.Errorf("config check (bad) = exit %d, %s", code, out)
	}
	code, out, _ = slant(t, "", "config", "show", f)
	if code != exitOK || !strings.Contains(out, "ridicule: 4") || !strings.Contains(out, "reason: slang verdict; say what happened") || !strings.Contains(out, "document: 40") {
		t.Errorf("config show = exit %d:\n%s", code, out)
	}
	// The shown configuration is itself valid.
	shown := writeFile(t, "shown.yaml", []byte(out))
	if code, out, _ := slant(t, "", "config", "check", shown); code != exitOK {
		t.Errorf("config check of config show's output = exit %d: %s", code, out)
	}
	if code, _, _ := slant(t, "", "config"); code != exitUsage {
		t.Errorf("slant config = exit %d, want 2", code)
	}
}

// TestAccept: slant accept writes the sidecar; the finding is then
// suppressed with reason sidecar, and stays so after another paragraph changes.
func TestAccept(t *testing.T) {
	_, f := newsroom(t, "", "Intro.\n\nThe regime unleashed a crackdown.\n")
	code, out, errs := slant(t, "", "accept", "--term", "crackdown", f)
	if code != exitOK {
		t.Fatalf("accept = exit %d: %s %s", code, out, errs)
	}
	check := func() []struct{ Text, Reason string } {
		_, out, _ := slant(t, "", "analyze", "--format", "json", f)
		var r struct {
			Suppressed []struct{ Text, Reason string }
		}
		json.Unmarshal([]byte(out), &r)
		return r.Suppressed
	}
	if s := check(); len(s) != 1 || s[0].Text != "crackdown" || s[0].Reason != "sidecar" {
		t.Errorf("suppressed after accept = %+v", s)
	}
	os.WriteFile(f, []byte("A longer intro, rewritten.\n\nThe regime unleashed a crackdown.\n"), 0o644)
	if s := check(); len(s) != 1 {
		t.Errorf("suppressed after editing another paragraph = %+v, want the crackdown still", s)
	}
	os.WriteFile(f, []byte("Intro.\n\nThe regime unleashed a harsh crackdown.\n"), 0o644)
	if s := check(); len(s) != 0 {
		t.Errorf("suppressed after editing its sentence = %+v, want none", s)
	}
	if code, _, _ := slant(t, "", "accept", f); code != exitUsage {
		t.Errorf("accept without --term = exit %d, want 2", code)
	}
}
