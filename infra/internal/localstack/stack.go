package localstack

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"
)

// StackConfig configures the local stack: MinIO, the webhook receiver and the
// function pool, wired together.
type StackConfig struct {
	Dir            string // state: MinIO data, credentials, logs, env file, dead letters
	Bootstrap      string
	MinIO          string
	AWS            string // the aws CLI
	InputBucket    string
	InputPrefix    string
	ReportBucket   string
	ReportPrefix   string
	Region         string
	Concurrency    int
	Warm           int // instances started at once (provisioned concurrency)
	Timeout        time.Duration
	MaxObjectBytes string
	TablesPrefix   string // if set, TABLES_PREFIX for the function: Parquet rows under <ReportPrefix><TablesPrefix>
	S3Port         int    // 0: any free port
	ReportWebhook  string // if set, MinIO also POSTs report-created events here
	FunctionS3     string // if set, the S3 endpoint the function uses instead of MinIO's (the soak's fault proxy)
}

// MinIO webhook target ids: the function's trigger and the optional report watcher.
const (
	webhookID       = "SLANT"
	reportWebhookID = "REPORTS"
)

// RunStack starts everything, writes DIR/env and DIR/stack.json, and serves
// until ctx is done; then it stops what it started, in order.
func RunStack(ctx context.Context, cfg StackConfig, log *slog.Logger) error {
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return err
	}
	for _, f := range []string{"env", "stack.json"} {
		os.Remove(filepath.Join(dir, f))
	}
	if err := os.MkdirAll(filepath.Join(dir, "minio"), 0o755); err != nil {
		return err
	}
	creds, err := loadCredentials(dir)
	if err != nil {
		return err
	}
	for _, p := range []*string{&cfg.Bootstrap, &cfg.MinIO} {
		if *p, err = filepath.Abs(*p); err != nil {
			return err
		}
		if _, err := os.Stat(*p); err != nil {
			return err
		}
	}

	// The receiver listens before MinIO starts, so MinIO finds its webhook up.
	hookLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	token := randHex(16)
	// Until the function pool exists the webhook answers 503 (MinIO sends
	// nothing before the buckets are wired, which comes after).
	var live atomic.Pointer[Async]
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		a := live.Load()
		if a == nil {
			http.Error(w, "starting", http.StatusServiceUnavailable)
			return
		}
		WebhookHandler(a, token).ServeHTTP(w, r)
	})
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, r *http.Request) {
		var st AsyncStats
		if a := live.Load(); a != nil {
			st = a.Stats()
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(st)
	})
	hookSrv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hookSrv.Serve(hookLn)
	hookURL := "http://" + hookLn.Addr().String() + "/"

	// A free port can be taken between choosing it and MinIO binding it: then
	// MinIO exits at once, and another port is tried.
	var (
		minio     *exec.Cmd
		minioDone chan struct{}
		endpoint  string
	)
	for attempt := 1; ; attempt++ {
		port := cfg.S3Port
		if port == 0 {
			if port, err = FreePort(); err != nil {
				hookSrv.Close()
				return err
			}
		}
		endpoint = "http://127.0.0.1:" + strconv.Itoa(port)
		if minio, err = startMinIO(cfg, dir, port, creds, hookURL, token); err != nil {
			hookSrv.Close()
			return err
		}
		minioDone = make(chan struct{})
		go func(c *exec.Cmd, done chan struct{}) { c.Wait(); close(done) }(minio, minioDone)
		err = waitHealthy(ctx, endpoint, minioDone, filepath.Join(dir, "minio.log"))
		if err == nil {
			break
		}
		stopProcess(minio, minioDone)
		if cfg.S3Port != 0 || attempt == 3 || !errors.Is(err, errExitedAtStart) {
			hookSrv.Close()
			return err
		}
		log.Warn("minio exited at start; trying another port", "err", err)
	}

	fnEnv := []string{
		"PATH=" + os.Getenv("PATH"),
		"REPORT_BUCKET=" + cfg.ReportBucket,
		"REPORT_PREFIX=" + cfg.ReportPrefix,
		"AWS_ENDPOINT_URL_S3=" + cmp.Or(cfg.FunctionS3, endpoint),
		"S3_FORCE_PATH_STYLE=true",
		"AWS_ACCESS_KEY_ID=" + creds.AccessKey,
		"AWS_SECRET_ACCESS_KEY=" + creds.SecretKey,
		"AWS_EC2_METADATA_DISABLED=true",
	}
	if cfg.MaxObjectBytes != "" {
		fnEnv = append(fnEnv, "MAX_OBJECT_BYTES="+cfg.MaxObjectBytes)
	}
	if cfg.TablesPrefix != "" {
		fnEnv = append(fnEnv, "TABLES_PREFIX="+cfg.TablesPrefix)
	}
	if v := os.Getenv("LEXICON_URI"); v != "" {
		fnEnv = append(fnEnv, "LEXICON_URI="+v)
	}
	pool := NewPool(PoolConfig{
		Bootstrap:   cfg.Bootstrap,
		Env:         fnEnv,
		Concurrency: cfg.Concurrency,
		Timeout:     cfg.Timeout,
		Region:      cfg.Region,
		Log:         log,
		Stdout:      os.Stderr,
	})
	defer pool.Close()
	journal, err := OpenJournal(filepath.Join(dir, "journal"))
	if err != nil {
		stopProcess(minio, minioDone)
		hookSrv.Close()
		return err
	}
	async := &Async{Pool: pool, Backoff: []time.Duration{time.Second, 2 * time.Second}, DLQ: filepath.Join(dir, "dead-letter"), Journal: journal, Log: log}
	live.Store(async)
	shutdown := func() {
		// Stop taking uploads first: MinIO ends the PUTs in flight (each
		// waits for its event to reach the webhook: MINIO_API_SYNC_EVENTS)
		// and exits. Then the webhook closes, the events in flight get a
		// grace period, and the function stops; what is left stays in the
		// journal for the next start.
		stopProcess(minio, minioDone)
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		hookSrv.Shutdown(sctx)
		cancel()
		async.Close(10 * time.Second)
		pool.Close()
		async.Wait()
	}
	// Warm instances come up while the buckets are wired; a failing init
	// shows in the log now rather than at the first upload.
	if err := pool.Warm(cfg.Warm); err != nil {
		shutdown()
		return err
	}
	// Events an earlier run accepted but did not finish (it crashed, or
	// stopped with them in flight) run now.
	if n, err := async.Replay(); err != nil {
		shutdown()
		return err
	} else if n > 0 {
		log.Info("replaying events from the journal", "events", n, "journal", journal.Dir)
	}
	cli := awsCLI{path: cfg.AWS, endpoint: endpoint, creds: creds, region: cfg.Region, dir: dir}
	if err := wireBuckets(ctx, cli, cfg); err != nil {
		shutdown()
		return err
	}

	st := StackState{
		PID: os.Getpid(), MinIOPID: minio.Process.Pid,
		S3Endpoint: endpoint, WebhookURL: hookURL, StatsURL: hookURL + "stats",
		AccessKey: creds.AccessKey, SecretKey: creds.SecretKey, Region: cfg.Region,
		InputBucket: cfg.InputBucket, InputPrefix: cfg.InputPrefix,
		ReportBucket: cfg.ReportBucket, ReportPrefix: cfg.ReportPrefix, TablesPrefix: cfg.TablesPrefix,
	}
	if err := writeState(dir, st); err != nil {
		shutdown()
		return err
	}
	log.Info("local stack ready", "s3", endpoint, "webhook", hookURL, "input", "s3://"+cfg.InputBucket+"/"+cfg.InputPrefix,
		"reports", "s3://"+cfg.ReportBucket+"/"+cfg.ReportPrefix, "concurrency", cfg.Concurrency, "warm", cfg.Warm)

	select {
	case <-ctx.Done():
		log.Info("stopping local stack")
		shutdown()
		log.Info("local stack stopped", "events", async.Stats())
		return nil
	case <-minioDone:
		shutdown()
		return errors.New("minio exited; see " + filepath.Join(dir, "minio.log"))
	}
}

