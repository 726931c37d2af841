package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/compare"
	"github.com/slantnews/slant/ingest"
	"github.com/slantnews/slant/render"
)

// source is one document in a JSON request: its text or its HTML page.
type source struct {
	Text *string `json:"text"`
	HTML *string `json:"html"`
	Name string  `json:"name"`
}

// analyzeRequest is the JSON body of POST /v1/analyze.
type analyzeRequest struct {
	source
	Format string `json:"format"`
}

// compareRequest is the JSON body of POST /v1/compare.
type compareRequest struct {
	A      *source `json:"a"`
	B      *source `json:"b"`
	Format string  `json:"format"`
}

// document checks that exactly one of text and html is given.
func (src *source) document(field, fallback string) (document, error) {
	name := cleanName(src.Name, fallback)
	untitled := name == fallback
	switch {
	case src.Text != nil && src.HTML != nil:
		return document{}, errorf(http.StatusBadRequest, "%sgive text or html, not both", field)
	case src.Text != nil:
		return document{name: name, untitled: untitled, data: []byte(*src.Text)}, nil
	case src.HTML != nil:
		return document{name: name, untitled: untitled, data: []byte(*src.HTML), html: true}, nil
	}
	return document{}, errorf(http.StatusBadRequest, "%smissing field: text or html", field)
}

// Formats of the API's responses.
var (
	reportFormats  = []string{"json", "text", "markdown", "html"}
	compareFormats = []string{"json", "text", "html"}
)

func checkFormat(format string, allowed []string) (string, error) {
	if format == "" {
		return "json", nil
	}
	for _, f := range allowed {
		if f == format {
			return f, nil
		}
	}
	return "", errorf(http.StatusBadRequest, "unknown format %q (want one of %q)", format, allowed)
}

// decodeJSON decodes exactly one JSON value, unknown fields refused.
func decodeJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return errorf(http.StatusBadRequest, "bad JSON at byte %d: %v", se.Offset, se)
		case errors.As(err, &te):
			// An embedded source's fields are the request's own.
			return errorf(http.StatusBadRequest, "bad JSON: field %q wants a %s", strings.TrimPrefix(te.Field, "source."), te.Type)
		case errors.Is(err, io.EOF):
			return errorf(http.StatusBadRequest, "bad JSON: the body is empty")
		default:
			return errorf(http.StatusBadRequest, "bad JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
		}
	}
	if dec.More() {
		return errorf(http.StatusBadRequest, "bad JSON: more than one value in the body")
	}
	return nil
}

// mediaType is the request's Content-Type without parameters. A charset other
// than UTF-8 is refused: the server reads UTF-8 only.
func mediaType(r *http.Request) (string, error) {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return "", errorf(http.StatusUnsupportedMediaType, "no Content-Type: send text/plain, text/html or application/json")
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", errorf(http.StatusUnsupportedMediaType, "bad Content-Type %q", ct)
	}
	if cs, ok := params["charset"]; ok && mt != "text/html" && !equalFold(cs, "utf-8") && !equalFold(cs, "us-ascii") {
		return "", errorf(http.StatusUnsupportedMediaType, "charset %q: send UTF-8", cs)
	}
	return mt, nil
}

func equalFold(a, b string) bool { return bytes.EqualFold([]byte(a), []byte(b)) }

// begin does what every POST does once its content type is known: take a
// slot, then read the body. The caller releases the lease.
func (s *Server) begin(w http.ResponseWriter, r *http.Request) (*lease, []byte, error) {
	l := s.acquire()
	if l == nil {
		return nil, nil, errBusy
	}
	data, err := s.readBody(w, r)
	if err != nil {
		l.release()
		return nil, nil, err
	}
	return l, data, nil
}

// onlyPost refuses every method but POST.
func onlyPost(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return errorf(http.StatusMethodNotAllowed, "use POST")
	}
	return nil
}

// apiAnalyze is POST /v1/analyze: a text/plain or text/html body (format and
// name in the query), or JSON {"text"|"html", "name", "format"}.
func (s *Server) apiAnalyze(w http.ResponseWriter, r *http.Request) {
	if err := s.doAnalyze(w, r); err != nil {
		writeError(w, asHTTPError(err))
	}
}

