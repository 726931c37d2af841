// Package serve is Slant's web application and HTTP API as one http.Handler:
// a page where an editor pastes or uploads an article (text or HTML) and
// reads its report, drawn by package render with the same marks, legend and
// tables as the HTML report, or the comparison of two texts; and a JSON API
// (POST /v1/analyze, POST /v1/compare, GET /healthz) for a CMS.
//
// The page works without JavaScript (a form post returns the page with the
// report) and better with it (the report arrives without a reload). Templates,
// styles and the script are embedded; the page loads nothing from elsewhere.
//
// The handler bounds what one request may cost: the body size (413), the time
// to send the body (408), the time the analysis may take, and the number of
// requests at work at once (503 with Retry-After). Errors are JSON
// {"error", "status"} on the API. It logs one structured line per request,
// never the document. "slant serve" runs it on 127.0.0.1; functions/web runs
// the same handler behind a Lambda Function URL.
//
// It is not the analyzer (package analyzer finds and scores) and does not
// draw reports (package render does); it decodes requests, applies limits and
// wires the two.
package serve
