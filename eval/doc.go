// Package eval measures an analyzer against sentences that people labeled:
// it reads a labeled CSV (ReadLabels), analyzes every row and scores the
// analyzer's verdicts against the labels (Run), and writes the result for a
// terminal (WriteText) or as JSON (Result.JSON). It is what `slant eval`
// prints; it does not find or score framing itself (package analyzer does).
//
// Sentence task. Each row is analyzed as one input. A row is predicted
// biased when any of its sentences is labeled loaded (its weight reaches
// scoring.sentence_threshold in rules.yaml). The document label is not used:
// it is a density (findings per 1,000 words), which for a one-sentence input
// swings with the sentence's length, while the sentence label is the
// analyzer's own per-sentence verdict. A row that the splitter cuts into
// several sentences is biased when its most loaded sentence is.
//
// Word task. Annotated words are located in the row's text by their
// normalized form (lower case, Snowball stem); a finding counts when its byte
// span overlaps one of those occurrences. Recall is the share of annotated
// words that some finding overlaps; precision is the share of all findings,
// in all rows, that overlap an annotated word (a finding in a row with no
// annotated words counts against precision).
package eval
