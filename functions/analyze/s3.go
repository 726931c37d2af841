package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"testing/fstest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// This file is the only user of the AWS SDK. The handler sees the store
// interface; main wires an s3Store into it.

// store is what the handler needs from S3: read an object under a size limit,
// and write a report.
type store interface {
	// Get reads an object (a given version when versionID is not empty). It
	// returns errGone when the object, version or bucket does not exist (or
	// S3 refuses the version id), and an error wrapping errTooLarge, without
	// reading the body, when the object is larger than maxBytes. It never
	// holds more than maxBytes of the body.
	Get(ctx context.Context, bucket, key, versionID string, maxBytes int64) (*object, error)
	// Put writes body to bucket/key with the given content type. It returns
	// an error wrapping errKeyRefused when S3 refuses the key itself (an
	// invalid or too long name), which no retry can fix.
	Put(ctx context.Context, bucket, key, contentType string, body []byte) error
}

// object is an object read from the store.
type object struct {
	Data        []byte
	Size        int64 // the object's size as the store reported it
	ETag        string
	VersionID   string
	ContentType string // the object's Content-Type, a hint of its format
}

var (
	// errGone means the object, its version or its bucket no longer exists.
	errGone = errors.New("object gone")
	// errArchived means the object is in an archive storage class and cannot be read.
	errArchived = errors.New("object archived (restore it first)")
	// errTooLarge means the object is larger than the limit.
	errTooLarge = errors.New("object too large")
	// errChanged means the object was replaced while an archive was read.
	errChanged = errors.New("object changed")
	// errKeyRefused means S3 refused the key of a write: its name is invalid
	// or too long for that server.
	errKeyRefused = errors.New("key refused")
)

// s3Store implements store (and lexicon loading) with aws-sdk-go-v2.
type s3Store struct{ c *s3.Client }

// newS3Client makes the client from an SDK config. The SDK reads
// AWS_ENDPOINT_URL_S3 by itself; nothing in the environment turns on
// path-style addressing, so pathStyle comes from S3_FORCE_PATH_STYLE.
func newS3Client(cfg aws.Config, pathStyle bool, opts ...func(*s3.Options)) *s3.Client {
	return s3.NewFromConfig(cfg, append([]func(*s3.Options){func(o *s3.Options) {
		o.UsePathStyle = pathStyle
		// MinIO and other S3 servers send no response checksum; do not log that on every GET.
		o.DisableLogOutputChecksumValidationSkipped = true
	}}, opts...)...)
}

// maxBodyAttempts bounds how often Get reads an object whose body was cut off
// mid-read. The SDK retries a request that fails, but not a response body
// that ends early (unexpected EOF, a reset during the read): Get does.
const maxBodyAttempts = 3

// errBodyRead marks a failure while reading a response body.
var errBodyRead = errors.New("body read failed")

func (s s3Store) Get(ctx context.Context, bucket, key, versionID string, maxBytes int64) (*object, error) {
	for attempt := 1; ; attempt++ {
		obj, err := s.get(ctx, bucket, key, versionID, maxBytes)
		if !errors.Is(err, errBodyRead) || attempt == maxBodyAttempts {
			return obj, err
		}
		select {
		case <-ctx.Done():
			return obj, err
		case <-time.After(time.Duration(attempt) * 50 * time.Millisecond):
		}
	}
}

func (s s3Store) get(ctx context.Context, bucket, key, versionID string, maxBytes int64) (*object, error) {
	in := &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}
	if versionID != "" {
		in.VersionId = aws.String(versionID)
	}
	out, err := s.c.GetObject(ctx, in)
	if err != nil {
		return nil, classify("get", err, bucket, key, versionID)
	}
	defer out.Body.Close()
	obj := &object{Size: -1, ETag: strings.Trim(aws.ToString(out.ETag), `"`), VersionID: aws.ToString(out.VersionId), ContentType: aws.ToString(out.ContentType)}
	if out.ContentLength != nil {
		obj.Size = *out.ContentLength
		if obj.Size > maxBytes {
			return obj, fmt.Errorf("%w: %d bytes, limit %d (MAX_OBJECT_BYTES)", errTooLarge, obj.Size, maxBytes)
		}
	}
	// The length header may be missing or wrong; read at most maxBytes, then
	// probe one more byte into a separate one-byte buffer.
	var buf bytes.Buffer
	if obj.Size >= 0 {
		buf.Grow(int(obj.Size))
	}
	if _, err := buf.ReadFrom(io.LimitReader(out.Body, maxBytes)); err != nil {
		return nil, fmt.Errorf("read s3://%s/%s: %w: %w", bucket, key, errBodyRead, err)
	}
	var probe [1]byte
	if n, _ := io.ReadFull(out.Body, probe[:]); n > 0 {
		return obj, fmt.Errorf("%w: more than %d bytes (MAX_OBJECT_BYTES)", errTooLarge, maxBytes)
	}
	obj.Data = buf.Bytes()
	obj.Size = int64(len(obj.Data))
	return obj, nil
}

