// Package analyzer finds loaded and framing language in news text and returns
// it as a slant.report/v1 Report: every finding with its byte offsets, voice
// and evidence, and the scores they add up to.
//
// Build one Analyzer per process with New, from a Lexicon that LoadLexicon
// reads and validates from an fs.FS, and optionally an ActorLexicon
// (LoadActors, WithActors). It is safe for concurrent use. Analyze runs one
// pass over an input:
//
//	normalize → tokenize → sentences → quotes/voice → stems → match →
//	context/negation/boosters → scores → (actors) → Report
//
//	normalize    invalid UTF-8 counted and read as space; words lower-cased, apostrophes unified
//	tokenize     words and numbers with byte offsets (Tokenize)
//	sentences    sentence spans (Sentences)
//	quotes/voice quoted spans (Quotes): reported speech, a scare quote or a name
//	stems        British spellings to American, then Snowball stems, cached without locks
//	match        multi-word terms over stem ids, in one pass over a trie
//	context      exact forms and except/requires phrases, negation, boosters
//	scores       weights per finding, sentence, category and document; labels
//	actors       with WithActors, the actor each finding is aimed at
//	Report       the JSON contract (docs/report-v1.schema.json)
//
// A report keeps at most one finding per 32 input bytes plus 1,000 and
// counts the rest in Report.Truncated, so that no input makes its memory
// grow past that (docs/limits.md). Report.WriteJSON writes a report to an
// io.Writer as it encodes it, the bytes encoding/json would write. A
// lexicon source may hold its compiled form (CompiledFile, CompileLexicon,
// CompileActors): LoadLexicon and LoadActors then decode no YAML and stem
// no word for the files it was compiled from.
//
// The package is pure: it reads lexicons only through the fs.FS it is given,
// imports no AWS SDK, reads no environment variables, does no other I/O and
// never logs. It returns errors and reports; the callers (cmd/slant, the
// Lambda) decide how to print, store or exit. It does not check facts or
// judge sources: a finding marks wording, for a reader to weigh.
package analyzer
