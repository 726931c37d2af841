// Command web is slant serve on AWS Lambda: the page and the JSON API of
// package serve behind a Lambda Function URL (template.yaml, WebFunction;
// docs/serve.md). main.go only wires; adapter.go turns Function URL events
// into http.Requests for the handler and its responses back into events.
//
// It is not the S3-triggered function (functions/analyze) and stores
// nothing: each request is analyzed and answered.
package main
