# Slant. `make test` runs every test; `make demo` analyzes an example article.
# Parts of the build live in infra/*.mk (each owned by one part of the system);
# they add their test targets to TEST_TARGETS.

GO       ?= go
BIN      := $(CURDIR)/bin
SHARED   ?= $(abspath $(CURDIR)/../shared)
export GOFLAGS := -buildvcs=false

TEST_TARGETS := test-go
# Tests that a fragment's own target runs (with the tools it needs, required);
# test-go skips them so that `make test` runs each test once.
TEST_GO_SKIP :=
.DEFAULT_GOAL := all

-include infra/*.mk

.PHONY: all build demo test test-go check lint vet tidy staticcheck staticcheck-install bench clean
all: build

build:
	@mkdir -p $(BIN)
	$(GO) build -o $(BIN)/slant ./cmd/slant

demo:
	$(GO) run ./cmd/slant analyze examples/closed-door-session.txt

# check is what careful Go projects check before the tests: go.mod tidy, go vet
# and gofmt, staticcheck at a pinned version. `make lint` is the same.
check: tidy vet staticcheck
lint: check

tidy:
	$(GO) mod tidy -diff

vet:
	$(GO) vet ./...
	@if $(GO) list -deps ./analyzer | grep -q aws; then echo "analyzer must not import AWS"; exit 1; fi
	@if $(GO) list -deps ./functions/... | grep -i duckdb; then echo "the Lambdas must not import DuckDB (cgo): keep package query out of them"; exit 1; fi
	@if CGO_ENABLED=0 $(GO) list -deps ./functions/... | grep -qx github.com/slantnews/slant/query; then echo "the Lambdas must not import package query"; exit 1; fi
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l .; echo "gofmt needed"; exit 1; }

STATICCHECK_VERSION := v0.8.2
STATICCHECK         := $(BIN)/staticcheck

staticcheck: staticcheck-install
	$(STATICCHECK) ./...

# Installs staticcheck into bin/ through the Go module proxy unless bin/staticcheck
# is already that version (read from its build info).
staticcheck-install:
	@if [ "$$($(GO) version -m $(STATICCHECK) 2>/dev/null | awk '$$1 == "mod" { print $$3 }')" != "$(STATICCHECK_VERSION)" ]; then \
		echo "installing staticcheck $(STATICCHECK_VERSION) into $(BIN)"; \
		mkdir -p $(BIN) && GOBIN=$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION); \
	fi

# The packages with concurrency (the analyzer's lock-free stem cache, the
# Lambda handler, the runner's pool and webhook, the fault proxy, the server's slots) run under
# the race detector, and only there; every other package runs once without it.
RACE_PKGS  := ./analyzer ./functions/analyze ./infra/internal/localstack ./infra/internal/faultproxy ./serve
PLAIN_PKGS  = $(filter-out $(shell $(GO) list $(RACE_PKGS)),$(shell $(GO) list ./...))
empty :=
space := $(empty) $(empty)
SKIP_FLAG   = $(if $(strip $(TEST_GO_SKIP)),-skip '^($(subst $(space),|,$(strip $(TEST_GO_SKIP))))$$')

test-go: check
	$(GO) run ./cmd/slant lexicon check
	SLANT_SHARED=$(SHARED) $(GO) test -count=1 $(SKIP_FLAG) $(PLAIN_PKGS)
	SLANT_SHARED=$(SHARED) $(GO) test -race -count=1 $(SKIP_FLAG) $(RACE_PKGS)

test: $(TEST_TARGETS)
	@echo "all tests passed: $(TEST_TARGETS)"

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./analyzer

clean:
	rm -rf $(BIN) .local

# ci-deps installs system packages the tests need; infra/*.mk add to APT_PACKAGES.
APT_PACKAGES ?=
.PHONY: ci-deps
ci-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
