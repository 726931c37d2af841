package tables

import (
	"strconv"

	"github.com/slantnews/slant/analyzer"
)

// Schema names the table contract this package writes; SchemaVersion is the
// value of every row's schema_version column and of the files' key-value
// metadata "slant.tables.schema". A change that renames, retypes or
// removes a column is a new version; adding a column is not.
const (
	Schema        = "slant.tables/v1"
	SchemaVersion = 1
)

// Table names, which are also the top-level directories of a tables tree.
const (
	Documents = "documents"
	Findings  = "findings"
)

// DocumentRow is one row of the documents table: one analyzed article.
// The partition columns outlet and date are not stored in the files (Hive
// and Athena take them from the path); OutletName and Published keep what
// the page said.
type DocumentRow struct {
	SchemaVersion   int32         `parquet:"schema_version"`
	DocID           string        `parquet:"doc_id"`
	Source          string        `parquet:"source"`
	SourceFormat    *string       `parquet:"source_format,optional"`
	SHA256          string        `parquet:"sha256"`
	URL             *string       `parquet:"url,optional"`
	OutletName      *string       `parquet:"outlet_name,optional"`
	Published       *string       `parquet:"published,optional"`
	Title           *string       `parquet:"title,optional"`
	Byline          *string       `parquet:"byline,optional"`
	Language        *string       `parquet:"language,optional"`
	LexiconVersion  string        `parquet:"lexicon_version"`
	Label           string        `parquet:"label"`
	Intensity       float64       `parquet:"intensity"`
	Per1000Words    float64       `parquet:"per_1000_words"`
	AuthorWeight    float64       `parquet:"author_weight"`
	QuotedWeight    float64       `parquet:"quoted_weight"`
	Threshold       float64       `parquet:"threshold"`
	Words           int64         `parquet:"words"`
	Sentences       int64         `parquet:"sentences"`
	Quotes          int64         `parquet:"quotes"`
	QuotedWords     int64         `parquet:"quoted_words"`
	FindingCount    int64         `parquet:"findings"`
	AuthorFindings  int64         `parquet:"author_findings"`
	QuotedFindings  int64         `parquet:"quoted_findings"`
	HeadlineFinding int64         `parquet:"headline_findings"`
	Categories      []CategoryRow `parquet:"categories,list"`
	// Added to v1 (additive, after the columns above): the reported voice,
	// so that author, quoted and reported findings sum to all of them.
	ReportedWeight   float64 `parquet:"reported_weight"`
	ReportedFindings int64   `parquet:"reported_findings"`
}

// CategoryRow is one element of documents.categories: the findings of one
// category in the document. Only categories with findings are listed.
type CategoryRow struct {
	Category    string  `parquet:"category"`
	Count       int64   `parquet:"count"`
	Weight      float64 `parquet:"weight"`
	AuthorCount int64   `parquet:"author_count"`
	QuotedCount int64   `parquet:"quoted_count"`
	// Added to v1: the category's findings in reported speech.
	ReportedCount int64 `parquet:"reported_count"`
}

// FindingRow is one row of the findings table. Start and End are byte
// offsets into the report's text (its input when the report has no text).
type FindingRow struct {
	SchemaVersion int32   `parquet:"schema_version"`
	DocID         string  `parquet:"doc_id"`
	Finding       int32   `parquet:"finding"`
	Term          string  `parquet:"term"`
	Category      string  `parquet:"category"`
	Text          string  `parquet:"text"`
	Weight        float64 `parquet:"weight"`
	BaseWeight    float64 `parquet:"base_weight"`
	Voice         string  `parquet:"voice"`
	Negated       bool    `parquet:"negated"`
	Actor         *string `parquet:"actor,optional"`
	Sentence      int32   `parquet:"sentence"`
	Start         int64   `parquet:"start"`
	End           int64   `parquet:"end"`
	Headline      bool    `parquet:"headline"`
	// Added to v1: the finding's technique, a SemEval-2020 Task 11 class or
	// a slant: name (docs/report.md).
	Technique string `parquet:"technique"`
}

// DocID is the key that joins a report's rows: the report's id when it has
// one (batch JSON Lines, JSONL exports), else s3://bucket/key when it came
// from S3, else its source name. A record of an archive or stream (WARC,
// JSON Lines) without an id adds "#" and its record number, so that the
// pages of one archive stay apart: s3://bucket/crawl.warc.gz#3.
func DocID(r *analyzer.Report) string {
	if r.ID != nil && *r.ID != "" {
		return *r.ID
	}
	id := r.Source.Name
	if r.Source.Bucket != "" {
		id = "s3://" + r.Source.Bucket + "/" + r.Source.Key
	}
	if r.Document != nil && r.Document.Record != nil {
		id += "#" + strconv.Itoa(r.Document.Record.Number)
	}
	return id
}

// Rows returns the report's documents row and findings rows.
func Rows(r *analyzer.Report) (DocumentRow, []FindingRow) {
	id := DocID(r)
	d := DocumentRow{
		SchemaVersion:  SchemaVersion,
		DocID:          id,
		Source:         r.Source.Name,
		SourceFormat:   opt(r.Source.Format),
		SHA256:         r.Source.SHA256,
		LexiconVersion: r.Lexicon.Version,
		Label:          r.Label,
		Intensity:      r.Score.Intensity,
		Per1000Words:   r.Score.Per1000Words,
		AuthorWeight:   r.Score.AuthorWeight,
		QuotedWeight:   r.Score.QuotedWeight,
		ReportedWeight: r.Score.ReportedWeight,
		Threshold:      r.Score.Threshold,
		Words:          int64(r.Stats.Words),
		Sentences:      int64(r.Stats.Sentences),
		Quotes:         int64(r.Stats.Quotes),
		QuotedWords:    int64(r.Stats.QuotedWords),
		FindingCount:   int64(len(r.Findings)),
	}
	if m := r.Document; m != nil {
		d.URL, d.OutletName, d.Published = opt(m.URL), opt(m.Outlet), opt(m.Published)
		d.Title, d.Byline, d.Language = opt(m.Title), opt(m.Byline), opt(m.Language)
	}
	for _, c := range r.Categories {
		if c.Count == 0 {
			continue
		}
		d.Categories = append(d.Categories, CategoryRow{Category: c.ID, Count: int64(c.Count), Weight: c.Weight,
			AuthorCount: int64(c.AuthorCount), QuotedCount: int64(c.QuotedCount), ReportedCount: int64(c.ReportedCount)})
	}
	fs := make([]FindingRow, len(r.Findings))
	for i, f := range r.Findings {
		switch f.Voice {
		case analyzer.VoiceAuthor:
			d.AuthorFindings++
		case analyzer.VoiceQuoted:
			d.QuotedFindings++
		case analyzer.VoiceReported:
			d.ReportedFindings++
		}
		if f.Headline {
			d.HeadlineFinding++
		}
		fs[i] = FindingRow{
			SchemaVersion: SchemaVersion, DocID: id, Finding: int32(i),
			Term: f.Term, Category: f.Category, Text: f.Text, Weight: f.Weight, BaseWeight: f.BaseWeight,
			Voice: f.Voice, Negated: f.Negated, Actor: opt(f.Actor), Sentence: int32(f.Sentence),
			Start: int64(f.Start), End: int64(f.End), Headline: f.Headline, Technique: f.Technique,
		}
	}
	return d, fs
}

// opt is s as an optional column: nil (null) when empty.
func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
