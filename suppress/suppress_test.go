package suppress_test

import (
	"strings"
	"testing"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/config"
	"github.com/slantnews/slant/lexicons"
	"github.com/slantnews/slant/suppress"
	"io/fs"
)

func engine(t *testing.T) *config.Engine {
	t.Helper()
	e, err := config.Build(nil, []fs.FS{lexicons.English()})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// reported is the start offsets of the findings with the given text, and
// of the suppressed ones.
func reported(rep *analyzer.Report, text string) (kept, suppressed []int) {
	for _, f := range rep.Findings {
		if strings.EqualFold(f.Text, text) {
			kept = append(kept, f.Start)
		}
	}
	for _, s := range rep.Suppressed {
		if strings.EqualFold(s.Text, text) {
			suppressed = append(suppressed, s.Start)
		}
	}
	return kept, suppressed
}

func analyze(t *testing.T, e *config.Engine, name, input string, sc *suppress.Sidecar) *analyzer.Report {
	t.Helper()
	dirs, errs := suppress.Parse(suppress.Comments([]byte(input)))
	if len(errs) > 0 {
		t.Fatalf("Parse: %v", errs)
	}
	return e.Analyze(config.Input{Name: name, Data: []byte(input), Directives: dirs, Sidecar: sc})
}

// TestInline: each directive in a Markdown and a plain-text input.
func TestInline(t *testing.T) {
	e := engine(t)
	for _, c := range []struct {
		name, input      string
		kept, suppressed int // "flop show" findings
	}{
		{"disable-all.md", "# Desk\n\n<!-- slant-disable -->\nThe bid was a flop show.\n<!-- slant-enable -->\n\nA flop show again.\n", 1, 1},
		{"disable-term.txt", "<!-- slant-disable flop show -->\nThe bid was a flop show, a farce.\n<!-- slant-enable flop show -->\nA flop show again.\n", 1, 3}, // two are in the comments
		{"disable-category.md", "<!-- slant-disable ridicule -->\nThe bid was a flop show.\nA flop show again.\n", 0, 2},
		{"disable-other.md", "<!-- slant-disable hedges -->\nThe bid was a flop show.\n", 1, 0},
		{"ignore-next-sentence.md", "<!-- slant-ignore-next -->\nThe bid was a flop show. A flop show again.\n", 1, 1},
		{"ignore-next-paragraph.txt", "Intro.\n\n<!-- slant-ignore-next -->\n\nThe bid was a flop show.\n\nA flop show again.\n", 1, 1},
		{"ignore-next-target.md", "<!-- slant-ignore-next hedges -->\nThe bid was a flop show.\n", 1, 0},
		{"inside-comment.md", "<!-- slant-disable flop show -->A flop show.<!-- slant-enable -->\n", 0, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := analyze(t, e, c.name, c.input, nil)
			kept, supp := reported(rep, "flop show")
			if len(kept) != c.kept || len(supp) != c.suppressed {
				t.Errorf("%s: flop show kept at %v, suppressed at %v; want %d kept, %d suppressed", c.name, kept, supp, c.kept, c.suppressed)
			}
			for _, s := range rep.Suppressed {
				if s.Reason != analyzer.SuppressInline || c.input[s.Start:s.End] != s.Text {
					t.Errorf("suppressed %+v: want reason inline and input[start:end] == text", s)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	dirs, errs := suppress.Parse(suppress.Comments([]byte("a <!-- note --> b <!-- slant-disabel x --> <!-- slant-enable")))
	if len(dirs) != 1 || dirs[0].Kind != suppress.Enable || len(errs) != 1 || !strings.Contains(errs[0].Error(), `unknown directive "slant-disabel"`) {
		t.Errorf("Parse = %+v, %v; want one enable (unclosed comment to the end) and one error", dirs, errs)
	}
	var e *suppress.Error
	if len(errs) == 1 && (!asError(errs[0], &e) || e.Offset != 18) {
		t.Errorf("error offset = %+v; want 18", errs[0])
	}
}

func asError(err error, target **suppress.Error) bool {
	e, ok := err.(*suppress.Error)
	*target = e
	return ok
}

// TestSidecarStable: an accepted finding stays accepted when another
// paragraph is edited, and comes back when its own sentence is.
func TestSidecarStable(t *testing.T) {
	e := engine(t)
	const orig = "The council met on Tuesday.\n\nThe bid was a flop show, critics said.\n\nIt adjourned.\n"
	rep := analyze(t, e, "a.txt", orig, nil)
	sc := &suppress.Sidecar{}
	if n := sc.Add(rep, []byte(orig), "flop show", -1); n != 1 {
		t.Fatalf("Add = %d, want 1", n)
	}
	if n := sc.Add(rep, []byte(orig), "flop show", -1); n != 0 {
		t.Errorf("Add again = %d, want 0", n)
	}
	// Round-trip through the file format.
	sc, err := suppress.ParseSidecar("a.txt"+suppress.SidecarSuffix, sc.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, input string
		accepted    bool
	}{
		{"unchanged", orig, true},
		{"other paragraph edited", "The full council met on a wet Tuesday, late.\n\nThe bid was a flop show, critics said.\n\nIt adjourned at noon.\n", true},
		{"spacing and case", "The council met on Tuesday.\n\nTHE BID  was a\nflop show, critics said.\n\nIt adjourned.\n", true},
		{"its sentence edited", "The council met on Tuesday.\n\nThe new bid was a flop show, critics said.\n\nIt adjourned.\n", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := analyze(t, e, "a.txt", c.input, sc)
			kept, supp := reported(rep, "flop show")
			if !c.accepted {
				kept, supp = supp, kept
			}
			if len(kept) != 0 || len(supp) != 1 {
				t.Errorf("%s: accepted = %v; want %v", c.name, len(supp) == 1, c.accepted)
			}
		})
	}
	if _, err := suppress.ParseSidecar("s.yaml", []byte("accepted:\n  - term: x\n    sentense: abc\n")); err == nil || !strings.Contains(err.Error(), "s.yaml:3:") {
		t.Errorf("ParseSidecar(unknown key) = %v; want s.yaml:3", err)
	}
}
