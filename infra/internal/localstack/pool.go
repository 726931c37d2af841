package localstack

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// maxResponseBytes is Lambda's limit for a synchronous response payload.
const maxResponseBytes = 6 << 20

// Result is the outcome of one invocation, as the Lambda service reports it.
type Result struct {
	RequestID string
	Payload   []byte        // the response body, or the error body when Err is set
	Err       *FuncError    // nil when the function returned a response
	Duration  time.Duration // from handing the event to the runtime to its answer
	Init      time.Duration // cold start (process start to first /next), zero when warm
}

// FuncError is a failed invocation: an error the function reported, or one the
// runner declared (crash, timeout, init failure).
type FuncError struct {
	Type    string `json:"errorType"`
	Message string `json:"errorMessage"`
}

// ReportLine is the REPORT line Lambda logs after an invocation: request id,
// duration and, after a cold start, the init duration.
func (r Result) ReportLine() string {
	init := ""
	if r.Init > 0 {
		init = fmt.Sprintf("\tInit Duration: %.2f ms", msec(r.Init))
	}
	return fmt.Sprintf("REPORT RequestId: %s\tDuration: %.2f ms%s", r.RequestID, msec(r.Duration), init)
}

func (e *FuncError) Error() string { return e.Type + ": " + e.Message }

type invocation struct {
	id      string
	payload []byte
	once    sync.Once
	done    chan Result
	queued  time.Time
	started time.Time
	init    time.Duration
}

func (inv *invocation) complete(r Result) bool {
	ok := false
	inv.once.Do(func() {
		r.RequestID = inv.id
		if !inv.started.IsZero() {
			r.Duration = time.Since(inv.started)
		}
		r.Init = inv.init
		inv.done <- r
		ok = true
	})
	return ok
}

// PoolConfig configures a Pool.
type PoolConfig struct {
	Bootstrap    string        // path of the function's bootstrap executable
	Env          []string      // environment of the function (AWS_LAMBDA_RUNTIME_API is added)
	Concurrency  int           // most runtime processes at once
	Timeout      time.Duration // per invocation
	InitTimeout  time.Duration // process start to first /next
	FunctionName string
	MemoryMB     int // AWS_LAMBDA_FUNCTION_MEMORY_SIZE (default 2048, the template's MemorySize)
	Region       string
	Log          *slog.Logger
	Stdout       io.Writer // where the function's stdout and stderr go
}

// Pool runs the function the way Lambda does: each instance is one bootstrap
// process with its own Runtime API endpoint; instances start on demand up to
// Concurrency, are reused while they live, and are replaced when they crash,
// fail to initialise or time out.
type Pool struct {
	cfg   PoolConfig
	queue chan *invocation

	mu           sync.Mutex
	instances    map[*instance]struct{}
	pending      int // queued, not yet handed to a runtime
	idle         int // runtimes blocked in /next
	starting     int // processes that have not reached /next yet
	initFailures int
	backoffUntil time.Time
	closed       bool
	closing      chan struct{} // closed when Close starts
	drained      chan struct{} // closed when Close has failed the queued invocations
	wg           sync.WaitGroup
	nextID       int
}

// NewPool returns a Pool; it starts no process until the first Invoke.
func NewPool(cfg PoolConfig) *Pool {
	if cfg.Concurrency < 1 {
		cfg.Concurrency = 1
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.InitTimeout <= 0 {
		cfg.InitTimeout = 10 * time.Second
	}
	if cfg.MemoryMB <= 0 {
		cfg.MemoryMB = 2048
	}
	if cfg.FunctionName == "" {
		cfg.FunctionName = "slant-analyze"
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Stdout == nil {
		cfg.Stdout = os.Stderr
	}
	p := &Pool{
		cfg:       cfg,
		queue:     make(chan *invocation, 1<<16),
		instances: map[*instance]struct{}{},
		closing:   make(chan struct{}),
		drained:   make(chan struct{}),
	}
	p.wg.Add(1)
	go p.tick()
	return p
}

var errClosed = errors.New("runner is shutting down")

// Invoke runs one event through the function and waits for the outcome.
// The error is non-nil only when the runner could not run the event at all
// (closed pool, cancelled context); function failures are in Result.Err.
func (p *Pool) Invoke(ctx context.Context, payload []byte) (Result, error) {
	inv := &invocation{id: newRequestID(), payload: payload, done: make(chan Result, 1), queued: time.Now()}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return Result{}, errClosed
	}
	p.pending++
	p.mu.Unlock()
	select {
	case p.queue <- inv:
	case <-ctx.Done():
		p.mu.Lock()
		p.pending--
		p.mu.Unlock()
		return Result{}, ctx.Err()
	}
	p.maybeSpawn()
	select {
	case r := <-inv.done:
		return r, nil
	case <-ctx.Done():
		return Result{}, ctx.Err()
	case <-p.drained:
		// Queued after Close emptied the queue: no runtime will take it.
		select {
		case r := <-inv.done:
			return r, nil
		default:
			return Result{}, errClosed
		}
	}
}

// Warm starts n instances now, as provisioned concurrency does on Lambda, so
// that the first events do not wait for a cold start. It reports the first
// error starting a process.
func (p *Pool) Warm(n int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for !p.closed && len(p.instances) < min(n, p.cfg.Concurrency) {
		if err := p.spawnLocked(); err != nil {
			return err
		}
	}
	return nil
}

// tick retries scale-up after an init-failure back-off has expired.
func (p *Pool) tick() {
	defer p.wg.Done()
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.closing:
			return
		case <-t.C:
			p.maybeSpawn()
		}
	}
}