func (s *Server) doAnalyze(w http.ResponseWriter, r *http.Request) error {
	if err := onlyPost(w, r); err != nil {
		return err
	}
	mt, err := mediaType(r)
	if err != nil {
		return err
	}
	switch mt {
	case "text/plain", "text/html", "application/json":
	default:
		return errorf(http.StatusUnsupportedMediaType, "unsupported Content-Type %q: send text/plain, text/html or application/json", mt)
	}
	l, data, err := s.begin(w, r)
	if err != nil {
		return err
	}
	defer l.release()
	var doc document
	format := r.URL.Query().Get("format")
	if mt == "application/json" {
		var req analyzeRequest
		if err := decodeJSON(data, &req); err != nil {
			return err
		}
		if doc, err = req.document("", "text"); err != nil {
			return err
		}
		if req.Format != "" {
			format = req.Format
		}
	} else {
		name := cleanName(r.URL.Query().Get("name"), "text")
		doc = document{name: name, untitled: name == "text", data: data, html: mt == "text/html", contentType: r.Header.Get("Content-Type")}
	}
	if format, err = checkFormat(format, reportFormats); err != nil {
		return err
	}
	art, name, err := s.article(doc)
	if err != nil {
		return err
	}
	rep, err := s.analyzeDoc(r.Context(), l, name, art)
	if err != nil {
		return err
	}
	text := art.Text
	var out bytes.Buffer
	ct := "application/json; charset=utf-8"
	switch format {
	case "json":
		b, err := rep.JSON()
		if err != nil {
			return err
		}
		out.Write(b)
	case "text":
		ct = "text/plain; charset=utf-8"
		err = render.Text(&out, rep, text)
	case "markdown":
		ct = "text/markdown; charset=utf-8"
		err = render.Markdown(&out, rep, text)
	case "html":
		ct = "text/html; charset=utf-8"
		err = render.HTML(&out, rep, text)
	}
	if err != nil {
		return err
	}
	writeBody(w, ct, out.Bytes())
	return nil
}

// apiCompare is POST /v1/compare: JSON {"a": {"text"|"html", "name"},
// "b": {…}, "format"}; it returns slant.compare/v1 (or text or html).
func (s *Server) apiCompare(w http.ResponseWriter, r *http.Request) {
	if err := s.doCompare(w, r); err != nil {
		writeError(w, asHTTPError(err))
	}
}

func (s *Server) doCompare(w http.ResponseWriter, r *http.Request) error {
	if err := onlyPost(w, r); err != nil {
		return err
	}
	mt, err := mediaType(r)
	if err != nil {
		return err
	}
	if mt != "application/json" {
		return errorf(http.StatusUnsupportedMediaType, "unsupported Content-Type %q: send application/json", mt)
	}
	l, data, err := s.begin(w, r)
	if err != nil {
		return err
	}
	defer l.release()
	var req compareRequest
	if err := decodeJSON(data, &req); err != nil {
		return err
	}
	format, err := checkFormat(req.Format, compareFormats)
	if err != nil {
		return err
	}
	var docs [2]document
	for i, src := range []*source{req.A, req.B} {
		field := []string{"a", "b"}[i]
		if src == nil {
			return errorf(http.StatusBadRequest, "missing field: %s", field)
		}
		if docs[i], err = src.document(field+": ", field); err != nil {
			return err
		}
	}
	c, err := s.comparison(r, l, docs)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	ct := "application/json; charset=utf-8"
	switch format {
	case "json":
		b, err := c.c.JSON()
		if err != nil {
			return err
		}
		out.Write(b)
	case "text":
		ct = "text/plain; charset=utf-8"
		err = render.CompareText(&out, c.c)
	case "html":
		ct = "text/html; charset=utf-8"
		err = render.CompareHTML(&out, c.c, c.ra, c.inA, c.rb, c.inB)
	}
	if err != nil {
		return err
	}
	writeBody(w, ct, out.Bytes())
	return nil
}

// comparisonResult is two analyzed documents and their comparison.
type comparisonResult struct {
	c        *compare.Comparison
	ra, rb   *analyzer.Report
	inA, inB []byte
}

func (s *Server) comparison(r *http.Request, l *lease, docs [2]document) (*comparisonResult, error) {
	var arts [2]*ingest.Document
	var names [2]string
	var reps [2]*analyzer.Report
	for i, d := range docs {
		art, name, err := s.article(d)
		if err != nil {
			return nil, err
		}
		arts[i], names[i] = art, name
	}
	for i := range docs {
		rep, err := s.analyzeDoc(r.Context(), l, names[i], arts[i])
		if err != nil {
			return nil, err
		}
		reps[i] = rep
	}
	return &comparisonResult{c: compare.Reports(reps[0], reps[1]), ra: reps[0], rb: reps[1], inA: arts[0].Text, inB: arts[1].Text}, nil
}

// writeBody writes a 200 response that must not be cached: it holds the
// document.
func writeBody(w http.ResponseWriter, contentType string, b []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

// healthz is GET /healthz: the server is up, and with which lexicon.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, errorf(http.StatusMethodNotAllowed, "use GET"))
		return
	}
	b, _ := json.Marshal(struct {
		Status  string               `json:"status"`
		Lexicon analyzer.LexiconInfo `json:"lexicon"`
	}{"ok", s.a.Lexicon().Info()})
	writeBody(w, "application/json; charset=utf-8", append(b, '\n'))
}
