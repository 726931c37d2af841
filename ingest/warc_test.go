package ingest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/nlnwa/gowarc/v3"
	"github.com/slantnews/slant/internal/warctest"
)

// warcRec is one record for the test archive writer.
type warcRec = warctest.Record

func httpResponse(contentType, body string) string {
	return "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " +
		fmt.Sprint(len(body)) + "\r\n\r\n" + body
}

// marshalWARC writes recs with gowarc (warctest), each record on its own
// (one gzip member per record when gz is set).
func marshalWARC(t testing.TB, gz bool, recs []warcRec) [][]byte {
	t.Helper()
	return warctest.Members(t, gz, recs...)
}

func testRecords(t testing.TB) []warcRec {
	return []warcRec{
		{Type: gowarc.Warcinfo, URI: "", ContentType: "application/warc-fields", Block: "software: slant-test\r\nformat: WARC File Format 1.1\r\n"},
		{Type: gowarc.Request, URI: "https://www.riverside-ledger.example/news/2025/03/harbour-bridge-plan-stalls", ContentType: "application/http;msgtype=request", Block: "GET /news/2025/03/harbour-bridge-plan-stalls HTTP/1.1\r\nHost: www.riverside-ledger.example\r\n\r\n"},
		{Type: gowarc.Response, URI: "https://www.riverside-ledger.example/news/2025/03/harbour-bridge-plan-stalls", ContentType: "application/http;msgtype=response", Block: httpResponse("text/html; charset=utf-8", string(readFixture(t, "ledger.html")))},
		{Type: gowarc.Response, URI: "https://www.riverside-ledger.example/static/logo.png", ContentType: "application/http;msgtype=response", Block: httpResponse("image/png", "\x89PNG\r\n\x1a\nnot really a png")},
		{Type: gowarc.Response, URI: "https://gazette-du-val.example/region/marche-couvert-rouvre", ContentType: "application/http;msgtype=response", Block: httpResponse("text/html", string(readFixture(t, "gazette-1252.html")))},
		{Type: gowarc.Response, URI: "https://www.riverside-ledger.example/politics", ContentType: "application/http;msgtype=response", Block: httpResponse("text/html", string(readFixture(t, "section-index.html")))},
		{Type: gowarc.Metadata, URI: "https://gazette-du-val.example/region/marche-couvert-rouvre", ContentType: "application/warc-fields", Block: "fetchTimeMs: 212\r\n"},
		{Type: gowarc.Resource, URI: "https://northvale-courier.example/environment/water-company-fined", ContentType: "text/html; charset=iso-8859-1", Block: string(readFixture(t, "courier-latin1.html"))},
	}
}

type warcResult struct {
	docs  []*Document
	errs  []error
	fatal error
	stats Stats
}

func readAllWARC(archive []byte, opts ...Option) warcResult {
	var res warcResult
	wr := NewWARCReader(bytes.NewReader(archive), opts...)
	for doc, err := range wr.Documents() {
		var re *RecordError
		switch {
		case errors.As(err, &re):
			res.errs = append(res.errs, err)
		case err != nil:
			res.fatal = err
		default:
			res.docs = append(res.docs, doc)
		}
	}
	res.stats = wr.Stats()
	return res
}

