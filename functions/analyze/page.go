package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/ingest"
)

// Error report code of a page whose extraction found no article.
const codeNoArticle = "no_article"

// analyzeObject makes the report of an object read whole: plain text as
// before, an HTML page as its article (the report carries document and
// text). It returns the report and the text its offsets index; when done is
// set, r is the outcome instead (an error report, or an archive read from
// memory).
func (h *Handler) analyzeObject(ctx context.Context, t target, obj *object) (rep *analyzer.Report, text []byte, r result, done bool) {
	format := ingest.Detect(t.Key, obj.ContentType, obj.Data[:min(len(obj.Data), 4096)])
	switch format {
	case ingest.FormatWARC, ingest.FormatJSONL:
		c := newContinuation(t, format)
		return nil, nil, h.archivePiece(ctx, t, c, bytes.NewReader(obj.Data)), true
	case ingest.FormatHTML:
		doc, err := ingest.HTML(obj.Data, ingest.WithContentType(obj.ContentType), ingest.WithMaxPageBytes(h.cfg.MaxObjectBytes))
		switch {
		case errors.Is(err, ingest.ErrNoArticle):
			return nil, nil, h.fail(ctx, t, codeNoArticle, fmt.Sprintf("s3://%s/%s: %v", t.Bucket, t.Key, err), int64(len(obj.Data))), true
		case err != nil:
			return nil, nil, h.fail(ctx, t, codeTooLarge, err.Error(), int64(len(obj.Data))), true
		}
		return h.analyzeDocument(t.Key, doc), doc.Text, result{}, false
	}
	if err := analyzer.CheckInput(obj.Data, h.cfg.MaxObjectBytes); err != nil {
		code := codeNotText
		if errors.Is(err, analyzer.ErrTooLarge) {
			code = codeTooLarge
		}
		return nil, nil, h.fail(ctx, t, code, err.Error(), int64(len(obj.Data))), true
	}
	return h.analyzeText(t.Key, obj.Data), obj.Data, result{}, false
}
