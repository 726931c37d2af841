package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestBucketFromARN(t *testing.T) {
	tests := []struct {
		name, arn string
		want      string // the bucket; empty when the ARN must be refused
		errHas    string // part of the error when it is refused
	}{
		{"aws", "arn:aws:s3:::awsexamplebucket", "awsexamplebucket", ""},
		{"aws-cn", "arn:aws-cn:s3:::cn-bucket", "cn-bucket", ""},
		{"aws-us-gov", "arn:aws-us-gov:s3:::gov.bucket", "gov.bucket", ""},
		{"aws-iso-b", "arn:aws-iso-b:s3:::iso-bucket", "iso-bucket", ""},
		{"batch 1.0 sample: region and account", "arn:aws:s3:us-east-1:0123456788:awsexamplebucket", "awsexamplebucket", ""},
		{"region only", "arn:aws-cn:s3:cn-north-1::b-1", "b-1", ""},
		{"legacy us-east-1 name", "arn:aws:s3:::Legacy_Bucket", "Legacy_Bucket", ""},

		{"wrong service", "arn:aws:sqs:us-east-1:123456789012:queue", "", `service "sqs", not s3`},
		{"outposts", "arn:aws:s3-outposts:us-west-2:123456789012:outpost/op-1/bucket/b", "", `service "s3-outposts"`},
		{"directory bucket", "arn:aws:s3express:us-west-2:123456789012:bucket/b--usw2-az1--x-s3", "", `service "s3express"`},
		{"object lambda", "arn:aws:s3-object-lambda:us-east-1:111122223333:accesspoint/ap", "", `service "s3-object-lambda"`},
		{"empty bucket", "arn:aws:s3:::", "", "empty bucket name"},
		{"empty bucket, region and account", "arn:aws:s3:us-east-1:0123456788:", "", "empty bucket name"},
		{"object ARN", "arn:aws:s3:::bucket/key.txt", "", "not a bucket"},
		{"access point", "arn:aws:s3:us-east-1:111122223333:accesspoint/example-ap", "", "not a bucket"},
		{"bucket name too short", "arn:aws:s3:::ab", "", "want 3 to 255"},
		{"colon in name", "arn:aws:s3:::a:bucket", "", `character ':'`},
		{"space in name", "arn:aws:s3:::my bucket", "", `character ' '`},
		{"empty partition", "arn::s3:::bucket", "", "invalid partition"},
		{"upper-case partition", "arn:AWS:s3:::bucket", "", "invalid partition"},
		{"not an ARN: a bucket name", "awsexamplebucket", "", "not an ARN"},
		{"not an ARN: too few fields", "arn:aws:s3::bucket", "", "not an ARN"},
		{"not an ARN: another scheme", "urn:aws:s3:::bucket", "", "not an ARN"},
		{"not an ARN: an S3 URI", "s3://bucket", "", "not an ARN"},
		{"not an ARN: empty", "", "", "not an ARN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := bucketFromARN(tt.arn)
			if tt.want != "" {
				if got != tt.want || err != nil {
					t.Errorf("bucketFromARN(%q) = %q, %v, want %q", tt.arn, got, err, tt.want)
				}
				return
			}
			if err == nil || got != "" || !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("bucketFromARN(%q) = %q, %v, want an error containing %q", tt.arn, got, err, tt.errHas)
			}
		})
	}
}

// A schema 1.0 task in any partition or ARN form reads its bucket; a task
// whose ARN names no bucket is a PermanentFailure naming the task and the ARN.
func TestBatchBucketARN(t *testing.T) {
	e := newEnv(t)
	e.s3.put(t, inputBucket, "story.txt", []byte(article))
	tests := []struct {
		arn      string
		wantCode string
		wantHas  string
	}{
		{"arn:aws:s3:::" + inputBucket, "Succeeded", "report s3://" + reportBucket + "/reports/story.txt.slant.json"},
		{"arn:aws-cn:s3:::" + inputBucket, "Succeeded", "report s3://"},
		{"arn:aws-us-gov:s3:::" + inputBucket, "Succeeded", "report s3://"},
		{"arn:aws:s3:us-east-1:0123456788:" + inputBucket, "Succeeded", "report s3://"},
		{"arn:aws:sqs:us-east-1:0123456788:" + inputBucket, "PermanentFailure", `task t1: s3BucketArn: ARN "arn:aws:sqs:us-east-1:0123456788:slant-input": service "sqs", not s3`},
		{"arn:aws:s3:::", "PermanentFailure", "task t1: s3BucketArn:"},
		{inputBucket, "PermanentFailure", `task t1: s3BucketArn: "slant-input" is not an ARN`},
		{"", "PermanentFailure", "task t1: no bucket"},
	}
	for _, tt := range tests {
		t.Run(tt.arn, func(t *testing.T) {
			arn, _ := json.Marshal(tt.arn)
			out, err := e.invoke(t, []byte(`{"invocationSchemaVersion":"1.0","invocationId":"i","job":{"id":"j"},"tasks":[
				{"taskId":"t1","s3Key":"story.txt","s3VersionId":null,"s3BucketArn":`+string(arn)+`}]}`))
			var resp events.S3BatchJobResponse
			if err == nil {
				err = json.Unmarshal(out, &resp)
			}
			if err != nil || len(resp.Results) != 1 || resp.Results[0].ResultCode != tt.wantCode || !strings.Contains(resp.Results[0].ResultString, tt.wantHas) {
				t.Errorf("Invoke(batch 1.0, s3BucketArn %q) = %s, %v; want %s with %q", tt.arn, out, err, tt.wantCode, tt.wantHas)
			}
		})
	}
}
