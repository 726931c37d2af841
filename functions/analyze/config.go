package main

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/render"
)

// Config is the function's configuration, read from the environment once, at
// cold start.
type Config struct {
	ReportBucket   string   // REPORT_BUCKET (required)
	ReportPrefix   string   // REPORT_PREFIX (default "reports/")
	MaxObjectBytes int64    // MAX_OBJECT_BYTES (default analyzer.DefaultMaxBytes)
	Formats        []string // REPORT_FORMATS (default "json"); keys of reportFormats
	TablesPrefix   string   // TABLES_PREFIX: write table rows under REPORT_PREFIX+this (empty: off; docs/tables.md)
	LexiconBucket  string   // from LEXICON_URI (optional)
	LexiconPrefix  string   // from LEXICON_URI
	ConfigBucket   string   // from CONFIG_URI (optional): the project configuration, .slant.yaml
	ConfigKey      string   // from CONFIG_URI
	PathStyle      bool     // S3_FORCE_PATH_STYLE
	MemoryMB       int64    // AWS_LAMBDA_FUNCTION_MEMORY_SIZE (set by Lambda; 0 when unknown)
	Archive        ArchiveConfig
}

// Peak memory while one object is analyzed grows with the object: the input,
// the report (its findings) and the encoded report are all held at once.
// These are the measured peaks per input byte of a realistic news file, with
// headroom (docs/lambda.md, "Memory"): about 50 MB per MB of input for json,
// about 112 MB per MB for html. Text denser in findings than news needs more.
const (
	baseMemoryBytes = 64 << 20 // runtime, SDK, lexicons: ~15 MB measured, with headroom
	memoryLimitPct  = 80       // GOMEMLIMIT as a share of the function's memory
)

// bytesPerInputByte is the peak memory per input byte of each format.
var bytesPerInputByte = map[string]int64{"json": 50, "html": 112}

// peakMemory estimates the peak memory of analyzing an object of n bytes and
// writing formats. The formats are encoded one after another, so the largest
// counts.
func peakMemory(n int64, formats []string) int64 {
	var per int64
	for _, f := range formats {
		per = max(per, bytesPerInputByte[f])
	}
	return baseMemoryBytes + n*per
}

// memoryLimit is the Go runtime's soft memory limit (GOMEMLIMIT) for a
// function with memoryMB of memory: the share the runtime may use before it
// works hard to stay within it, leaving the rest for stacks, the Runtime
// API client and the garbage collector's lag.
func memoryLimit(memoryMB int64) int64 {
	return memoryMB << 20 * memoryLimitPct / 100
}

// reportFormat is one way to write a report. The input is passed too, for
// formats that show the text.
type reportFormat struct {
	suffix      string
	contentType string
	encode      func(rep *analyzer.Report, input []byte) ([]byte, error)
}

// reportFormats are the formats REPORT_FORMATS can name. Adding a format is
// adding an entry here.
var reportFormats = map[string]reportFormat{
	"json": {".slant.json", "application/json", func(rep *analyzer.Report, _ []byte) ([]byte, error) { return rep.JSON() }},
	"html": {".slant.html", "text/html; charset=utf-8", func(rep *analyzer.Report, input []byte) ([]byte, error) {
		var b bytes.Buffer
		err := render.HTML(&b, rep, input)
		return b.Bytes(), err
	}},
}

// errorSuffix ends the key of an error report.
const errorSuffix = ".slant.error.json"

// maxKeyBytes is S3's limit on the length of an object key.
const maxKeyBytes = 1024

