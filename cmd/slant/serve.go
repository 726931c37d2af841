package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/slantnews/slant/serve"
)

// defaultAddr is loopback only: serving beyond this machine is a choice the
// user makes with --addr.
const defaultAddr = "127.0.0.1:8080"

// serveContext is the context serve runs under until a signal; tests replace it.
var serveContext = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// cmdServe runs the web page and the API (package serve) until SIGINT or
// SIGTERM: slant serve [--addr HOST:PORT].
func cmdServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve")
	addr := fs.String("addr", defaultAddr, "listen on `HOST:PORT` (loopback unless you say otherwise)")
	lexFlags := addLexiconFlags(fs)
	maxBytes := fs.Int64("max-bytes", serve.DefaultMaxBytes, "reject request bodies larger than `N` bytes")
	concurrency := fs.Int("concurrency", serve.DefaultConcurrency, "analyze at most `N` requests at once (503 beyond)")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("serve: unexpected argument %q", rest[0])}
	}
	if *maxBytes <= 0 || *concurrency <= 0 {
		return usageError{"serve: --max-bytes and --concurrency must be positive"}
	}
	if err := checkMaxBytes("serve", maxBytes); err != nil {
		return err
	}
	a, err := lexFlags.load()
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	h := serve.New(a, serve.WithLogger(log), serve.WithMaxBytes(*maxBytes), serve.WithConcurrency(*concurrency))
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return rejectedError{fmt.Errorf("serve: %w", err)}
	}
	srv := serve.NewHTTPServer(*addr, h, log)
	fmt.Fprintf(stdout, "slant serve: http://%s/ (Ctrl-C stops)\n", l.Addr())
	ctx, stop := serveContext()
	defer stop()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
