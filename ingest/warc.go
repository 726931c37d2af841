package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// WARCReader streams the HTML pages of a WARC archive, plain or gzipped
// (.warc.gz: one gzip member per record, or the whole file in one member).
// Memory is bounded by MaxPageBytes whatever the archive's size: a record is
// read through once and never held whole unless it is a page to extract.
type WARCReader struct {
	c     config
	cr    *countReader
	br    *bufio.Reader // over the archive
	zr    *gzip.Reader  // the current gzip member
	zbr   *bufio.Reader // over zr
	hbr   *bufio.Reader // over one record's HTTP block
	first int           // number of the first record of the current member
	stats Stats         // Documents and Failed count only what tally does not
	tally tally         // the outcomes of the Pending records
}

const (
	warcLineBytes   = 64 << 10 // longest WARC header line
	warcHeaderLines = 1000
)

// NewWARCReader returns a reader of the archive r. The Options that apply
// are the limits: WithMaxPageBytes, WithMaxArchiveBytes, WithMaxRecords.
func NewWARCReader(r io.Reader, opts ...Option) *WARCReader {
	c := newConfig(opts)
	cr := &countReader{r: r, limit: c.archiveBytes}
	return &WARCReader{
		c:   c,
		cr:  cr,
		br:  bufio.NewReaderSize(cr, warcLineBytes),
		zbr: bufio.NewReaderSize(nil, warcLineBytes),
		hbr: bufio.NewReaderSize(nil, 16<<10),
	}
}

// Stats returns what the reader has seen so far.
func (w *WARCReader) Stats() Stats {
	s := w.tally.add(w.stats)
	s.Bytes = w.pos()
	return s
}

func (w *WARCReader) pos() int64 { return w.cr.n - int64(w.br.Buffered()) }

// Documents yields one Document for each HTML response (or text/html
// resource) record, in archive order, with Format FormatWARC and Record
// set. Other records are counted in Stats.Skipped. A record that cannot be
// read or yields no article is yielded as a *RecordError and the reader goes
// on with the next record; any other error (the input failing, a limit
// reached) is yielded last.
func (w *WARCReader) Documents() iter.Seq2[*Document, error] { return documents(w.Pending()) }

// Pending is Documents with the extraction of each page left to the
// caller: it yields a Pending where Documents yields a Document or the
// *RecordError of a page with no article, and the other errors as
// Documents does.
func (w *WARCReader) Pending() iter.Seq2[*Pending, error] {
	return func(yield func(*Pending, error) bool) {
		for {
			if err := skipSpace(w.br); err != nil {
				if err != io.EOF {
					yield(nil, w.fatal(err))
				}
				return
			}
			off := w.pos()
			if magic, _ := w.br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
				if !w.member(off, yield) {
					return
				}
				continue
			}
			w.first = w.stats.Records + 1
			doc, err := w.record(w.br, off)
			if err != nil && w.cr.err != nil {
				yield(nil, w.fatal(w.cr.err))
				return
			}
			if !w.emit(doc, err, yield) {
				return
			}
			if errors.Is(err, ErrCorrupt) {
				resyncWARC(w.br)
			}
		}
	}
}

// member reads the records of one gzip member starting at off.
func (w *WARCReader) member(off int64, yield func(*Pending, error) bool) bool {
	var err error
	if w.zr == nil {
		w.zr, err = gzip.NewReader(w.br)
	} else {
		err = w.zr.Reset(w.br)
	}
	if err == nil {
		w.zr.Multistream(false)
		w.zbr.Reset(w.zr)
		w.first = w.stats.Records + 1
		for {
			if err = skipSpace(w.zbr); err != nil {
				break
			}
			var doc *Pending
			doc, err = w.record(w.zbr, off)
			if errors.Is(err, ErrCorrupt) {
				break
			}
			if err != nil && w.cr.err != nil {
				yield(nil, w.fatal(w.cr.err))
				return false
			}
			if !w.emit(doc, err, yield) {
				return false
			}
		}
	}
	if err == io.EOF {
		return true
	}
	if w.cr.err != nil {
		yield(nil, w.fatal(w.cr.err))
		return false
	}
	if !errors.Is(err, ErrCorrupt) { // the member failed outside a record: count it as one
		w.stats.Records++
		err = &RecordError{Number: w.stats.Records, Offset: off, Err: fmt.Errorf("%w: gzip member: %v", ErrCorrupt, err)}
	}
	if !w.emit(nil, err, yield) {
		return false
	}
	if w.pos() == off {
		w.br.Discard(1)
	}
	resyncGzip(w.br)
	return true
}

