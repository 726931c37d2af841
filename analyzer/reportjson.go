package analyzer

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"sync"
	"unicode/utf8"
)

// This file writes a Report as JSON straight to an io.Writer, through a
// small buffer, with no reflection and no intermediate strings. The bytes
// are those encoding/json's Encoder writes for the same Report with
// SetEscapeHTML(false) and SetIndent("", indent): TestReportJSONMatchesEncodingJSON
// holds the two equal on the goldens, generated news and a fuzz corpus, and
// TestReportJSONCoversEveryField fails when a field is added to a report
// type that this file does not write.

// WriteJSON writes the report as indented JSON with a final newline, the
// bytes JSON returns.
func (r *Report) WriteJSON(w io.Writer) error { return r.write(w, true) }

// WriteCompactJSON writes the report as one line of JSON with a final
// newline, the bytes CompactJSON returns.
func (r *Report) WriteCompactJSON(w io.Writer) error { return r.write(w, false) }

func (r *Report) write(w io.Writer, indent bool) error {
	buf := jsonBuffers.Get().(*[]byte)
	e := jsonWriter{w: w, indent: indent, b: (*buf)[:0]}
	err := e.report(r)
	if err == nil {
		e.b = append(e.b, '\n')
		err = e.flush()
	}
	if cap(e.b) <= 2*(jsonBuffer+jsonSlack) {
		*buf = e.b[:0]
		jsonBuffers.Put(buf)
	}
	return err
}

// jsonBuffers holds the writers' buffers between reports: a batch writes
// thousands of small reports, and a fresh 33 KiB buffer for each was most
// of what it allocated.
var jsonBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, jsonBuffer+jsonSlack)
	return &b
}}

