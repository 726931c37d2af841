package analyzer

// Document is what an extracted page or archive record says about itself:
// the report's "document" object. A field is empty, and omitted, when it is
// unknown. The analyzer never fills it; the caller that extracted the text
// does (see SetText).
type Document struct {
	Title     string  `json:"title,omitempty"`
	Byline    string  `json:"byline,omitempty"`
	Published string  `json:"published,omitempty"` // RFC 3339, or YYYY-MM-DD when only the day is known
	Outlet    string  `json:"outlet,omitempty"`    // the site's name
	URL       string  `json:"url,omitempty"`       // canonical URL
	Language  string  `json:"language,omitempty"`  // BCP 47, as the page declares it
	Record    *Record `json:"record,omitempty"`    // where in an archive or JSON Lines stream
}

// Record locates a document inside a WARC archive or a JSON Lines stream.
type Record struct {
	Number    int    `json:"number"`               // 1-based record number, or line number
	Offset    int64  `json:"offset"`               // byte offset of the record (its gzip member) or line
	ID        string `json:"id,omitempty"`         // WARC-Record-ID, or the line's id
	TargetURI string `json:"target_uri,omitempty"` // WARC-Target-URI
	Date      string `json:"date,omitempty"`       // WARC-Date, RFC 3339
}

// SetText records that the report was made from text extracted from an
// input of the given format ("html", "warc", "jsonl"): it sets
// source.format, puts text (the bytes Analyze was given, which every offset
// indexes) in the report, and marks as headline findings and sentences those
// that end within the first headlineEnd bytes (0: no headline). Call it on
// the report Analyze returned for text; a plain-text report needs none of it.
func (r *Report) SetText(format string, text []byte, headlineEnd int) {
	r.Source.Format = format
	s := string(text)
	r.Text = &s
	if headlineEnd <= 0 {
		return
	}
	for i := range r.Findings {
		if r.Findings[i].End <= headlineEnd {
			r.Findings[i].Headline = true
		}
	}
	for i := range r.Sentences {
		if r.Sentences[i].End <= headlineEnd {
			r.Sentences[i].Headline = true
		}
	}
}
