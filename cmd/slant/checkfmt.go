package main

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

// writeCheckText prints "file:line:col: level: message [rule] (bytes start-end)"
// for each diagnostic and a verdict line per file.
func writeCheckText(w io.Writer, files []*checked) error {
	for _, c := range files {
		for _, d := range c.diagnostics() {
			p := c.lines.at(d.start)
			fmt.Fprintf(w, "%s:%d:%d: %s: %s [%s] (bytes %d-%d)\n", c.name, p.line, p.col, d.level, d.message, d.rule, d.start, d.end)
		}
		v := c.verdict
		status := "ok"
		if v.Fail {
			status = "FAIL"
		}
		fmt.Fprintf(w, "%s: %s: author-voice intensity %.1f (threshold %g), %d sentences at or over %g, %d banned, %d suppressed\n",
			c.name, status, v.AuthorIntensity, v.DocumentThreshold, len(v.LoadedSentences), v.SentenceThreshold, len(v.Banned), c.rep.Stats.Suppressed)
	}
	return nil
}

// writeCheckGitHub prints GitHub Actions workflow commands, one per
// diagnostic: ::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message.
func writeCheckGitHub(w io.Writer, files []*checked) error {
	for _, c := range files {
		for _, d := range c.diagnostics() {
			s, e := c.lines.at(d.start), c.lines.at(d.end)
			fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
				d.level, ghProperty(c.name), s.line, s.col, e.line, e.col, ghProperty("slant "+d.rule), ghData(d.message))
		}
	}
	return nil
}

// ghData and ghProperty escape a workflow command's message and properties.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// rdPosition, rdRange and rdDiagnostic are reviewdog's Diagnostic Format
// (rdjsonl): columns count UTF-8 bytes, starting at 1.
type rdPosition struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

type rdRange struct {
	Start rdPosition `json:"start"`
	End   rdPosition `json:"end"`
}

type rdDiagnostic struct {
	Message  string `json:"message"`
	Location struct {
		Path  string  `json:"path"`
		Range rdRange `json:"range"`
	} `json:"location"`
	Severity string `json:"severity"`
	Source   struct {
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	} `json:"source"`
	Code struct {
		Value string `json:"value"`
	} `json:"code"`
}

// writeCheckRDJSONL prints one reviewdog diagnostic per line.
func writeCheckRDJSONL(w io.Writer, files []*checked) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, c := range files {
		for _, d := range c.diagnostics() {
			s, e := c.lines.at(d.start), c.lines.at(d.end)
			var rd rdDiagnostic
			rd.Message = d.message
			rd.Location.Path = c.name
			rd.Location.Range = rdRange{rdPosition{s.line, s.byteCol}, rdPosition{e.line, e.byteCol}}
			rd.Severity = strings.ToUpper(d.level)
			rd.Source.Name = "slant"
			rd.Source.URL = "https://github.com/slantnews/slant"
			rd.Code.Value = d.rule
			if d.term != "" {
				rd.Code.Value += "/" + d.term
			}
			if err := enc.Encode(rd); err != nil {
				return err
			}
		}
	}
	return nil
}

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
		Version        string      `json:"version"`
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

// writeCheckSARIF writes one SARIF 2.1.0 log: a rule per category (and
// "document"), a result per diagnostic with its region, and the suppressed
// findings as results with a suppression (inline: inSource; accepted terms
// and the sidecar: external).
func writeCheckSARIF(w io.Writer, files []*checked) error {
	ids := sortedRules(files)
	run := sarifRun{ColumnKind: "unicodeCodePoints", Results: []sarifResult{}}
	run.Tool.Driver = sarifDriver{Name: "slant", Version: toolVersion(), InformationURI: "https://github.com/slantnews/slant", Rules: []sarifRule{}}
	for _, id := range ids {
		r := sarifRule{ID: id, ShortDescription: sarifText{"author-voice intensity over the document threshold"}}
		for _, c := range files {
			if cat := c.lex.Category(id); cat != nil {
				r.Name, r.ShortDescription = cat.ID, sarifText{cat.Name}
				if d := strings.TrimSpace(cat.Description); d != "" {
					r.FullDescription = &sarifText{d}
				}
				break
			}
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, r)
	}
	for _, c := range files {
		uri := (&url.URL{Path: filepath.ToSlash(c.name)}).String()
		if c.name == "-" {
			uri = "stdin"
		}
		region := func(start, end int) *sarifRegion {
			s, e := c.lines.at(start), c.lines.at(end)
			return &sarifRegion{s.line, s.col, e.line, e.col, start, end - start}
		}
		fingerprint := func(term string, sentence int) map[string]string {
			if sentence < 0 || sentence >= len(c.rep.Sentences) {
				return nil
			}
			return map[string]string{"slantTermSentence/v1": analyzer.TermKey(term) + ":" + suppress.SentenceHash(c.input, c.rep.Sentences[sentence])}
		}
		sentenceOf := map[int]int{}
		for _, f := range c.rep.Findings {
			sentenceOf[f.Start] = f.Sentence
		}
		for _, d := range c.diagnostics() {
			res := sarifResult{RuleID: d.rule, RuleIndex: slices.Index(ids, d.rule), Level: d.level, Message: sarifText{d.message}}
			loc := sarifLocation{}
			loc.PhysicalLocation.ArtifactLocation.URI = uri
			if d.rule != "document" {
				loc.PhysicalLocation.Region = region(d.start, d.end)
				res.PartialFingerprints = fingerprint(d.term, sentenceOf[d.start])
				res.Properties = map[string]any{"term": d.term}
			}
			res.Locations = []sarifLocation{loc}
			run.Results = append(run.Results, res)
		}
		for _, s := range c.rep.Suppressed {
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