func (p *Pool) maybeSpawn() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for !p.closed && p.pending > p.idle+p.starting && len(p.instances) < p.cfg.Concurrency {
		if time.Now().Before(p.backoffUntil) {
			return
		}
		if err := p.spawnLocked(); err != nil {
			p.cfg.Log.Error("start runtime", "err", err)
			p.initFailedLocked(&FuncError{Type: "Runtime.InvalidEntrypoint", Message: err.Error()})
			return
		}
	}
}

// initFailedLocked backs off and fails one waiting invocation, as Lambda fails
// the invocation whose cold start failed.
func (p *Pool) initFailedLocked(fe *FuncError) {
	p.initFailures++
	d := 100 * time.Millisecond << min(p.initFailures-1, 6)
	p.backoffUntil = time.Now().Add(min(d, 5*time.Second))
	select {
	case inv := <-p.queue:
		p.pending--
		inv.complete(Result{Err: fe, Payload: errorBody(fe)})
	default:
	}
}

// Closed reports whether Close has begun: no invocation will run any more.
func (p *Pool) Closed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

// Closing returns a channel that is closed once Close has stopped the runtimes.
func (p *Pool) Closing() <-chan struct{} { return p.closing }

// Close stops every runtime process and fails the invocations still queued.
func (p *Pool) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	insts := make([]*instance, 0, len(p.instances))
	for in := range p.instances {
		insts = append(insts, in)
	}
	p.mu.Unlock()
	// Runtimes end first, while waiting in /next, as on Lambda; then the
	// handlers and the ticker stop.
	for _, in := range insts {
		in.stop()
	}
	close(p.closing)
	p.wg.Wait()
	defer close(p.drained)
	for {
		select {
		case inv := <-p.queue:
			fe := &FuncError{Type: "Runner.Shutdown", Message: errClosed.Error()}
			inv.complete(Result{Err: fe, Payload: errorBody(fe)})
		default:
			return
		}
	}
}

type instance struct {
	p       *Pool
	n       int
	ln      net.Listener
	srv     *http.Server
	cmd     *exec.Cmd
	born    time.Time
	exited  chan struct{}
	initErr *FuncError

	mu      sync.Mutex
	ready   bool // has called /next at least once
	dead    bool
	current *invocation
	timer   *time.Timer
}

func (p *Pool) spawnLocked() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	p.nextID++
	in := &instance{p: p, n: p.nextID, ln: ln, exited: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", in.next)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", in.response)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", in.fnError)
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", in.initError)
	// Only the process this instance started knows its token: the runtime
	// client builds every URL as http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/...,
	// so a path after host:port prefixes them all. Any other client that
	// finds the port (a stray bootstrap, another local program) gets 403.
	token := randHex(16)
	in.srv = &http.Server{Handler: requireToken(token, mux), ReadHeaderTimeout: 10 * time.Second}

	cmd := exec.Command(p.cfg.Bootstrap)
	cmd.Env = append(lambdaEnv(p.cfg), "AWS_LAMBDA_RUNTIME_API="+ln.Addr().String()+"/"+token,
		"AWS_LAMBDA_LOG_STREAM_NAME="+time.Now().Format("2006/01/02")+"/[$LATEST]"+strconv.Itoa(in.n))
	cmd.Stdout = p.cfg.Stdout
	cmd.Stderr = p.cfg.Stdout
	// The runtime dies with the runner even if the runner is killed outright.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	in.cmd = cmd
	in.born = time.Now()
	if err := cmd.Start(); err != nil {
		ln.Close()
		return fmt.Errorf("start %s: %w", p.cfg.Bootstrap, err)
	}
	p.instances[in] = struct{}{}
	p.starting++
	in.timer = time.AfterFunc(p.cfg.InitTimeout, func() {
		in.mu.Lock()
		stale := in.ready || in.dead
		if !stale {
			in.initErr = &FuncError{Type: "Runtime.InitTimeout", Message: fmt.Sprintf("init did not finish within %s", p.cfg.InitTimeout)}
		}
		in.mu.Unlock()
		if !stale {
			in.kill()
		}
	})
	p.wg.Add(2)
	go func() {
		defer p.wg.Done()
		in.srv.Serve(ln)
	}()
	go in.wait()
	p.cfg.Log.Debug("runtime started", "instance", in.n, "pid", cmd.Process.Pid, "api", ln.Addr().String())
	return nil
}

