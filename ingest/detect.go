package ingest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
)

// Detect names the format of an input from its first bytes (512 or more are
// enough), with the file name and Content-Type as hints; either may be
// empty. A clear signature in the content wins (a WARC header, gzip holding
// one, an HTML doctype or <html>); then the hints; then weaker content
// signs (a first line that is a JSON object with text or html, markup);
// otherwise the input is plain text.
func Detect(name, contentType string, head []byte) Format {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case bytes.HasPrefix(h, []byte("WARC/")), isGzipWARC(head):
		return FormatWARC
	case hasPrefixFold(h, "<!doctype html"), hasPrefixFold(h, "<html"):
		return FormatHTML
	}
	if f := hint(name, contentType); f != "" {
		return f
	}
	if isJSONLRecord(h) {
		return FormatJSONL
	}
	if bytes.HasPrefix(h, []byte("<")) && strings.HasPrefix(http.DetectContentType(h), "text/html") {
		return FormatHTML
	}
	return FormatText
}

func hint(name, contentType string) Format {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		switch mt {
		case "text/html", "application/xhtml+xml":
			return FormatHTML
		case "application/warc", "application/x-warc":
			return FormatWARC
		case "application/jsonl", "application/x-ndjson", "application/x-jsonlines", "application/jsonlines":
			return FormatJSONL
		case "text/plain":
			return FormatText
		}
	}
	n := strings.ToLower(name)
	n = strings.TrimSuffix(n, ".gz")
	switch path.Ext(n) {
	case ".html", ".htm", ".xhtml":
		return FormatHTML
	case ".warc":
		return FormatWARC
	case ".jsonl", ".ndjson":
		return FormatJSONL
	case ".txt", ".text", ".md":
		return FormatText
	}
	return ""
}

func isGzipWARC(head []byte) bool {
	if len(head) < 2 || head[0] != 0x1f || head[1] != 0x8b {
		return false
	}
	zr, err := gzip.NewReader(bytes.NewReader(head))
	if err != nil {
		return false
	}
	b := make([]byte, 5)
	n, _ := io.ReadFull(zr, b)
	return string(b[:n]) == "WARC/"
}

// isJSONLRecord reports whether the first line of h is a JSON object with a
// text or html field. A first line cut short by the head is judged by its
// start.
func isJSONLRecord(h []byte) bool {
	if !bytes.HasPrefix(h, []byte("{")) {
		return false
	}
	line, _, _ := bytes.Cut(h, []byte("\n"))
	var rec map[string]json.RawMessage
	if json.Unmarshal(line, &rec) == nil {
		_, t := rec["text"]
		_, h := rec["html"]
		return t || h
	}
	return !json.Valid(line) && (bytes.Contains(line, []byte(`"text"`)) || bytes.Contains(line, []byte(`"html"`)))
}

func hasPrefixFold(b []byte, p string) bool {
	return len(b) >= len(p) && strings.EqualFold(string(b[:len(p)]), p)
}
