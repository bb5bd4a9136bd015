#!/usr/bin/env bash
# Regenerates the seed corpora: fuzz/corpus/<target>/ (git-ignored) from the case table's example
# bodies, the CSR fixtures, the documented 201 and error bodies, sample dates and names.
# Adds files only (named by content hash): what the fuzzer found stays.
set -euo pipefail
cd "$(dirname "$0")"
exec python3 seed.py "${1:-corpus}"
