#!/usr/bin/env bash
# instructions.sh [REV] [BENCH]: the instructions one op of an analyzer
# benchmark executes (default BenchmarkAnalyzeNewsWithActors, one core), as
# valgrind's cachegrind counts them, for the work tree and, given REV, for
# slant's analyzer at REV too.
#
# A count does not move with the other tenants of a shared machine, as wall
# time does by ±10-30% from one run to the next here: it tells whether a
# change does less work, where timing cannot see a few per cent. It is not
# time: a cache miss costs one instruction and a hundred cycles. Each count
# runs the benchmark with -benchtime 1x and 4x under cachegrind and divides
# the difference by 3, so that the set-up (the corpus, the lexicons) cancels
# out; the collector is off (GOGC=off), since its share under valgrind is
# not its share on the machine. Valgrind's processor has no SHA
# instructions: the input's digest counts about 130 M instructions per op
# here, a few per cent of the time on a processor with them.
#
# It needs valgrind (apt-get install valgrind). Per-function counts:
#   cg_annotate "$tmp"/cg.diff   (kept with KEEP=1; the path is printed)
set -euo pipefail
rev=${1:-}
bench=${2:-AnalyzeNewsWithActors\$}
root=$(git rev-parse --show-toplevel)
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
tmp=$(mktemp -d)
cleanup() {
	git -C "$root" worktree remove --force "$tmp/base" >/dev/null 2>&1 || true
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT

# count BIN NAME: per-op instructions of the benchmark in test binary BIN
count() {
	for n in 1 4; do
		(cd "$root/analyzer" && GOGC=off valgrind --tool=cachegrind --cache-sim=no \
			--cachegrind-out-file="$tmp/cg.$2.$n" "$1" -test.run '^$' -test.bench "$bench" \
			-test.cpu 1 -test.benchtime ${n}x >/dev/null 2>&1)
	done
	cg_diff "$tmp/cg.$2.1" "$tmp/cg.$2.4" > "$tmp/cg.$2.diff" 2>/dev/null
	# (awk reads all of cg_annotate's output: a reader that stops early
	# would fail the pipe)
	cg_annotate "$tmp/cg.$2.diff" 2>/dev/null | awk -v name="$2" '/PROGRAM TOTALS/ && !done {
		gsub(",", "", $1); printf "%-7s %7.1f M instructions per op\n", name, $1/3/1e6; done = 1 }'
}

# Line tables of DWARF 4, which valgrind 3.19 reads, for cg_annotate.
build() { (cd "$1/analyzer" && GOEXPERIMENT=nodwarf5 go test -ldflags=-compressdwarf=false -c -o "$2" .); }
echo "benchmark $bench, one core; load average $(cut -d' ' -f1-3 /proc/loadavg) (the counts do not depend on it)"
if [ -n "$rev" ]; then
	git -C "$root" worktree add --detach "$tmp/base" "$rev" >/dev/null
	build "$tmp/base" "$tmp/base.test"
	count "$tmp/base.test" "$(git -C "$root" rev-parse --short "$rev")"
fi
build "$root" "$tmp/now.test"
count "$tmp/now.test" now
[ -z "${KEEP:-}" ] || echo "kept: $tmp"