func TestWARC(t *testing.T) {
	for _, gz := range []bool{false, true} {
		t.Run(fmt.Sprintf("gzip=%v", gz), func(t *testing.T) {
			parts := marshalWARC(t, gz, testRecords(t))
			archive := bytes.Join(parts, nil)
			res := readAllWARC(archive)
			if res.fatal != nil {
				t.Fatalf("WARC: %v", res.fatal)
			}
			wantURIs := []string{
				"https://www.riverside-ledger.example/news/2025/03/harbour-bridge-plan-stalls",
				"https://gazette-du-val.example/region/marche-couvert-rouvre",
				"https://northvale-courier.example/environment/water-company-fined",
			}
			if len(res.docs) != len(wantURIs) {
				t.Fatalf("WARC yielded %d documents, want %d (errors %v)", len(res.docs), len(wantURIs), res.errs)
			}
			for i, d := range res.docs {
				if d.Record == nil || d.Record.TargetURI != wantURIs[i] || d.Format != FormatWARC {
					t.Errorf("document %d: format %s record %+v, want target %s", i, d.Format, d.Record, wantURIs[i])
					continue
				}
				if !strings.HasPrefix(d.Record.Date, "2025-03-15T06:0") || !strings.HasPrefix(d.Record.ID, "<urn:uuid:") {
					t.Errorf("document %d: date %q id %q", i, d.Record.Date, d.Record.ID)
				}
				// Offsets index the archive: reading from one starts that record.
				rest := archive[d.Record.Offset:]
				if gz {
					zr, err := gzip.NewReader(bytes.NewReader(rest))
					if err != nil {
						t.Fatalf("document %d: offset %d is no gzip member: %v", i, d.Record.Offset, err)
					}
					zr.Multistream(false)
					rest, _ = io.ReadAll(zr)
				}
				if !bytes.HasPrefix(rest, []byte("WARC/1.1\r\n")) || !bytes.Contains(rest[:min(len(rest), 1000)], []byte(d.Record.TargetURI)) {
					t.Errorf("document %d: offset %d does not start its record: %.40q", i, d.Record.Offset, rest)
				}
			}
			if h := string(res.docs[1].Headline()); h != "Le marché couvert rouvre après deux ans de travaux" {
				t.Errorf("windows-1252 page in WARC: headline %q", h)
			}
			if bytes.Contains(res.docs[0].Text, []byte("impossible mortgage")) || !bytes.Contains(res.docs[0].Text, []byte("flop show from the start")) {
				t.Errorf("WARC page text:\n%s", res.docs[0].Text)
			}
			// The section index is a page without an article: a record error, not a stop.
			if len(res.errs) != 1 || !errors.Is(res.errs[0], ErrNoArticle) || !strings.Contains(res.errs[0].Error(), "record 6 at offset") {
				t.Errorf("WARC errors = %v, want one ErrNoArticle for record 6", res.errs)
			}
			want := Stats{Records: 8, Documents: 3, Skipped: 4, Failed: 1, Bytes: int64(len(archive))}
			if res.stats != want {
				t.Errorf("WARC stats = %+v, want %+v", res.stats, want)
			}
		})
	}
}

// A corrupt record is reported with its offset and the archive goes on.
func TestWARCCorrupt(t *testing.T) {
	recs := testRecords(t)
	for _, gz := range []bool{false, true} {
		t.Run(fmt.Sprintf("gzip=%v", gz), func(t *testing.T) {
			parts := marshalWARC(t, gz, recs)
			var bad []byte
			if gz {
				// Damage the deflate data of the ledger page's member.
				bad = bytes.Clone(parts[2])
				for i := 40; i < len(bad)-20; i += 97 {
					bad[i] ^= 0x5a
				}
			} else {
				// A record whose header is not WARC fields.
				bad = []byte("WARC/1.1\r\nthis line has no colon\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n")
			}
			archive := bytes.Join([][]byte{parts[0], parts[1], bad, parts[4], parts[7]}, nil)
			badOffset := int64(len(parts[0]) + len(parts[1]))
			res := readAllWARC(archive)
			if res.fatal != nil {
				t.Fatalf("WARC: %v", res.fatal)
			}
			if len(res.errs) != 1 || !errors.Is(res.errs[0], ErrCorrupt) {
				t.Fatalf("WARC errors = %v, want one ErrCorrupt", res.errs)
			}
			var re *RecordError
			errors.As(res.errs[0], &re)
			if re.Offset != badOffset || re.Number != 3 {
				t.Errorf("corrupt record at number %d offset %d, want 3 at %d: %v", re.Number, re.Offset, badOffset, re)
			}
			if len(res.docs) != 2 || res.docs[0].Record.TargetURI != recs[4].URI || res.docs[1].Record.TargetURI != recs[7].URI {
				t.Errorf("WARC after the corrupt record yielded %d documents, want the two after it", len(res.docs))
			}
		})
	}
}

// A truncated archive ends with a record error, not a hang or a panic.
func TestWARCTruncated(t *testing.T) {
	parts := marshalWARC(t, false, testRecords(t)[:3])
	archive := bytes.Join(parts, nil)
	res := readAllWARC(archive[:len(archive)-500])
	if len(res.docs) != 0 || len(res.errs) != 1 || !errors.Is(res.errs[0], ErrCorrupt) {
		t.Errorf("truncated WARC: %d docs, errors %v, fatal %v", len(res.docs), res.errs, res.fatal)
	}
}

