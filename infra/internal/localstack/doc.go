// Package localstack is Slant's local S3 stack: a real MinIO whose bucket
// notifications reach a webhook receiver, which runs the real Lambda binary
// through an emulation of the Lambda Runtime API.
//
//   - Pool runs the function the way Lambda does: one bootstrap process per
//     instance, each with its own Runtime API endpoint.
//   - Async and WebhookHandler deliver MinIO's events the way Lambda's
//     asynchronous invocation does: acknowledge, retry, dead-letter.
//   - RunStack wires MinIO, the webhook and a Pool together and writes the
//     stack's state (ReadState reads it); Up and Down run it in the background.
//   - GroupMembers, ProcessState, Tail and FreePort are the process, log and
//     port helpers the runner and the end-to-end test share.
//
// It is internal to infra: the code that infra/runner (the slant-runner
// command) and infra/e2e (the end-to-end test) share. It is not an AWS
// emulator beyond what Slant's function uses, and it runs on Linux only (it
// reads /proc and uses process groups).
package localstack
