package main

import (
	"bytes"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
)

// ordered runs jobs on a number of workers and writes what each wrote, in
// the order the jobs were submitted, whatever order they finish in. At most
// window jobs are in flight (submitted and not yet written) and at most
// maxBytes of their inputs, so memory stays bounded however long the input
// stream is. Submit from one goroutine; Close waits for the last write.
type ordered struct {
	work  chan *orderedJob
	queue chan *orderedJob
	wg    sync.WaitGroup
	done  chan struct{}
	err   error // the writer's first error, once done is closed

	mu       sync.Mutex
	cond     *sync.Cond
	pending  int   // jobs submitted and not yet written
	inFlight int64 // bytes of their inputs
	maxBytes int64
	failed   bool
	stopped  atomic.Bool // failed, read without the lock

	// bufs holds output buffers between jobs, so that a stream of small
	// reports reuses a few warm buffers instead of growing a new one each.
	bufs chan *bytes.Buffer
}

// maxKeptBuffer is the largest output buffer kept for another job.
const maxKeptBuffer = 1 << 20

// orderedJob is one unit of work. run writes the job's output to out; its
// error goes to written, in order, with the output (if any) already
// written, and an error written returns stops the stream. A job of parts
// (SubmitParts) is written part by part, each part's error after its
// output, as if each part were a job of its own.
type orderedJob struct {
	run     func(out *bytes.Buffer) error
	written func(err error) error
	done    func(err error) error // set by Do: called in order, whatever run returned
	parts   []jobPart             // set by SubmitParts's run
	size    int64
	out     *bytes.Buffer // from ordered.bufs, returned once written
	err     error
	ready   chan struct{}
}

// jobPart is a part of a job's output: out up to end, then err.
type jobPart struct {
	end int
	err error
}

// newOrdered starts n workers (GOMAXPROCS when n ≤ 0) and a writer to w.
func newOrdered(w io.Writer, n int, maxBytes int64) *ordered {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	o := &ordered{
		work:     make(chan *orderedJob),
		queue:    make(chan *orderedJob, 2*n),
		done:     make(chan struct{}),
		maxBytes: maxBytes,
		bufs:     make(chan *bytes.Buffer, 3*n),
	}
	o.cond = sync.NewCond(&o.mu)
	for range n {
		o.wg.Add(1)
		go func() {
			defer o.wg.Done()
			for j := range o.work {
				select {
				case j.out = <-o.bufs:
				default:
					j.out = new(bytes.Buffer)
				}
				j.err = j.run(j.out)
				close(j.ready)
			}
		}()
	}
	go o.write(w)
	return o
}

func (o *ordered) write(w io.Writer) {
	defer close(o.done)
	for j := range o.queue {
		<-j.ready
		err := j.err
		switch {
		case j.done != nil:
			if o.err == nil {
				err = j.done(err)
			}
		case j.parts != nil:
			if o.err == nil {
				err = o.writeParts(w, j)
			}
		case err == nil && j.out.Len() > 0 && o.err == nil:
			if _, werr := w.Write(j.out.Bytes()); werr != nil {
				err = writeError{werr}
			}
		}
		if err != nil && j.written != nil && o.err == nil && j.parts == nil {
			err = j.written(err) // once the stream has stopped, nothing more is said
		}
		if j.out.Cap() <= maxKeptBuffer {
			j.out.Reset()
			select {
			case o.bufs <- j.out:
			default:
			}
		}
		j.out = nil
		o.mu.Lock()
		o.inFlight -= j.size
		o.pending--
		if err != nil && o.err == nil {
			o.err, o.failed = err, true
			o.stopped.Store(true)
		}
		o.cond.Broadcast()
		o.mu.Unlock()
	}
}

// writeParts writes a job's parts in order, passing each part's error to
// written; it returns the error that stops the stream, if any.
func (o *ordered) writeParts(w io.Writer, j *orderedJob) error {
	b, from := j.out.Bytes(), 0
	for _, p := range j.parts {
		if p.end > from {
			if _, err := w.Write(b[from:p.end]); err != nil {
				return writeError{err}
			}
			from = p.end
		}
		if p.err != nil && j.written != nil {
			if err := j.written(p.err); err != nil {
				return err
			}
		}
	}
	return j.err
}

// writeError is a failure to write the output, which always stops the
// stream.
type writeError struct{ error }

// Submit queues a job of the given input size. It blocks while the window
// is full and returns false once the stream has stopped on an error.
func (o *ordered) Submit(size int64, run func(out *bytes.Buffer) error, written func(err error) error) bool {
	return o.submit(&orderedJob{run: run, written: written, size: size})
}

// SubmitParts queues a job of several documents. run writes each
// document's output to out and then calls end with the document's error
// (nil when it succeeded; an error drops what the document wrote); the
// parts are written in order, each error passed to written after the
// output before it, as Submit's jobs would be one by one. run stops early,
// skipping the rest, once Stopped.
func (o *ordered) SubmitParts(size int64, run func(out *bytes.Buffer, end func(err error)), written func(err error) error) bool {
	j := &orderedJob{written: written, size: size}
	j.parts = []jobPart{}
	j.run = func(out *bytes.Buffer) error {
		from := 0
		run(out, func(err error) {
			if err != nil {
				out.Truncate(from)
			}
			from = out.Len()
			j.parts = append(j.parts, jobPart{end: from, err: err})
		})
		return nil
	}
	return o.submit(j)
}

// Stopped reports whether the stream has stopped on an error: the jobs
// still queued are not written, so their work can be skipped.
func (o *ordered) Stopped() bool { return o.stopped.Load() }

// Do queues a job that writes nothing: run runs on a worker, then done is
// called with run's error (nil when it succeeded), in submission order, on
// one goroutine; an error done returns stops the stream. It blocks and
// returns as Submit does.
func (o *ordered) Do(size int64, run func() error, done func(err error) error) bool {
	return o.submit(&orderedJob{run: func(*bytes.Buffer) error { return run() }, done: done, size: size})
}

func (o *ordered) submit(j *orderedJob) bool {
	size := j.size
	o.mu.Lock()
	for !o.failed && o.inFlight > 0 && o.inFlight+size > o.maxBytes {
		o.cond.Wait()
	}
	if o.failed {
		o.mu.Unlock()
		return false
	}
	o.inFlight += size
	o.pending++
	o.mu.Unlock()
	j.ready = make(chan struct{})
	o.queue <- j // blocks while window jobs are in flight
	o.work <- j
	return true
}

// Wait blocks until every job submitted so far is written, and returns the
// error that stopped the stream, if any.
func (o *ordered) Wait() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	for o.pending > 0 && !o.failed {
		o.cond.Wait()
	}
	return o.err
}

// Close waits for every job and stops the workers and the writer.
func (o *ordered) Close() error {
	close(o.work)
	o.wg.Wait()
	close(o.queue)
	<-o.done
	if we, ok := o.err.(writeError); ok {
		return we.error
	}
	return o.err
}
