package serve

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/slantnews/slant/analyzer"
)

// lease is one of the Server's slots, held by a request and by any analysis
// it started: the slot is free again when both are done, so that an analysis
// that outlived its deadline still counts against the bound.
type lease struct {
	slots chan struct{}
	refs  atomic.Int32
}

// acquire takes a slot, or returns nil when all are taken.
func (s *Server) acquire() *lease {
	select {
	case s.slots <- struct{}{}:
		l := &lease{slots: s.slots}
		l.refs.Store(1)
		return l
	default:
		return nil
	}
}

func (l *lease) hold() { l.refs.Add(1) }

func (l *lease) release() {
	if l.refs.Add(-1) == 0 {
		<-l.slots
	}
}

var errBusy = errorf(http.StatusServiceUnavailable, "the server is busy; retry in a few seconds")

// readBody reads the whole body, at most s.maxBytes of it, within
// s.bodyTimeout.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if err := s.limitBody(w, r); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, s.bodyError(err)
	}
	return data, nil
}

// limitBody refuses a declared length over the limit, and bounds the body
// by size and by time.
func (s *Server) limitBody(w http.ResponseWriter, r *http.Request) error {
	if r.ContentLength > s.maxBytes {
		return s.tooLarge()
	}
	// Behind a Lambda Function URL the body is in memory: no deadline needed.
	if err := http.NewResponseController(w).SetReadDeadline(time.Now().Add(s.bodyTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.maxBytes)
	return nil
}

func (s *Server) tooLarge() *httpError {
	return errorf(http.StatusRequestEntityTooLarge, "the request body is larger than %d bytes", s.maxBytes)
}

// bodyError names why reading the body failed.
func (s *Server) bodyError(err error) *httpError {
	var mbe *http.MaxBytesError
	var ne interface{ Timeout() bool }
	switch {
	case errors.As(err, &mbe):
		return s.tooLarge()
	case errors.Is(err, os.ErrDeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return errorf(http.StatusRequestTimeout, "the request body took longer than %s to arrive", s.bodyTimeout)
	default:
		return errorf(http.StatusBadRequest, "the request body could not be read")
	}
}

// analyzeWithin runs the analysis under the request's deadline. The
// analysis cannot be stopped; when the deadline passes first, the request
// gets a 503 and the analysis keeps l's slot until it ends.
func (s *Server) analyzeWithin(ctx context.Context, l *lease, name string, text []byte) (*analyzer.Report, error) {
	ctx, cancel := context.WithTimeout(ctx, s.analysisTimeout)
	defer cancel()
	done := make(chan *analyzer.Report, 1)
	l.hold()
	go func() {
		defer l.release()
		done <- s.analyze(name, text)
	}()
	select {
	case r := <-done:
		return r, nil
	case <-ctx.Done():
		return nil, errorf(http.StatusServiceUnavailable, "the analysis took longer than %s", s.analysisTimeout)
	}
}
