package check

import (
	"encoding/json"
	"io"
	"strings"
)

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

// writeRDJSONL prints one reviewdog diagnostic per line.
func writeRDJSONL(w io.Writer, files []*File, _ *options) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, f := range files {
		lines := NewLines(f.Text)
		for _, d := range Diagnostics(f) {
			s, e := lines.At(d.Start), lines.At(d.End)
			var rd rdDiagnostic
			rd.Message = d.Message
			rd.Location.Path = f.Name
			rd.Location.Range = rdRange{rdPosition{s.Line, s.ByteColumn}, rdPosition{e.Line, e.ByteColumn}}
			rd.Severity = strings.ToUpper(d.Level)
			rd.Source.Name = "slant"
			rd.Source.URL = "https://github.com/slantnews/slant"
			rd.Code.Value = d.Rule
			if d.Term != "" {
				rd.Code.Value += "/" + d.Term
			}
			if err := enc.Encode(rd); err != nil {
				return err
			}
		}
	}
	return nil
}
