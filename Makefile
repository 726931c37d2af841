# Slant. `make test` runs every test; `make demo` analyzes an example article.
# Parts of the build live in infra/*.mk (each owned by one part of the system);
# they add their test targets to TEST_TARGETS.

GO       ?= go
BIN      := $(CURDIR)/bin
SHARED   ?= $(abspath $(CURDIR)/../shared)
export GOFLAGS := -buildvcs=false

TEST_TARGETS := test-go
.DEFAULT_GOAL := all

-include infra/*.mk

.PHONY: all build demo test test-go vet lint bench clean
all: build

build:
	@mkdir -p $(BIN)
	$(GO) build -o $(BIN)/slant ./cmd/slant

demo:
	$(GO) run ./cmd/slant analyze examples/closed-door-session.txt

vet:
	$(GO) vet ./...
	@if $(GO) list -deps ./analyzer | grep -q aws; then echo "analyzer must not import AWS"; exit 1; fi
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l .; echo "gofmt needed"; exit 1; }

test-go: vet
	$(GO) run ./cmd/slant lexicon check
	SLANT_SHARED=$(SHARED) $(GO) test -count=1 ./...

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
