# slant check's SARIF output is validated against the official SARIF 2.1.0
# JSON schema (check/check_test.go). The schema ships in an npm package;
# it is fetched into bin/ pinned by version and checksum. Included by the
# root Makefile; docs/check.md describes slant check.
#
#   make sarif-schema   bin/sarif-schema-2.1.0.json
#   make test-sarif     the SARIF schema test, with the schema required

.DEFAULT_GOAL := all

SARIF_NPM_PACKAGE := @microsoft/jest-sarif
SARIF_NPM_VERSION := 1.0.0-beta.0
SARIF_NPM_SHA256  := 748e2c3d1a842e7bb258416685c7ea3a0da40005b72267b2052c2856d48ad102
SARIF_SCHEMA      := $(BIN)/sarif-schema-2.1.0.json

TEST_TARGETS += test-sarif
TEST_GO_SKIP += TestSARIFSchema

.PHONY: sarif-schema test-sarif
sarif-schema: $(SARIF_SCHEMA)

$(SARIF_SCHEMA):
	@mkdir -p $(BIN)/sarif-npm
	cd $(BIN)/sarif-npm && npm pack --silent $(SARIF_NPM_PACKAGE)@$(SARIF_NPM_VERSION) >/dev/null
	echo "$(SARIF_NPM_SHA256)  $(BIN)/sarif-npm/microsoft-jest-sarif-$(SARIF_NPM_VERSION).tgz" | sha256sum -c --quiet
	tar -xzf $(BIN)/sarif-npm/microsoft-jest-sarif-$(SARIF_NPM_VERSION).tgz -C $(BIN)/sarif-npm package/lib/schemas/sarif-2.1.0-rtm.5.json
	cp $(BIN)/sarif-npm/package/lib/schemas/sarif-2.1.0-rtm.5.json $@
	rm -rf $(BIN)/sarif-npm

test-sarif: sarif-schema
	SLANT_SARIF_SCHEMA=$(SARIF_SCHEMA) SLANT_SARIF_REQUIRED=1 $(GO) test -count=1 -run '^TestSARIFSchema$$' -v ./check
