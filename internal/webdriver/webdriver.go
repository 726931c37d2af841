// Package webdriver is a minimal W3C WebDriver client for the repository's
// real-browser tests: it starts chromedriver on 127.0.0.1 with a fresh
// headless Chromium session and drives it over the WebDriver HTTP protocol
// (no client library).
//
// It is test support, not a general client: every method fails the test it
// was started for instead of returning an error, and Start skips the test
// when Chromium or chromedriver is missing unless SLANT_BROWSER_REQUIRED=1.
package webdriver

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// ChromiumFlags are the flags the browser runs with; Start adds a fresh
// --user-data-dir per session.
var ChromiumFlags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
	"--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,1600"}

// Keys for PressKey, from the WebDriver specification.
const (
	Tab   = "\uE004"
	Enter = "\uE007"
	Space = "\uE00D"
)

// Driver is one WebDriver session. T is the test that failures are reported
// to; a subtest may set it to itself while it drives the session.
type Driver struct {
	T       testing.TB
	base    string
	session string
	client  *http.Client
}

// Option changes how Start opens the session.
type Option func(*options)

type options struct{ noJS bool }

// WithoutJavaScript opens the session with JavaScript disabled in the page
// (a content setting: WebDriver's own script calls still run).
func WithoutJavaScript() Option { return func(o *options) { o.noJS = true } }

func findBinary(names ...string) string {
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// Start runs chromedriver on a free port of 127.0.0.1 and opens a session.
// Both are stopped when t ends, also when it fails.
func Start(t testing.TB, opts ...Option) *Driver {
	t.Helper()
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	required := os.Getenv("SLANT_BROWSER_REQUIRED") == "1"
	chromium := findBinary("chromium", "chromium-browser", "google-chrome")
	driver := findBinary("chromedriver")
	if chromium == "" || driver == "" {
		msg := "browser test needs chromium and chromedriver (Debian: apt-get install chromium chromium-driver)"
		if required {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(driver, "--port="+strconv.Itoa(port), "--allowed-ips=127.0.0.1")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromedriver: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	d := &Driver{T: t, base: "http://127.0.0.1:" + strconv.Itoa(port), client: &http.Client{Timeout: 90 * time.Second}}
	deadline := time.Now().Add(30 * time.Second)
	for {
		raw, err := d.Call("GET", "/status", nil)
		var st struct{ Ready bool }
		if err == nil && json.Unmarshal(raw, &st) == nil && st.Ready {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("chromedriver not ready: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	args := append(append([]string(nil), ChromiumFlags...), "--user-data-dir="+t.TempDir())
	chromeOpts := map[string]any{"binary": chromium, "args": args}
	if o.noJS {
		chromeOpts["prefs"] = map[string]any{"profile.managed_default_content_settings.javascript": 2}
	}
	raw := d.Must("POST", "/session", map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName":        "chrome",
		"goog:chromeOptions": chromeOpts,
		"goog:loggingPrefs":  map[string]string{"browser": "ALL"},
	}}})
	var s struct {
		SessionID string `json:"sessionId"`
	}
	if err := json.Unmarshal(raw, &s); err != nil || s.SessionID == "" {
		t.Fatalf("new session: %v %s", err, raw)
	}
	d.session = s.SessionID
	t.Cleanup(func() { d.Call("DELETE", d.Session(""), nil) })
	return d
}

// Call makes one WebDriver request and returns its "value".
func (d *Driver) Call(method, path string, body any) (json.RawMessage, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, d.base+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := d.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var out struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("%s %s: %v: %.200s", method, path, err, data)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s %s: %s: %.300s", method, path, resp.Status, out.Value)
	}
	return out.Value, nil
}

// Must is Call that fails the test on an error.
func (d *Driver) Must(method, path string, body any) json.RawMessage {
	d.T.Helper()
	v, err := d.Call(method, path, body)
	if err != nil {
		d.T.Fatal(err)
	}
	return v
}

// Session returns the URL path of one of the session's endpoints.
func (d *Driver) Session(path string) string { return "/session/" + d.session + path }

// Script runs JavaScript in the page (the body of a function; args are its
// arguments) and decodes its result into v.
func (d *Driver) Script(js string, v any, args ...any) {
	d.T.Helper()
	if args == nil {
		args = []any{}
	}
	raw := d.Must("POST", d.Session("/execute/sync"), map[string]any{"script": js, "args": args})
	if v == nil {
		return
	}
	if err := json.Unmarshal(raw, v); err != nil {
		d.T.Fatalf("script result %s: %v", raw, err)
	}
}

// ConsoleErrors returns the browser log entries of level SEVERE since the
// last call.
func (d *Driver) ConsoleErrors() []string {
	d.T.Helper()
	raw := d.Must("POST", d.Session("/se/log"), map[string]string{"type": "browser"})
	var entries []struct{ Level, Message string }
	if err := json.Unmarshal(raw, &entries); err != nil {
		d.T.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Level == "SEVERE" {
			out = append(out, e.Message)
		}
	}
	return out
}

// Open navigates to url and waits for the page to load.
func (d *Driver) Open(url string) {
	d.T.Helper()
	d.Must("POST", d.Session("/url"), map[string]string{"url": url})
}

// Resize sets the window size.
func (d *Driver) Resize(width, height int) {
	d.T.Helper()
	d.Must("POST", d.Session("/window/rect"), map[string]int{"width": width, "height": height})
}

// PressKey presses and releases one key (Tab, Enter, a letter) as the
// keyboard does, on whatever has focus.
func (d *Driver) PressKey(key string) {
	d.T.Helper()
	d.Must("POST", d.Session("/actions"), map[string]any{"actions": []any{map[string]any{
		"type": "key", "id": "kb", "actions": []any{
			map[string]string{"type": "keyDown", "value": key},
			map[string]string{"type": "keyUp", "value": key},
		}}}})
}

// Element finds the first element matching a CSS selector and returns its
// WebDriver id.
func (d *Driver) Element(css string) string {
	d.T.Helper()
	raw := d.Must("POST", d.Session("/element"), map[string]string{"using": "css selector", "value": css})
	var el map[string]string
	if err := json.Unmarshal(raw, &el); err != nil {
		d.T.Fatal(err)
	}
	for _, id := range el { // the key is the spec's element identifier
		return id
	}
	d.T.Fatalf("element %s: no id in %s", css, raw)
	return ""
}

// Type sends text to an element as key presses (the element gets focus).
func (d *Driver) Type(elem, text string) {
	d.T.Helper()
	d.Must("POST", d.Session("/element/"+elem+"/value"), map[string]string{"text": text})
}

// Click clicks an element.
func (d *Driver) Click(elem string) {
	d.T.Helper()
	d.Must("POST", d.Session("/element/"+elem+"/click"), map[string]any{})
}

// Screenshot sizes the window to the page and saves a PNG to path.
func (d *Driver) Screenshot(path string) {
	d.T.Helper()
	var h int
	d.Script("return Math.min(document.documentElement.scrollHeight, 8000)", &h)
	d.Resize(1280, h)
	raw := d.Must("GET", d.Session("/screenshot"), nil)
	var b64 string
	json.Unmarshal(raw, &b64)
	png, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		d.T.Fatalf("screenshot is not a PNG: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		d.T.Fatal(err)
	}
	d.T.Logf("screenshot %s (%d bytes)", path, len(png))
}

// OutDir is the directory screenshots go to: $SLANT_SCREENSHOTS, or
// testdata/out of the package under test. It returns an absolute path.
func OutDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("SLANT_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("testdata", "out")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
