package ingest

import "errors"

// Limits. Each can be lowered or raised per reader with an Option.
const (
	// MaxPageBytes is the largest HTML or text page read: a file, a JSONL
	// record's text or html, or the HTTP body of a WARC record.
	MaxPageBytes = 10 << 20
	// MaxArchiveBytes is the most input a WARC or JSONL reader consumes in
	// one run (a CC-NEWS file is about 1 GiB).
	MaxArchiveBytes = 4 << 30
	// MaxRecords is the most records a WARC or JSONL reader reads in one run.
	MaxRecords = 200_000
	// MaxLineBytes is the longest JSONL line.
	MaxLineBytes = 16 << 20
	// MinArticleBytes is the shortest body that counts as an article.
	MinArticleBytes = 80
)

// Errors the readers wrap; test with errors.Is.
var (
	// ErrNoArticle: extraction found no article; the wrapping error names why.
	ErrNoArticle = errors.New("no article")
	// ErrTooLarge: a page, line or archive is over its limit.
	ErrTooLarge = errors.New("too large")
	// ErrTooManyRecords: an archive or stream has more than its record limit.
	ErrTooManyRecords = errors.New("too many records")
	// ErrCorrupt: a WARC record or JSONL line cannot be parsed.
	ErrCorrupt = errors.New("corrupt record")
)

type config struct {
	pageBytes    int64
	archiveBytes int64
	records      int
	lineBytes    int
	contentType  string
	pageURL      string
}

func newConfig(opts []Option) config {
	c := config{pageBytes: MaxPageBytes, archiveBytes: MaxArchiveBytes, records: MaxRecords, lineBytes: MaxLineBytes}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Option changes a limit or gives a hint about the input.
type Option func(*config)

// WithMaxPageBytes sets the page limit (default MaxPageBytes).
func WithMaxPageBytes(n int64) Option { return func(c *config) { c.pageBytes = n } }

// WithMaxArchiveBytes sets the archive limit (default MaxArchiveBytes).
func WithMaxArchiveBytes(n int64) Option { return func(c *config) { c.archiveBytes = n } }

// WithMaxRecords sets the record limit (default MaxRecords).
func WithMaxRecords(n int) Option { return func(c *config) { c.records = n } }

// WithMaxLineBytes sets the JSONL line limit (default MaxLineBytes).
func WithMaxLineBytes(n int) Option { return func(c *config) { c.lineBytes = n } }

// WithContentType gives an HTML page's Content-Type header; its charset
// parameter wins over a <meta> declaration, as in a browser.
func WithContentType(ct string) Option { return func(c *config) { c.contentType = ct } }

// WithPageURL gives the URL a page was fetched from; relative canonical
// links resolve against it, and it is the URL when the page names none.
func WithPageURL(u string) Option { return func(c *config) { c.pageURL = u } }
