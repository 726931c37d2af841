package serve

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/render"
)

//go:embed assets
var assets embed.FS

var pageTmpl = template.Must(template.ParseFS(assets, "assets/page.html"))

// staticHandler serves the page's script and styles from the embedded files.
func staticHandler() http.Handler {
	sub, err := fs.Sub(assets, "assets/static")
	if err != nil {
		panic(err)
	}
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, errorf(http.StatusMethodNotAllowed, "use GET"))
			return
		}
		if strings.HasSuffix(r.URL.Path, "/") {
			writeError(w, errorf(http.StatusNotFound, "no such page: %s", r.URL.Path))
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=300")
		files.ServeHTTP(w, r)
	})
}

// Modes of the page.
const (
	modeAnalyze = "analyze"
	modeCompare = "compare"
)

// pageData is what the page template draws.
type pageData struct {
	Mode               string
	Text, TextA, TextB string // the pasted texts, kept in the form after a post
	Error              string
	Result             *result
	MaxBytes           int64
	MaxBytesText       string
}

// result is one report or comparison as the page shows it.
type result struct {
	Title     string        // the heading over the report
	Summary   string        // one sentence for the status line (read by screen readers)
	Fragment  template.HTML // render.HTMLFragment or render.CompareHTMLFragment
	Keys      []filterKey
	FilterCSS template.CSS
	Findings  int
	Compare   bool
}

// filterKey is one category's filter checkbox.
type filterKey struct {
	render.Key
	Count int
	ID    string // the checkbox id
}

// pageAnalyze is GET / (the form) and POST / (a form post: the page with
// the report). With ?fragment=1 it returns only the results, for the script.
func (s *Server) pageAnalyze(w http.ResponseWriter, r *http.Request) {
	s.page(w, r, modeAnalyze)
}

// pageCompare is GET /compare and POST /compare, for two texts.
func (s *Server) pageCompare(w http.ResponseWriter, r *http.Request) {
	s.page(w, r, modeCompare)
}

func (s *Server) page(w http.ResponseWriter, r *http.Request, mode string) {
	d := &pageData{Mode: mode, MaxBytes: s.maxBytes, MaxBytesText: sizeText(s.maxBytes)}
	status := http.StatusOK
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodPost:
		if err := s.formPost(w, r, d); err != nil {
			e := asHTTPError(err)
			status, d.Error = e.status, e.msg
			if status == http.StatusServiceUnavailable {
				w.Header().Set("Retry-After", retryAfter)
			}
		}
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		writeError(w, errorf(http.StatusMethodNotAllowed, "use GET or POST"))
		return
	}
	name := "page.html"
	if r.URL.Query().Get("fragment") == "1" {
		name = "results"
	}
	var b bytes.Buffer
	if err := pageTmpl.ExecuteTemplate(&b, name, d); err != nil {
		writeError(w, errorf(http.StatusInternalServerError, "internal error"))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	if r.Method == http.MethodPost {
		w.Header().Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// formPost reads the form, analyzes, and fills d.
func (s *Server) formPost(w http.ResponseWriter, r *http.Request, d *pageData) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" && mt != "application/x-www-form-urlencoded" {
		return errorf(http.StatusUnsupportedMediaType, "send the form as multipart/form-data or application/x-www-form-urlencoded")
	}
	l := s.acquire()
	if l == nil {
		return errBusy
	}
	defer l.release()
	if err := s.limitBody(w, r); err != nil {
		return err
	}
	var err error
	if mt == "multipart/form-data" {
		// Held in memory up to the body limit, so nothing goes to disk.
		err = r.ParseMultipartForm(s.maxBytes)
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll()
		}
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		if e := s.bodyError(err); e.status != http.StatusBadRequest {
			return e
		}
		return errorf(http.StatusBadRequest, "the form could not be read")
	}
	if d.Mode == modeAnalyze {
		d.Text = r.PostFormValue("text")
		doc, err := formDocument(r, "text", "file", "pasted text")
		if err != nil {
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
		var frag bytes.Buffer
		if err := render.HTMLFragment(&frag, rep, art.Text); err != nil {
			return err
		}
		d.Result = newResult("Report: "+name, frag.String(), false, rep)
		return nil
	}
	d.TextA, d.TextB = r.PostFormValue("text_a"), r.PostFormValue("text_b")
	var docs [2]document
	for i, side := range []string{"a", "b"} {
		doc, err := formDocument(r, "text_"+side, "file_"+side, "text "+strings.ToUpper(side))
		if err != nil {
			return err
		}
		docs[i] = doc
	}
	c, err := s.comparison(r, l, docs)
	if err != nil {
		return err
	}
	var frag bytes.Buffer
	if err := render.CompareHTMLFragment(&frag, c.c, c.ra, c.inA, c.rb, c.inB); err != nil {
		return err
	}
	d.Result = newResult("Comparison: A "+c.ra.Source.Name+" · B "+c.rb.Source.Name, frag.String(), true, c.ra, c.rb)
	return nil
}

