package main

import (
	"errors"
	"io"

	"github.com/slantnews/slant/analyzer"
)

// reportQueue analyzes documents on a number of workers and passes their
// reports to emit (the tables writer, which is not safe for concurrent use)
// one at a time, in input order; the messages of inputs that fail are
// written in the same order. It is slant batch --tables on every core.
type reportQueue struct {
	o    *ordered
	emit func(*analyzer.Report) error
}

func newReportQueue(jobs int, maxBytes int64, emit func(*analyzer.Report) error) *reportQueue {
	return &reportQueue{o: newOrdered(io.Discard, jobs, batchWindow(maxBytes)), emit: emit}
}

// add queues a document of size input bytes: analyze runs on a worker; its
// report (none when it returns nil) is emitted in order, or its error is
// passed to failed, in order. It returns false once the queue has stopped
// on an error of emit or failed.
func (q *reportQueue) add(size int64, analyze func() (*analyzer.Report, error), failed func(err error) error) bool {
	var rep *analyzer.Report
	return q.o.Do(size, func() error {
		var err error
		rep, err = analyze()
		return err
	}, func(err error) error {
		switch {
		case err != nil:
			return failed(err)
		case rep == nil:
			return nil
		}
		if err := q.emit(rep); err != nil {
			return emitError{err}
		}
		return nil
	})
}

// note queues f, to run in order with the documents around it.
func (q *reportQueue) note(f func()) bool {
	return q.o.Do(0, func() error { return nil }, func(error) error { f(); return nil })
}

// wait blocks until every document queued so far is emitted, and returns
// the error of emit that stopped the queue, if any.
func (q *reportQueue) wait() error { return unwrapEmit(q.o.Wait()) }

// close waits for the last document and stops the workers.
func (q *reportQueue) close() error { return unwrapEmit(q.o.Close()) }

func unwrapEmit(err error) error {
	var ee emitError
	if errors.As(err, &ee) {
		return ee.err
	}
	return err
}
