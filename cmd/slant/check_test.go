package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
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

// TestCheckFormat: the format is the flag's, else the configuration's
// check_format, else text; the formats themselves are package check's
// (check/check_test.go). SARIF names the version slant version prints.
func TestCheckFormat(t *testing.T) {
	_, f := newsroom(t, houseRules+"check_format: sarif\n", banned)
	_, plain := newsroom(t, houseRules, banned)
	_, vout, _ := slant(t, "", "version")
	for _, c := range []struct {
		name string
		args []string
		want *regexp.Regexp
	}{
		{"default", []string{"check", plain}, regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(plain) + `:5:51: error: banned term "flop show"`)},
		{"configuration", []string{"check", f}, regexp.MustCompile(`^\{\n  "\$schema": "https://json.schemastore.org/sarif-2.1.0.json",`)},
		{"flag over configuration", []string{"check", "--format", "github", f}, regexp.MustCompile(`(?m)^::error file=` + regexp.QuoteMeta(f) + `,line=5,col=51,`)},
		{"rdjsonl", []string{"check", "--format", "rdjsonl", plain}, regexp.MustCompile(`(?m)^\{"message":"banned term \\"flop show\\"`)},
		{"--no-config ignores check_format", []string{"check", "--no-config", f}, regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(f) + `: FAIL: `)},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := slant(t, "", c.args...)
			if code != exitFailure || !c.want.MatchString(out) {
				t.Errorf("slant %q = exit %d, want 1 and output matching %s:\n%s%s", c.args, code, c.want, out, errs)
			}
		})
	}
	_, out, _ := slant(t, "", "check", f)
	var log struct {
		Runs []struct {
			Tool struct{ Driver struct{ Version string } }
		}
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("check with check_format: sarif: %v\n%s", err, out)
	}
	if got, want := log.Runs[0].Tool.Driver.Version, strings.TrimPrefix(strings.TrimSpace(vout), "slant "); got != want {
		t.Errorf("SARIF tool version %q, slant version %q", got, want)
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