// loadConfig reads the configuration with lookupEnv (os.LookupEnv in main).
// Every problem is reported at once, one line each, naming the variable. An
// empty variable counts as unset, except REPORT_PREFIX, where empty means
// "no prefix".
func loadConfig(lookupEnv func(string) (string, bool)) (Config, error) {
	var errs []error
	bucket, _ := lookup(lookupEnv, "REPORT_BUCKET")
	c := Config{
		ReportBucket:   bucket,
		ReportPrefix:   "reports/",
		MaxObjectBytes: analyzer.DefaultMaxBytes,
		Formats:        []string{"json"},
		Archive:        defaultArchiveConfig(),
	}
	if c.ReportBucket == "" {
		errs = append(errs, errors.New("REPORT_BUCKET is required: the bucket that receives the reports"))
	}
	if v, ok := lookupEnv("REPORT_PREFIX"); ok {
		c.ReportPrefix = strings.TrimSpace(v)
	}
	if len(c.ReportPrefix) > 512 {
		errs = append(errs, fmt.Errorf("REPORT_PREFIX is %d bytes, limit 512", len(c.ReportPrefix)))
	}
	if v, ok := lookup(lookupEnv, "MAX_OBJECT_BYTES"); ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 || n > 1<<30 {
			errs = append(errs, fmt.Errorf("MAX_OBJECT_BYTES=%q: want a whole number of bytes from 1 to 1073741824", v))
		}
		c.MaxObjectBytes = n
	}
	if v, ok := lookup(lookupEnv, "REPORT_FORMATS"); ok {
		c.Formats = nil
		for f := range strings.SplitSeq(v, ",") {
			f = strings.ToLower(strings.TrimSpace(f))
			if _, known := reportFormats[f]; !known {
				errs = append(errs, fmt.Errorf("REPORT_FORMATS=%q: unknown format %q (known: %s)", v, f, strings.Join(knownFormats(), ", ")))
				continue
			}
			if !slices.Contains(c.Formats, f) {
				c.Formats = append(c.Formats, f)
			}
		}
	}
	if v, ok := lookup(lookupEnv, "TABLES_PREFIX"); ok {
		if !strings.HasSuffix(v, "/") || strings.HasPrefix(v, "/") || len(v) > 128 {
			errs = append(errs, fmt.Errorf("TABLES_PREFIX=%q: want a folder such as tables/ (ends with /, at most 128 bytes)", v))
		}
		c.TablesPrefix = v
	}
	if v, ok := lookup(lookupEnv, "LEXICON_URI"); ok {
		b, p, err := parseS3URI(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("LEXICON_URI=%q: %w", v, err))
		}
		c.LexiconBucket, c.LexiconPrefix = b, p
	}
	if v, ok := lookup(lookupEnv, "CONFIG_URI"); ok {
		rest, _ := strings.CutPrefix(v, "s3://")
		b, k, _ := strings.Cut(rest, "/")
		if !strings.HasPrefix(v, "s3://") || b == "" || k == "" || strings.HasSuffix(k, "/") {
			errs = append(errs, fmt.Errorf("CONFIG_URI=%q: want s3://bucket/key of one object (a .slant.yaml)", v))
		}
		c.ConfigBucket, c.ConfigKey = b, k
	}
	if v, ok := lookup(lookupEnv, "S3_FORCE_PATH_STYLE"); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("S3_FORCE_PATH_STYLE=%q: want true or false", v))
		}
		c.PathStyle = b
	}
	if v, ok := lookup(lookupEnv, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE"); ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 128 {
			errs = append(errs, fmt.Errorf("AWS_LAMBDA_FUNCTION_MEMORY_SIZE=%q: want a whole number of MB, at least 128", v))
		}
		c.MemoryMB = n
	}
	errs = append(errs, loadArchiveConfig(lookupEnv, &c.Archive)...)
	if len(errs) == 0 && c.MemoryMB > 0 {
		// An object the function cannot hold in memory must get a too_large
		// error report, not an out-of-memory crash that Lambda retries and
		// dead-letters; so MAX_OBJECT_BYTES must fit the memory size.
		if need, limit := peakMemory(c.MaxObjectBytes, c.Formats), memoryLimit(c.MemoryMB); need > limit {
			fit := (limit - baseMemoryBytes) / (peakMemory(1, c.Formats) - baseMemoryBytes)
			errs = append(errs, fmt.Errorf("MAX_OBJECT_BYTES=%d with REPORT_FORMATS=%s needs about %d MB at peak, more than the %d MB usable of the function's %d MB (AWS_LAMBDA_FUNCTION_MEMORY_SIZE): raise the memory size to at least %d MB or lower MAX_OBJECT_BYTES to at most %d",
				c.MaxObjectBytes, strings.Join(c.Formats, ","), need>>20, limit>>20, c.MemoryMB, (need*100/memoryLimitPct>>20)+1, max(fit, 0)))
		}
	}
	return c, errors.Join(errs...)
}

// lookup returns a variable's value with spaces trimmed, and whether it is set
// to something.
func lookup(lookupEnv func(string) (string, bool), name string) (string, bool) {
	v, _ := lookupEnv(name)
	v = strings.TrimSpace(v)
	return v, v != ""
}

func knownFormats() []string {
	var names []string
	for n := range reportFormats {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// parseS3URI splits s3://bucket/prefix. The prefix, if any, names a folder,
// so a missing final slash is added.
func parseS3URI(uri string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(uri, "s3://")
	if !ok {
		return "", "", errors.New("want s3://bucket/prefix/")
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	if bucket == "" {
		return "", "", errors.New("no bucket name: want s3://bucket/prefix/")
	}
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return bucket, prefix, nil
}
