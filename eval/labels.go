package eval

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The two labels a row can carry.
const (
	LabelBiased  = "biased"
	LabelNeutral = "neutral"
)

// Row is one labeled sentence.
type Row struct {
	Line   int    // line of the row in the CSV
	Text   string // the sentence
	Biased bool   // labeled biased (else neutral)
	// Words are the annotated words, as written (biased_words, split at ";").
	Words []string
}

// ReadLabels reads a labeled CSV. The header must name the columns text and
// label (biased or neutral, any case); biased_words, words separated by ";",
// is optional and other columns are ignored. name is used only in errors
// (name:line: ...). Every bad row is reported at once.
func ReadLabels(name string, r io.Reader) ([]Row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	ti, ok1 := col["text"]
	li, ok2 := col["label"]
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("%s:1: header must include text and label", name)
	}
	wi, hasWords := col["biased_words"]
	var rows []Row
	var errs []error
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if ti >= len(rec) || li >= len(rec) {
			errs = append(errs, fmt.Errorf("%s:%d: missing text or label", name, line))
			continue
		}
		row := Row{Line: line, Text: rec[ti]}
		switch strings.ToLower(strings.TrimSpace(rec[li])) {
		case LabelBiased:
			row.Biased = true
		case LabelNeutral:
		default:
			errs = append(errs, fmt.Errorf("%s:%d: label %q must be %s or %s", name, line, rec[li], LabelBiased, LabelNeutral))
			continue
		}
		if hasWords && wi < len(rec) {
			for _, w := range strings.Split(rec[wi], ";") {
				if w = strings.TrimSpace(w); w != "" {
					row.Words = append(row.Words, w)
				}
			}
		}
		rows = append(rows, row)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no rows", name)
	}
	return rows, nil
}
