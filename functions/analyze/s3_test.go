package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Get never holds more than the limit: at the limit it reads, one byte over
// it refuses before reading (the length is known from the response headers).
func TestGetSizeLimit(t *testing.T) {
	f := newFakeS3(t, inputBucket)
	st := s3Store{f.client}
	f.put(t, inputBucket, "at.txt", bytes.Repeat([]byte("a"), 64))
	f.put(t, inputBucket, "over.txt", bytes.Repeat([]byte("a"), 65))
	obj, err := st.Get(context.Background(), inputBucket, "at.txt", "", 64)
	if err != nil || len(obj.Data) != 64 || obj.ETag == "" || strings.Contains(obj.ETag, `"`) {
		t.Errorf("Get(64 bytes, limit 64) = %s, %v; want the data and an unquoted ETag", describe(obj), err)
	}
	obj, err = st.Get(context.Background(), inputBucket, "over.txt", "", 64)
	if !errors.Is(err, errTooLarge) || obj == nil || obj.Data != nil || obj.Size != 65 {
		t.Errorf("Get(65 bytes, limit 64) = %s, %v; want errTooLarge, size 65, no data", describe(obj), err)
	}
	if _, err := st.Get(context.Background(), inputBucket, "missing.txt", "", 64); !errors.Is(err, errGone) {
		t.Errorf("Get(missing) error = %v, want errGone", err)
	}
	if _, err := st.Get(context.Background(), "no-such-bucket", "x.txt", "", 64); !errors.Is(err, errGone) {
		t.Errorf("Get(missing bucket) error = %v, want errGone", err)
	}
}

// A response without Content-Length (or with a wrong one) is read up to the
// limit and then refused.
func TestGetSizeLimitWithoutLength(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"e"`)
		w.WriteHeader(200)
		fl := w.(http.Flusher)
		for range 100 { // 100 chunks of 1 KiB, no Content-Length
			w.Write(bytes.Repeat([]byte("b"), 1024))
			fl.Flush()
		}
	}))
	defer srv.Close()
	c := newS3Client(aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("a", "b", "")}, true,
		func(o *s3.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	obj, err := s3Store{c}.Get(context.Background(), "b", "k", "", 10*1024)
	if !errors.Is(err, errTooLarge) || obj == nil || obj.Data != nil {
		t.Fatalf("Get(100 KiB without length, limit 10 KiB) = %s, %v; want errTooLarge and no data", describe(obj), err)
	}
	obj, err = s3Store{c}.Get(context.Background(), "b", "k", "", 100*1024)
	if err != nil || len(obj.Data) != 100*1024 {
		t.Fatalf("Get(100 KiB without length, limit 100 KiB) = %s, %v; want all of it", describe(obj), err)
	}
}

func TestReadLexicons(t *testing.T) {
	f := newFakeS3(t, "lex")
	st := s3Store{f.client}
	f.put(t, "lex", "extra/a.yaml", []byte("a"))
	f.put(t, "lex", "extra/b.yaml", []byte("b"))
	f.put(t, "lex", "extra/notes.txt", []byte("not a lexicon"))
	f.put(t, "lex", "extra/deeper/c.yaml", []byte("not top level"))
	fsys, err := st.readLexicons(context.Background(), "lex", "extra/")
	if err != nil {
		t.Fatal(err)
	}
	if len(fsys) != 2 || string(fsys["a.yaml"].Data) != "a" || string(fsys["b.yaml"].Data) != "b" {
		t.Errorf("readLexicons = %v, want a.yaml and b.yaml only", fsys)
	}
	if _, err := st.readLexicons(context.Background(), "lex", "empty/"); err == nil || !strings.Contains(err.Error(), "no *.yaml lexicon files") {
		t.Errorf("readLexicons(empty prefix) error = %v", err)
	}
	f.put(t, "lex", "big/a.yaml", bytes.Repeat([]byte("#"), maxLexiconBytes/2))
	f.put(t, "lex", "big/b.yaml", bytes.Repeat([]byte("#"), maxLexiconBytes/2+1))
	if _, err := st.readLexicons(context.Background(), "lex", "big/"); err == nil || !strings.Contains(err.Error(), "exceed") {
		t.Errorf("readLexicons(over %d bytes) error = %v, want the limit named", maxLexiconBytes, err)
	}
	for i := range maxLexiconFiles + 1 {
		f.put(t, "lex", "many/"+itoa(int64(i))+".yaml", []byte("x"))
	}
	if _, err := st.readLexicons(context.Background(), "lex", "many/"); err == nil || !strings.Contains(err.Error(), "more than 100 lexicon files") {
		t.Errorf("readLexicons(%d files) error = %v, want the limit named", maxLexiconFiles+1, err)
	}
}

// describe shows an object without its data.
func describe(o *object) string {
	if o == nil {
		return "nil"
	}
	return fmt.Sprintf("{%d bytes of data, size %d, etag %q, version %q}", len(o.Data), o.Size, o.ETag, o.VersionID)
}
