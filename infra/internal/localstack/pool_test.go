package localstack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// quiet discards the pool's and the webhook's logs in tests.
var quiet = slog.New(slog.DiscardHandler)

// The test binary doubles as a Lambda function built with aws-lambda-go, so the
// runner is tested against the real runtime client: with SLANT_RUNNER_TEST_FN
// set it runs lambda.Start instead of the tests.
func TestMain(m *testing.M) {
	switch os.Getenv("SLANT_RUNNER_TEST_FN") {
	case "":
		os.Exit(m.Run())
	case "serve":
		lambda.Start(testFunction)
	case "init-exit":
		fmt.Fprintln(os.Stderr, "REPORT_BUCKET is required")
		os.Exit(2)
	case "init-hang":
		time.Sleep(time.Hour)
	}
	os.Exit(0)
}

type testEvent struct {
	Do string `json:"do"`
	MS int    `json:"ms"`
}

type testReply struct {
	Event      json.RawMessage `json:"event"`
	RequestID  string          `json:"request_id"`
	ARN        string          `json:"arn"`
	DeadlineMS int64           `json:"deadline_ms"`
	PID        int             `json:"pid"`
	Region     string          `json:"region"`
}

func testFunction(ctx context.Context, raw json.RawMessage) (testReply, error) {
	var ev testEvent
	json.Unmarshal(raw, &ev)
	switch ev.Do {
	case "error":
		return testReply{}, errors.New("the function failed on purpose")
	case "crash":
		os.Exit(3)
	case "sleep":
		time.Sleep(time.Duration(ev.MS) * time.Millisecond)
	}
	lc, _ := lambdacontext.FromContext(ctx)
	dl, _ := ctx.Deadline()
	return testReply{Event: raw, RequestID: lc.AwsRequestID, ARN: lc.InvokedFunctionArn,
		DeadlineMS: dl.UnixMilli(), PID: os.Getpid(), Region: os.Getenv("AWS_REGION")}, nil
}

// newTestPool starts a pool whose bootstrap is this test binary in mode fn; it
// is closed when the test ends, and the test checks that no process is left.
func newTestPool(t *testing.T, fn string, cfg PoolConfig) *Pool {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Bootstrap = self
	cfg.Env = append(cfg.Env, "SLANT_RUNNER_TEST_FN="+fn)
	cfg.Stdout = io.Discard
	cfg.Log = quiet
	p := NewPool(cfg)
	t.Cleanup(func() {
		var pids []int
		p.mu.Lock()
		for in := range p.instances {
			pids = append(pids, in.cmd.Process.Pid)
		}
		p.mu.Unlock()
		p.Close()
		for _, pid := range pids {
			if st := ProcessState(pid); st != "" {
				t.Errorf("runtime pid %d still present after Close (state %s)", pid, st)
			}
		}
	})
	return p
}

func invoke(t *testing.T, p *Pool, event string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	r, err := p.Invoke(ctx, []byte(event))
	if err != nil {
		t.Fatalf("Invoke(%s): %v", event, err)
	}
	return r
}

func reply(t *testing.T, r Result) testReply {
	t.Helper()
	if r.Err != nil {
		t.Fatalf("invocation failed: %v (payload %s)", r.Err, r.Payload)
	}
	var rep testReply
	if err := json.Unmarshal(r.Payload, &rep); err != nil {
		t.Fatalf("response %q: %v", r.Payload, err)
	}
	return rep
}

func TestInvokeThroughRuntimeAPI(t *testing.T) {
	p := newTestPool(t, "serve", PoolConfig{Timeout: 5 * time.Second, Region: "eu-west-3", FunctionName: "fn"})
	start := time.Now()
	r := invoke(t, p, `{"hello":"wörld"}`)
	rep := reply(t, r)
	if string(rep.Event) != `{"hello":"wörld"}` {
		t.Errorf("function saw event %s, want the one sent", rep.Event)
	}
	if rep.RequestID != r.RequestID || len(r.RequestID) != 36 {
		t.Errorf("request id: function saw %q, runner reported %q", rep.RequestID, r.RequestID)
	}
	if want := "arn:aws:lambda:eu-west-3:000000000000:function:fn"; rep.ARN != want {
		t.Errorf("invoked function ARN = %q, want %q", rep.ARN, want)
	}
	if rep.Region != "eu-west-3" {
		t.Errorf("AWS_REGION = %q, want eu-west-3", rep.Region)
	}
	if dl := time.UnixMilli(rep.DeadlineMS); dl.Before(start.Add(4*time.Second)) || dl.After(time.Now().Add(5*time.Second)) {
		t.Errorf("deadline %v is not about 5s after the invocation started (%v)", dl, start)
	}
	if r.Init <= 0 {
		t.Errorf("first invocation reports no init duration")
	}
	// A warm instance serves the next event.
	r2 := invoke(t, p, `{}`)
	if rep2 := reply(t, r2); rep2.PID != rep.PID {
		t.Errorf("second invocation ran in pid %d, want the warm pid %d", rep2.PID, rep.PID)
	}
	if r2.Init != 0 {
		t.Errorf("warm invocation reports init %v", r2.Init)
	}
}

