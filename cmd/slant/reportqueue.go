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
// Documents go to the workers in chunks, as slant batch's lines do: add
// queues a chunk once it is full (chunker), and
// flush, note, wait and close queue the rest.
type reportQueue struct {
	o     *ordered
	emit  func(*analyzer.Report) error
	chunk chunker[queuedDoc]
}

type queuedDoc struct {
	analyze func() (*analyzer.Report, error)
	failed  func(err error) error
}

func newReportQueue(jobs int, maxBytes int64, emit func(*analyzer.Report) error) *reportQueue {
	return &reportQueue{o: newOrdered(io.Discard, jobs, batchWindow(maxBytes)), emit: emit}
}

// add queues a document of size input bytes: analyze runs on a worker; its
// report (none when it returns nil) is emitted in order, or its error is
// passed to failed (nil: the error stops the queue), in order. It returns
// false once the queue has stopped on an error of emit or failed.
func (q *reportQueue) add(size int64, analyze func() (*analyzer.Report, error), failed func(err error) error) bool {
	if q.o.Stopped() {
		return false
	}
	if q.chunk.add(queuedDoc{analyze, failed}, size) {
		return q.flush()
	}
	return true
}

// flush queues the documents added since the last chunk.
func (q *reportQueue) flush() bool {
	if q.chunk.items == nil {
		return true
	}
	c, size := q.chunk.take()
	reps := make([]*analyzer.Report, len(c))
	errs := make([]error, len(c))
	return q.o.Do(size, func() error {
		for i, d := range c {
			if q.o.Stopped() {
				break // nothing more is emitted
			}
			reps[i], errs[i] = d.analyze()
		}
		return nil
	}, func(error) error {
		for i, d := range c {
			switch {
			case errs[i] != nil && d.failed == nil:
				return errs[i]
			case errs[i] != nil:
				if err := d.failed(errs[i]); err != nil {
					return err
				}
			case reps[i] != nil:
				if err := q.emit(reps[i]); err != nil {
					return emitError{err}
				}
			}
			reps[i] = nil // the tables hold its rows now
		}
		return nil
	})
}

// note queues f, to run in order with the documents around it.
func (q *reportQueue) note(f func()) bool {
	if !q.flush() {
		return false
	}
	return q.o.Do(0, func() error { return nil }, func(error) error { f(); return nil })
}

// wait blocks until every document queued so far is emitted, and returns
// the error of emit that stopped the queue, if any.
func (q *reportQueue) wait() error {
	q.flush()
	return unwrapEmit(q.o.Wait())
}

// close waits for the last document and stops the workers.
func (q *reportQueue) close() error {
	q.flush()
	return unwrapEmit(q.o.Close())
}

func unwrapEmit(err error) error {
	var ee emitError
	if errors.As(err, &ee) {
		return ee.err
	}
	return err
}
