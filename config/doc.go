// Package config is a newsroom's own rules for Slant: the project
// configuration file .slant.yaml (extra lexicon and actor directories,
// categories on or off, weight overrides, thresholds, output formats,
// accepted and banned terms), how it is found, and the Engine that applies
// it over an analyzer.Analyzer, together with inline suppressions and a
// reviewer's sidecar of accepted findings (package suppress).
//
// It is a layer: the analyzer knows nothing of it. Banned terms become a
// lexicon category of their own (id "banned") built in memory; accepted and
// suppressed findings are moved from a report's findings to its suppressed
// list after analysis, and the report is rescored. It does no I/O but reading
// the configuration file and looking for it; it never logs.
package config