// encodeBytes returns the report's JSON in one slice (JSON, CompactJSON).
func (r *Report) encodeBytes(indent bool) ([]byte, error) {
	var b bytes.Buffer
	// About 160 bytes of indented JSON per finding and 90 per sentence.
	b.Grow(2048 + 160*len(r.Findings) + 90*len(r.Sentences))
	if err := r.write(&b, indent); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

const (
	jsonBuffer = 32 << 10 // flushed to the writer past this
	jsonSlack  = 1 << 10
)

// jsonWriter appends JSON to b and flushes it to w as it fills. first is
// true right after an object or array opens, before its first member.
type jsonWriter struct {
	w      io.Writer
	b      []byte
	err    error
	indent bool
	depth  int
	first  bool
}

func (e *jsonWriter) flush() error {
	if e.err == nil && len(e.b) > 0 {
		_, e.err = e.w.Write(e.b)
	}
	e.b = e.b[:0]
	return e.err
}

func (e *jsonWriter) maybeFlush() {
	if len(e.b) >= jsonBuffer {
		e.flush()
	}
}

func (e *jsonWriter) newline() {
	if n := 1 + 2*e.depth; n <= len(newlineIndent) {
		e.b = append(e.b, newlineIndent[:n]...)
		return
	}
	e.b = append(e.b, '\n')
	for range e.depth {
		e.b = append(e.b, ' ', ' ')
	}
}

// newlineIndent is a newline and the indent of the deepest level a report
// reaches, and more.
const newlineIndent = "\n                                "

// elem starts a member of the open object or array.
func (e *jsonWriter) elem() {
	if !e.first {
		e.b = append(e.b, ',')
	}
	e.first = false
	if e.indent {
		e.newline()
	}
}

func (e *jsonWriter) open(c byte) {
	e.b = append(e.b, c)
	e.depth++
	e.first = true
}

func (e *jsonWriter) close(c byte) {
	e.depth--
	if !e.first && e.indent {
		e.newline()
	}
	e.first = false
	e.b = append(e.b, c)
}

// key starts the member name of the open object; name needs no escaping.
func (e *jsonWriter) key(name string) {
	e.elem()
	e.b = append(e.b, '"')
	e.b = append(e.b, name...)
	e.b = append(e.b, '"', ':')
	if e.indent {
		e.b = append(e.b, ' ')
	}
}

// keyset is the members an object always starts with, in order, and the
// bytes that start each, made once for each depth and layout: for member i
// at depth d, the comma (none for the first), a newline and the indent of
// d, the quoted name, a colon and a space, as elem and key write them.
type keyset struct {
	names    []string
	prefixes [2][keyDepths][]string // [indent][depth]
}

// keyDepths bounds the depths a keyset has bytes for; deeper, members are
// written by key.
const keyDepths = 8

func newKeyset(names ...string) *keyset {
	k := &keyset{names: names}
	for indent := range 2 {
		for d := range keyDepths {
			p := make([]string, len(names))
			for i, n := range names {
				e := jsonWriter{indent: indent == 1, depth: d, first: i == 0}
				e.key(n)
				p[i] = string(e.b)
			}
			k.prefixes[indent][d] = p
		}
	}
	return k
}

// members returns the bytes that start k's members in the object e has
// just opened, or nil when it is too deep.
func (e *jsonWriter) members(k *keyset) []string {
	if e.depth >= keyDepths {
		return nil
	}
	i := 0
	if e.indent {
		i = 1
	}
	return k.prefixes[i][e.depth]
}

// member starts member i of k, from p (members) when it is not nil.
func (e *jsonWriter) member(k *keyset, p []string, i int) {
	if p == nil {
		e.key(k.names[i])
		return
	}
	e.b = append(e.b, p[i]...)
	e.first = false
}

func (e *jsonWriter) intAt(k *keyset, p []string, i int, v int64) {
	e.member(k, p, i)
	e.b = strconv.AppendInt(e.b, v, 10)
}

func (e *jsonWriter) strAt(k *keyset, p []string, i int, v string) {
	e.member(k, p, i)
	e.b = appendJSONString(e.b, v)
}

func (e *jsonWriter) floatAt(k *keyset, p []string, i int, v float64) {
	e.member(k, p, i)
	e.floatValue(v)
}

func (e *jsonWriter) str(name, v string) {
	e.key(name)
	e.b = appendJSONString(e.b, v)
}

func (e *jsonWriter) strOmit(name, v string) {
	if v != "" {
		e.str(name, v)
	}
}

func (e *jsonWriter) int(name string, v int64) {
	e.key(name)
	e.b = strconv.AppendInt(e.b, v, 10)
}

func (e *jsonWriter) intOmit(name string, v int64) {
	if v != 0 {
		e.int(name, v)
	}
}

func (e *jsonWriter) bool(name string, v bool) {
	e.key(name)
	e.b = strconv.AppendBool(e.b, v)
}

func (e *jsonWriter) boolOmit(name string, v bool) {
	if v {
		e.bool(name, v)
	}
}

func (e *jsonWriter) float(name string, v float64) {
	e.key(name)
	e.floatValue(v)
}

func (e *jsonWriter) floatValue(v float64) {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		if e.err == nil {
			e.err = fmt.Errorf("json: unsupported value: %s", strconv.FormatFloat(v, 'g', -1, 64))
		}
		return
	}
	e.b = appendJSONFloat(e.b, v)
}

// null writes the JSON of a nil slice.
func (e *jsonWriter) null() { e.b = append(e.b, "null"...) }

func (e *jsonWriter) report(r *Report) error {
	e.open('{')
	e.str("schema", r.Schema)
	if r.ID != nil {
		e.str("id", *r.ID)
	}
	e.key("source")
	e.source(&r.Source)
	if d := r.Document; d != nil {
		e.key("document")
		e.document(d)
	}
	e.key("lexicon")
	e.open('{')
	e.str("version", r.Lexicon.Version)
	e.str("sha256", r.Lexicon.SHA256)
	e.int("categories", int64(r.Lexicon.Categories))
	e.int("entries", int64(r.Lexicon.Entries))
	e.close('}')
	if c := r.Config; c != nil {
		e.key("config")
		e.open('{')
		e.str("path", c.Path)
		e.str("sha256", c.SHA256)
		e.close('}')
	}
	e.key("stats")
	e.stats(&r.Stats)
	e.str("label", r.Label)
	e.key("score")
	e.open('{')
	e.float("intensity", r.Score.Intensity)
	e.float("per_1000_words", r.Score.Per1000Words)
	e.float("author_weight", r.Score.AuthorWeight)
	e.float("quoted_weight", r.Score.QuotedWeight)
	e.float("reported_weight", r.Score.ReportedWeight)
	e.float("threshold", r.Score.Threshold)
	e.close('}')
	e.key("categories")
	list(e, r.Categories, (*jsonWriter).category)
	e.key("findings")
	list(e, r.Findings, (*jsonWriter).finding)
	if t := r.Truncated; t != nil {
		e.key("truncated")
		e.open('{')
		e.int("findings", int64(t.Findings))
		e.close('}')
	}
	e.key("sentences")
	list(e, r.Sentences, (*jsonWriter).sentence)
	if len(r.Actors) > 0 {
		e.key("actors")
		list(e, r.Actors, (*jsonWriter).actor)
	}
	if len(r.Quotes) > 0 {
		e.key("quotes")
		list(e, r.Quotes, (*jsonWriter).speech)
	}
	if len(r.Speakers) > 0 {
		e.key("speakers")
		list(e, r.Speakers, (*jsonWriter).speaker)
	}
	if len(r.Suppressed) > 0 {
		e.key("suppressed")
		list(e, r.Suppressed, (*jsonWriter).suppressed)
	}
	if r.Text != nil {
		e.key("text")
		e.longString(*r.Text)
	}
	e.close('}')
	return e.err
}

