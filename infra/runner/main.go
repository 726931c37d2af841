// Command slant-runner runs the Slant Lambda locally, through the same Lambda
// Runtime API that lambda.Start talks to on AWS, against a local MinIO.
//
//	slant-runner invoke [flags] EVENT.json   run one event through bootstrap, print the response
//	slant-runner stack  [flags]              run MinIO + webhook + function in the foreground
//	slant-runner up     [flags]              start the stack in the background, wait until ready
//	slant-runner down   [-dir DIR]           stop a stack started by up; no process is left
//
// Main parses flags and wires; the stack, the Runtime API emulator and the
// process helpers live in infra/internal/localstack, which the end-to-end test
// shares. See docs/local-stack.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/slantnews/slant/infra/internal/localstack"
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
	pool := localstack.NewPool(localstack.PoolConfig{
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
	fmt.Fprintln(os.Stderr, r.ReportLine())
	os.Stdout.Write(r.Payload)
	fmt.Println()
	if r.Err != nil {
		fmt.Fprintf(os.Stderr, "invocation failed: %s\n", r.Err)
		return exitError(1)
	}
	return nil
}

func stackFlags(name string, args []string) (*flag.FlagSet, *localstack.StackConfig) {
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	c := &localstack.StackConfig{}
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
	fs.StringVar(&c.TablesPrefix, "tables-prefix", "", "TABLES_PREFIX for the function, e.g. tables/: it also writes each report's rows as Parquet under <report-prefix><tables-prefix> (empty: off)")
	fs.IntVar(&c.S3Port, "s3-port", 0, "MinIO port on 127.0.0.1 (0: a free one)")
	fs.StringVar(&c.ReportWebhook, "report-webhook", "", "also POST MinIO's events for new reports and new uploads to this URL (the e2e test measures latency with it)")
	fs.StringVar(&c.FunctionS3, "function-s3-endpoint", "", "S3 endpoint the function uses instead of MinIO's (the e2e soak puts its fault proxy here)")
	fs.Parse(args)
	return fs, c
}

func cmdStack(args []string) error {
	_, cfg := stackFlags("stack", args)
	ctx, stop := signalContext()
	defer stop()
	return localstack.RunStack(ctx, *cfg, newLogger(slog.LevelInfo))
}

// cmdUp starts `stack` with the same flags in the background (see
// localstack.Up) and prints how to use it.
func cmdUp(args []string) error {
	_, cfg := stackFlags("up", args)
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if err := localstack.Up(dir, append([]string{self, "stack"}, args...), os.Stdout); err != nil {
		return err
	}
	printUsage(dir)
	return nil
}

func cmdDown(args []string) error {
	fs := flag.NewFlagSet("down", flag.ExitOnError)
	dirFlag := fs.String("dir", ".local", "state directory of the stack")
	fs.Parse(args)
	dir, err := filepath.Abs(*dirFlag)
	if err != nil {
		return err
	}
	return localstack.Down(dir, os.Stdout)
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

// signalContext is cancelled by SIGINT or SIGTERM.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}
