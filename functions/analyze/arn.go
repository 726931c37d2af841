package main

import (
	"fmt"
	"strings"
)

// bucketFromARN returns the bucket an S3 bucket ARN names. An ARN is
// arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE; for a bucket the service is
// s3 and the resource is the bucket name. S3 writes bucket ARNs with region
// and account empty (arn:aws:s3:::bucket, arn:aws-cn:s3:::bucket,
// arn:aws-us-gov:s3:::bucket); the Batch Operations 1.0 sample fills them in
// (arn:aws:s3:us-east-1:0123456788:awsexamplebucket). Every partition is
// accepted, so that a new one needs no change here.
//
// An object ARN (bucket/key), an access point (accesspoint/name) or another
// service's ARN (s3-outposts, s3express) is refused: its resource is not a
// bucket name.
func bucketFromARN(s string) (string, error) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return "", fmt.Errorf("%q is not an ARN", s)
	}
	partition, service, bucket := parts[1], parts[2], parts[5]
	if !isPartition(partition) {
		return "", fmt.Errorf("ARN %q: invalid partition %q", s, partition)
	}
	if service != "s3" {
		return "", fmt.Errorf("ARN %q: service %q, not s3", s, service)
	}
	if err := checkBucketName(bucket); err != nil {
		return "", fmt.Errorf("ARN %q: %w", s, err)
	}
	return bucket, nil
}

// isPartition tells whether p has the form of a partition (aws, aws-cn,
// aws-us-gov, aws-iso-b…): lower-case letters, digits and inner hyphens.
func isPartition(p string) bool {
	if p == "" || p[0] == '-' || p[len(p)-1] == '-' {
		return false
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// checkBucketName checks a bucket name against what S3 has ever allowed:
// 3 to 63 lower-case letters, digits, dots and hyphens today, and up to 255
// characters with upper case and underscores for buckets created in
// us-east-1 before March 2018. Stricter rules are S3's to enforce.
func checkBucketName(b string) error {
	if b == "" {
		return fmt.Errorf("empty bucket name")
	}
	if strings.Contains(b, "/") {
		return fmt.Errorf("resource %q is not a bucket (an object or access point)", b)
	}
	if len(b) < 3 || len(b) > 255 {
		return fmt.Errorf("bucket name %q: %d characters, want 3 to 255", b, len(b))
	}
	for i := 0; i < len(b); i++ {
		if c := b[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_') {
			return fmt.Errorf("bucket name %q: character %q", b, c)
		}
	}
	return nil
}
