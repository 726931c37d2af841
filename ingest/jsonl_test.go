package ingest

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func jsonLine(t testing.TB, v map[string]any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

func TestJSONL(t *testing.T) {
	ledger := string(readFixture(t, "ledger.html"))
	body := "Ministers insist the so-called efficiency drive will protect front-line services.\n\nUnions disagree."
	input := jsonLine(t, map[string]any{"id": 4411, "title": "Efficiency drive questioned", "outlet": "Capital Wire", "published": "2025-02-03T09:00:00Z", "text": body}) +
		"\n" + // a blank line is skipped
		jsonLine(t, map[string]any{"id": "a-77", "url": "https://cms.example/a-77", "html": ledger}) +
		"{not json}\n" +
		jsonLine(t, map[string]any{"id": "x", "text": "a", "html": "<p>b</p>"}) +
		jsonLine(t, map[string]any{"id": "y", "title": "No body"}) +
		jsonLine(t, map[string]any{"text": "Last line, no newline."})[:len(`{"text":"Last line, no newline."}`)]

	r := NewJSONLReader(strings.NewReader(input))
	var docs []*Document
	var errs []error
	for doc, err := range r.Documents() {
		var re *RecordError
		if err != nil && !errors.As(err, &re) {
			t.Fatalf("JSONL: fatal %v", err)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		docs = append(docs, doc)
	}
	if len(docs) != 3 || len(errs) != 3 {
		t.Fatalf("JSONL: %d docs, errors %v; want 3 and 3", len(docs), errs)
	}
	d := docs[0]
	if want := "Efficiency drive questioned\n\n" + body; string(d.Text) != want || string(d.Headline()) != "Efficiency drive questioned" {
		t.Errorf("JSONL text record: text %q headline end %d", d.Text, d.HeadlineEnd)
	}
	if d.Format != FormatJSONL || d.Record.ID != "4411" || d.Record.Number != 1 || d.Meta.Outlet != "Capital Wire" || d.Meta.Published != "2025-02-03T09:00:00Z" {
		t.Errorf("JSONL text record: %+v %+v %+v", d, d.Record, d.Meta)
	}
	d = docs[1]
	if d.Record.ID != "a-77" || d.Record.Number != 3 || d.Meta.URL != "https://cms.example/a-77" || d.Meta.Outlet != "The Riverside Ledger" {
		t.Errorf("JSONL html record: %+v %+v", d.Record, d.Meta)
	}
	if strings.Contains(string(d.Text), "impossible mortgage") || !strings.Contains(string(d.Text), "flop show from the start") {
		t.Errorf("JSONL html record text:\n%s", d.Text)
	}
	if d = docs[2]; string(d.Text) != "Last line, no newline." || d.HeadlineEnd != 0 {
		t.Errorf("JSONL last record: %q", d.Text)
	}
	for i, want := range []error{ErrCorrupt, ErrCorrupt, ErrCorrupt} {
		if !errors.Is(errs[i], want) {
			t.Errorf("JSONL error %d = %v, want %v", i, errs[i], want)
		}
	}
	if !strings.HasPrefix(errs[0].Error(), "record 4 at offset ") {
		t.Errorf("JSONL error does not name its line: %v", errs[0])
	}
	if s := r.Stats(); s.Records != 6 || s.Documents != 3 || s.Failed != 3 || s.Bytes != int64(len(input)) {
		t.Errorf("JSONL stats = %+v", s)
	}
}

func TestJSONLLimits(t *testing.T) {
	long := jsonLine(t, map[string]any{"text": strings.Repeat("so-called ", 200)})
	short := jsonLine(t, map[string]any{"text": "A short dispatch from the harbour."})
	input := short + long + short

	count := func(opts ...Option) (docs int, errs []error, fatal error) {
		for _, err := range NewJSONLReader(strings.NewReader(input), opts...).Documents() {
			var re *RecordError
			switch {
			case errors.As(err, &re):
				errs = append(errs, err)
			case err != nil:
				fatal = err
			default:
				docs++
			}
		}
		return
	}
	if docs, errs, fatal := count(WithMaxLineBytes(len(long) - 2)); docs != 2 || len(errs) != 1 || !errors.Is(errs[0], ErrTooLarge) || fatal != nil {
		t.Errorf("MaxLineBytes below the long line: %d docs, %v, %v", docs, errs, fatal)
	}
	if docs, errs, _ := count(WithMaxLineBytes(len(long) - 1)); docs != 3 || len(errs) != 0 {
		t.Errorf("MaxLineBytes at the long line: %d docs, %v", docs, errs)
	}
	if docs, errs, _ := count(WithMaxPageBytes(1000)); docs != 2 || len(errs) != 1 || !errors.Is(errs[0], ErrTooLarge) {
		t.Errorf("MaxPageBytes 1000: %d docs, %v", docs, errs)
	}
	if docs, _, fatal := count(WithMaxRecords(2)); docs != 2 || !errors.Is(fatal, ErrTooManyRecords) {
		t.Errorf("MaxRecords 2: %d docs, %v", docs, fatal)
	}
	if docs, _, fatal := count(WithMaxArchiveBytes(int64(len(short) + 5))); docs != 1 || !errors.Is(fatal, ErrTooLarge) {
		t.Errorf("MaxArchiveBytes: %d docs, %v", docs, fatal)
	}
}
