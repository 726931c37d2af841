// Command slant-runner runs the Slant Lambda locally, through the same Lambda
// Runtime API that lambda.Start talks to on AWS, against a local MinIO.
//
//	slant-runner invoke [flags] EVENT.json   run one event through bootstrap, print the response
//	slant-runner stack  [flags]              run MinIO + webhook + function in the foreground
//	slant-runner up     [flags]              start the stack in the background, wait until ready
//	slant-runner down   [-dir DIR]           stop a stack started by up; no process is left
//
// See docs/local-stack.md.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "invoke":
		err = cmdInvoke(os.Args[2:])
	case "stack":
		err = cmdStack(os.Args[2:])
	case "up":
		err = cmdUp(os.Args[2:])
	case "down":
		err = cmdDown(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		var ee exitError
		if errors.As(err, &ee) {
			os.Exit(int(ee))
		}
		fmt.Fprintln(os.Stderr, "slant-runner:", err)
		os.Exit(1)
	}
}

type exitError int

func (e exitError) Error() string { return "exit " + strconv.Itoa(int(e)) }

func usage() {
	fmt.Fprintln(os.Stderr, `usage:
  slant-runner invoke [-bootstrap bin/bootstrap] [-timeout 30s] EVENT.json
  slant-runner stack|up [flags]    (see -h)
  slant-runner down [-dir .local]`)
	os.Exit(2)
}

func newLogger(level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}

func cmdInvoke(args []string) error {
	fs := flag.NewFlagSet("invoke", flag.ExitOnError)
	bootstrap := fs.String("bootstrap", "bin/bootstrap", "the function's bootstrap executable")
	timeout := fs.Duration("timeout", 30*time.Second, "function timeout")
	name := fs.String("function-name", "slant-analyze", "function name (AWS_LAMBDA_FUNCTION_NAME)")
	fs.Parse(args)
	if fs.NArg() != 1 {
		return errors.New("invoke takes one EVENT.json (or - for stdin)")
	}
	var event []byte
	var err error
	if fs.Arg(0) == "-" {
		event, err = io.ReadAll(os.Stdin)
	} else {
		event, err = os.ReadFile(fs.Arg(0))
	}
	if err != nil {
		return err
	}
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = os.Getenv("AWS_DEFAULT_REGION")
	}
	// Like sam local invoke: the function sees the caller's environment
	// (REPORT_BUCKET, AWS_ENDPOINT_URL_S3, ...), so `. .local/env` targets the local stack.
	env := os.Environ()
	if os.Getenv("AWS_ENDPOINT_URL_S3") != "" && os.Getenv("S3_FORCE_PATH_STYLE") == "" {
		env = append(env, "S3_FORCE_PATH_STYLE=true")
	}
	pool := NewPool(PoolConfig{
		Bootstrap:    *bootstrap,
		Env:          env,
		Concurrency:  1,
		Timeout:      *timeout,
		FunctionName: *name,
		Region:       region,
		Log:          newLogger(slog.LevelWarn),
		Stdout:       os.Stderr,
	})
	defer pool.Close()
	ctx, stop := signalContext()
	defer stop()
	r, err := pool.Invoke(ctx, event)
	if err != nil {
		return err
	}
	init := ""
	if r.Init > 0 {
		init = fmt.Sprintf("\tInit Duration: %.2f ms", msec(r.Init))
	}
	fmt.Fprintf(os.Stderr, "REPORT RequestId: %s\tDuration: %.2f ms%s\n", r.RequestID, msec(r.Duration), init)
	os.Stdout.Write(r.Payload)
	fmt.Println()
	if r.Err != nil {
		fmt.Fprintf(os.Stderr, "invocation failed: %s\n", r.Err)
		return exitError(1)
	}
	return nil
}

func stackFlags(name string, args []string) (*flag.FlagSet, *StackConfig) {
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	c := &StackConfig{}
	awsDefault := "aws"
	if _, err := os.Stat("/usr/bin/aws"); err == nil {
		awsDefault = "/usr/bin/aws"
	}
	fs.StringVar(&c.Dir, "dir", ".local", "state directory (MinIO data, logs, env file)")
	fs.StringVar(&c.Bootstrap, "bootstrap", "bin/bootstrap", "the function's bootstrap executable")
	fs.StringVar(&c.MinIO, "minio", "bin/minio", "the minio server executable")
	fs.StringVar(&c.AWS, "aws", awsDefault, "the aws CLI")
	fs.StringVar(&c.InputBucket, "input-bucket", "slant-input", "bucket that triggers the function")
	fs.StringVar(&c.InputPrefix, "input-prefix", "incoming/", "only keys under this prefix trigger it")
	fs.StringVar(&c.ReportBucket, "report-bucket", "slant-reports", "bucket the reports go to")
	fs.StringVar(&c.ReportPrefix, "report-prefix", "reports/", "prefix of the reports")
	fs.StringVar(&c.Region, "region", "us-east-1", "AWS region the CLI and the function use")
	fs.IntVar(&c.Concurrency, "concurrency", 4, "most function instances at once")
	fs.IntVar(&c.Warm, "warm", 4, "instances started with the stack, like provisioned concurrency (0: all on demand)")
	fs.DurationVar(&c.Timeout, "timeout", 30*time.Second, "function timeout")
	fs.StringVar(&c.MaxObjectBytes, "max-object-bytes", "", "MAX_OBJECT_BYTES for the function (empty: its default)")
	fs.IntVar(&c.S3Port, "s3-port", 0, "MinIO port on 127.0.0.1 (0: a free one)")
	fs.StringVar(&c.ReportWebhook, "report-webhook", "", "also POST MinIO's events for new reports and new uploads to this URL (the e2e test measures latency with it)")
	fs.Parse(args)
	return fs, c
}