func (w *WARCReader) emit(p *Pending, err error, yield func(*Pending, error) bool) bool {
	switch {
	case err != nil:
		w.stats.Failed++
		return yield(nil, err)
	case p == nil:
		w.stats.Skipped++
		return true
	}
	return yield(p, nil)
}

func (w *WARCReader) fatal(err error) error {
	return fmt.Errorf("warc at offset %d: %w", w.pos(), err)
}

// warcHeader holds the WARC fields ingest uses.
type warcHeader struct {
	typ, uri, date, id, contentType string
	length                          int64
}

// record reads one record from r, which is positioned at its version line.
// It returns a nil Pending and nil error for a record that is not a page.
// Errors are *RecordError; those wrapping ErrCorrupt leave r unframed.
func (w *WARCReader) record(r *bufio.Reader, off int64) (*Pending, error) {
	w.stats.Records++
	if w.stats.Records > w.c.records {
		w.cr.err = fmt.Errorf("%w: more than %d", ErrTooManyRecords, w.c.records)
		return nil, w.cr.err
	}
	h, err := readWARCHeader(r)
	rerr := func(err error) error {
		return &RecordError{Number: w.stats.Records, Offset: off, TargetURI: h.uri, Err: err}
	}
	if err != nil {
		return nil, rerr(fmt.Errorf("%w: %v", ErrCorrupt, err))
	}
	block := &io.LimitedReader{R: r, N: h.length}
	page, pageType, perr := w.page(h, block)
	if _, err := io.Copy(io.Discard, block); err != nil || block.N > 0 {
		if w.cr.err != nil {
			return nil, w.cr.err
		}
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return nil, rerr(fmt.Errorf("%w: block ends %d bytes short of its Content-Length %d: %v", ErrCorrupt, block.N, h.length, err))
	}
	if perr != nil {
		return nil, rerr(perr)
	}
	if page == nil {
		return nil, nil
	}
	rec := Record{Number: w.stats.Records, Offset: off, ID: h.id, TargetURI: h.uri, Date: normDate(h.date), First: w.first}
	c := config{pageBytes: w.c.pageBytes, contentType: pageType, pageURL: h.uri}
	return &Pending{size: len(page), number: rec.Number, offset: off, first: rec.First, tally: &w.tally, extract: func() (*Document, error) {
		doc, err := extractHTML(page, c)
		if err != nil {
			return nil, &RecordError{Number: rec.Number, Offset: off, TargetURI: h.uri, Err: err}
		}
		doc.Format = FormatWARC
		doc.Record = &rec
		return doc, nil
	}}, nil
}

// page reads the HTML page of a record's block and its content type, or
// returns nil when the record is not an HTML page.
func (w *WARCReader) page(h warcHeader, block io.Reader) ([]byte, string, error) {
	ct, params, _ := mime.ParseMediaType(h.contentType)
	var body io.Reader
	var pageType string
	switch {
	case h.typ == "response" && ct == "application/http" && params["msgtype"] != "request":
		w.hbr.Reset(block)
		resp, err := http.ReadResponse(w.hbr, nil)
		if err != nil {
			return nil, "", nil // not an HTTP response we can read: not a page
		}
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			return nil, "", nil
		}
		pageType = resp.Header.Get("Content-Type")
		if !isHTMLType(pageType) {
			return nil, "", nil
		}
		switch enc := strings.ToLower(resp.Header.Get("Content-Encoding")); enc {
		case "", "identity":
			body = resp.Body
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(resp.Body)
			if err != nil {
				return nil, "", fmt.Errorf("content-encoding gzip: %w", err)
			}
			body = zr
		case "deflate":
			zr, err := zlib.NewReader(resp.Body)
			if err != nil {
				return nil, "", fmt.Errorf("content-encoding deflate: %w", err)
			}
			body = zr
		default:
			return nil, "", fmt.Errorf("unsupported content-encoding %q", enc)
		}
	case h.typ == "resource" && isHTMLType(h.contentType):
		body, pageType = block, h.contentType
	default:
		return nil, "", nil
	}
	b, err := io.ReadAll(io.LimitReader(body, w.c.pageBytes+1))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) { // a short HTTP body is kept as it is
		return nil, "", fmt.Errorf("read page: %w", err)
	}
	if int64(len(b)) > w.c.pageBytes {
		return nil, "", fmt.Errorf("%w: page is over %d bytes", ErrTooLarge, w.c.pageBytes)
	}
	return b, pageType, nil
}