// list writes xs as a JSON array after a key, each element by each, with a
// chance to flush after each one; a nil slice is null, as encoding/json
// writes it. A long list is written on two goroutines (listTwo).
func list[T any](e *jsonWriter, xs []T, each func(*jsonWriter, *T)) {
	if xs == nil {
		e.null()
		return
	}
	e.open('[')
	if len(xs) >= jsonTwoLeast && runtime.GOMAXPROCS(0) > 1 {
		listTwo(e, xs, each)
	} else {
		for i := range xs {
			e.elem()
			each(e, &xs[i])
			e.maybeFlush()
		}
	}
	e.close(']')
}

const (
	// jsonChunk is the elements a goroutine of listTwo writes at a time:
	// about 330 KB of indented JSON for findings, 120 KB for sentences.
	jsonChunk = 1024
	// jsonTwoLeast is the least list listTwo writes (16,384): the long
	// lists of a long input (a 20 MiB one has 116,000 findings and 176,000
	// sentences), not the reports of a batch, which has its own goroutines.
	jsonTwoLeast = 16 * jsonChunk
)

// jsonPiece is the JSON of one chunk that listTwo's helper wrote, or the
// panic it stopped on.
type jsonPiece struct {
	b     []byte
	err   error
	panic any
}

// listTwo writes the elements of a long list, xs[0] not among them being
// the first of the array, in chunks of jsonChunk: the even chunks on e's
// goroutine, the odd ones on a helper into one of two buffers, which e
// writes out after the chunk before. The bytes are those of one goroutine
// (TestReportJSONTwoGoroutines); what it holds beyond e's buffer is the two
// chunks'.
func listTwo[T any](e *jsonWriter, xs []T, each func(*jsonWriter, *T)) {
	chunks := (len(xs) + jsonChunk - 1) / jsonChunk
	free := make(chan []byte, 2)
	for range 2 {
		free <- *jsonChunkBuffers.Get().(*[]byte)
	}
	done := make(chan jsonPiece, 2)
	stop := make(chan struct{})
	defer close(stop) // also when e's goroutine panics
	indent, depth := e.indent, e.depth
	go func() {
		// h is made here, from this goroutine's own allocator: made
		// beside e, the two would share a cache line that both write at
		// every byte appended.
		h := jsonWriter{indent: indent, depth: depth}
		defer func() {
			if p := recover(); p != nil {
				done <- jsonPiece{panic: p}
			}
		}()
		for c := 1; c < chunks; c += 2 {
			select {
			case h.b = <-free:
			case <-stop:
				return
			}
			h.first = false // chunk 0 holds the first element
			for i := c * jsonChunk; i < min((c+1)*jsonChunk, len(xs)); i++ {
				h.elem()
				each(&h, &xs[i])
			}
			done <- jsonPiece{b: h.b, err: h.err}
			h.err = nil
		}
	}()
	for c := 0; c < chunks; c += 2 {
		for i := c * jsonChunk; i < min((c+1)*jsonChunk, len(xs)); i++ {
			e.elem()
			each(e, &xs[i])
			e.maybeFlush()
		}
		if c+1 == chunks {
			break
		}
		p := <-done
		if p.panic != nil {
			panic(p.panic)
		}
		if e.err == nil {
			e.err = p.err
		}
		if e.flush() == nil {
			_, e.err = e.w.Write(p.b)
		}
		free <- p.b[:0]
	}
	for range 2 { // the helper is done with both: back to the pool
		if b := <-free; cap(b) <= 4*jsonChunkBuffer {
			jsonChunkBuffers.Put(&b)
		}
	}
}

