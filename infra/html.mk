# The HTML report and its real-browser test (render/browser_test.go). Included
# by the root Makefile; docs/html-report.md describes the page.
#
#   make test-browser   headless Chromium opens the HTML report and the
#                       comparison, checks the DOM and saves screenshots to
#                       render/testdata/out (or $SLANT_SCREENSHOTS)
#   make html-demo      writes bin/report.html and bin/compare.html from the
#                       test fixtures

# Keep `all` the default goal when this file is included first.
.DEFAULT_GOAL := all

# `make ci-deps` installs these with apt-get when they are missing.
APT_PACKAGES += chromium chromium-driver
TEST_TARGETS += test-browser
TEST_GO_SKIP += TestBrowser

.PHONY: test-browser html-demo
test-browser:
	SLANT_BROWSER_REQUIRED=1 $(GO) test -count=1 -run '^TestBrowser$$' -v ./render

html-demo:
	@mkdir -p $(BIN)
	$(GO) run ./cmd/slant analyze --format html render/testdata/geneva-b.txt > $(BIN)/report.html
	$(GO) run ./cmd/slant compare render/testdata/geneva-a.txt render/testdata/geneva-b.txt --format html > $(BIN)/compare.html
	@echo "wrote $(BIN)/report.html and $(BIN)/compare.html"
