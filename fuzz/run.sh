#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 10) on stable Rust, one after the other:
#   fuzz/run.sh 10      # smoke run (make test)
#   fuzz/run.sh 120     # longer run (make fuzz)
#   fuzz/run.sh 60 dns  # only some targets
# Installs cargo-fuzz if missing, builds, regenerates the seeds (fuzz/seed.sh), runs, prints how
# many inputs each target ran, and exits non-zero if any target crashed (the input is kept in
# fuzz/artifacts/<target>/; the line printed for it reproduces the crash).
#
# Environment: FUZZ_SANITIZER=address for AddressSanitizer (about 3x slower; needs
# RUSTC_BOOTSTRAP=1 on stable, which this script then sets). The default, none, needs nothing
# beyond stable: the crate is #![forbid(unsafe_code)], so a bug shows as a panic, not as memory
# corruption. FUZZ_ARGS adds libFuzzer flags. FUZZ_JOBS: how many processes fuzz each target at
# once (libFuzzer's -fork; default: every core). A run bounded by -runs= in FUZZ_ARGS (the smoke
# run) stays one process, so it tries exactly the same inputs on every machine.
set -euo pipefail

secs="${1:-10}"
shift || true
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "run.sh: installing cargo-fuzz"
    cargo install cargo-fuzz --locked --version 0.13.2
fi

sanitizer="${FUZZ_SANITIZER:-none}"
if [ "$sanitizer" != none ]; then
    export RUSTC_BOOTSTRAP=1 # -Zsanitizer on a stable compiler
fi
# Release code with debug assertions (so integer overflow panics too).
flags=(-O -a --sanitizer "$sanitizer")

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo fuzz list)
fi

start=$SECONDS
cargo fuzz build "${flags[@]}"
echo "run.sh: built in $((SECONDS - start)) s"
./seed.sh

jobs="${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}"
fork=()
if [ "$jobs" -gt 1 ] && [[ " ${FUZZ_ARGS:-} " != *" -runs="* ]]; then
    fork=(-fork="$jobs")
fi

mkdir -p target/logs # (git-ignored, like corpus/ and artifacts/)
failed=()
summary=()
for t in "${targets[@]}"; do
    log="target/logs/$t.log"
    echo "run.sh: fuzzing $t for ${secs} s (log: fuzz/$log)"
    set +e
    # shellcheck disable=SC2086 # FUZZ_ARGS is a list of flags
    cargo fuzz run "${flags[@]}" "$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -max_len=8192 \
        -print_final_stats=1 "${fork[@]}" ${FUZZ_ARGS:-} >"$log" 2>&1
    rc=$?
    set -e
    # (|| true: a crashed run has no "Done" line, and grep finding nothing must not end the script)
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)
    if [ ${#fork[@]} -gt 0 ]; then
        # Fork mode prints the inputs of every job together as "#N: cov: ..." lines.
        runs=$(grep -oE '^#[0-9]+: cov' "$log" | grep -oE '[0-9]+' | tail -1 || true)
    fi
    done_line=$(grep -E '^Done [0-9]+ runs|^INFO: exiting' "$log" | tail -1 || true)
    corpus=$(find "corpus/$t" -type f | wc -l)
    if [ $rc -eq 0 ]; then
        line="$t: ok, ${runs:-?} runs in ${secs} s${fork:+ (${jobs} processes)} (${done_line:-no Done line}), corpus $corpus"
    else
        failed+=("$t")
        artifact=$(grep -oE 'Test unit written to [^ ]+' "$log" | tail -1 | sed 's/Test unit written to //' || true)
        line="$t: CRASH (exit $rc) after ${runs:-?} runs; input: ${artifact:-see fuzz/$log}"
        grep -E "panicked at|^(thread|assertion)|left:|right:|SUMMARY|ERROR: libFuzzer" "$log" |
            head -8 | cut -c1-400 | sed 's/^/    /' || true
        if [ -n "${artifact:-}" ]; then
            line="$line"$'\n'"    reproduce: (cd fuzz && cargo fuzz run ${flags[*]} $t ${artifact#"$here"/})"
        fi
    fi
    echo "run.sh: $line"
    summary+=("$line")
done

echo
echo "run.sh: summary (${secs} s per target, sanitizer $sanitizer, $((SECONDS - start)) s in all)"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "run.sh: crashed: ${failed[*]}"
    exit 1
fi