func (s s3Store) Put(ctx context.Context, bucket, key, contentType string, body []byte) error {
	_, err := s.c.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        aws.String(bucket),
		Key:           aws.String(key),
		Body:          bytes.NewReader(body),
		ContentLength: aws.Int64(int64(len(body))),
		ContentType:   aws.String(contentType),
	})
	if err != nil {
		return classify("put", err, bucket, key, "")
	}
	return nil
}

// classify turns the S3 errors of a GetObject or PutObject (op "get" or
// "put") that retrying cannot fix into errGone, errArchived or errKeyRefused,
// with a message that names the object (and the version asked for) and S3's
// error code, and nothing that changes between calls (it goes into error
// reports):
//
//   - get: NoSuchKey, NoSuchVersion, NoSuchBucket, or any 404: errGone;
//   - get: InvalidArgument (400) when a version was asked for: errGone, since
//     S3 answers so for a version id it never issued (AWS and MinIO do, e.g.
//     for an unversioned bucket), and GetObject sends no other argument that
//     can be invalid;
//   - get: InvalidObjectState: errArchived;
//   - put: KeyTooLongError (AWS, over 1,024 bytes; MinIO), XMinioInvalidObjectName
//     (MinIO, e.g. a path segment over 255 bytes) or InvalidObjectName:
//     errKeyRefused.
//
// Everything else (5xx, throttling, timeouts, access denied, any other 400)
// is returned with the SDK's detail and treated as transient.
func classify(op string, err error, bucket, key, versionID string) error {
	obj := "s3://" + bucket + "/" + key
	if versionID != "" {
		obj += " version " + versionID
	}
	code := ""
	var api smithy.APIError
	if errors.As(err, &api) {
		code = api.ErrorCode()
	}
	if op == "put" {
		switch code {
		case "KeyTooLongError", "XMinioInvalidObjectName", "InvalidObjectName":
			return fmt.Errorf("%w: %s: %s", errKeyRefused, obj, code)
		}
		return fmt.Errorf("put %s: %w", obj, err)
	}
	switch {
	case code == "NoSuchKey" || code == "NoSuchVersion" || code == "NoSuchBucket" || code == "NotFound":
		return fmt.Errorf("%w: %s: %s", errGone, obj, code)
	case code == "InvalidArgument" && versionID != "":
		return fmt.Errorf("%w: %s: %s (S3 refuses the version id)", errGone, obj, code)
	case code == "InvalidObjectState":
		return fmt.Errorf("%w: %s: %s", errArchived, obj, code)
	}
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() == 404 {
		return fmt.Errorf("%w: %s: HTTP 404", errGone, obj)
	}
	return fmt.Errorf("get %s: %w", obj, err)
}

// Limits of LEXICON_URI: how many files and how many bytes in all it may hold.
const (
	maxLexiconFiles = 100
	maxLexiconBytes = 8 << 20
)

// readLexicons reads the *.yaml objects directly under s3://bucket/prefix
// (not in deeper "folders") into a file system for analyzer.LoadLexicon.
func (s s3Store) readLexicons(ctx context.Context, bucket, prefix string) (fstest.MapFS, error) {
	fsys := fstest.MapFS{}
	var total int64
	p := s3.NewListObjectsV2Paginator(s.c, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list s3://%s/%s: %w", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			name := strings.TrimPrefix(key, prefix)
			if strings.Contains(name, "/") || path.Ext(name) != ".yaml" {
				continue
			}
			if len(fsys) == maxLexiconFiles {
				return nil, fmt.Errorf("s3://%s/%s: more than %d lexicon files", bucket, prefix, maxLexiconFiles)
			}
			obj, err := s.Get(ctx, bucket, key, "", maxLexiconBytes-total)
			if errors.Is(err, errTooLarge) {
				return nil, fmt.Errorf("s3://%s/%s: lexicon files exceed %d bytes in all", bucket, prefix, maxLexiconBytes)
			}
			if err != nil {
				return nil, err
			}
			total += int64(len(obj.Data))
			fsys[name] = &fstest.MapFile{Data: obj.Data}
		}
	}
	if len(fsys) == 0 {
		return nil, fmt.Errorf("s3://%s/%s: no *.yaml lexicon files", bucket, prefix)
	}
	return fsys, nil
}
