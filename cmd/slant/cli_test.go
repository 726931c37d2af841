package main

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

// flagsOf is the --flags a command's usage line names.
func flagsOf(c command) []string {
	return regexp.MustCompile(`--[a-z-]+`).FindAllString(c.args, -1)
}

// TestHelp: slant -h, slant help, slant help CMD and slant CMD -h print usage
// on stdout and exit 0; a command's help has a line for every flag its usage
// names, with the flag's help text.
func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}, {"help", "-h"}} {
		code, out, errs := slant(t, "", args...)
		if code != exitOK || errs != "" || out != usage() {
			t.Errorf("slant %q = exit %d, stdout %q, stderr %q; want exit 0 and the usage on stdout", args, code, out, errs)
		}
	}
	for _, c := range commands {
		if c.name == "help" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			name := strings.Fields(c.name)
			code, helpOut, errs := slant(t, "", append([]string{"help"}, name...)...)
			if code != exitOK || errs != "" || !strings.HasPrefix(helpOut, "usage: slant "+c.name) {
				t.Fatalf("slant help %s = exit %d, stdout %q, stderr %q; want exit 0 and its usage", c.name, code, helpOut, errs)
			}
			for _, h := range []string{"-h", "--help", "-help"} {
				code, out, errs := slant(t, "", append(name, h)...)
				if code != exitOK || errs != "" || out != helpOut {
					t.Errorf("slant %s %s = exit %d, stdout %q, stderr %q; want exit 0 and the output of slant help %s", c.name, h, code, out, errs, c.name)
				}
			}
			for _, f := range flagsOf(c) {
				line := regexp.MustCompile(`(?m)^  ` + f + `( \S+)?  +\S.*$`)
				if !line.MatchString(helpOut) {
					t.Errorf("slant help %s has no help line for %s:\n%s", c.name, f, helpOut)
				}
			}
		})
	}
	if code, _, errs := slant(t, "", "help", "frobnicate"); code != exitUsage || !strings.Contains(errs, `unknown command "frobnicate"`) {
		t.Errorf("slant help frobnicate = exit %d, stderr %q; want exit 2", code, errs)
	}
	// Without a command the usage goes to stderr: it is a mistake.
	if code, out, errs := slant(t, ""); code != exitUsage || out != "" || errs != usage() {
		t.Errorf("slant = exit %d, stdout %q, stderr %q; want exit 2 and the usage on stderr", code, out, errs)
	}
}

func TestEvalHelpListsActors(t *testing.T) {
	_, out, _ := slant(t, "", "eval", "-h")
	for _, want := range []string{"--actors DIR", "--lexicons DIR", "--labels FILE.csv", "--format"} {
		if !strings.Contains(out, want) {
			t.Errorf("slant eval -h lacks %q:\n%s", want, out)
		}
	}
}

// TestFlagsAnywhere: the same flags before, between or after the other
// arguments give the same output, in every command.
func TestFlagsAnywhere(t *testing.T) {
	a := writeFile(t, "a.txt", []byte(article))
	b := writeFile(t, "b.txt", []byte("The council met.\n"))
	labels := writeFile(t, "labels.csv", []byte(labelsCSV))
	lex := t.TempDir()
	os.WriteFile(filepath.Join(lex, "newsroom.yaml"), []byte("id: newsroom\nname: House terms\ndescription: d\nweight: 2\nentries: [council]\n"), 0o644)
	actors := t.TempDir()
	os.WriteFile(filepath.Join(actors, "beat.yaml"), []byte("kind: country\nactors:\n  - {name: Ostrel, aliases: [Dravik]}\n"), 0o644)
	docs := `{"id":"x","text":"The council met."}` + "\n"
	for _, c := range []struct {
		name  string
		stdin string
		forms [][]string
	}{
		{"analyze", "", [][]string{
			{"analyze", "--format", "json", "--lexicons", lex, a, b},
			{"analyze", a, b, "--format", "json", "--lexicons", lex},
			{"analyze", a, "--format=json", b, "--lexicons", lex},
		}},
		{"analyze stdin", article, [][]string{
			{"analyze", "--format", "json", "-"},
			{"analyze", "-", "--format", "json"},
		}},
		{"compare", "", [][]string{
			{"compare", "--format", "json", "--max-bytes", "1000", a, b},
			{"compare", a, b, "--format", "json", "--max-bytes", "1000"},
			{"compare", a, "--format", "json", b, "--max-bytes=1000"},
		}},
		{"batch", docs, [][]string{
			{"batch", "--lexicons", lex, "--max-bytes", "100"},
			{"batch", "--max-bytes", "100", "--lexicons", lex},
		}},
		{"lexicon check", "", [][]string{
			{"lexicon", "check", lex},
			{"lexicon", "check", "--", lex},
		}},
		{"eval", "", [][]string{
			{"eval", "--labels", labels, "--format", "json", "--lexicons", lex, "--actors", actors},
			{"eval", "--format", "json", "--actors", actors, "--lexicons", lex, "--labels", labels},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, want, errs := slant(t, c.stdin, c.forms[0]...)
			if code != exitOK || want == "" {
				t.Fatalf("slant %q = exit %d, stderr %q", c.forms[0], code, errs)
			}
			for _, args := range c.forms[1:] {
				code, out, errs := slant(t, c.stdin, args...)
				if code != exitOK || out != want {
					t.Errorf("slant %q = exit %d, stderr %q, output differs from slant %q", args, code, errs, c.forms[0])
				}
			}
		})
	}
	// After "--" every word is an argument, even one that looks like a flag.
	dir := t.TempDir()
	for _, name := range []string{"--format", "--max-bytes"} {
		os.WriteFile(filepath.Join(dir, name), []byte(article), 0o644)
	}
	t.Chdir(dir)
	code, out, errs := slant(t, "", "analyze", "--format", "json", "--", "--format", "--max-bytes")
	if code != exitOK || !strings.Contains(out, `"name":"--format"`) || !strings.Contains(out, `"name":"--max-bytes"`) {
		t.Errorf("slant analyze --format json -- --format --max-bytes = exit %d, stderr %q; want the reports of the files named --format and --max-bytes", code, errs)
	}
}

