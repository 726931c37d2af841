// Package suppress silences findings that a writer or a reviewer has
// checked, without turning a rule off: inline directives in the text
// (<!-- slant-disable … -->, <!-- slant-enable -->, <!-- slant-ignore-next -->)
// and a sidecar file of accepted findings keyed by term and sentence hash.
//
// The directive parser takes comments as (offset, body) pairs, so any ingest
// path can feed it: Comments finds them in Markdown and plain text, and an
// HTML path can pass the comments of its DOM with offsets into the text it
// analyzes. The package decides which findings are suppressed and why; it
// does not change reports (package config moves them and rescores).
package suppress
