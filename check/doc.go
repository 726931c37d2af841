// Package check is what slant check reports about documents that have been
// analyzed and judged: the diagnostics (each author-voice finding, and the
// document when it crosses its threshold) and the formats that carry them to
// a reviewer or a CI system: plain text, GitHub Actions workflow commands,
// reviewdog's rdjsonl and SARIF 2.1.0. Lines finds the line and column of a
// byte offset, as the formats count them.
//
// It is not the analysis nor the verdict: the caller analyzes each input
// (package config's Engine over the analyzer) and judges the report
// (config.Judge), then hands the results over as Files. The package reads no
// files, loads no configuration, reads no environment and never exits; Write
// writes only to the writer it is given.
package check
