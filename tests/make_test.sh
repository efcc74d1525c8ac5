#!/bin/sh
# `make test` (the README's test command, what CI runs): a short fuzzing run (libFuzzer,
# clang) and the fuzz regressions, the whole suite under AddressSanitizer + UBSan, then
# the whole suite on the normal build, then (when Slurm and munge are installed: make
# slurm-deps) the ctest label slurm, sweeps on a single-node cluster the test starts. One line per step; build noise (configure and
# build output) and each suite's ctest output go to logs under BUILD/test-logs, and a
# failing step prints where its log is and the log's tail (ctest: the failed tests and
# their output). The last line is the verdict over every pass, exactly
# "N passed, M failed"; a build that fails counts as one failure (its tests cannot run).
# Exit status 0 only when M is 0.
#
# The Makefile sets: BUILD SAN_BUILD FUZZ_BUILD JOBS FUZZ_SECONDS SYSTEMC_TESTS (see
# its comment on the sanitizer split).
set -u
for v in BUILD SAN_BUILD FUZZ_BUILD JOBS FUZZ_SECONDS SYSTEMC_TESTS; do
    eval "[ -n \"\${$v:-}\" ]" || { echo "make_test.sh: $v is not set (run make test)" >&2; exit 2; }
done
cd "$(dirname "$0")/.."
logs=$BUILD/test-logs
rm -rf "$logs"
mkdir -p "$logs" || exit 2
passed=0
failed=0
echo "make test: build output and test logs in $logs/"

# begin LABEL: the step's name, its outcome follows on the same line (done).
begin() {
    printf '%-52s ' "$1"
    t0=$(date +%s)
}
done_() {
    echo "$1 ($(($(date +%s) - t0)) s)"
}
# tail_of LOG: where the log is and its last lines.
tail_of() {
    echo "    log: $1; its last lines:"
    tail -n "${2:-30}" "$1" | sed 's/^/    | /'
}

# quiet LABEL LOG COMMAND...: a build step, its output appended to LOG.
quiet() {
    begin "$1"
    log=$2
    shift 2
    echo "\$ $*" >>"$log"
    if "$@" >>"$log" 2>&1; then
        done_ ok
        return 0
    fi
    done_ FAILED
    tail_of "$log"
    failed=$((failed + 1))
    return 1
}

# suite LABEL DIR LOG ENV CTEST_ARGS...: ctest in DIR with ENV (VAR=value words).
suite() {
    begin "$1"
    dir=$2 log=$3 envs=$4
    shift 4
    # shellcheck disable=SC2086 # envs is a list of VAR=value words
    (cd "$dir" && env $envs ctest --output-on-failure -j"$JOBS" "$@") >"$log" 2>&1
    rc=$?
    line=$(grep -E '[0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        if [ $rc -eq 0 ]; then
            done_ "no tests"
            return 0
        fi
        done_ "FAILED (ctest exited $rc)"
        tail_of "$log"
        failed=$((failed + 1))
        return 1
    fi
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/')
    total=$(echo "$line" | sed -E 's/.* failed out of ([0-9]+).*/\1/')
    passed=$((passed + total - f))
    failed=$((failed + f))
    if [ "$f" -eq 0 ] && [ $rc -eq 0 ]; then
        done_ "$((total - f)) passed, 0 failed"
        return 0
    fi
    [ "$f" -eq 0 ] && failed=$((failed + 1)) # ctest failed without a failed test
    done_ "$((total - f)) passed, $f failed"
    echo "    log (each failed test's output): $log"
    sed -n '/The following tests FAILED/,$p' "$log" | grep -v '^Errors while running' |
        sed 's/^/    | /'
    return 1
}

# ---- the normal build -------------------------------------------------------------
built=no
quiet "configure" "$logs/build.log" cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
    quiet "build" "$logs/build.log" cmake --build "$BUILD" -j"$JOBS" && built=yes
normal_ok() { [ $built = yes ]; }

# ---- the fuzz smoke run and the fuzz regressions (clang) --------------------------
if quiet "fuzz: configure (clang)" "$logs/fuzz-build.log" \
    cmake -S . -B "$FUZZ_BUILD" -DGICSIM_FUZZ=ON -DCMAKE_C_COMPILER=clang \
    -DCMAKE_CXX_COMPILER=clang++ &&
    quiet "fuzz: build the targets" "$logs/fuzz-build.log" \
        cmake --build "$FUZZ_BUILD" -j"$JOBS" --target fuzz_scenario fuzz_mmio fuzz_its; then
    for t in scenario mmio its; do
        begin "fuzz: fuzz_$t for $FUZZ_SECONDS s"
        log=$logs/fuzz-$t.log
        if FUZZ_TARGETS=$t sh tests/fuzz/run.sh "$FUZZ_BUILD" "$FUZZ_SECONDS" >"$log" 2>&1; then
            passed=$((passed + 1))
            done_ "ok, $(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1)"
        else
            failed=$((failed + 1))
            done_ FAILED
            sed 's/^/    | /' "$log"
        fi
    done
    begin "fuzz: regressions (tests/fuzz/crashers)"
    p=0 bad=
    for c in tests/fuzz/crashers/*; do
        [ -e "$c" ] || continue
        if "$FUZZ_BUILD/bin/$(basename "$c" | cut -d- -f1)" "$c" >>"$logs/fuzz-crashers.log" 2>&1; then
            p=$((p + 1))
        else
            bad="$bad $c"
        fi
    done
    n=$(echo $bad | wc -w)
    passed=$((passed + p))
    failed=$((failed + n))
    done_ "$p passed, $n failed"
    for c in $bad; do
        echo "    | fuzz regression: $c (log: $logs/fuzz-crashers.log)"
    done
fi

# ---- the whole suite under ASan + UBSan -------------------------------------------
SAN_ENV="UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1"
if quiet "sanitizers: configure" "$logs/san-build.log" \
    cmake -S . -B "$SAN_BUILD" -DGICSIM_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
    quiet "sanitizers: build" "$logs/san-build.log" cmake --build "$SAN_BUILD" -j"$JOBS"; then
    suite "sanitizers: suite, leak detection" "$SAN_BUILD" "$logs/san-suite.log" \
        "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 $SAN_ENV" -E "$SYSTEMC_TESTS" -LE slurm
    suite "sanitizers: SystemC tests, no leak detection" "$SAN_BUILD" \
        "$logs/san-systemc.log" "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 $SAN_ENV" \
        -R "$SYSTEMC_TESTS" -LE slurm
fi

# ---- the whole suite on the normal build (built first: a compile error shows at once)
if normal_ok; then
    suite "suite" "$BUILD" "$logs/suite.log" "" -LE slurm
fi

# ---- sweeps on a single-node Slurm started on 127.0.0.1 (ctest label slurm) --------
if normal_ok; then
    if command -v slurmctld >/dev/null && command -v slurmd >/dev/null &&
        command -v munged >/dev/null && command -v sbatch >/dev/null; then
        suite "slurm: single-node cluster (label slurm)" "$BUILD" "$logs/slurm.log" "" -L slurm
    else
        begin "slurm: single-node cluster (label slurm)"
        done_ "skipped: slurmctld, slurmd, slurm-client or munge not installed"
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