func startMinIO(cfg StackConfig, dir string, port int, creds credentials, hookURL, token string) (*exec.Cmd, error) {
	consolePort, err := FreePort()
	if err != nil {
		return nil, err
	}
	logf, err := os.OpenFile(filepath.Join(dir, "minio.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := exec.Command(cfg.MinIO, "server", filepath.Join(dir, "minio"),
		"--address", "127.0.0.1:"+strconv.Itoa(port),
		"--console-address", "127.0.0.1:"+strconv.Itoa(consolePort), "--quiet")
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir,
		"MINIO_ROOT_USER=" + creds.AccessKey,
		"MINIO_ROOT_PASSWORD=" + creds.SecretKey,
		"MINIO_BROWSER=off",
		"MINIO_UPDATE=off",
		"MINIO_API_SYNC_EVENTS=on",
		"MINIO_NOTIFY_WEBHOOK_ENABLE_" + webhookID + "=on",
		"MINIO_NOTIFY_WEBHOOK_ENDPOINT_" + webhookID + "=" + hookURL,
		"MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_" + webhookID + "=" + token,
	}
	if cfg.ReportWebhook != "" {
		cmd.Env = append(cmd.Env,
			"MINIO_NOTIFY_WEBHOOK_ENABLE_"+reportWebhookID+"=on",
			"MINIO_NOTIFY_WEBHOOK_ENDPOINT_"+reportWebhookID+"="+cfg.ReportWebhook)
	}
	cmd.Stdout = logf
	cmd.Stderr = logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start minio: %w", err)
	}
	return cmd, nil
}

// stopProcess sends SIGTERM and, after 10 s, SIGKILL; done is closed when the
// process has been waited for.
func stopProcess(c *exec.Cmd, done <-chan struct{}) {
	c.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		c.Process.Kill()
		<-done
	}
}

var errExitedAtStart = errors.New("minio exited at start")

func waitHealthy(ctx context.Context, endpoint string, exited <-chan struct{}, logPath string) error {
	deadline := time.Now().Add(90 * time.Second)
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("%w; last lines of %s:\n%s", errExitedAtStart, logPath, Tail(logPath, 20))
		default:
		}
		resp, err := client.Get(endpoint + "/minio/health/live")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("minio not healthy after 90s; see %s", logPath)
}