// requireToken serves /TOKEN/... with h (without the prefix) and answers 403
// to every other path.
func requireToken(token string, h http.Handler) http.Handler {
	prefix := "/" + token
	strip := http.StripPrefix(prefix, h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, prefix+"/") {
			writeAPIError(w, http.StatusForbidden, "AccessDenied", "not a runtime this runner started")
			return
		}
		strip.ServeHTTP(w, r)
	})
}

// lambdaEnv is the function's environment: the configured variables plus those
// Lambda sets for a provided.al2023 function.
func lambdaEnv(cfg PoolConfig) []string {
	env := []string{
		"AWS_LAMBDA_FUNCTION_NAME=" + cfg.FunctionName,
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + strconv.Itoa(cfg.MemoryMB),
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/" + cfg.FunctionName,
		"AWS_LAMBDA_LOG_FORMAT=JSON",
		"AWS_EXECUTION_ENV=AWS_Lambda_provided.al2023",
		"AWS_REGION=" + cfg.Region,
		"AWS_DEFAULT_REGION=" + cfg.Region,
		"_HANDLER=bootstrap",
		"TZ=:UTC",
	}
	// Later entries win in os/exec, so the configured environment overrides.
	return append(env, cfg.Env...)
}

func (in *instance) wait() {
	p := in.p
	defer p.wg.Done()
	err := in.cmd.Wait()
	in.mu.Lock()
	in.timer.Stop()
	in.dead = true
	initErr := in.initErr
	inv := in.current
	in.current = nil
	wasReady := in.ready
	in.mu.Unlock()
	close(in.exited)
	in.srv.Close()

	status := "exit status 0"
	if err != nil {
		status = err.Error()
	}
	p.mu.Lock()
	delete(p.instances, in)
	if !wasReady {
		p.starting--
	}
	if inv != nil {
		fe := &FuncError{Type: "Runtime.ExitError", Message: "runtime exited during the invocation: " + status}
		inv.complete(Result{Err: fe, Payload: errorBody(fe)})
	}
	if !wasReady && !p.closed {
		fe := initErr
		if fe == nil {
			fe = &FuncError{Type: "Runtime.ExitError", Message: "runtime exited before it was ready: " + status}
		}
		p.cfg.Log.Error("runtime init failed", "instance", in.n, "errorType", fe.Type, "err", fe.Message)
		p.initFailedLocked(fe)
	} else if !p.closed {
		p.cfg.Log.Warn("runtime exited", "instance", in.n, "status", status)
	}
	p.mu.Unlock()
	p.maybeSpawn()
}

// kill ends the runtime process; wait does the bookkeeping.
func (in *instance) kill() {
	if in.cmd.Process != nil {
		in.cmd.Process.Kill()
	}
}

// stop asks the runtime to end (SIGTERM, as Lambda does at shutdown) and kills it
// if it has not ended within a second.
func (in *instance) stop() {
	in.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-in.exited:
	case <-time.After(time.Second):
		in.kill()
		<-in.exited
	}
}

func (in *instance) next(w http.ResponseWriter, r *http.Request) {
	p := in.p
	in.mu.Lock()
	if in.current != nil {
		// Asking for the next event completes nothing: the runtime must answer first.
		fe := &FuncError{Type: "Runtime.InvalidResponse", Message: "next called before the invocation was answered"}
		in.current.complete(Result{Err: fe, Payload: errorBody(fe)})
		in.current = nil
	}
	first := !in.ready
	readyAt := time.Now()
	in.ready = true
	if first {
		in.timer.Stop()
	}
	in.mu.Unlock()
	p.mu.Lock()
	if first {
		p.starting--
		p.initFailures = 0
	}
	p.idle++
	p.mu.Unlock()
	var inv *invocation
	select {
	case inv = <-p.queue:
	case <-r.Context().Done():
	case <-in.exited:
	case <-p.closing:
	}
	p.mu.Lock()
	p.idle--
	if inv != nil {
		p.pending--
	}
	p.mu.Unlock()
	if inv == nil {
		http.Error(w, "runtime shutting down", http.StatusGone)
		return
	}
	in.mu.Lock()
	if in.dead {
		in.mu.Unlock()
		p.requeue(inv)
		return
	}
	in.current = inv
	if first && inv.queued.Before(readyAt) {
		// This event waited for the cold start (a warm instance reports none).
		inv.init = readyAt.Sub(in.born)
	}
	inv.started = time.Now()
	deadline := inv.started.Add(p.cfg.Timeout)
	in.timer = time.AfterFunc(p.cfg.Timeout, func() { in.timeout(inv) })
	in.mu.Unlock()

	h := w.Header()
	h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
	h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(deadline.UnixMilli(), 10))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", fmt.Sprintf("arn:aws:lambda:%s:000000000000:function:%s", p.cfg.Region, p.cfg.FunctionName))
	h.Set("Lambda-Runtime-Trace-Id", "Root=1-"+strconv.FormatInt(inv.started.Unix(), 16)+"-"+inv.id[:8]+inv.id[9:13]+inv.id[14:18]+inv.id[19:23]+";Sampled=0")
	h.Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	w.Write(inv.payload)
}

