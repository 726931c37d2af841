#!/usr/bin/env bash
# whole.sh REV [RUNS]: the whole-process figures of README "Speed", for
# slant built at REV and from the work tree, in interleaved runs (one of
# each in turn, so that both see the same moments of a shared machine).
#
# It builds both binaries in a temporary directory, writes 20 MiB of
# newsCorpus (and, when ../shared/corpus and jq are there, the Wikinews
# texts 40 times over), then prints for each input and format the median
# wall time and its range, MB/s, the ratio to `wc -w`, and the median peak
# RSS (/usr/bin/time's, in KiB: here in MiB, and MiB per MB of input), with
# the load average before and after. About 20-27 MiB of a peak is the
# binary's own file pages, which move by a few MiB with the page cache.
set -euo pipefail
rev=${1:?usage: infra/bench/whole.sh REV [RUNS]}
runs=${2:-9}
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
cleanup() {
	git -C "$root" worktree remove --force "$tmp/base" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

git -C "$root" worktree add --detach "$tmp/base" "$rev" >/dev/null
(cd "$tmp/base" && go build -o "$tmp/slant-base" ./cmd/slant)
(cd "$root" && go build -o "$tmp/slant-now" ./cmd/slant)
(cd "$root" && go test ./analyzer -run TestWriteNewsCorpus -news.out "$tmp/news.txt" >/dev/null)
inputs=("$tmp/news.txt")
corpus="$root/../shared/corpus/wikinews-en.jsonl"
if [ -f "$corpus" ] && command -v jq >/dev/null; then
	for _ in $(seq 40); do jq -r '.text + "\n"' "$corpus"; done > "$tmp/wikinews40.txt"
	inputs+=("$tmp/wikinews40.txt")
fi

# median and range of the numbers on stdin
stats() { sort -n | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2; printf "%s %s %s\n", m, v[1], v[NR]}'; }

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each; base $rev = $(git -C "$root" rev-parse --short "$rev"), now = work tree"
for in in "${inputs[@]}"; do
	bytes=$(stat -c %s "$in")
	wc=$(for _ in $(seq "$runs"); do /usr/bin/time -f %e wc -w "$in" 2>&1 >/dev/null; done | stats | cut -d' ' -f1)
	echo "$(basename "$in"): $bytes bytes, wc -w $wc s"
	for format in json html; do
		: > "$tmp/base.t"; : > "$tmp/now.t"
		for _ in $(seq "$runs"); do
			for b in base now; do
				/usr/bin/time -o "$tmp/one" -f "%e %M" "$tmp/slant-$b" analyze --max-bytes $((bytes + 1)) --no-config --format "$format" "$in" >/dev/null
				cat "$tmp/one" >> "$tmp/$b.t"
			done
		done
		for b in base now; do
			read -r med lo hi < <(cut -d' ' -f1 "$tmp/$b.t" | stats)
			read -r rss _ _ < <(cut -d' ' -f2 "$tmp/$b.t" | stats)
			awk -v b="$b" -v f="$format" -v med="$med" -v lo="$lo" -v hi="$hi" -v rss="$rss" -v bytes="$bytes" -v wc="$wc" 'BEGIN {
				printf "  %-4s %-4s %.2f s (%.2f-%.2f)  %5.1f MB/s  %4.1fx wc -w  peak RSS %5.1f MiB, %.2f MiB per MB\n", f, b, med, lo, hi, bytes/1e6/med, med/wc, rss/1024, rss/1024/(bytes/1e6) }'
		done
	done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
