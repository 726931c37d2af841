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
// The package is pure: it reads lexicons only through the fs.FS it is given,
// imports no AWS SDK, reads no environment variables, does no other I/O and
// never logs. It returns errors and reports; the callers (cmd/slant, the
// Lambda) decide how to print, store or exit. It does not check facts or
// judge sources: a finding marks wording, for a reader to weigh.
package analyzer