func TestWarmInstancesSkipColdStart(t *testing.T) {
	p := newTestPool(t, "serve", PoolConfig{Concurrency: 3})
	if err := p.Warm(2); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		p.mu.Lock()
		idle, n := p.idle, len(p.instances)
		p.mu.Unlock()
		if idle == 2 && n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after Warm(2): %d instances, %d idle; want 2 idle", n, idle)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if r := invoke(t, p, `{}`); r.Err != nil || r.Init != 0 {
		t.Errorf("invocation on a warm instance: Err %v, Init %v; want no error and no init", r.Err, r.Init)
	}
	p.mu.Lock()
	n := len(p.instances)
	p.mu.Unlock()
	if n != 2 {
		t.Errorf("%d instances after one invocation on a warm pool, want 2", n)
	}
}

func TestFunctionErrorKeepsInstance(t *testing.T) {
	p := newTestPool(t, "serve", PoolConfig{})
	r := invoke(t, p, `{"do":"error"}`)
	if r.Err == nil || !strings.Contains(r.Err.Message, "failed on purpose") {
		t.Fatalf("error invocation: Err = %v, want the function's error", r.Err)
	}
	pid1 := reply(t, invoke(t, p, `{}`)).PID
	pid2 := reply(t, invoke(t, p, `{}`)).PID
	if pid1 != pid2 {
		t.Errorf("instance replaced after a handled error: pids %d, %d", pid1, pid2)
	}
}

func TestCrashIsReportedAndReplaced(t *testing.T) {
	p := newTestPool(t, "serve", PoolConfig{})
	pid := reply(t, invoke(t, p, `{}`)).PID
	r := invoke(t, p, `{"do":"crash"}`)
	if r.Err == nil || r.Err.Type != "Runtime.ExitError" || !strings.Contains(r.Err.Message, "exit status 3") {
		t.Fatalf("crash: Err = %v, want Runtime.ExitError with exit status 3", r.Err)
	}
	rep := reply(t, invoke(t, p, `{}`))
	if rep.PID == pid {
		t.Errorf("crashed instance %d still serving", pid)
	}
}

