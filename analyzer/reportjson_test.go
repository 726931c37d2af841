package analyzer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// encodingJSON is the reference: encoding/json with the options a report's
// bytes are defined by (no HTML escaping, indent of two spaces or none).
func encodingJSON(r *Report, indent string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sameJSON fails when WriteJSON, WriteCompactJSON, JSON or CompactJSON
// differ from encoding/json on r.
func sameJSON(t *testing.T, name string, r *Report) {
	t.Helper()
	for _, indent := range []string{"  ", ""} {
		want, err := encodingJSON(r, indent)
		if err != nil {
			t.Fatalf("%s: encoding/json: %v", name, err)
		}
		var w bytes.Buffer
		write, bytesOf := r.WriteJSON, r.JSON
		if indent == "" {
			write, bytesOf = r.WriteCompactJSON, r.CompactJSON
		}
		if err := write(&w); err != nil {
			t.Fatalf("%s: write: %v", name, err)
		}
		if !bytes.Equal(w.Bytes(), want) {
			t.Fatalf("%s (indent %q): WriteJSON differs from encoding/json\n%s", name, indent, firstDiff(w.Bytes(), want))
		}
		b, err := bytesOf()
		if err != nil || !bytes.Equal(b, want) {
			t.Fatalf("%s (indent %q): JSON differs from encoding/json (err %v)", name, indent, err)
		}
	}
}

func TestReportJSONMatchesEncodingJSON(t *testing.T) {
	test, real := testAnalyzer(t), realAnalyzer(t)
	var names []string
	for _, pat := range []string{"testdata/*.txt", "testdata/behaviour/*.txt", "testdata/fuzz/*/*"} {
		m, _ := filepath.Glob(pat)
		names = append(names, m...)
	}
	for _, n := range names {
		in, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range []*Analyzer{test, real} {
			r := a.Analyze(n, in)
			sameJSON(t, n, r)
			r.SetText("html", in, len(in)/3) // text, headlines, format
			sameJSON(t, n+" (text)", r)
		}
	}
	big := newsCorpus(1 << 20)
	for i := range 20 {
		lo := i * 40000
		sameJSON(t, "news", real.Analyze("news", big[lo:lo+i*2500]))
	}
	sameJSON(t, "news 1 MiB", real.Analyze("news", big))
	for _, d := range realNews(t) {
		sameJSON(t, "wikinews", real.Analyze("wikinews", d))
	}
	for _, g := range adversarial {
		sameJSON(t, g.name, real.Analyze(g.name, g.gen(8<<10)))
	}
	sameJSON(t, "zero", &Report{})
	sameJSON(t, "floats", &Report{Score: Score{Intensity: 1e-7, Per1000Words: 1e21, AuthorWeight: -0.5, QuotedWeight: 123456789.125, Threshold: 5e-324}})
}

// TestReportJSONCoversEveryField fills every field of every type a Report
// holds, through reflection, and compares the encoders: a field added to
// any of them that WriteJSON does not write fails here.
func TestReportJSONCoversEveryField(t *testing.T) {
	for _, s := range []string{"x", "\x00\b\f\n\r\t\"\\<>&\u2028\u2029\xffé\x7f"} {
		var r Report
		fill(reflect.ValueOf(&r).Elem(), s, 1)
		sameJSON(t, "filled", &r)
		fill(reflect.ValueOf(&r).Elem(), s, 2) // empty, not nil, slices stay as they are
		sameJSON(t, "filled again", &r)
	}
	// the zero value of every type inside non-nil containers
	var r Report
	r.ID, r.Text, r.Document, r.Config = new(string), new(string), &Document{Record: &Record{}}, &ConfigInfo{}
	r.Categories, r.Findings, r.Sentences = []CategoryScore{{}}, []Finding{{Factors: []Factor{{}}}}, []SentenceScore{{}}
	r.Actors, r.Suppressed = []ActorScore{{}, {Categories: []string{}}}, []Suppressed{{}}
	sameJSON(t, "zeros", &r)
}

// fill sets every field reachable from v to a value that is not zero.
func fill(v reflect.Value, s string, n int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(s + strings.Repeat("y", n))
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(7 * n))
	case reflect.Float64:
		v.SetFloat(0.25 * float64(n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		fill(v.Elem(), s, n)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), s, n)
			}
		}
	case reflect.Slice:
		if v.IsNil() {
			v.Set(reflect.MakeSlice(v.Type(), n, n))
		}
		for i := range v.Len() {
			fill(v.Index(i), s, n)
		}
	default:
		panic("fill: a report field of kind " + v.Kind().String() + ": teach fill and reportjson.go")
	}
}

func TestReportJSONRefusesNaN(t *testing.T) {
	r := &Report{Score: Score{Intensity: math.NaN()}}
	if err := r.WriteJSON(&bytes.Buffer{}); err == nil {
		t.Error("WriteJSON of a NaN score: no error")
	}
	if _, err := encodingJSON(r, ""); err == nil {
		t.Error("encoding/json of a NaN score: no error")
	}
}

// FuzzReportJSON compares the encoders on the report of any input, and on
// reports whose strings are the input.
func FuzzReportJSON(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte("\x00\b\f\x1f\"\\\u2028\u2029<>&\xed\xa0\x80"))
	a := testAnalyzer(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		r := a.Analyze(string(in), in)
		sameJSON(t, "analyze", r)
		var filled Report
		fill(reflect.ValueOf(&filled).Elem(), string(in), 1)
		sameJSON(t, "filled", &filled)
	})
}