func cmdStack(args []string) error {
	_, cfg := stackFlags("stack", args)
	ctx, stop := signalContext()
	defer stop()
	return RunStack(ctx, *cfg, newLogger(slog.LevelInfo))
}

// cmdUp starts `stack` as a detached session (its own process group, logging
// to DIR/stack.log), waits until it has written DIR/env, and prints how to use it.
func cmdUp(args []string) error {
	_, cfg := stackFlags("up", args)
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	pidFile := filepath.Join(dir, "stack.pid")
	if pid, ok := runningStack(pidFile); ok {
		fmt.Printf("local stack already running (pid %d)\n", pid)
		printUsage(dir)
		return nil
	}
	os.Remove(filepath.Join(dir, "env"))
	self, err := os.Executable()
	if err != nil {
		return err
	}
	logf, err := os.OpenFile(filepath.Join(dir, "stack.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		return err
	}
	defer devnull.Close()
	cmd := exec.Command(self, append([]string{"stack"}, args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = devnull, logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return err
	}
	pid := cmd.Process.Pid
	if err := os.WriteFile(pidFile, []byte(strconv.Itoa(pid)+"\n"), 0o644); err != nil {
		cmd.Process.Kill()
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(3 * time.Minute)
	for {
		if _, err := os.Stat(filepath.Join(dir, "env")); err == nil {
			break
		}
		select {
		case err := <-exited:
			os.Remove(pidFile)
			return fmt.Errorf("local stack failed to start (%v); last lines of %s:\n%s", err, logf.Name(), tail(logf.Name(), 25))
		case <-deadline:
			syscall.Kill(-pid, syscall.SIGKILL)
			os.Remove(pidFile)
			return fmt.Errorf("local stack not ready after 3 minutes; see %s", logf.Name())
		case <-time.After(100 * time.Millisecond):
		}
	}
	fmt.Printf("local stack up (pid %d)\n", pid)
	printUsage(dir)
	return nil
}

func printUsage(dir string) {
	rel := dir
	if wd, err := os.Getwd(); err == nil {
		if r, err := filepath.Rel(wd, dir); err == nil && !strings.HasPrefix(r, "..") {
			rel = r
		}
	}
	fmt.Printf(`
  . %[1]s/env        # exports AWS_ENDPOINT_URL_S3, credentials, INPUT_BUCKET, INPUT_PREFIX, REPORT_BUCKET, REPORT_PREFIX
  aws --endpoint-url "$AWS_ENDPOINT_URL_S3" s3 cp article.txt "s3://$INPUT_BUCKET/$INPUT_PREFIX"
  aws --endpoint-url "$AWS_ENDPOINT_URL_S3" s3 ls --recursive "s3://$REPORT_BUCKET/$REPORT_PREFIX"
  aws --endpoint-url "$AWS_ENDPOINT_URL_S3" s3 cp "s3://$REPORT_BUCKET/${REPORT_PREFIX}${INPUT_PREFIX}article.txt.slant.json" -

  logs: %[1]s/stack.log (runner and function), %[1]s/minio.log; failed events: %[1]s/dead-letter/
  stop: make local-down
`, rel)
}

// runningStack reports the pid in pidFile if that process is alive and is a
// slant-runner stack (not a recycled pid).
func runningStack(pidFile string) (int, bool) {
	b, err := os.ReadFile(pidFile)
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0, false
	}
	return pid, isStack(pid)
}

func isStack(pid int) bool {
	if st := processState(pid); st == "" || st == "Z" {
		return false
	}
	cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return false
	}
	argv := strings.Split(string(cmdline), "\x00")
	return len(argv) > 1 && strings.Contains(filepath.Base(argv[0]), "runner") && argv[1] == "stack"
}

func cmdDown(args []string) error {
	fs := flag.NewFlagSet("down", flag.ExitOnError)
	dirFlag := fs.String("dir", ".local", "state directory of the stack")
	fs.Parse(args)
	dir, err := filepath.Abs(*dirFlag)
	if err != nil {
		return err
	}
	pidFile := filepath.Join(dir, "stack.pid")
	pid, ok := runningStack(pidFile)
	if !ok {
		os.Remove(pidFile)
		os.Remove(filepath.Join(dir, "env"))
		fmt.Println("local stack not running")
		return nil
	}
	syscall.Kill(pid, syscall.SIGTERM)
	deadline := time.Now().Add(30 * time.Second)
	for isStack(pid) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	// The stack runs in its own session: whatever is left in its process
	// group (it, MinIO, function instances) goes now.
	if left := groupMembers(pid); len(left) > 0 {
		fmt.Printf("local stack did not stop in time; killing its process group (pids %v)\n", left)
		syscall.Kill(-pid, syscall.SIGKILL)
	}
	for range 50 {
		if len(groupMembers(pid)) == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if left := groupMembers(pid); len(left) > 0 {
		return fmt.Errorf("processes %v of the stack's group %d still running", left, pid)
	}
	os.Remove(pidFile)
	os.Remove(filepath.Join(dir, "env"))
	fmt.Printf("local stack stopped (pid %d); data kept in %s/minio\n", pid, dir)
	return nil
}

// groupMembers lists the live (not zombie) processes in process group pgid.
func groupMembers(pgid int) []int {
	ents, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) > 2 && f[0] != "Z" && f[2] == strconv.Itoa(pgid) {
			pids = append(pids, pid)
		}
	}
	return pids
}