// formDocument is the file of field fileField when one was chosen, else the
// text of textField; either is an HTML page when its content says so. A
// browser sends a text area's line breaks as CRLF; they are read as the LF
// the editor typed, so that offsets match the API's for the same text.
func formDocument(r *http.Request, textField, fileField, fallback string) (document, error) {
	if f, fh, err := r.FormFile(fileField); err == nil {
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil {
			return document{}, errorf(http.StatusBadRequest, "the file could not be read")
		}
		if len(data) > 0 || fh.Filename != "" {
			ct := fh.Header.Get("Content-Type")
			isHTML, err := detect(fh.Filename, ct, data)
			if err != nil {
				return document{}, err
			}
			name := cleanName(fh.Filename, fallback)
			return document{name: name, untitled: name == fallback, data: data, html: isHTML, contentType: ct}, nil
		}
	} else if !errors.Is(err, http.ErrMissingFile) && !errors.Is(err, http.ErrNotMultipart) {
		return document{}, errorf(http.StatusBadRequest, "the file could not be read")
	}
	text := []byte(strings.ReplaceAll(r.PostFormValue(textField), "\r\n", "\n"))
	if len(bytes.TrimSpace(text)) == 0 {
		return document{}, errorf(http.StatusBadRequest, "paste a text or choose a file (%s is empty)", fallback)
	}
	isHTML, err := detect("", "", text)
	if err != nil {
		return document{}, err
	}
	// A pasted page is in the form's encoding, UTF-8.
	return document{name: fallback, untitled: true, data: text, html: isHTML, contentType: "text/html; charset=utf-8"}, nil
}

// safeID is what a category id may look like to go into the filter CSS
// (lexicon ids are lower-case words; anything else gets no filter rule).
var safeID = regexp.MustCompile(`^[a-z0-9_-]+$`)

func newResult(title, fragment string, cmp bool, reps ...*analyzer.Report) *result {
	counts := map[string]int{}
	res := &result{Title: title, Fragment: template.HTML(fragment), Compare: cmp}
	labels := make([]string, 0, len(reps))
	for _, r := range reps {
		for _, f := range r.Findings {
			counts[f.Category]++
		}
		res.Findings += len(r.Findings)
		labels = append(labels, strings.ToUpper(r.Label))
	}
	var css strings.Builder
	for i, k := range render.Keys(reps...) {
		fk := filterKey{Key: k, Count: counts[k.ID], ID: "fc-" + strconv.Itoa(i)}
		res.Keys = append(res.Keys, fk)
		if safeID.MatchString(k.ID) {
			sel := `#results:has(#` + fk.ID + `:not(:checked)) `
			css.WriteString(sel + `mark[data-category="` + k.ID + `"]{background:none;border-bottom-color:transparent;cursor:auto}` + "\n")
			css.WriteString(sel + `mark[data-category="` + k.ID + `"]::after{content:none}` + "\n")
			css.WriteString(sel + `tr[data-category="` + k.ID + `"]{display:none}` + "\n")
		}
	}
	res.FilterCSS = template.CSS(css.String())
	if cmp {
		res.Summary = "Comparison ready: A is " + labels[0] + ", B is " + labels[1] + ", " + plural(res.Findings, "finding") + " in all."
	} else {
		res.Summary = "Report ready: " + labels[0] + ", " + plural(res.Findings, "finding") + "."
	}
	return res
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	if n >= 1<<10 {
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