func TestTimeoutKillsInstance(t *testing.T) {
	p := newTestPool(t, "serve", PoolConfig{Timeout: 300 * time.Millisecond})
	pid := reply(t, invoke(t, p, `{}`)).PID
	start := time.Now()
	r := invoke(t, p, `{"do":"sleep","ms":10000}`)
	if r.Err == nil || r.Err.Type != "Sandbox.Timedout" {
		t.Fatalf("slow invocation: Err = %v, want Sandbox.Timedout", r.Err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("timeout reported after %v, want about 300ms", d)
	}
	waitGone(t, pid)
	if rep := reply(t, invoke(t, p, `{}`)); rep.PID == pid {
		t.Errorf("timed-out instance %d still serving", pid)
	}
}

func waitGone(t *testing.T, pid int) {
	t.Helper()
	for range 100 {
		if ProcessState(pid) == "" {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("pid %d still running", pid)
}

func TestInitFailures(t *testing.T) {
	for _, tc := range []struct {
		fn, wantType, wantMsg string
	}{
		{"init-exit", "Runtime.ExitError", "before it was ready"},
		{"init-hang", "Runtime.InitTimeout", "init did not finish"},
	} {
		t.Run(tc.fn, func(t *testing.T) {
			p := newTestPool(t, tc.fn, PoolConfig{InitTimeout: 500 * time.Millisecond})
			r := invoke(t, p, `{}`)
			if r.Err == nil || r.Err.Type != tc.wantType || !strings.Contains(r.Err.Message, tc.wantMsg) {
				t.Fatalf("Err = %v, want %s (%s)", r.Err, tc.wantType, tc.wantMsg)
			}
			// The next invocation gets a fresh attempt (after back-off), and fails the same way.
			if r := invoke(t, p, `{}`); r.Err == nil || r.Err.Type != tc.wantType {
				t.Fatalf("second invocation: Err = %v, want %s", r.Err, tc.wantType)
			}
		})
	}
}

func TestConcurrencyLimit(t *testing.T) {
	p := newTestPool(t, "serve", PoolConfig{Concurrency: 3})
	var mu sync.Mutex
	pids := map[int]int{}
	var wg sync.WaitGroup
	start := time.Now()
	for range 12 {
		wg.Go(func() {
			r := invoke(t, p, `{"do":"sleep","ms":150}`)
			if r.Err != nil {
				t.Errorf("invocation failed: %v", r.Err)
				return
			}
			var rep testReply
			json.Unmarshal(r.Payload, &rep)
			mu.Lock()
			pids[rep.PID]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if len(pids) > 3 || len(pids) < 2 {
		t.Errorf("12 slow invocations ran in %d instances, want 2..3 (limit 3)", len(pids))
	}
	if d := time.Since(start); d < 4*150*time.Millisecond {
		t.Errorf("12 × 150ms on at most 3 instances took %v, want at least 600ms", d)
	}
}

func TestWebhookAsyncRetriesAndDeadLetters(t *testing.T) {
	p := newTestPool(t, "serve", PoolConfig{})
	dlq := t.TempDir()
	a := &Async{Pool: p, Backoff: []time.Duration{10 * time.Millisecond, 10 * time.Millisecond}, DLQ: dlq, Log: quiet}
	srv := httptest.NewServer(WebhookHandler(a, "s3cret"))
	defer srv.Close()
	post := func(token, body string) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	good := `{"EventName":"s3:ObjectCreated:Put","Key":"in/a.txt","Records":[{"do":"ok"}]}`
	bad := `{"EventName":"s3:ObjectCreated:Put","Key":"in/b.txt","Records":[{}],"do":"error"}`
	for _, tc := range []struct {
		name, token, body string
		want              int
	}{
		{"no token", "", good, http.StatusForbidden},
		{"wrong token", "nope", good, http.StatusForbidden},
		{"not json", "s3cret", "nope", http.StatusBadRequest},
		{"good", "s3cret", good, http.StatusAccepted},
		{"failing", "s3cret", bad, http.StatusAccepted},
	} {
		if got := post(tc.token, tc.body); got != tc.want {
			t.Errorf("%s: POST = %d, want %d", tc.name, got, tc.want)
		}
	}
	a.Wait()
	st := a.Stats()
	if want := (AsyncStats{Received: 2, Succeeded: 1, Retried: 2, DeadLettered: 1}); st != want {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
	files, _ := filepath.Glob(filepath.Join(dlq, "*.json"))
	if len(files) != 1 {
		t.Fatalf("dead-letter files = %v, want 1", files)
	}
	b, _ := os.ReadFile(files[0])
	if !bytes.Contains(b, []byte(`"in/b.txt"`)) || !bytes.Contains(b, []byte("failed on purpose")) {
		t.Errorf("dead letter lacks the event or the error:\n%s", b)
	}
	a.Close(time.Second)
	if got := post("s3cret", good); got != http.StatusServiceUnavailable {
		t.Errorf("POST after Close = %d, want 503", got)
	}
}

// TestRunnerKilledTakesRuntimes checks Pdeathsig: a runtime does not outlive a
// runner that is killed outright.
func TestRunnerKilledTakesRuntimes(t *testing.T) {
	if os.Getenv("SLANT_RUNNER_TEST_CHILD") == "1" {
		p := NewPool(PoolConfig{Bootstrap: os.Args[0], Env: []string{"SLANT_RUNNER_TEST_FN=serve"}, Stdout: io.Discard})
		r, _ := p.Invoke(context.Background(), []byte(`{}`))
		fmt.Printf("%s\n", r.Payload)
		time.Sleep(time.Hour)
		return
	}
	cmd := execSelf(t, "TestRunnerKilledTakesRuntimes", "SLANT_RUNNER_TEST_CHILD=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); cmd.Wait() })
	var rep testReply
	if err := json.NewDecoder(out).Decode(&rep); err != nil || rep.PID == 0 {
		t.Fatalf("child runner did not report a runtime pid: %v", err)
	}
	cmd.Process.Kill()
	waitGone(t, rep.PID)
}

func execSelf(t *testing.T, test string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	return cmd
}

// The function sees the template's memory size, so its memory checks and
// GOMEMLIMIT match what Lambda would give it.
func TestLambdaEnvMemorySize(t *testing.T) {
	for _, tc := range []struct {
		mb   int
		want string
	}{
		{0, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=2048"},
		{1024, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=1024"},
	} {
		p := NewPool(PoolConfig{MemoryMB: tc.mb})
		env := lambdaEnv(p.cfg)
		p.Close()
		if !slices.Contains(env, tc.want) {
			t.Errorf("lambdaEnv(MemoryMB %d) = %v, want it to contain %s", tc.mb, env, tc.want)
		}
	}
}

// The Runtime API of an instance serves only the process it started: a
// client that finds the port but not the token in AWS_LAMBDA_RUNTIME_API gets
// 403 and takes no event.
func TestRuntimeAPIRefusesStrangers(t *testing.T) {
	p := newTestPool(t, "serve", PoolConfig{Concurrency: 1})
	if err := p.Warm(1); err != nil {
		t.Fatal(err)
	}
	var addr string
	p.mu.Lock()
	for in := range p.instances {
		addr = in.ln.Addr().String()
	}
	p.mu.Unlock()
	c := &http.Client{Timeout: 2 * time.Second}
	for _, path := range []string{"/2018-06-01/runtime/invocation/next", "/wrongtoken/2018-06-01/runtime/invocation/next"} {
		resp, err := c.Get("http://" + addr + path)
		if err != nil {
			t.Fatalf("GET %s from a stray client: %v, want 403 at once", path, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("GET %s from a stray client = %d, want 403", path, resp.StatusCode)
		}
	}
	if rep := reply(t, invoke(t, p, `{"n":1}`)); string(rep.Event) != `{"n":1}` {
		t.Errorf("the instance's own runtime got %s, want the event", rep.Event)
	}
}
