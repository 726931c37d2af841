# The Lambda (functions/analyze) and its SAM template. Included by the root
# Makefile. docs/lambda.md tells how to deploy and invoke it.
#
#   make test-lambda         go test ./functions/... and cfn-lint template.yaml
#                            (make test runs the same through test-go and lint-template)
#   make bin/bootstrap       the function for this machine (linux/host arch), for
#                            a local Runtime API emulator (AWS_LAMBDA_RUNTIME_API)
#   make build-AnalyzeFunction ARTIFACTS_DIR=DIR
#                            what `sam build` runs: DIR/bootstrap for provided.al2023 arm64
#   make build-WebFunction ARTIFACTS_DIR=DIR
#                            the same for functions/web (slant serve behind a Function URL)

# This file is included before the root Makefile's first target; keep `all`
# the default goal.
.DEFAULT_GOAL := all

# `make test` adds only the template lint: test-go already vets ./... and runs
# ./functions/... (under the race detector); `make test-lambda` runs them alone.
TEST_TARGETS += lint-template

LAMBDA_PKG   := ./functions/analyze
LAMBDA_FLAGS := -tags lambda.norpc -trimpath -ldflags=-s\ -w

WEB_PKG      := ./functions/web

.PHONY: build-AnalyzeFunction build-WebFunction bin/bootstrap test-lambda lint-template

# sam build (BuildMethod: makefile) sets ARTIFACTS_DIR.
build-AnalyzeFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "build-AnalyzeFunction: ARTIFACTS_DIR is not set (sam build sets it)"; exit 1; }
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap $(LAMBDA_PKG)

build-WebFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "build-WebFunction: ARTIFACTS_DIR is not set (sam build sets it)"; exit 1; }
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap $(WEB_PKG)

# Phony: go's build cache makes an up-to-date rebuild take a second.
bin/bootstrap:
	@mkdir -p $(BIN)
	CGO_ENABLED=0 GOOS=linux GOARCH=$$($(GO) env GOHOSTARCH) $(GO) build $(LAMBDA_FLAGS) -o $(BIN)/bootstrap $(LAMBDA_PKG)

test-lambda: lint-template
	$(GO) vet $(LAMBDA_PKG)/... $(WEB_PKG)/...
	$(GO) test -count=1 ./functions/...

# cfn-lint is preinstalled on these machines; a clean machine without it tries
# pip, and if that cannot reach its index the lint (only) is skipped, loudly.
lint-template:
	@if ! command -v cfn-lint >/dev/null 2>&1; then \
		echo "cfn-lint not found; trying: pip install cfn-lint"; \
		timeout 120 python3 -m pip install --quiet --retries 1 --timeout 15 cfn-lint >/dev/null 2>&1 || true; \
	fi; \
	if command -v cfn-lint >/dev/null 2>&1; then \
		echo "cfn-lint template.yaml"; cfn-lint template.yaml; \
	else \
		echo "SKIP lint-template: cfn-lint is not installed and pip could not install it; template.yaml NOT linted"; \
	fi
