package analyzer

// Schema is the identifier of the report contract this package emits.
const Schema = "slant.report/v1"

// Report is the slant.report/v1 document: the JSON contract that every surface
// of the project emits. Field order here is the order in the JSON output.
type Report struct {
	Schema     string          `json:"schema"`
	ID         *string         `json:"id,omitempty"`
	Source     Source          `json:"source"`
	Document   *Document       `json:"document,omitempty"`
	Lexicon    LexiconInfo     `json:"lexicon"`
	Config     *ConfigInfo     `json:"config,omitempty"`
	Stats      Stats           `json:"stats"`
	Label      string          `json:"label"`
	Score      Score           `json:"score"`
	Categories []CategoryScore `json:"categories"`
	Findings   []Finding       `json:"findings"`
	Truncated  *Truncated      `json:"truncated,omitempty"`
	Sentences  []SentenceScore `json:"sentences"`
	Actors     []ActorScore    `json:"actors,omitempty"`
	Quotes     []Speech        `json:"quotes,omitempty"`
	Speakers   []Speaker       `json:"speakers,omitempty"`
	Suppressed []Suppressed    `json:"suppressed,omitempty"`
	Text       *string         `json:"text,omitempty"`
}

// Source describes the analyzed input. The S3 fields are set only by the Lambda.
type Source struct {
	Name      string `json:"name"`
	Format    string `json:"format,omitempty"` // absent for plain text
	Bytes     int    `json:"bytes"`
	SHA256    string `json:"sha256"`
	Bucket    string `json:"bucket,omitempty"`
	Key       string `json:"key,omitempty"`
	VersionID string `json:"version_id,omitempty"`
	ETag      string `json:"etag,omitempty"`
}

// LexiconInfo identifies the lexicon set a report was produced with.
type LexiconInfo struct {
	Version    string `json:"version"`
	SHA256     string `json:"sha256"`
	Categories int    `json:"categories"`
	Entries    int    `json:"entries"`
}

// Stats counts what the analyzer saw.
type Stats struct {
	Words       int `json:"words"`
	Sentences   int `json:"sentences"`
	InvalidUTF8 int `json:"invalid_utf8"`
	Quotes      int `json:"quotes"`
	QuotedWords int `json:"quoted_words"`
	Suppressed  int `json:"suppressed,omitempty"` // len(Report.Suppressed)
}

// Score holds the document-level figures; docs/scoring.md gives each formula.
type Score struct {
	Intensity    float64 `json:"intensity"`
	Per1000Words float64 `json:"per_1000_words"`
	AuthorWeight float64 `json:"author_weight"`
	QuotedWeight float64 `json:"quoted_weight"`
	// ReportedWeight sums the findings in reported speech (voice reported).
	ReportedWeight float64 `json:"reported_weight"`
	Threshold      float64 `json:"threshold"`
}

// CategoryScore sums the findings of one category.
type CategoryScore struct {
	ID          string  `json:"id"`
	Name        string  `json:"name"`
	Count       int     `json:"count"`
	Weight      float64 `json:"weight"`
	AuthorCount int     `json:"author_count"`
	QuotedCount int     `json:"quoted_count"`
	// ReportedCount counts the category's findings in reported speech.
	ReportedCount int `json:"reported_count"`
}

// Factor is one modifier applied to a finding's base weight.
type Factor struct {
	Kind   string  `json:"kind"` // "negation" or "booster"
	Term   string  `json:"term"` // the text that caused it, e.g. "not" or "strongly"
	Factor float64 `json:"factor"`
}

// Finding is one piece of loaded or framing language, with its evidence.
type Finding struct {
	Start      int      `json:"start"`
	End        int      `json:"end"`
	Text       string   `json:"text"`
	Term       string   `json:"term"`
	Category   string   `json:"category"`
	Technique  string   `json:"technique"`
	Weight     float64  `json:"weight"`
	Voice      string   `json:"voice"`
	Negated    bool     `json:"negated"`
	Sentence   int      `json:"sentence"`
	BaseWeight float64  `json:"base_weight"`
	Factors    []Factor `json:"factors,omitempty"`
	Suggestion string   `json:"suggestion,omitempty"`
	Actor      string   `json:"actor,omitempty"`
	// Reason is why a project configuration bans the term (category "banned").
	Reason   string `json:"reason,omitempty"`
	Headline bool   `json:"headline,omitempty"`
}

// Truncated counts what a report leaves out because the input holds more of
// it than any news does: findings past one per 32 input bytes plus 1,000
// (docs/limits.md). Those are not in findings and count in no score.
type Truncated struct {
	Findings int `json:"findings"`
}

// SentenceScore is one sentence's span, weight and label.
type SentenceScore struct {
	Start    int     `json:"start"`
	End      int     `json:"end"`
	Weight   float64 `json:"weight"`
	Label    string  `json:"label"`
	Findings int     `json:"findings"`
	Headline bool    `json:"headline,omitempty"`
}

// ActorScore is filled by actor attribution (who a finding is aimed at).
type ActorScore struct {
	Name       string   `json:"name"`
	Mentions   int      `json:"mentions"`
	Findings   int      `json:"findings"`
	Weight     float64  `json:"weight"`
	Categories []string `json:"categories"`
}

// Voice values.
const (
	VoiceAuthor = "author"
	VoiceQuoted = "quoted"
	// VoiceReported is reported speech without quotation marks: the
	// complement of a speech verb or an "according to" phrase.
	VoiceReported = "reported"
)

// Label values.
const (
	LabelLoaded  = "loaded"
	LabelNeutral = "neutral"
)

// JSON returns the report as indented JSON with a final newline. The bytes are
// a function of the report alone, so equal reports give equal bytes.
func (r *Report) JSON() ([]byte, error) { return r.encodeBytes(true) }

// CompactJSON returns the report as one line of JSON with a final newline.
func (r *Report) CompactJSON() ([]byte, error) { return r.encodeBytes(false) }
