package analyzer

import (
	"testing"
)

// TestTruncatedFindings: an input with more findings than maxFindings keeps
// the first ones by start, says how many it left out, scores only those it
// kept, and still matches the schema; news never comes near the limit.
func TestTruncatedFindings(t *testing.T) {
	a := realAnalyzer(t)
	sch := reportSchema(t)
	in := repeatTo(`"a" 'b' `)(64 << 10)
	rep := a.Analyze("short-quotes", in)
	limit := maxFindings(len(in))
	if len(rep.Findings) != limit || rep.Truncated == nil {
		t.Fatalf("%d findings, truncated %+v; want %d and a count", len(rep.Findings), rep.Truncated, limit)
	}
	if want := len(in)/4 - limit; rep.Truncated.Findings != want {
		t.Errorf("truncated.findings = %d, want %d (one scare quote per 4 bytes, less %d kept)", rep.Truncated.Findings, want, limit)
	}
	if last := rep.Findings[len(rep.Findings)-1]; last.Start != 4*(limit-1) {
		t.Errorf("last finding starts at %d, want %d: the first findings by start are kept", last.Start, 4*(limit-1))
	}
	found := 0
	for _, s := range rep.Sentences {
		found += s.Findings
	}
	if found != limit {
		t.Errorf("sentences count %d findings, want the %d kept", found, limit)
	}
	checkReport(t, in, rep)
	b, err := rep.JSON()
	if err != nil {
		t.Fatal(err)
	}
	validateReport(t, sch, "truncated report", b)

	news := newsCorpus(1 << 20)
	if r := a.Analyze("news", news); r.Truncated != nil || len(r.Findings)*5 > maxFindings(len(news)) {
		t.Errorf("news: %d findings, truncated %+v; want no truncation and far below the limit of %d", len(r.Findings), r.Truncated, maxFindings(len(news)))
	}
}
