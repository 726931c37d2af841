package check

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/suppress"
)

// SARIF 2.1.0, the parts slant writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool       sarifTool     `json:"tool"`
		ColumnKind string        `json:"columnKind"`
		Results    []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifText struct {
		Text string `json:"text"`
	}
	sarifRule struct {
		ID               string     `json:"id"`
		Name             string     `json:"name,omitempty"`
		ShortDescription sarifText  `json:"shortDescription"`
		FullDescription  *sarifText `json:"fullDescription,omitempty"`
	}
	sarifResult struct {
		RuleID              string             `json:"ruleId"`
		RuleIndex           int                `json:"ruleIndex"`
		Level               string             `json:"level"`
		Message             sarifText          `json:"message"`
		Locations           []sarifLocation    `json:"locations"`
		PartialFingerprints map[string]string  `json:"partialFingerprints,omitempty"`
		Suppressions        []sarifSuppression `json:"suppressions,omitempty"`
		Properties          map[string]any     `json:"properties,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI string `json:"uri"`
			} `json:"artifactLocation"`
			Region *sarifRegion `json:"region,omitempty"`
		} `json:"physicalLocation"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
		ByteOffset  int `json:"byteOffset"`
		ByteLength  int `json:"byteLength"`
	}
	sarifSuppression struct {
		Kind          string `json:"kind"`
		Justification string `json:"justification"`
	}
)

// writeSARIF writes one SARIF 2.1.0 log: a rule per category (and
// "document"), a result per diagnostic with its region, and the suppressed
// findings as results with a suppression (inline: inSource; accepted terms
// and the sidecar: external).
func writeSARIF(w io.Writer, files []*File, o *options) error {
	ids := ruleIDs(files)
	run := sarifRun{ColumnKind: "unicodeCodePoints", Results: []sarifResult{}}
	run.Tool.Driver = sarifDriver{Name: "slant", Version: o.version, InformationURI: "https://github.com/slantnews/slant", Rules: []sarifRule{}}
	for _, id := range ids {
		r := sarifRule{ID: id, ShortDescription: sarifText{"author-voice intensity over the document threshold"}}
		for _, f := range files {
			if cat := f.category(id); cat != nil {
				r.Name, r.ShortDescription = cat.ID, sarifText{cat.Name}
				if d := strings.TrimSpace(cat.Description); d != "" {
					r.FullDescription = &sarifText{d}
				}
				break
			}
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, r)
	}
	for _, f := range files {
		lines := NewLines(f.Text)
		uri := (&url.URL{Path: filepath.ToSlash(f.Name)}).String()
		if f.Name == "-" {
			uri = "stdin"
		}
		region := func(start, end int) *sarifRegion {
			s, e := lines.At(start), lines.At(end)
			return &sarifRegion{s.Line, s.Column, e.Line, e.Column, start, end - start}
		}
		fingerprint := func(term string, sentence int) map[string]string {
			if sentence < 0 || sentence >= len(f.Report.Sentences) {
				return nil
			}
			return map[string]string{"slantTermSentence/v1": analyzer.TermKey(term) + ":" + suppress.SentenceHash(f.Text, f.Report.Sentences[sentence])}
		}
		sentenceOf := map[int]int{}
		for _, fd := range f.Report.Findings {
			sentenceOf[fd.Start] = fd.Sentence
		}
		for _, d := range Diagnostics(f) {
			res := sarifResult{RuleID: d.Rule, RuleIndex: slices.Index(ids, d.Rule), Level: d.Level, Message: sarifText{d.Message}}
			loc := sarifLocation{}
			loc.PhysicalLocation.ArtifactLocation.URI = uri
			if d.Rule != "document" {
				loc.PhysicalLocation.Region = region(d.Start, d.End)
				res.PartialFingerprints = fingerprint(d.Term, sentenceOf[d.Start])
				res.Properties = map[string]any{"term": d.Term}
			}
			res.Locations = []sarifLocation{loc}
			run.Results = append(run.Results, res)
		}
		for _, s := range f.Report.Suppressed {
			if s.Voice != analyzer.VoiceAuthor {
				continue
			}
			res := sarifResult{RuleID: s.Category, RuleIndex: slices.Index(ids, s.Category), Level: "note",
				Message: sarifText{fmt.Sprintf("%q (%s), suppressed: %s", s.Text, s.Category, s.Reason)}}
			loc := sarifLocation{}
			loc.PhysicalLocation.ArtifactLocation.URI = uri
			loc.PhysicalLocation.Region = region(s.Start, s.End)
			res.Locations = []sarifLocation{loc}
			res.PartialFingerprints = fingerprint(s.Term, s.Sentence)
			res.Properties = map[string]any{"term": s.Term}
			kind := "external"
			if s.Reason == analyzer.SuppressInline {
				kind = "inSource"
			}
			res.Suppressions = []sarifSuppression{{Kind: kind, Justification: s.Reason}}
			run.Results = append(run.Results, res)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}

// ruleIDs lists the rule ids of all files' diagnostics and suppressed
// findings, sorted.
func ruleIDs(files []*File) []string {
	var ids []string
	for _, f := range files {
		for _, d := range Diagnostics(f) {
			if !slices.Contains(ids, d.Rule) {
				ids = append(ids, d.Rule)
			}
		}
		for _, s := range f.Report.Suppressed {
			if !slices.Contains(ids, s.Category) {
				ids = append(ids, s.Category)
			}
		}
	}
	slices.Sort(ids)
	return ids
}