// TestExitCodes: the same failure gives the same exit code in every command.
func TestExitCodes(t *testing.T) {
	good := writeFile(t, "good.txt", []byte(article))
	labels := writeFile(t, "labels.csv", []byte(labelsCSV))
	notDir := good
	missing := filepath.Join(t.TempDir(), "missing")
	badLex := t.TempDir()
	os.WriteFile(filepath.Join(badLex, "bad.yaml"), []byte("id: bad\nname: Bad\ndescription: d\nweight: 2\nentries:\n  - {term: x, wieght: 2}\n"), 0o644)
	type tc struct {
		name string
		args []string
		code int
		msg  string
	}
	var tests []tc
	// Each command that loads lexicons, with its other arguments.
	for _, cmd := range [][]string{
		{"analyze", good},
		{"compare", good, good},
		{"batch"},
		{"eval", "--labels", labels},
	} {
		for _, dir := range []struct {
			flag, label string
		}{{"--lexicons", "lexicons"}, {"--actors", "actors"}} {
			tests = append(tests,
				tc{cmd[0] + " " + dir.flag + " missing", append(append([]string{}, cmd...), dir.flag, missing), exitRejected, dir.label + " " + missing + ": no such file or directory"},
				tc{cmd[0] + " " + dir.flag + " not a directory", append(append([]string{}, cmd...), dir.flag, notDir), exitRejected, dir.label + " " + notDir + ": not a directory"},
			)
		}
		tests = append(tests,
			tc{cmd[0] + " bad lexicon", append(append([]string{}, cmd...), "--lexicons", badLex), exitFailure, "field wieght not found"},
			tc{cmd[0] + " unknown flag", append(append([]string{}, cmd...), "--nope"), exitUsage, "flag provided but not defined: -nope"},
		)
	}
	tests = append(tests,
		tc{"lexicon check missing", []string{"lexicon", "check", missing}, exitRejected, "lexicons " + missing + ": no such file or directory"},
		tc{"lexicon check not a directory", []string{"lexicon", "check", notDir}, exitRejected, "lexicons " + notDir + ": not a directory"},
		tc{"lexicon check unknown flag", []string{"lexicon", "check", "--nope"}, exitUsage, "flag provided but not defined"},
		tc{"lexicon without check", []string{"lexicon"}, exitUsage, "lexicon check"},
		tc{"analyze missing file", []string{"analyze", missing}, exitRejected, missing},
		tc{"compare missing file", []string{"compare", good, missing}, exitRejected, missing},
		tc{"eval missing file", []string{"eval", "--labels", missing}, exitRejected, missing},
		tc{"batch plain-text file", []string{"batch", good}, exitRejected, "not an archive or stream"},
		tc{"eval argument", []string{"eval", "--labels", labels, good}, exitUsage, "unexpected argument"},
		tc{"version argument", []string{"version", "now"}, exitUsage, "unexpected argument"},
		tc{"version unknown flag", []string{"version", "--nope"}, exitUsage, "flag provided but not defined"},
	)
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := slant(t, "", c.args...)
			if code != c.code || !strings.Contains(errs+out, c.msg) {
				t.Errorf("slant %q = exit %d, stderr %q; want exit %d mentioning %q", c.args, code, errs, c.code, c.msg)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	bi, ok := debug.ReadBuildInfo()
	want := "slant " + version(bi, ok) + "\n"
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		if code, out, errs := slant(t, "", args...); code != exitOK || out != want {
			t.Errorf("slant %q = exit %d, stdout %q, stderr %q; want %q", args, code, out, errs, want)
		}
	}
	for _, c := range []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"tagged", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, true, "v1.4.0"},
		{"pseudo-version", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261201093000-0123456789ab"}}, true, "v0.0.0-20261201093000-0123456789ab"},
		{"devel with revision", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}}, true, "(devel) 0123456789ab+dirty"},
		{"devel clean", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "false"}}}, true, "(devel) 0123456789ab"},
		{"devel without vcs", &debug.BuildInfo{}, true, "(devel)"},
		{"no build info", nil, false, "(unknown)"},
	} {
		if got := version(c.bi, c.ok); got != c.want {
			t.Errorf("%s: version(%+v) = %q, want %q", c.name, c.bi, got, c.want)
		}
	}
}
