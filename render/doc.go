// Package render draws slant.report/v1 reports for people: a terminal summary
// (Text), Markdown, and one self-contained HTML page (HTML), and draws a
// slant.compare/v1 comparison as text (CompareText) or as a page with the two
// texts side by side (CompareHTML).
//
// It reads a report, its input and a computed comparison; it does no analysis
// of its own. The analyzer finds and scores; package compare sets two reports
// side by side.
package render
