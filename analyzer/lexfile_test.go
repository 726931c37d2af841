package analyzer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
)

// aliasBomb is a category of 1,000 entries whose variants alias one list of
// 100 copies of a 1 KB string: 32 KB of YAML that expands to 100 MB.
func aliasBomb() []byte {
	var b strings.Builder
	b.WriteString("id: bomb\nname: Bomb\ndescription: d\nweight: 1\nentries:\n")
	fmt.Fprintf(&b, "  - {term: t0, variants: &v [&s %q%s]}\n", strings.Repeat("x ", 512), strings.Repeat(", *s", 99))
	for i := 1; i < 1000; i++ {
		fmt.Fprintf(&b, "  - {term: t%d, variants: *v}\n", i)
	}
	return []byte(b.String())
}

// TestLexiconAliasBomb: a lexicon whose aliases expand it a thousandfold is
// refused with one line, after a bounded amount of work (measured in bytes
// allocated, not seconds).
func TestLexiconAliasBomb(t *testing.T) {
	bomb := aliasBomb()
	for _, tc := range []struct {
		name string
		load func() error
	}{
		{"lexicon", func() error {
			_, err := LoadLexicon(fstest.MapFS{"rules.yaml": {Data: []byte(goodRules)}, "bomb.yaml": {Data: bomb}})
			return err
		}},
		{"actors", func() error {
			actors := strings.Replace(string(bomb), "id: bomb\nname: Bomb\ndescription: d\nweight: 1\nentries:", "kind: country\nactors:", 1)
			actors = strings.NewReplacer("term:", "name:", "variants:", "aliases:").Replace(actors)
			_, err := LoadActors(os.DirFS("../lexicons/en/actors"), fstest.MapFS{"bomb.yaml": {Data: []byte(actors)}})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var m0, m1 runtime.MemStats
			runtime.ReadMemStats(&m0)
			err := tc.load()
			runtime.ReadMemStats(&m1)
			if err == nil || !strings.Contains(err.Error(), "bomb.yaml:1: YAML aliases expand the file") {
				t.Fatalf("load of an alias bomb = %v, want it refused", err)
			}
			if n := strings.Count(err.Error(), "\n") + 1; n > 1 {
				t.Errorf("alias bomb gave %d lines of errors, want 1:\n%.2000s", n, err)
			}
			// The expansion is 100 MB; parsing 32 KB twice takes a few MB.
			if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 64<<20 {
				t.Errorf("refusing an alias bomb allocated %d MB, want a bounded amount", alloc>>20)
			}
		})
	}
}

// TestLexiconAliasesAllowed: a few aliases that do not blow the file up
// still load.
func TestLexiconAliasesAllowed(t *testing.T) {
	cat := "id: a\nname: A\ndescription: d\nweight: 1\nentries:\n  - {term: flop, except: &e [flop house]}\n  - {term: flops out, except: [flops out of]}\n  - {term: floppy, except: [floppy disk]}\n"
	if _, err := LoadLexicon(fstest.MapFS{"rules.yaml": {Data: []byte(goodRules)}, "a.yaml": {Data: []byte(cat)}}); err != nil {
		t.Errorf("LoadLexicon with an anchor = %v", err)
	}
	deep := "id: a\nname: A\ndescription: d\nweight: 1\nentries: " + strings.Repeat("[", 200) + strings.Repeat("]", 200) + "\n"
	_, err := LoadLexicon(fstest.MapFS{"rules.yaml": {Data: []byte(goodRules)}, "a.yaml": {Data: []byte(deep)}})
	if err == nil || !strings.Contains(err.Error(), "a.yaml:1: YAML nested more than") {
		t.Errorf("LoadLexicon of YAML nested 200 deep = %v, want it refused", err)
	}
}

