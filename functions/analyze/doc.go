// Command analyze is the Slant Lambda: it analyzes every text object uploaded
// to the input bucket and writes its slant.report/v1 report (or, for an object
// that cannot be analyzed, a slant.error/v1 error report) to REPORT_BUCKET. It
// takes S3 notifications (AWS and MinIO), EventBridge "Object Created" events,
// SQS messages carrying either, S3 Batch Operations jobs (schema 1.0 and 2.0)
// and records of its own failed-events queue. docs/lambda.md describes its
// events, configuration and error reports.
//
// It is not the analyzer: the analysis is package analyzer, which knows
// nothing of AWS. It is not a library either (package main), nor an S3
// Object Lambda, nor a general event router: an event of another kind fails
// the invocation (in an SQS batch, only its message), and an S3 event that is
// not a new object (restore, lifecycle, replication) is skipped.
//
// main.go only wires; handler.go decides what becomes of each object;
// event.go and arn.go decode events; s3.go is the only user of the AWS SDK.
package main
