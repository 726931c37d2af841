package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestServe runs "slant serve" on a free port of 127.0.0.1, asks it for
// /healthz and a report, and stops it as SIGINT would.
func TestServe(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	old := serveContext
	serveContext = func() (context.Context, context.CancelFunc) { return ctx, cancel }
	defer func() { serveContext = old }()

	outR, outW := io.Pipe()
	var stderr strings.Builder
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""), outW, &stderr)
		outW.Close()
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatalf("no address printed: %v (stderr %s)", err, stderr.String())
	}
	go io.Copy(io.Discard, outR)
	m := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("printed %q, want the loopback address", line)
	}
	c := http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get("http://" + m[1] + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET /healthz = %d", resp.StatusCode)
	}
	resp, err = c.Post("http://"+m[1]+"/v1/analyze", "text/plain", strings.NewReader("The mayor slammed the so-called plan."))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"schema": "slant.report/v1"`) {
		t.Errorf("POST /v1/analyze = %d %.200s", resp.StatusCode, body)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestServeUsage(t *testing.T) {
	for _, args := range [][]string{{"serve", "extra"}, {"serve", "--concurrency", "0"}, {"serve", "--addr"}} {
		var out, errb strings.Builder
		if code := run(args, strings.NewReader(""), &out, &errb); code != exitUsage {
			t.Errorf("slant %q = %d, want %d", args, code, exitUsage)
		}
	}
	var out, errb strings.Builder
	if code := run([]string{"serve", "--addr", "256.0.0.1:1"}, strings.NewReader(""), &out, &errb); code != exitRejected {
		t.Errorf("slant serve on a bad address = %d, want %d: %s", code, exitRejected, errb.String())
	}
	if code := run([]string{"help", "serve"}, strings.NewReader(""), &out, &errb); code != 0 || !strings.Contains(out.String(), "--addr HOST:PORT") || !strings.Contains(out.String(), "127.0.0.1:8080") {
		t.Errorf("slant help serve = %d %q", code, out.String())
	}
}