func isHTMLType(ct string) bool {
	mt, _, _ := mime.ParseMediaType(ct)
	return mt == "text/html" || mt == "application/xhtml+xml"
}

func readWARCHeader(r *bufio.Reader) (warcHeader, error) {
	var h warcHeader
	line, err := r.ReadSlice('\n')
	if err != nil {
		return h, fmt.Errorf("version line: %w", noEOF(err))
	}
	if !bytes.HasPrefix(line, []byte("WARC/")) {
		return h, fmt.Errorf("no WARC version line, found %.20q", line)
	}
	length := int64(-1)
	for i := 0; ; i++ {
		if i == warcHeaderLines {
			return h, fmt.Errorf("more than %d header lines", warcHeaderLines)
		}
		line, err = r.ReadSlice('\n')
		if err != nil {
			return h, fmt.Errorf("header: %w", noEOF(err))
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return h, fmt.Errorf("header line without a colon: %.40q", line)
		}
		v := strings.TrimSpace(string(value))
		switch strings.ToLower(strings.TrimSpace(string(name))) {
		case "warc-type":
			h.typ = strings.ToLower(v)
		case "warc-target-uri":
			h.uri = strings.Trim(v, "<>") // WARC 1.0 writers sometimes bracket it
		case "warc-date":
			h.date = v
		case "warc-record-id":
			h.id = v
		case "content-type":
			h.contentType = v
		case "content-length":
			if length, err = strconv.ParseInt(v, 10, 64); err != nil || length < 0 {
				return h, fmt.Errorf("bad Content-Length %q", v)
			}
		}
	}
	if length < 0 {
		return h, errors.New("no Content-Length")
	}
	h.length = length
	return h, nil
}

func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// skipSpace discards the CR, LF and blanks between records. It returns
// io.EOF at a clean end.
func skipSpace(r *bufio.Reader) error {
	for {
		b, err := r.ReadByte()
		if err != nil {
			return err
		}
		if b != '\r' && b != '\n' && b != ' ' && b != '\t' {
			return r.UnreadByte()
		}
	}
}

// resyncWARC discards input up to the next line that starts a record.
func resyncWARC(r *bufio.Reader) {
	if b, _ := r.Peek(5); string(b) == "WARC/" {
		return
	}
	discardTo(r, []byte("\nWARC/"), 1)
}

// resyncGzip discards input up to the next gzip member header.
func resyncGzip(r *bufio.Reader) { discardTo(r, []byte{0x1f, 0x8b, 0x08}, 0) }

// discardTo discards input up to the next occurrence of magic, keeping
// magic[skip:], or to the end.
func discardTo(r *bufio.Reader, magic []byte, skip int) {
	for {
		buf, err := r.Peek(r.Size())
		if i := bytes.Index(buf, magic); i >= 0 {
			r.Discard(i + skip)
			return
		}
		if err != nil {
			r.Discard(len(buf))
			return
		}
		r.Discard(len(buf) - len(magic) + 1)
	}
}

// countReader counts the bytes read from r and fails once limit is passed.
type countReader struct {
	r     io.Reader
	n     int64
	limit int64
	err   error // set when the limit is passed
}

func (c *countReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	if room := c.limit + 1 - c.n; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.limit {
		c.err = fmt.Errorf("%w: archive is over %d bytes", ErrTooLarge, c.limit)
		return n, c.err
	}
	return n, err
}
