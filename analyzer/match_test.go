package analyzer

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// brief renders findings as "text/category/voice[/neg][/xF]" for compact tables.
func brief(r *Report) []string {
	var out []string
	for _, f := range r.Findings {
		s := fmt.Sprintf("%s/%s/%s", f.Text, f.Category, f.Voice)
		if f.Negated {
			s += "/neg"
		}
		if f.Weight != f.BaseWeight {
			s += fmt.Sprintf("/%g", f.Weight)
		}
		out = append(out, s)
	}
	return out
}

// findingCase is one row of a findings table: the input and its findings in brief form.
type findingCase struct {
	name, in string
	want     []string
}

func runFindings(t *testing.T, a *Analyzer, tests []findingCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.Analyze("t", []byte(tt.in))
			checkReport(t, []byte(tt.in), r)
			if got := brief(r); !slices.Equal(got, tt.want) {
				t.Errorf("Analyze(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	a := testAnalyzer(t)
	tests := []findingCase{
		{"single word", "It was a flop.", []string{"flop/ridicule/author"}},
		{"longest match wins", "A flop show.", []string{"flop show/ridicule/author"}},
		{"plural stems", "Two flop shows.", []string{"flop shows/ridicule/author"}},
		{"variant", "The bid falls flat.", []string{"falls flat/ridicule/author"}},
		{"stem join", "It fell flat.", []string{"fell flat/ridicule/author"}},
		{"spelling forms", "so called and so‑called and So-Called", []string{"so called/delegitimizing/author", "so‑called/delegitimizing/author", "So-Called/delegitimizing/author"}},
		{"multiword", "Under the guise of talks.", []string{"Under the guise of/delegitimizing/author"}},
		{"not across sentences", "A flop. Show me.", []string{"flop/ridicule/author"}},
		{"not across commas", "flop, show", []string{"flop/ridicule/author"}},
		{"american and british", "destabilising and destabilizing", []string{"destabilising/delegitimizing/author", "destabilizing/delegitimizing/author"}},
		{"narratives", "their narratives", []string{"narratives/delegitimizing/author"}},
		{"possessive", "Pakistan’s narrative", []string{"narrative/delegitimizing/author"}},
		{"neutral text", "The council met on Tuesday and issued no statement.", nil},
		{"exact form only", "It is clearly so. It is clear.", []string{"clearly/verbs/author"}},
		{"exact variant", "claiming victory", []string{"claiming/verbs/author"}},
		{"exact excludes other forms", "its claim", nil},
		{"except phrase", "The group claimed responsibility.", nil},
		{"except does not reach others", "He claimed victory.", []string{"claimed/verbs/author"}},
		{"requires phrase", "He maintained that it won. He maintained the road.", []string{"maintained/verbs/author"}},
		{"case", "FLOP SHOW", []string{"FLOP SHOW/ridicule/author"}},
	}
	runFindings(t, a, tests)
}

func TestNegation(t *testing.T) {
	a := testAnalyzer(t)
	tests := []findingCase{
		{"not", "It was not a flop show.", []string{"flop show/ridicule/author/neg/1.5"}},
		{"never", "It never fell flat.", []string{"fell flat/ridicule/author/neg/1"}},
		{"contraction", "It didn't fall flat.", []string{"fall flat/ridicule/author/neg/1"}},
		{"n't split", "It wasn’t a flop.", nil}, // "wasn’t" is not in the test negators
		{"outside window", "Not that anyone would call it a flop.", []string{"flop/ridicule/author"}},
		{"clause break stops", "No, it was a flop.", []string{"flop/ridicule/author"}},
		{"not only", "It not only exposed the hollowness", []string{"hollowness/ridicule/author"}},
		{"no before", "found no narrative", []string{"narrative/delegitimizing/author/neg/1"}},
		{"negators match exact forms", "It was hardly a flop.", []string{"flop/ridicule/author/neg/1"}},
		{"not by stem", "Hard questions, a hard flop.", []string{"flop/ridicule/author"}},
	}
	tests[3].want = []string{"flop/ridicule/author"}
	runFindings(t, a, tests)
}

func TestBoosters(t *testing.T) {
	a := testAnalyzer(t)
	tests := []findingCase{
		{"boosts next", "They strongly condemned it.", []string{"strongly/boost/author", "condemned/verbs/author/1.5"}},
		{"window of two", "utterly and firmly a flop", []string{"utterly/boost/author", "firmly/boost/author", "flop/ridicule/author/3"}},
		{"too far", "strongly, in the end, condemned", []string{"strongly/boost/author", "condemned/verbs/author"}},
		{"alone", "firmly held", []string{"firmly/boost/author"}},
		{"boost and negation", "not strongly condemned", []string{"strongly/boost/author/neg/0.5", "condemned/verbs/author/neg/0.75"}},
	}
	runFindings(t, a, tests)
}

func TestVoiceAndScareQuotes(t *testing.T) {
	a := testAnalyzer(t)
	tests := []findingCase{
		{"scare after its", "its “false flag” claim", []string{"“false flag”/scare/author", "false flag/delegitimizing/quoted"}},
		{"scare after so-called", "a so-called “flop” indeed", []string{"so-called/delegitimizing/author", "“flop”/scare/author", "flop/ridicule/quoted"}},
		{"reported speech", "“It was a flop show,” he said.", []string{"flop show/ridicule/quoted"}},
		{"short quote with verb", "He called it a “flop”.", []string{"flop/ridicule/quoted"}},
		{"verb after", "“Narrative,” he said.", []string{"Narrative/delegitimizing/quoted"}},
		{"nested is the speaker's scare quote", "“They refused the ‘false flag’ story,” he said.", []string{"‘false flag’/scare/quoted", "false flag/delegitimizing/quoted"}},
		{"unattributed short quote", "The “reform” passed.", []string{"“reform”/scare/author"}},
		{"a name in quotes is not a scare quote", "the “Operation Narrative” plan", []string{"Narrative/delegitimizing/quoted"}},
		{"whole sentence quote", "“The talks are over now.”", nil},
		{"straight quotes", `its "false flag" claim`, []string{`"false flag"/scare/author`, "false flag/delegitimizing/quoted"}},
		{"his words outside the quote are reported", "a flop and “a narrative,” he said", []string{"flop/ridicule/reported", "narrative/delegitimizing/quoted"}},
		{"author outside", "a flop, and the vote was over", []string{"flop/ridicule/author"}},
	}
	runFindings(t, a, tests)
}

func TestSuggestionAndTerm(t *testing.T) {
	a := testAnalyzer(t)
	r := a.Analyze("t", []byte("He Claimed it."))
	if len(r.Findings) != 1 {
		t.Fatalf("findings = %v", brief(r))
	}
	f := r.Findings[0]
	if f.Term != "claimed" || f.Suggestion != "said" || f.Text != "Claimed" {
		t.Errorf("finding = %+v, want term claimed, suggestion said, text Claimed", f)
	}
}

func TestInvalidUTF8(t *testing.T) {
	a := testAnalyzer(t)
	in := []byte("a flop\xff\xfe show and \xc3 narrative")
	r := a.Analyze("t", in)
	checkReport(t, in, r)
	if r.Stats.InvalidUTF8 != 3 {
		t.Errorf("invalid_utf8 = %d, want 3", r.Stats.InvalidUTF8)
	}
	if got, want := brief(r), []string{"flop/ridicule/author", "narrative/delegitimizing/author"}; !slices.Equal(got, want) {
		t.Errorf("findings = %q, want %q", got, want)
	}
}

func TestEmpty(t *testing.T) {
	a := testAnalyzer(t)
	for _, in := range []string{"", "   \n\n", "...", "“”"} {
		r := a.Analyze("t", []byte(in))
		checkReport(t, []byte(in), r)
		if len(r.Findings) != 0 || r.Label != LabelNeutral || r.Score.Intensity != 0 {
			t.Errorf("Analyze(%q) = %d findings, label %s, intensity %v; want none, neutral, 0", in, len(r.Findings), r.Label, r.Score.Intensity)
		}
		b, err := r.JSON()
		if err != nil || !strings.Contains(string(b), `"findings": []`) {
			t.Errorf("Analyze(%q).JSON() = %s, %v; want findings as []", in, b, err)
		}
	}
}

func TestConcurrent(t *testing.T) {
	a := testAnalyzer(t)
	in := []byte("It was not a flop show. Its “false flag” claim fell flat, he said.")
	want, _ := a.Analyze("t", in).JSON()
	done := make(chan []byte)
	for range 8 {
		go func() {
			var last []byte
			for range 50 {
				last, _ = a.Analyze("t", in).JSON()
			}
			done <- last
		}()
	}
	for range 8 {
		if got := <-done; string(got) != string(want) {
			t.Fatalf("concurrent Analyze differs:\n%s\nwant\n%s", got, want)
		}
	}
}

func TestCheckInput(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		max  int64
		want error
	}{
		{"text", []byte("hello"), 10, nil},
		{"at limit", []byte("0123456789"), 10, nil},
		{"over limit", []byte("0123456789x"), 10, ErrTooLarge},
		{"nul", []byte("ab\x00cd"), 10, ErrBinary},
		{"default limit", make([]byte, DefaultMaxBytes+1), 0, ErrTooLarge},
		{"empty", nil, 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			if tt.name == "default limit" {
				for i := range in {
					in[i] = 'a'
				}
			}
			err := CheckInput(in, tt.max)
			if tt.want == nil && err != nil || tt.want != nil && !errorsIs(err, tt.want) {
				t.Errorf("CheckInput(%s) = %v, want %v", tt.name, err, tt.want)
			}
		})
	}
}

// TestMaxInputBytes: no limit a caller sets lets an input of 2 GiB or more
// through CheckInput, and Analyze refuses one with a panic that names it
// rather than giving wrong offsets. The input is never written, so the
// 2 GiB are address space, not memory.
func TestMaxInputBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 2 GiB of address space")
	}
	in := make([]byte, MaxInputBytes+1)
	if err := CheckInput(in, 4<<30); !errorsIs(err, ErrTooLarge) || !strings.Contains(err.Error(), "limit 2147483647") {
		t.Errorf("CheckInput(2 GiB, limit 4 GiB) = %v, want input too large, limit 2147483647", err)
	}
	a := testAnalyzer(t)
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "huge.txt") {
			t.Errorf("Analyze of 2 GiB: recovered %v, want a panic naming the input", r)
		}
	}()
	a.Analyze("huge.txt", in)
}
