// This file only wires: the Analyzer built once at cold start over the
// embedded lexicons, the serve handler with the limits from the environment,
// and lambda.Start with the Function URL adapter.

package main

import (
	"fmt"
	"log/slog"
	"os"
	"strconv"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/lexicons"
	"github.com/slantnews/slant/serve"
)

func main() {
	log := lambdacontext.NewLogger()
	h, err := coldStart(os.LookupEnv, log)
	if err != nil {
		log.Error("init failed", "error", err.Error())
		os.Exit(1)
	}
	lambda.Start(adapt(h))
}

// coldStart builds the handler. MAX_BODY_BYTES (default serve.DefaultMaxBytes)
// bounds a request body.
func coldStart(lookupEnv func(string) (string, bool), log *slog.Logger) (*serve.Server, error) {
	maxBytes := int64(serve.DefaultMaxBytes)
	if v, ok := lookupEnv("MAX_BODY_BYTES"); ok && v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 || n > analyzer.DefaultMaxBytes {
			return nil, fmt.Errorf("MAX_BODY_BYTES=%q: want a number of bytes from 1 to %d", v, analyzer.DefaultMaxBytes)
		}
		maxBytes = n
	}
	lex, err := analyzer.LoadLexicon(lexicons.English())
	if err != nil {
		return nil, fmt.Errorf("lexicon: %w", err)
	}
	actors, err := analyzer.LoadActors(lexicons.Actors())
	if err != nil {
		return nil, fmt.Errorf("actor lexicon: %w", err)
	}
	a, err := analyzer.New(lex, analyzer.WithActors(actors))
	if err != nil {
		return nil, fmt.Errorf("analyzer: %w", err)
	}
	info := lex.Info()
	log.Info("cold start", "max_body_bytes", maxBytes, "lexicon_version", info.Version, "lexicon_entries", info.Entries)
	// One request at a time reaches an instance; reserved concurrency
	// (template.yaml) bounds the instances.
	return serve.New(a, serve.WithLogger(log), serve.WithMaxBytes(maxBytes), serve.WithConcurrency(1)), nil
}
