package serve

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// httpError is a request the server refuses, with a message for the user
// who sent it.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func errorf(status int, format string, args ...any) *httpError {
	return &httpError{status: status, msg: fmt.Sprintf(format, args...)}
}

// errorBody is the JSON of every API error.
type errorBody struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

// writeError writes e as {"error": …, "status": …}. A 503 says when to retry.
func writeError(w http.ResponseWriter, e *httpError) {
	if e.status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfter)
	}
	b, _ := json.Marshal(errorBody{Error: e.msg, Status: e.status})
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", fmt.Sprint(len(b)+1))
	w.WriteHeader(e.status)
	w.Write(append(b, '\n'))
}

// asHTTPError turns any error into one: an httpError as it is, anything else
// a 500 whose message does not leak the internal error.
func asHTTPError(err error) *httpError {
	if e, ok := err.(*httpError); ok {
		return e
	}
	return errorf(http.StatusInternalServerError, "internal error")
}