func TestWARCLimits(t *testing.T) {
	parts := marshalWARC(t, true, testRecords(t))
	archive := bytes.Join(parts, nil)

	t.Run("records", func(t *testing.T) {
		res := readAllWARC(archive, WithMaxRecords(3))
		if !errors.Is(res.fatal, ErrTooManyRecords) || len(res.docs) != 1 || res.stats.Records != 4 {
			t.Errorf("MaxRecords 3: fatal %v, %d docs, stats %+v", res.fatal, len(res.docs), res.stats)
		}
	})
	t.Run("archive bytes", func(t *testing.T) {
		limit := int64(len(parts[0]) + len(parts[1]) + len(parts[2]) + 10)
		res := readAllWARC(archive, WithMaxArchiveBytes(limit))
		if !errors.Is(res.fatal, ErrTooLarge) || len(res.docs) != 1 || res.stats.Bytes > limit+1 { // one byte past the limit tells it is passed
			t.Errorf("MaxArchiveBytes %d: fatal %v, %d docs, stats %+v", limit, res.fatal, len(res.docs), res.stats)
		}
		if res := readAllWARC(archive, WithMaxArchiveBytes(int64(len(archive)))); res.fatal != nil {
			t.Errorf("MaxArchiveBytes = archive size: %v", res.fatal)
		}
	})
	t.Run("page bytes", func(t *testing.T) {
		res := readAllWARC(archive, WithMaxPageBytes(int64(len(readFixture(t, "ledger.html"))-1)))
		if res.fatal != nil || len(res.errs) < 1 || !errors.Is(res.errs[0], ErrTooLarge) || len(res.docs) != 2 {
			t.Errorf("MaxPageBytes below the ledger page: fatal %v, errors %v, %d docs", res.fatal, res.errs, len(res.docs))
		}
	})
	t.Run("defaults", func(t *testing.T) {
		c := newConfig(nil)
		if c.pageBytes != MaxPageBytes || c.archiveBytes != MaxArchiveBytes || c.records != MaxRecords || c.lineBytes != MaxLineBytes {
			t.Errorf("default config %+v does not use the Max constants", c)
		}
	})
}

// One gzip member holding the whole archive (a gzipped .warc) reads too.
func TestWARCSingleMember(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(bytes.Join(marshalWARC(t, false, testRecords(t)), nil))
	zw.Close()
	res := readAllWARC(buf.Bytes())
	if res.fatal != nil || len(res.docs) != 3 {
		t.Errorf("single-member .warc.gz: fatal %v, %d docs, errors %v", res.fatal, len(res.docs), res.errs)
	}
}

// Pending.At tells where a record lies before it is extracted: what its
// Document's Record or its RecordError says after.
func TestPendingAt(t *testing.T) {
	var single bytes.Buffer
	zw := gzip.NewWriter(&single)
	zw.Write(bytes.Join(marshalWARC(t, false, testRecords(t)), nil))
	zw.Close()
	archives := map[string][]byte{
		"warc":          bytes.Join(marshalWARC(t, false, testRecords(t)), nil),
		"warc.gz":       bytes.Join(marshalWARC(t, true, testRecords(t)), nil),
		"one member gz": single.Bytes(),
	}
	for name, archive := range archives {
		t.Run(name, func(t *testing.T) {
			seen := 0
			for p, err := range NewWARCReader(bytes.NewReader(archive)).Pending() {
				if err != nil {
					continue
				}
				seen++
				num, off, first := p.At()
				doc, err := p.Extract()
				var re *RecordError
				switch {
				case errors.As(err, &re):
					if re.Number != num || re.Offset != off {
						t.Errorf("record error %d at %d, At says %d at %d", re.Number, re.Offset, num, off)
					}
				case err != nil:
					t.Fatal(err)
				default:
					r := doc.Record
					if r.Number != num || r.Offset != off || r.First != first {
						t.Errorf("record %d at %d first %d, At says %d at %d first %d", r.Number, r.Offset, r.First, num, off, first)
					}
				}
			}
			if seen != 4 {
				t.Errorf("%d pending pages, want 4", seen)
			}
		})
	}
	lines := "{\"id\": \"a\", \"text\": \"One.\"}\n\n{\"id\": \"b\", \"html\": \"<p>no article</p>\"}\n{\"id\": \"c\", \"text\": \"Two.\"}\n"
	var got []int
	for p, err := range NewJSONLReader(strings.NewReader(lines)).Pending() {
		if err != nil {
			continue
		}
		num, off, first := p.At()
		got = append(got, num, int(off), first)
		if doc, err := p.Extract(); err == nil && (doc.Record.Number != num || doc.Record.Offset != off || doc.Record.First != first) {
			t.Errorf("jsonl record %+v, At says %d at %d first %d", doc.Record, num, off, first)
		}
	}
	if want := []int{1, 0, 1, 3, 29, 3, 4, 70, 4}; !slices.Equal(got, want) {
		t.Errorf("jsonl At = %v, want %v", got, want)
	}
}
