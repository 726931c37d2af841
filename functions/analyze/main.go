// This file only wires: configuration from the environment, the Analyzer and
// the S3 client built once at cold start, and lambda.Start. handler.go decides.

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/lexicons"
)

// coldStartTimeout bounds the S3 calls made at cold start (LEXICON_URI).
const coldStartTimeout = 30 * time.Second

func main() {
	log := lambdacontext.NewLogger()
	h, err := coldStart(context.Background(), os.LookupEnv, log)
	if err != nil {
		initFailed(log, err)
	}
	lambda.Start(h.Handle)
}

// coldStart builds the Handler from the environment: the configuration, the
// S3 client (AWS_ENDPOINT_URL_S3 and the usual AWS variables are read by the
// SDK), and the Analyzer over the embedded lexicons plus LEXICON_URI's.
func coldStart(ctx context.Context, lookupEnv func(string) (string, bool), log *slog.Logger) (*Handler, error) {
	start := time.Now()
	cfg, err := loadConfig(lookupEnv)
	if err != nil {
		return nil, err
	}
	memLimit := applyMemoryLimit(cfg, lookupEnv)
	ctx, cancel := context.WithTimeout(ctx, coldStartTimeout)
	defer cancel()
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("aws config: %w", err)
	}
	st := s3Store{newS3Client(awsCfg, cfg.PathStyle)}
	sources := []fs.FS{lexicons.English()}
	if cfg.LexiconBucket != "" {
		extra, err := st.readLexicons(ctx, cfg.LexiconBucket, cfg.LexiconPrefix)
		if err != nil {
			return nil, fmt.Errorf("LEXICON_URI: %w", err)
		}
		sources = append(sources, extra)
	}
	pc, err := loadProjectConfig(ctx, cfg, st)
	if err != nil {
		return nil, err
	}
	actors, err := analyzer.LoadActors(lexicons.Actors())
	if err != nil {
		return nil, fmt.Errorf("actor lexicon: %w", err)
	}
	eng, err := buildEngine(pc, sources, analyzer.WithActors(actors))
	switch {
	case err != nil && pc == nil:
		return nil, fmt.Errorf("LEXICON_URI s3://%s/%s: invalid lexicon:\n%w", cfg.LexiconBucket, cfg.LexiconPrefix, err)
	case err != nil:
		return nil, fmt.Errorf("LEXICON_URI s3://%s/%s with CONFIG_URI %s: invalid lexicon or configuration:\n%w", cfg.LexiconBucket, cfg.LexiconPrefix, pc.Path(), err)
	}
	an := eng.Analyzer()
	lex := an.Lexicon()
	info := lex.Info()
	log.Info("cold start",
		"report_bucket", cfg.ReportBucket, "report_prefix", cfg.ReportPrefix,
		"max_object_bytes", cfg.MaxObjectBytes, "formats", cfg.Formats, "memory_limit", memLimit,
		"config_sha256", pc.SHA256(),
		"lexicon_version", info.Version, "lexicon_entries", info.Entries, "lexicon_sha256", info.SHA256,
		"duration_ms", float64(time.Since(start).Microseconds())/1000)
	h := NewHandler(cfg, an, st, log)
	h.eng = eng
	return h, nil
}

// applyMemoryLimit sets the Go runtime's soft memory limit to a share of the
// function's memory, so the garbage collector works harder as an object nears
// the limit instead of letting the heap double past it. A GOMEMLIMIT set on
// the function wins (the runtime has read it). It returns the limit in force.
func applyMemoryLimit(cfg Config, lookupEnv func(string) (string, bool)) int64 {
	if _, set := lookup(lookupEnv, "GOMEMLIMIT"); set || cfg.MemoryMB <= 0 {
		return debug.SetMemoryLimit(-1)
	}
	limit := memoryLimit(cfg.MemoryMB)
	debug.SetMemoryLimit(limit)
	return limit
}

// initFailed reports a cold-start error and exits. On Lambda (and under any
// Runtime API emulator) the error also goes to the Runtime API's init error
// endpoint, so the invoker sees it.
func initFailed(log *slog.Logger, err error) {
	log.Error("init failed", "error", err.Error())
	if api := os.Getenv("AWS_LAMBDA_RUNTIME_API"); api != "" {
		body, _ := json.Marshal(map[string]any{"errorMessage": err.Error(), "errorType": "InitError"})
		req, rerr := http.NewRequest(http.MethodPost, "http://"+api+"/2018-06-01/runtime/init/error", bytes.NewReader(body))
		if rerr == nil {
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Lambda-Runtime-Function-Error-Type", "Runtime.InitError")
			c := http.Client{Timeout: 5 * time.Second}
			if resp, perr := c.Do(req); perr == nil {
				resp.Body.Close()
			}
		}
	}
	os.Exit(1)
}
