// Package warctest writes WARC archives for tests, with gowarc, so that
// Slant's own reader (package ingest) is checked against another
// implementation. Only tests import it.
package warctest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// Record is one record to write.
type Record struct {
	Type        gowarc.RecordType
	URI         string
	ContentType string // the WARC Content-Type
	Block       string
}

// Response is an HTTP response record of a page.
func Response(uri, contentType, body string) Record {
	return Record{gowarc.Response, uri, "application/http;msgtype=response",
		"HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: " + fmt.Sprint(len(body)) + "\r\n\r\n" + body}
}

// Request is the HTTP request record of uri.
func Request(uri string) Record {
	return Record{gowarc.Request, uri, "application/http;msgtype=request", "GET / HTTP/1.1\r\nHost: example\r\n\r\n"}
}

// Info is a warcinfo record.
func Info() Record {
	return Record{gowarc.Warcinfo, "", "application/warc-fields", "software: slant-test\r\nformat: WARC File Format 1.1\r\n"}
}

// Members returns each record serialized on its own (one gzip member per
// record when gz is set), dated a minute apart from 2025-03-15T06:00:00Z.
func Members(t testing.TB, gz bool, recs ...Record) [][]byte {
	t.Helper()
	date := time.Date(2025, 3, 15, 6, 0, 0, 0, time.UTC)
	var out [][]byte
	for i, r := range recs {
		b := gowarc.NewRecordBuilder(r.Type, gowarc.WithAddMissingRecordId(true), gowarc.WithAddMissingDigest(true), gowarc.WithAddMissingContentLength(true))
		if r.URI != "" {
			b.AddWarcHeader(gowarc.WarcTargetURI, r.URI)
		}
		b.AddWarcHeaderTime(gowarc.WarcDate, date.Add(time.Duration(i)*time.Minute))
		b.AddWarcHeader(gowarc.ContentType, r.ContentType)
		if _, err := b.WriteString(r.Block); err != nil {
			t.Fatal(err)
		}
		rec, _, err := b.Build()
		if err != nil {
			t.Fatalf("build record %d: %v", i, err)
		}
		var buf bytes.Buffer
		var w io.Writer = &buf
		var zw *gzip.Writer
		if gz {
			zw = gzip.NewWriter(&buf)
			w = zw
		}
		if _, _, err := gowarc.NewMarshaler().Marshal(w, rec, 0); err != nil {
			t.Fatalf("marshal record %d: %v", i, err)
		}
		if zw != nil {
			zw.Close()
		}
		rec.Close()
		out = append(out, buf.Bytes())
	}
	return out
}

// Archive is the records written one after another.
func Archive(t testing.TB, gz bool, recs ...Record) []byte {
	t.Helper()
	return bytes.Join(Members(t, gz, recs...), nil)
}
