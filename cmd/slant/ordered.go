package main

import (
	"bytes"
	"io"
	"runtime"
	"sync"
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

	// bufs holds output buffers between jobs, so that a stream of small
	// reports reuses a few warm buffers instead of growing a new one each.
	bufs chan *bytes.Buffer
}

// maxKeptBuffer is the largest output buffer kept for another job.
const maxKeptBuffer = 1 << 20

// orderedJob is one unit of work. run writes the job's output to out; the
// output is written in order, even when run fails (a job of several
// documents writes the reports of those that succeeded), and then run's
// error goes to written; an error written returns stops the stream.
type orderedJob struct {
	run     func(out *bytes.Buffer) error
	written func(err error) error
	done    func(err error) error // set by Do: called in order, whatever run returned
	size    int64
	out     *bytes.Buffer // from ordered.bufs, returned once written
	err     error
	ready   chan struct{}
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
		case j.out.Len() > 0 && o.err == nil:
			if _, werr := w.Write(j.out.Bytes()); werr != nil {
				err = writeError{werr}
			}
		}
		if err != nil && j.written != nil && o.err == nil {
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
		}
		o.cond.Broadcast()
		o.mu.Unlock()
	}
}

// writeError is a failure to write the output, which always stops the
// stream.
type writeError struct{ error }

// Submit queues a job of the given input size. It blocks while the window
// is full and returns false once the stream has stopped on an error.
func (o *ordered) Submit(size int64, run func(out *bytes.Buffer) error, written func(err error) error) bool {
	return o.submit(&orderedJob{run: run, written: written, size: size})
}

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
