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
	LexiconBucket  string   // from LEXICON_URI (optional)
	LexiconPrefix  string   // from LEXICON_URI
	PathStyle      bool     // S3_FORCE_PATH_STYLE
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
	if v, ok := lookup(lookupEnv, "LEXICON_URI"); ok {
		b, p, err := parseS3URI(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("LEXICON_URI=%q: %w", v, err))
		}
		c.LexiconBucket, c.LexiconPrefix = b, p
	}
	if v, ok := lookup(lookupEnv, "S3_FORCE_PATH_STYLE"); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("S3_FORCE_PATH_STYLE=%q: want true or false", v))
		}
		c.PathStyle = b
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
