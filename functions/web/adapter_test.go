package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/slantnews/slant/serve"
)

var (
	handlerOnce sync.Once
	handler     *serve.Server
	handlerErr  error
)

func testHandler(t *testing.T) *serve.Server {
	t.Helper()
	handlerOnce.Do(func() {
		handler, handlerErr = coldStart(func(string) (string, bool) { return "", false }, slog.New(slog.DiscardHandler))
	})
	if handlerErr != nil {
		t.Fatal(handlerErr)
	}
	return handler
}

// strict decodes data into v with unknown fields disallowed.
func strict(t *testing.T, name string, data []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: strict decode into %T: %v", name, v, err)
	}
}

// TestEventFixtures decodes every events/function-url/*.json strictly into
// the type the adapter takes, invokes the handler with it, and checks the
// response.
func TestEventFixtures(t *testing.T) {
	h := adapt(testHandler(t))
	tests := []struct {
		file   string
		status int
		ct     string
		b64    bool
		want   string // in the body
	}{
		{"get-page.json", 200, "text/html; charset=utf-8", false, `<form id="analyze-form"`},
		{"get-healthz.json", 200, "application/json; charset=utf-8", false, `"status":"ok"`},
		{"post-analyze-text.json", 200, "application/json; charset=utf-8", false, `"name": "cms-draft-1042.txt"`},
		{"post-compare-base64.json", 200, "application/json; charset=utf-8", false, `"schema": "slant.compare/v1"`},
	}
	files, err := filepath.Glob("../../events/function-url/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var covered []string
	for _, tt := range tests {
		covered = append(covered, tt.file)
	}
	for _, f := range files {
		if !slices.Contains(covered, filepath.Base(f)) {
			t.Errorf("events/function-url/%s is not decoded and invoked by TestEventFixtures", filepath.Base(f))
		}
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("../../events/function-url", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var ev events.LambdaFunctionURLRequest
			strict(t, tt.file, data, &ev)
			resp, err := h(context.Background(), ev)
			if err != nil {
				t.Fatal(err)
			}
			// The response must encode as the Function URL reads it.
			if _, err := json.Marshal(resp); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.status || resp.Headers["Content-Type"] != tt.ct || resp.IsBase64Encoded != tt.b64 {
				t.Errorf("response %d %q base64 %v, want %d %q %v: %.300s", resp.StatusCode, resp.Headers["Content-Type"], resp.IsBase64Encoded, tt.status, tt.ct, tt.b64, resp.Body)
			}
			if !strings.Contains(resp.Body, tt.want) {
				t.Errorf("body lacks %s: %.300s", tt.want, resp.Body)
			}
			for _, k := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"} {
				if resp.Headers[k] == "" {
					t.Errorf("response lacks %s", k)
				}
			}
		})
	}
}

func TestAdapterRequest(t *testing.T) {
	ev := events.LambdaFunctionURLRequest{
		RawPath:         "/v1/a%20b",
		RawQueryString:  "name=x&format=json",
		Headers:         map[string]string{"content-type": "text/plain", "accept": "a, b"},
		Cookies:         []string{"a=1", "b=2"},
		Body:            base64.StdEncoding.EncodeToString([]byte("body\x00bytes")),
		IsBase64Encoded: true,
		RequestContext: events.LambdaFunctionURLRequestContext{DomainName: "x.lambda-url.eu-west-1.on.aws",
			HTTP: events.LambdaFunctionURLRequestContextHTTPDescription{Method: "POST", Protocol: "HTTP/1.1", SourceIP: "203.0.113.9"}},
	}
	req, err := newRequest(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(req.Body)
	if req.Method != "POST" || req.URL.Path != "/v1/a b" || req.URL.Query().Get("format") != "json" || req.Host != ev.RequestContext.DomainName ||
		req.Header.Get("Content-Type") != "text/plain" || req.Header.Get("Cookie") != "a=1; b=2" || string(body) != "body\x00bytes" ||
		req.ContentLength != int64(len(body)) || req.RemoteAddr != "203.0.113.9" {
		t.Errorf("newRequest = %s %s host %s headers %v body %q", req.Method, req.URL, req.Host, req.Header, body)
	}
	ev.Body = "not base64!"
	if resp, _ := adapt(testHandler(t))(context.Background(), ev); resp.StatusCode != 400 || !strings.Contains(resp.Body, `"status":400`) {
		t.Errorf("bad base64 = %d %s, want a 400 in the API's form", resp.StatusCode, resp.Body)
	}
}

func TestAdapterResponse(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Set-Cookie", "a=1")
		w.Header().Add("Set-Cookie", "b=2")
		w.Header().Add("Vary", "Accept")
		w.Header().Add("Vary", "Origin")
		if r.URL.Path == "/png" {
			w.Header().Set("Content-Type", "image/png")
			w.Write([]byte("\x89PNG\r\n"))
			return
		}
		if r.URL.Path == "/big" {
			w.Header().Set("Content-Type", "text/html")
			w.Write(bytes.Repeat([]byte("x"), maxResponseBytes+1))
			return
		}
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, "short")
	})
	resp, _ := adapt(h)(context.Background(), events.LambdaFunctionURLRequest{RawPath: "/"})
	if resp.StatusCode != 418 || !slices.Equal(resp.Cookies, []string{"a=1", "b=2"}) || resp.Headers["Vary"] != "Accept,Origin" || resp.Body != "short" || resp.IsBase64Encoded {
		t.Errorf("response = %+v", resp)
	}
	resp, _ = adapt(h)(context.Background(), events.LambdaFunctionURLRequest{RawPath: "/png"})
	if b, _ := base64.StdEncoding.DecodeString(resp.Body); !resp.IsBase64Encoded || string(b) != "\x89PNG\r\n" {
		t.Errorf("binary response = %+v, want base64", resp)
	}
	resp, _ = adapt(h)(context.Background(), events.LambdaFunctionURLRequest{RawPath: "/big"})
	if resp.StatusCode != 413 || len(resp.Body) > 1000 {
		t.Errorf("response over the Function URL limit = %d (%d bytes), want a short 413", resp.StatusCode, len(resp.Body))
	}
}

func TestColdStartConfig(t *testing.T) {
	for _, v := range []string{"0", "-1", "lots", "99999999999"} {
		env := func(k string) (string, bool) { return v, k == "MAX_BODY_BYTES" }
		if _, err := coldStart(env, slog.New(slog.DiscardHandler)); err == nil || !strings.Contains(err.Error(), "MAX_BODY_BYTES") {
			t.Errorf("MAX_BODY_BYTES=%s: err %v, want it refused", v, err)
		}
	}
}
