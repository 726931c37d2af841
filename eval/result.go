package eval

import (
	"encoding/json"

	"github.com/slantnews/slant/analyzer"
)

// Result is the outcome of Run: what `slant eval --format json` prints.
type Result struct {
	// Labels names the labeled file; Run leaves it empty for the caller to fill.
	Labels     string               `json:"labels"`
	Rows       int                  `json:"rows"`
	Lexicon    analyzer.LexiconInfo `json:"lexicon"`
	Threshold  float64              `json:"sentence_threshold"`
	Rule       string               `json:"rule"`
	Sentence   SentenceResult       `json:"sentence"`
	Word       WordResult           `json:"word"`
	Categories []CategoryResult     `json:"categories"`
	Terms      []TermResult         `json:"terms"`
	Errors     Mistakes             `json:"errors"`
}

// Rule is how a row's prediction is made (Result.Rule).
const Rule = "a row is predicted biased when any of its sentences is labeled loaded"

// ClassMetrics are precision, recall and F1 of one class.
type ClassMetrics struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"`
}

// Confusion counts rows by gold label (first word) and prediction.
type Confusion struct {
	BiasedBiased   int `json:"biased_predicted_biased"`
	BiasedNeutral  int `json:"biased_predicted_neutral"`
	NeutralBiased  int `json:"neutral_predicted_biased"`
	NeutralNeutral int `json:"neutral_predicted_neutral"`
}

// SentenceResult is the sentence task.
type SentenceResult struct {
	Biased    ClassMetrics `json:"biased"`
	Neutral   ClassMetrics `json:"neutral"`
	MacroF1   float64      `json:"macro_f1"`
	Accuracy  float64      `json:"accuracy"`
	Confusion Confusion    `json:"confusion"`
	// Sweep is macro-F1 at other sentence thresholds, computed from the
	// same findings: what rules.yaml's sentence_threshold was chosen from.
	Sweep []SweepPoint `json:"threshold_sweep"`
	// ReportedSweep is macro-F1 at other reported_factor values, at the
	// lexicon's sentence threshold: what rules.yaml's reported_factor was
	// chosen from. Factor 1 scores reported speech as the writer's voice.
	ReportedSweep []FactorPoint `json:"reported_factor_sweep"`
	// FalseAlarms are the neutral rows predicted biased, and where their
	// loaded sentences' findings sit.
	FalseAlarms FalseAlarms `json:"false_alarms"`
}

// FactorPoint is the sentence task at one reported_factor.
type FactorPoint struct {
	Factor       float64 `json:"reported_factor"`
	MacroF1      float64 `json:"macro_f1"`
	FalseAlarms  int     `json:"false_alarms"`
	MissedBiased int     `json:"missed_biased"`
}

// FalseAlarms counts neutral rows predicted biased: ReportedRows of them
// have a reported-speech finding in a loaded sentence; Findings counts the
// findings of their loaded sentences by voice.
type FalseAlarms struct {
	Rows         int            `json:"rows"`
	ReportedRows int            `json:"reported_rows"`
	Findings     map[string]int `json:"findings_by_voice"`
}

// SweepPoint is the sentence task at one threshold.
type SweepPoint struct {
	Threshold float64 `json:"threshold"`
	MacroF1   float64 `json:"macro_f1"`
}

// WordResult is the word task.
type WordResult struct {
	Annotated      int     `json:"annotated_words"`
	Found          int     `json:"annotated_words_found"`
	Recall         float64 `json:"recall"`
	Findings       int     `json:"findings"`
	FindingsOnWord int     `json:"findings_on_annotated_words"`
	Precision      float64 `json:"precision"`
	F1             float64 `json:"f1"`
}

// Count is a term or category with how often it caused an error.
type Count struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// CategoryResult says how one category fared.
type CategoryResult struct {
	ID string `json:"id"`
	// Findings in all rows, and how many of them overlap an annotated word.
	Findings       int `json:"findings"`
	FindingsOnWord int `json:"findings_on_annotated_words"`
	// Rows in which the category has a finding in a loaded sentence, by gold label.
	BiasedRows  int `json:"biased_rows"`
	NeutralRows int `json:"neutral_rows"`
}

// TermResult says how one lexicon term fared (JSON output only).
type TermResult struct {
	Term           string `json:"term"`
	Category       string `json:"category"`
	Findings       int    `json:"findings"`
	FindingsOnWord int    `json:"findings_on_annotated_words"`
	// Rows with the term anywhere, by gold label.
	BiasedRows  int `json:"biased_rows"`
	NeutralRows int `json:"neutral_rows"`
}

// Mistakes lists what is behind the errors, most frequent first (at most 15
// of each).
type Mistakes struct {
	// Terms and categories of findings in loaded sentences of neutral rows.
	FalsePositiveTerms      []Count `json:"false_positive_terms"`
	FalsePositiveCategories []Count `json:"false_positive_categories"`
	// Annotated words of biased rows predicted neutral, and the categories of
	// the findings that stayed under the sentence threshold in those rows.
	FalseNegativeWords      []Count `json:"false_negative_words"`
	FalseNegativeCategories []Count `json:"false_negative_categories"`
	// Findings that overlap no annotated word, and annotated words no finding overlaps.
	UnmatchedFindingTerms []Count `json:"unmatched_finding_terms"`
	MissedAnnotatedWords  []Count `json:"missed_annotated_words"`
}

// JSON returns the result as indented JSON with a final newline.
func (r *Result) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
