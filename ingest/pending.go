package ingest

import (
	"iter"
	"sync/atomic"
)

// Pending is a record of an archive or stream whose article is still to be
// extracted. The reader has framed it and read its bytes; Extract does the
// costly part (decoding, parsing the page, finding its article) and may be
// called on any goroutine, so that a caller can spread the records of one
// archive over its cores while the reader goes on. Call Extract once, and
// before reading the reader's Stats, which count its outcome.
type Pending struct {
	size          int
	number, first int
	offset        int64
	extract       func() (*Document, error)
	tally         *tally
}

// Size is the number of input bytes the record holds.
func (p *Pending) Size() int { return p.size }

// At is where the record lies, known before it is extracted: the Number,
// Offset and First its Document's Record has (and its RecordError the
// Number and Offset of).
func (p *Pending) At() (number int, offset int64, first int) { return p.number, p.offset, p.first }

// Extract returns what Documents yields for the record: its Document, or a
// *RecordError when it holds no article or cannot be read.
func (p *Pending) Extract() (*Document, error) {
	doc, err := p.extract()
	if err != nil {
		p.tally.failed.Add(1)
	} else {
		p.tally.docs.Add(1)
	}
	return doc, err
}

// tally counts the outcomes of a reader's Pending records, which may be
// extracted on several goroutines at once.
type tally struct{ docs, failed atomic.Int64 }

// add returns s with the outcomes counted so far.
func (t *tally) add(s Stats) Stats {
	s.Documents += int(t.docs.Load())
	s.Failed += int(t.failed.Load())
	return s
}

// documents extracts each Pending of ps in turn: a reader's Documents.
func documents(ps iter.Seq2[*Pending, error]) iter.Seq2[*Document, error] {
	return func(yield func(*Document, error) bool) {
		for p, err := range ps {
			if err != nil {
				if !yield(nil, err) {
					return
				}
				continue
			}
			if !yield(p.Extract()) {
				return
			}
		}
	}
}
