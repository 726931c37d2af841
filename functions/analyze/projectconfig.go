package main

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/config"
	"github.com/slantnews/slant/ingest"
	"github.com/slantnews/slant/internal/docreport"
	"github.com/slantnews/slant/suppress"
)

// maxConfigBytes bounds the CONFIG_URI object.
const maxConfigBytes = 1 << 20

// loadProjectConfig reads and validates CONFIG_URI's object, the same
// .slant.yaml the CLI reads. Its lexicons and actors keys name local
// directories and are ignored here: LEXICON_URI is the Lambda's way to add
// lexicons. It returns nil when CONFIG_URI is not set.
func loadProjectConfig(ctx context.Context, cfg Config, st store) (*config.Config, error) {
	if cfg.ConfigBucket == "" {
		return nil, nil
	}
	uri := fmt.Sprintf("s3://%s/%s", cfg.ConfigBucket, cfg.ConfigKey)
	obj, err := st.Get(ctx, cfg.ConfigBucket, cfg.ConfigKey, "", maxConfigBytes)
	if err != nil {
		return nil, fmt.Errorf("CONFIG_URI %s: %w", uri, err)
	}
	pc, err := config.Parse(uri, obj.Data)
	if err != nil {
		return nil, fmt.Errorf("CONFIG_URI %s: invalid configuration:\n%w", uri, err)
	}
	return pc, nil
}

// buildEngine applies the project configuration (nil for none) over the
// lexicon sources.
func buildEngine(pc *config.Config, sources []fs.FS, opts ...analyzer.Option) (*config.Engine, error) {
	return config.Build(pc, sources, opts...)
}

// analyzeText analyzes the text of one plain-text object or record through
// the Engine: the configuration's accepted and banned terms and the text's
// inline directives apply. Without CONFIG_URI it is the analyzer alone.
func (h *Handler) analyzeText(key string, text []byte) *analyzer.Report {
	return h.analyzeWith(key, text, suppress.Comments(text))
}

// analyzeDocument is analyzeText over an extracted document: a page's
// directives are its slant-* comments, which ingest keeps at their offsets
// in the text; the report then says what the document says about itself
// (format, metadata, text, headline).
func (h *Handler) analyzeDocument(key string, doc *ingest.Document) *analyzer.Report {
	rep := h.analyzeWith(key, doc.Text, docreport.Comments(doc))
	docreport.Finish(rep, doc)
	return rep
}

func (h *Handler) analyzeWith(key string, text []byte, comments []suppress.Comment) *analyzer.Report {
	if h.eng == nil {
		return h.an.Analyze(key, text)
	}
	dirs, _ := suppress.Parse(comments)
	return h.eng.Analyze(config.Input{Name: key, Data: text, Directives: dirs})
}