// TestLexiconFileNotRegular: a lexicon or actor file that is a symbolic link
// to /dev/zero, a named pipe or a directory is refused with one line naming
// it, and never read (reading /dev/zero would not end, opening a FIFO would
// block).
func TestLexiconFileNotRegular(t *testing.T) {
	rules, err := os.ReadFile("../lexicons/en/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, want string
		make       func(path string) error
	}{
		{"zero", "a device", func(p string) error { return os.Symlink("/dev/zero", p) }},
		{"fifo", "a named pipe", func(p string) error { return syscall.Mkfifo(p, 0o644) }},
		{"fifo-link", "a named pipe", func(p string) error {
			if err := syscall.Mkfifo(p+".fifo", 0o644); err != nil {
				return err
			}
			return os.Symlink(filepath.Base(p)+".fifo", p)
		}},
		{"dir", "a directory", func(p string) error { return os.Mkdir(p, 0o755) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, kind := range []string{"lexicon", "actors"} {
				dir := t.TempDir()
				bad := filepath.Join(dir, "bad.yaml")
				if err := tc.make(bad); err != nil {
					t.Skipf("cannot make %s: %v", tc.name, err)
				}
				var err error
				if kind == "lexicon" {
					if err := os.WriteFile(filepath.Join(dir, "rules.yaml"), rules, 0o644); err != nil {
						t.Fatal(err)
					}
					_, err = LoadLexicon(os.DirFS(dir))
				} else {
					_, err = LoadActors(os.DirFS("../lexicons/en/actors"), os.DirFS(dir))
				}
				want := "bad.yaml: " + tc.want + ", not a regular file"
				if err == nil || err.Error() != want+": refused" {
					t.Errorf("%s with bad.yaml %s: err = %v, want %q", kind, tc.name, err, want)
				}
			}
		})
	}
}

// TestLexiconFileTooLarge: a file over MaxLexiconFileBytes is refused
// without being read into memory.
func TestLexiconFileTooLarge(t *testing.T) {
	big := make([]byte, MaxLexiconFileBytes+1)
	for _, fsys := range []fs.FS{
		fstest.MapFS{"rules.yaml": {Data: []byte(goodRules)}, "big.yaml": {Data: big}},
	} {
		_, err := LoadLexicon(fsys)
		if want := fmt.Sprintf("big.yaml: larger than the limit of %d bytes", MaxLexiconFileBytes); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("LoadLexicon of a %d-byte file = %v, want %q", len(big), err, want)
		}
	}
}

// TestLexiconErrorsBounded: a file with thousands of problems gives at most
// maxErrors lines and a count of the rest; terms are capped and quoted short.
func TestLexiconErrorsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("id: a\nname: A\ndescription: d\nweight: 1\nentries:\n")
	long := strings.Repeat("long ", 100)
	fmt.Fprintf(&b, "  - %q\n", long)
	for i := range 5000 {
		fmt.Fprintf(&b, "  - {term: t%d, weight: 20}\n", i)
	}
	_, err := LoadLexicon(fstest.MapFS{"rules.yaml": {Data: []byte(goodRules)}, "a.yaml": {Data: []byte(b.String())}})
	if err == nil {
		t.Fatal("LoadLexicon accepted 5,001 bad entries")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxErrors+1 || lines[maxErrors] != "and 4951 more problems" {
		t.Errorf("got %d lines ending %q, want %d and \"and 4951 more problems\"", len(lines), lines[len(lines)-1], maxErrors+1)
	}
	if want := fmt.Sprintf("a.yaml:6: term %q… (499 bytes) is longer than %d bytes", long[:quoteBytes], maxTermBytes); lines[0] != want {
		t.Errorf("first line = %q, want %q", lines[0], want)
	}
	for _, l := range lines {
		if len(l) > 200 {
			t.Errorf("error line of %d bytes: %.100s…", len(l), l)
		}
	}
	var me *manyErrors
	if !errors.As(err, &me) {
		t.Errorf("error %T does not unwrap to the full list", err)
	}

	actors := "kind: country\nactors:\n  - {name: " + strings.Repeat("N", 300) + "}\n"
	_, err = LoadActors(os.DirFS("../lexicons/en/actors"), fstest.MapFS{"a.yaml": {Data: []byte(actors)}})
	if want := "a.yaml:3: alias \"" + strings.Repeat("N", quoteBytes) + "\"… (300 bytes) is longer than 200 bytes"; err == nil || err.Error() != want {
		t.Errorf("LoadActors with a 300-byte name = %v, want %q", err, want)
	}
}