// TestJSONFloatHundredths: the fast path for values in hundredths writes
// what encoding/json writes, for weights as round2 makes them, for numbers
// near the edges of the path, and for values it must leave to strconv.
func TestJSONFloatHundredths(t *testing.T) {
	check := func(f float64) {
		t.Helper()
		want, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONFloat(nil, f); string(got) != string(want) {
			t.Errorf("appendJSONFloat(%v) = %s, encoding/json %s", f, got, want)
		}
	}
	for _, f := range []float64{0, 0.01, 0.1, 0.3, 0.07, 1, 2.675, 12.5, 100, 0.005, 0.015, 1e-7,
		999999999.99, 1e9, 1e9 + 0.5, 123456789.12, 1.0 / 3, math.Nextafter(0.3, 1), math.Nextafter(0.01, 0)} {
		check(f)
		check(-f)
	}
	rng := uint64(1)
	next := func() uint64 { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng }
	for range 200000 {
		k := int64(next() % 2e11)
		check(float64(k) / 100)                                     // a value in hundredths, up to 2e9
		check(round2(float64(k%10000) * 0.37))                      // weights times factors, rounded
		check(math.Float64frombits(next()>>2 | 0x3f00000000000000)) // any double in about [2^-15, 2^1023)
	}
}

// TestReportJSONTwoGoroutines holds the long lists that listTwo writes on
// two goroutines to encoding/json's bytes, at lengths about its edges (the
// least list, a chunk more or less, an odd and an even number of chunks);
// and a NaN in a helper's chunk, or a writer that fails, to an error.
func TestReportJSONTwoGoroutines(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	r := realAnalyzer(t).Analyze("news", newsCorpus(1<<20))
	cycle := func(xs []Finding, n int) []Finding {
		out := make([]Finding, n)
		for i := range out {
			out[i] = xs[i%len(xs)]
		}
		return out
	}
	for _, n := range []int{jsonTwoLeast - 1, jsonTwoLeast, jsonTwoLeast + 1, jsonTwoLeast + jsonChunk - 1,
		jsonTwoLeast + jsonChunk, jsonTwoLeast + jsonChunk + 1, 3*jsonTwoLeast + 5} {
		c := *r
		c.Findings = cycle(r.Findings, n)
		c.Sentences = c.Sentences[:min(n, len(c.Sentences))]
		sameJSON(t, fmt.Sprintf("%d findings", n), &c)
	}
	c := *r
	c.Findings = cycle(r.Findings, 3*jsonTwoLeast)
	c.Findings[jsonChunk+1].Weight = math.NaN() // in the helper's first chunk
	if err := c.WriteJSON(io.Discard); err == nil {
		t.Error("NaN weight in a helper's chunk: no error")
	}
	c.Findings[jsonChunk+1].Weight = 1
	for _, at := range []int{1, 40 << 10, 200 << 10} {
		w := &failingWriter{left: at}
		if err := c.WriteJSON(w); err == nil {
			t.Errorf("writer failing after %d bytes: no error", at)
		}
	}
}

// failingWriter takes left bytes, then fails.
type failingWriter struct{ left int }

func (w *failingWriter) Write(b []byte) (int, error) {
	if len(b) > w.left {
		n := w.left
		w.left = 0
		return n, errors.New("disk full")
	}
	w.left -= len(b)
	return len(b), nil
}

// TestKeysetDepths writes a finding, a sentence and a quote at every depth,
// the deepest ones past the keysets' bytes (keyDepths), and compares them
// with encoding/json's, indented as deep.
func TestKeysetDepths(t *testing.T) {
	r := realAnalyzer(t).Analyze("news", newsCorpus(64<<10))
	if len(r.Findings) == 0 || len(r.Quotes) == 0 {
		t.Fatal("no findings or quotes in the corpus")
	}
	f := r.Findings[0]
	f.Factors = []Factor{{Kind: "k", Term: "t", Factor: 0.5}}
	f.Suggestion, f.Actor, f.Headline = "s", "a", true
	for d := range keyDepths + 3 {
		for _, indent := range []bool{false, true} {
			check := func(what string, v any, write func(e *jsonWriter)) {
				var want bytes.Buffer
				enc := json.NewEncoder(&want)
				enc.SetEscapeHTML(false)
				if indent {
					enc.SetIndent(strings.Repeat("  ", d), "  ")
				}
				if err := enc.Encode(v); err != nil {
					t.Fatal(err)
				}
				e := jsonWriter{indent: indent, depth: d}
				write(&e)
				if got := string(e.b); got != strings.TrimSuffix(want.String(), "\n") {
					t.Errorf("%s at depth %d (indent %v):\n%s\nwant\n%s", what, d, indent, got, want.String())
				}
			}
			check("finding", &f, func(e *jsonWriter) { e.finding(&f) })
			check("sentence", &r.Sentences[0], func(e *jsonWriter) { e.sentence(&r.Sentences[0]) })
			check("quote", &r.Quotes[0], func(e *jsonWriter) { e.speech(&r.Quotes[0]) })
		}
	}
}