// jsonChunkBuffers holds listTwo's buffers, each about a chunk of findings.
// A buffer grown past four times its size (a chunk of long findings) is
// dropped, as write drops its own.
var jsonChunkBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, jsonChunkBuffer)
	return &b
}}

const jsonChunkBuffer = 512 * jsonChunk

func (e *jsonWriter) source(s *Source) {
	e.open('{')
	e.str("name", s.Name)
	e.strOmit("format", s.Format)
	e.int("bytes", int64(s.Bytes))
	e.str("sha256", s.SHA256)
	e.strOmit("bucket", s.Bucket)
	e.strOmit("key", s.Key)
	e.strOmit("version_id", s.VersionID)
	e.strOmit("etag", s.ETag)
	e.close('}')
}

func (e *jsonWriter) document(d *Document) {
	e.open('{')
	e.strOmit("title", d.Title)
	e.strOmit("byline", d.Byline)
	e.strOmit("published", d.Published)
	e.strOmit("outlet", d.Outlet)
	e.strOmit("url", d.URL)
	e.strOmit("language", d.Language)
	if rec := d.Record; rec != nil {
		e.key("record")
		e.open('{')
		e.int("number", int64(rec.Number))
		e.int("offset", rec.Offset)
		e.strOmit("id", rec.ID)
		e.strOmit("target_uri", rec.TargetURI)
		e.strOmit("date", rec.Date)
		e.close('}')
	}
	e.close('}')
}

func (e *jsonWriter) stats(s *Stats) {
	e.open('{')
	e.int("words", int64(s.Words))
	e.int("sentences", int64(s.Sentences))
	e.int("invalid_utf8", int64(s.InvalidUTF8))
	e.int("quotes", int64(s.Quotes))
	e.int("quoted_words", int64(s.QuotedWords))
	e.intOmit("suppressed", int64(s.Suppressed))
	e.close('}')
}

func (e *jsonWriter) category(c *CategoryScore) {
	e.open('{')
	e.str("id", c.ID)
	e.str("name", c.Name)
	e.int("count", int64(c.Count))
	e.float("weight", c.Weight)
	e.int("author_count", int64(c.AuthorCount))
	e.int("quoted_count", int64(c.QuotedCount))
	e.int("reported_count", int64(c.ReportedCount))
	e.close('}')
}

var findingKeys = newKeyset("start", "end", "text", "term", "category", "technique", "weight", "voice", "negated", "sentence", "base_weight")

func (e *jsonWriter) finding(f *Finding) {
	e.open('{')
	k := findingKeys
	p := e.members(k)
	e.intAt(k, p, 0, int64(f.Start))
	e.intAt(k, p, 1, int64(f.End))
	e.strAt(k, p, 2, f.Text)
	e.strAt(k, p, 3, f.Term)
	e.strAt(k, p, 4, f.Category)
	e.strAt(k, p, 5, f.Technique)
	e.floatAt(k, p, 6, f.Weight)
	e.strAt(k, p, 7, f.Voice)
	e.member(k, p, 8)
	e.b = strconv.AppendBool(e.b, f.Negated)
	e.intAt(k, p, 9, int64(f.Sentence))
	e.floatAt(k, p, 10, f.BaseWeight)
	if len(f.Factors) > 0 {
		e.key("factors")
		e.open('[')
		for _, x := range f.Factors {
			e.elem()
			e.open('{')
			e.str("kind", x.Kind)
			e.str("term", x.Term)
			e.float("factor", x.Factor)
			e.close('}')
		}
		e.close(']')
	}
	e.strOmit("suggestion", f.Suggestion)
	e.strOmit("actor", f.Actor)
	e.strOmit("reason", f.Reason)
	e.boolOmit("headline", f.Headline)
	e.close('}')
}

var sentenceKeys = newKeyset("start", "end", "weight", "label", "findings")

func (e *jsonWriter) sentence(s *SentenceScore) {
	e.open('{')
	k := sentenceKeys
	p := e.members(k)
	e.intAt(k, p, 0, int64(s.Start))
	e.intAt(k, p, 1, int64(s.End))
	e.floatAt(k, p, 2, s.Weight)
	e.strAt(k, p, 3, s.Label)
	e.intAt(k, p, 4, int64(s.Findings))
	e.boolOmit("headline", s.Headline)
	e.close('}')
}

