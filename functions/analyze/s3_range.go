package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// This file is the store's other SDK use, beside s3.go: reading an archive
// as a stream from a byte offset, so that memory stays bounded whatever its
// size and a piece of a large archive can start where the last one stopped.

// streamStore is a store that can also stream an object from an offset.
type streamStore interface {
	store
	// Open returns the object's bytes from offset to its end. A non-empty
	// versionID reads that version; otherwise a non-empty etag must still
	// match (the object was not replaced since the first piece). It returns
	// errGone as Get does, and errChanged when the etag no longer matches.
	Open(ctx context.Context, bucket, key, versionID, etag string, offset int64) (io.ReadCloser, *object, error)
}

func (s s3Store) Open(ctx context.Context, bucket, key, versionID, etag string, offset int64) (io.ReadCloser, *object, error) {
	in := &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}
	if versionID != "" {
		in.VersionId = aws.String(versionID)
	} else if etag != "" {
		in.IfMatch = aws.String(`"` + etag + `"`)
	}
	if offset > 0 {
		in.Range = aws.String(fmt.Sprintf("bytes=%d-", offset))
	}
	out, err := s.c.GetObject(ctx, in)
	if err != nil {
		if strings.Contains(err.Error(), "PreconditionFailed") {
			return nil, nil, fmt.Errorf("%w: s3://%s/%s no longer has etag %s", errChanged, bucket, key, etag)
		}
		return nil, nil, classify("get", err, bucket, key, versionID)
	}
	obj := &object{Size: -1, ETag: strings.Trim(aws.ToString(out.ETag), `"`), VersionID: aws.ToString(out.VersionId), ContentType: aws.ToString(out.ContentType)}
	if out.ContentLength != nil {
		obj.Size = offset + *out.ContentLength
	}
	return out.Body, obj, nil
}
