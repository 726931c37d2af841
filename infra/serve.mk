# slant serve: the web page and the JSON API (package serve, docs/serve.md).
# Included by the root Makefile.
#
#   make test-serve-browser   headless Chromium pastes an article into the page
#                             served on 127.0.0.1, checks the marks against
#                             POST /v1/analyze, tabs to a finding, filters,
#                             compares, and does it again with JavaScript off;
#                             screenshots to serve/testdata/out (or $SLANT_SCREENSHOTS)
#   make serve                runs slant serve on 127.0.0.1:8080

# Keep `all` the default goal when this file is included first.
.DEFAULT_GOAL := all

APT_PACKAGES += chromium chromium-driver
TEST_TARGETS += test-serve-browser
TEST_GO_SKIP += TestBrowserServe TestBrowserServeNoJS

.PHONY: test-serve-browser serve
test-serve-browser:
	SLANT_BROWSER_REQUIRED=1 $(GO) test -count=1 -run '^(TestBrowserServe|TestBrowserServeNoJS)$$' -v ./serve

serve:
	$(GO) run ./cmd/slant serve