func (p *Pool) requeue(inv *invocation) {
	p.mu.Lock()
	p.pending++
	p.mu.Unlock()
	go func() {
		p.queue <- inv
		p.maybeSpawn()
	}()
}

func (in *instance) timeout(inv *invocation) {
	in.mu.Lock()
	if in.current != inv {
		in.mu.Unlock()
		return
	}
	in.current = nil
	in.mu.Unlock()
	fe := &FuncError{Type: "Sandbox.Timedout", Message: fmt.Sprintf("Task timed out after %.2f seconds", in.p.cfg.Timeout.Seconds())}
	inv.complete(Result{Err: fe, Payload: errorBody(fe)})
	in.p.cfg.Log.Error("invocation timed out", "requestId", inv.id, "instance", in.n)
	in.kill()
}

// finish takes the invocation the request names, if it is the current one.
func (in *instance) finish(w http.ResponseWriter, r *http.Request) *invocation {
	id := r.PathValue("id")
	in.mu.Lock()
	defer in.mu.Unlock()
	inv := in.current
	if inv == nil || inv.id != id {
		writeAPIError(w, http.StatusBadRequest, "InvalidRequestID", "no invocation "+id+" in progress")
		return nil
	}
	in.current = nil
	in.timer.Stop()
	return inv
}

func (in *instance) response(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxResponseBytes+1))
	inv := in.finish(w, r)
	if inv == nil {
		return
	}
	switch {
	case err != nil:
		fe := &FuncError{Type: "Runtime.InvalidResponse", Message: err.Error()}
		inv.complete(Result{Err: fe, Payload: errorBody(fe)})
	case len(body) > maxResponseBytes:
		fe := &FuncError{Type: "Function.ResponseSizeTooLarge", Message: "response payload exceeds 6 MB"}
		inv.complete(Result{Err: fe, Payload: errorBody(fe)})
		writeAPIError(w, http.StatusRequestEntityTooLarge, fe.Type, fe.Message)
		return
	default:
		inv.complete(Result{Payload: body})
	}
	accepted(w)
}

func (in *instance) fnError(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxResponseBytes))
	inv := in.finish(w, r)
	if inv == nil {
		return
	}
	inv.complete(Result{Err: parseError(body, r.Header.Get("Lambda-Runtime-Function-Error-Type"), "Function.Error"), Payload: body})
	accepted(w)
}

func (in *instance) initError(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxResponseBytes))
	in.mu.Lock()
	ready := in.ready
	if !ready {
		in.initErr = parseError(body, r.Header.Get("Lambda-Runtime-Function-Error-Type"), "Runtime.InitError")
	}
	in.mu.Unlock()
	if ready {
		writeAPIError(w, http.StatusForbidden, "InvalidStateTransition", "init/error after the runtime was ready")
		return
	}
	accepted(w)
	// Lambda ends an environment whose init failed; give the runtime a moment to exit itself.
	go func() {
		select {
		case <-in.exited:
		case <-time.After(time.Second):
			in.kill()
		}
	}()
}

func parseError(body []byte, headerType, fallback string) *FuncError {
	fe := &FuncError{}
	if json.Unmarshal(body, fe) != nil || (fe.Type == "" && fe.Message == "") {
		fe.Message = string(bytes.TrimSpace(body))
	}
	if fe.Type == "" {
		fe.Type = headerType
	}
	if fe.Type == "" {
		fe.Type = fallback
	}
	return fe
}

func errorBody(fe *FuncError) []byte {
	b, _ := json.Marshal(fe)
	return b
}

func accepted(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	io.WriteString(w, `{"status":"OK"}`)
}

func writeAPIError(w http.ResponseWriter, code int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(FuncError{Type: typ, Message: msg})
}

// newRequestID returns a random UUID (version 4), the form of Lambda request ids.
func newRequestID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