func (e *jsonWriter) actor(a *ActorScore) {
	e.open('{')
	e.str("name", a.Name)
	e.int("mentions", int64(a.Mentions))
	e.int("findings", int64(a.Findings))
	e.float("weight", a.Weight)
	e.key("categories")
	if a.Categories == nil {
		e.null()
	} else {
		e.open('[')
		for _, c := range a.Categories {
			e.elem()
			e.b = appendJSONString(e.b, c)
		}
		e.close(']')
	}
	e.close('}')
}

var speechKeys = newKeyset("start", "end", "voice")

func (e *jsonWriter) speech(q *Speech) {
	e.open('{')
	k := speechKeys
	p := e.members(k)
	e.intAt(k, p, 0, int64(q.Start))
	e.intAt(k, p, 1, int64(q.End))
	e.strAt(k, p, 2, q.Voice)
	e.strOmit("speaker", q.Speaker)
	e.strOmit("speaker_kind", q.SpeakerKind)
	e.strOmit("verb", q.Verb)
	e.strOmit("verb_category", q.VerbCategory)
	e.close('}')
}

func (e *jsonWriter) speaker(s *Speaker) {
	e.open('{')
	e.str("name", s.Name)
	e.str("kind", s.Kind)
	e.int("quotes", int64(s.Quotes))
	e.int("words", int64(s.Words))
	e.key("verbs")
	if s.Verbs == nil {
		e.null()
	} else {
		e.open('[')
		for _, v := range s.Verbs {
			e.elem()
			e.open('{')
			e.str("verb", v.Verb)
			e.str("category", v.Category)
			e.int("count", int64(v.Count))
			e.close('}')
		}
		e.close(']')
	}
	e.close('}')
}

func (e *jsonWriter) suppressed(s *Suppressed) {
	e.open('{')
	e.int("start", int64(s.Start))
	e.int("end", int64(s.End))
	e.str("text", s.Text)
	e.str("term", s.Term)
	e.str("category", s.Category)
	e.float("weight", s.Weight)
	e.str("voice", s.Voice)
	e.int("sentence", int64(s.Sentence))
	e.str("reason", s.Reason)
	e.close('}')
}

// longString writes a string that may be as long as the input in pieces,
// flushing between them, so that the buffer does not grow to its size.
func (e *jsonWriter) longString(s string) {
	e.b = append(e.b, '"')
	for len(s) > 0 {
		n := min(len(s), jsonBuffer)
		for n < len(s) && !utf8.RuneStart(s[n]) {
			n++ // cut at a rune boundary: a rune is escaped whole
		}
		e.b = appendJSONChars(e.b, s[:n])
		s = s[n:]
		e.maybeFlush()
	}
	e.b = append(e.b, '"')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it without HTML escaping.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = appendJSONChars(dst, s)
	return append(dst, '"')
}

// jsonSafe marks the ASCII bytes a JSON string holds as they are.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func appendJSONChars(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(dst, s[start:]...)
}

// appendJSONFloat formats a finite float64 as encoding/json does (like
// ES6: 'f' between 1e-6 and 1e21, else 'e' with the exponent unpadded).
func appendJSONFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	// Most numbers of a report are weights rounded to hundredths (round2).
	// For such a value the shortest decimal that reads back as it is its
	// hundredths with the trailing zeros dropped: any other decimal of as
	// few digits is a whole hundredth away, far more than the value's ulp
	// below 1e9. It is written without strconv's search.
	if abs >= 0.01 && abs < 1e9 {
		if k := math.Round(f * 100); k/100 == f {
			return appendHundredths(b, int64(k))
		}
	}
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendHundredths writes k/100 as encoding/json writes the float64
// nearest to it: "-12.5" for -1250, "3" for 300, "0.07" for 7.
func appendHundredths(b []byte, k int64) []byte {
	if k < 0 {
		b = append(b, '-')
		k = -k
	}
	b = strconv.AppendInt(b, k/100, 10)
	switch frac := k % 100; {
	case frac == 0:
	case frac%10 == 0:
		b = append(b, '.', byte('0'+frac/10))
	default:
		b = append(b, '.', byte('0'+frac/10), byte('0'+frac%10))
	}
	return b
}
