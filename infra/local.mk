# The local S3 stack: real MinIO, MinIO bucket notifications, and the real
# Lambda binary run through the Lambda Runtime API by infra/runner. No AWS, no
# Docker. Included by the root Makefile; docs/local-stack.md tells how to use it.
#
#   make local-up            start MinIO + runner in the background (builds what is
#                            missing), create the buckets, wire the notification,
#                            write .local/env
#   make local-down          stop everything local-up started
#   make invoke EVENT=events/s3-put.json
#                            run one event through bin/bootstrap (sam local invoke
#                            without Docker); uses .local/env when the stack is up
#   make test-e2e            the end-to-end tests (part of `make test`), with the
#                            tables path: 1,000 articles in, `slant query` answers out
#   make e2e-latency         the same test, failing unless p50 < 100 ms
#   make soak                the fault soak at full size: 10,000 uploads, 20% of the
#                            function's S3 requests faulted (make test-e2e runs 300)

# Keep `all` the default goal when this file is included first.
.DEFAULT_GOAL := all

# `make ci-deps` installs these with apt-get when they are missing (aws CLI v2).
APT_PACKAGES += awscli
TEST_TARGETS += test-e2e
TEST_GO_SKIP += TestLocalStack TestUpDown TestDurableDelivery TestSoak TestTablesFromBucket

MINIO_MODULE  := github.com/minio/minio
MINIO_VERSION := v0.0.0-20260212201848-7aac2a2c5b7c
RUNNER        := $(BIN)/slant-runner
LOCAL_DIR     := .local
EVENT         ?= events/s3-put.json
# Flags for `slant-runner up`, e.g. LOCAL_FLAGS='-concurrency 2 -s3-port 9000'.
LOCAL_FLAGS   ?=

.PHONY: local-up local-down invoke test-e2e e2e-latency soak local-tools
SOAK_OBJECTS    ?= 10000
SOAK_FAULT_RATE ?= 0.2

# MinIO at a pinned version, built through the Go module proxy once (several
# minutes on two cores) and reused while bin/minio exists.
$(BIN)/minio:
	@mkdir -p $(BIN)
	@echo "building MinIO $(MINIO_VERSION) into $(BIN)/minio (takes several minutes, once)"
	GOBIN=$(BIN) $(GO) install $(MINIO_MODULE)@$(MINIO_VERSION)

$(RUNNER): $(filter-out %_test.go,$(wildcard infra/runner/*.go infra/internal/localstack/*.go)) go.mod
	@mkdir -p $(BIN)
	$(GO) build -o $@ ./infra/runner

# bin/bootstrap is infra/lambda.mk's target (phony; the Go build cache keeps it quick).
local-tools: $(BIN)/minio $(RUNNER) bin/bootstrap

local-up: local-tools
	@$(RUNNER) up -dir $(LOCAL_DIR) -bootstrap $(BIN)/bootstrap -minio $(BIN)/minio $(LOCAL_FLAGS)

local-down:
	@if [ -x $(RUNNER) ]; then $(RUNNER) down -dir $(LOCAL_DIR); else echo "local stack not running (no $(RUNNER))"; fi

invoke: $(RUNNER) bin/bootstrap
	@test -f "$(EVENT)" || { echo "invoke: EVENT=$(EVENT) not found"; exit 2; }
	@if [ -f $(LOCAL_DIR)/env ]; then . ./$(LOCAL_DIR)/env; fi; \
	$(RUNNER) invoke -bootstrap $(BIN)/bootstrap $(EVENT)

# bin/slant (`build`, the CLI with DuckDB) is for TestTablesFromBucket's `slant query`.
test-e2e: local-tools build
	SLANT_E2E_REQUIRED=1 SLANT_BIN=$(BIN) $(GO) test -count=1 -run '^(TestLocalStack|TestUpDown|TestDurableDelivery|TestSoak|TestTablesFromBucket)$$' -v ./infra/e2e

soak: local-tools
	SLANT_E2E_REQUIRED=1 SLANT_BIN=$(BIN) SLANT_SOAK_OBJECTS=$(SOAK_OBJECTS) SLANT_SOAK_FAULT_RATE=$(SOAK_FAULT_RATE) \
		$(GO) test -count=1 -timeout 3h -run '^TestSoak$$' -v ./infra/e2e

e2e-latency: local-tools
	@SLANT_E2E_REQUIRED=1 SLANT_BIN=$(BIN) SLANT_E2E_P50_MAX_MS=100 $(GO) test -count=1 -run '^TestLocalStack$$' -v ./infra/e2e \
		> $(BIN)/e2e-latency.log 2>&1; rc=$$?; \
	grep -E 'latency|measured|^(---|ok|FAIL)' $(BIN)/e2e-latency.log; echo "full log: $(BIN)/e2e-latency.log"; exit $$rc
