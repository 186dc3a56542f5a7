#!/usr/bin/env bash
# Seeds the fuzz corpus (tests/fuzz/corpus/parse, not committed) from the
# seed documents: each whole, and slices of 5, 20 and 60 lines of each.
set -euo pipefail
cd "$(dirname "$0")"
out=corpus/parse
mkdir -p "$out"
for f in ../../corpus/seeds/*.txt; do
    name=$(basename "$f" .txt)
    cp "$f" "$out/$name"
    lines=$(wc -l < "$f")
    for size in 5 20 60; do
        for ((start = 1; start <= lines; start += size)); do
            sed -n "${start},$((start + size - 1))p" "$f" > "$out/$name-$size-$start"
        done
    done
done
ls "$out" | wc -l
