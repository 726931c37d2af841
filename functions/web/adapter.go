package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
)

// maxResponseBytes is what a Function URL returns at most (6 MB of payload,
// less room for the headers); a larger response is replaced by a 413.
const maxResponseBytes = 6_000_000 - 64<<10

// handlerFunc is what lambda.Start is given.
type handlerFunc func(context.Context, events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error)

// adapt serves Function URL events with h. It never returns an error: a
// request it cannot make into an http.Request gets a 400, as a server would
// answer it.
func adapt(h http.Handler) handlerFunc {
	return func(ctx context.Context, ev events.LambdaFunctionURLRequest) (events.LambdaFunctionURLResponse, error) {
		req, err := newRequest(ctx, ev)
		if err != nil {
			return jsonError(http.StatusBadRequest, err.Error()), nil
		}
		w := newResponse()
		h.ServeHTTP(w, req)
		return w.event(), nil
	}
}

// newRequest makes the http.Request an event describes.
func newRequest(ctx context.Context, ev events.LambdaFunctionURLRequest) (*http.Request, error) {
	body := []byte(ev.Body)
	if ev.IsBase64Encoded {
		b, err := base64.StdEncoding.DecodeString(ev.Body)
		if err != nil {
			return nil, errBadBase64
		}
		body = b
	}
	path := ev.RawPath
	if path == "" {
		path = "/"
	}
	u := &url.URL{Scheme: "https", Host: ev.RequestContext.DomainName, RawQuery: ev.RawQueryString}
	if p, err := url.PathUnescape(path); err == nil {
		u.Path, u.RawPath = p, path
	} else {
		return nil, errBadPath
	}
	method := ev.RequestContext.HTTP.Method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, errBadRequest
	}
	for k, v := range ev.Headers {
		req.Header.Set(k, v) // a Function URL joins repeated headers with commas
	}
	if len(ev.Cookies) > 0 {
		req.Header.Set("Cookie", strings.Join(ev.Cookies, "; "))
	}
	req.Host = ev.RequestContext.DomainName
	req.ContentLength = int64(len(body))
	req.RemoteAddr = ev.RequestContext.HTTP.SourceIP
	req.RequestURI = u.RequestURI()
	if ev.RequestContext.HTTP.Protocol != "" {
		if major, minor, ok := http.ParseHTTPVersion(ev.RequestContext.HTTP.Protocol); ok {
			req.Proto, req.ProtoMajor, req.ProtoMinor = ev.RequestContext.HTTP.Protocol, major, minor
		}
	}
	return req, nil
}

type adapterError string

func (e adapterError) Error() string { return string(e) }

const (
	errBadBase64  = adapterError("the request body is not valid base64")
	errBadPath    = adapterError("the request path is not valid")
	errBadRequest = adapterError("the request is not valid")
)

// response is the http.ResponseWriter the handler writes to.
type response struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newResponse() *response { return &response{header: http.Header{}} }

func (r *response) Header() http.Header { return r.header }

func (r *response) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *response) Write(b []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(b)
}

// event is the response as a Function URL returns it: Set-Cookie as
// cookies, other repeated headers joined with commas, a text body as is and
// anything else in base64.
func (r *response) event() events.LambdaFunctionURLResponse {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if r.body.Len() > maxResponseBytes {
		return jsonError(http.StatusRequestEntityTooLarge, "the response would be larger than a Function URL returns ("+strconv.Itoa(maxResponseBytes)+
			" bytes); ask for format json, or send a shorter text")
	}
	body := r.body.Bytes()
	if _, set := r.header["Content-Type"]; !set && len(body) > 0 {
		r.header.Set("Content-Type", http.DetectContentType(body)) // as net/http does
	}
	out := events.LambdaFunctionURLResponse{StatusCode: r.status, Headers: map[string]string{}}
	for k, vs := range r.header {
		if k == "Set-Cookie" {
			out.Cookies = append(out.Cookies, vs...)
			continue
		}
		out.Headers[k] = strings.Join(vs, ",")
	}
	if isText(r.header.Get("Content-Type")) && utf8.Valid(body) {
		out.Body = string(body)
	} else {
		out.Body, out.IsBase64Encoded = base64.StdEncoding.EncodeToString(body), true
	}
	return out
}

func isText(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return strings.HasPrefix(mt, "text/") || mt == "application/json" || strings.HasSuffix(mt, "+json") ||
		mt == "application/javascript" || mt == "image/svg+xml"
}

// jsonError is an error response in the API's form, for what the adapter
// itself refuses.
func jsonError(status int, msg string) events.LambdaFunctionURLResponse {
	b, _ := json.Marshal(map[string]any{"error": msg, "status": status})
	return events.LambdaFunctionURLResponse{
		StatusCode: status,
		Headers: map[string]string{
			"Content-Type":           "application/json; charset=utf-8",
			"X-Content-Type-Options": "nosniff",
			"Cache-Control":          "no-store",
		},
		Body: string(b) + "\n",
	}
}
