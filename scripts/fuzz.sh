#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of every surface the gateway parses or acts on, longer than the few seconds each
# target gets in the test command. Usage: scripts/fuzz.sh [seconds-per-target] [target-class-pattern]
#   scripts/fuzz.sh 300                 # 5 minutes each for all six targets
#   scripts/fuzz.sh 60 SipMessageFuzzer # one target
# Each target runs in its own JVM (libFuzzer runs once per process). New interesting inputs accumulate in
# <module>/.cifuzz-corpus/ (ignored by git) and are reused by the next run; a crashing input is written next to the
# seeds under <module>/src/test/resources/<package>/<Class>Inputs/<method>/ (commit it with the fix: from then on it
# is replayed as a regression test). Prints the inputs tried per surface and any finding, and exits non-zero on one.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-120}"
pattern="${2:-*Fuzzer}"
log="$(mktemp -t fuzz-XXXXXX.log)"
# jazzer.internal.arg.N are the libFuzzer arguments jazzer-junit reads (arg 0 is argv[0]); a later -max_total_time
# overrides the short one the @FuzzTest annotations set for the test command.
./mvnw -B -o -pl media,gateway -am test-compile surefire:test@fuzz \
  -Dtest="$pattern" -Dsurefire.failIfNoSpecifiedTests=false \
  -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1="-max_total_time=${seconds}" \
  -Dsurefire.timeout=$(( seconds * 3 + 600 )) >"$log" 2>&1
status=$?
echo "fuzzing log: $log"
printf '%-62s %12s %10s  %s\n' "target" "inputs" "seconds" "finding"
awk '
  function report() {
    if (target != "") printf "%-62s %12s %10s  %s\n", target, runs, secs, finding
    target = ""
  }
  /using inputs from: .*\.cifuzz-corpus\// {
    report(); n = split($0, p, "/"); target = p[n-1] "#" p[n]; finding = "-"; runs = 0; secs = "?"
  }
  /^#[0-9]+/ && target != "" { runs = substr($1, 2) }
  /== Java Exception: / && target != "" && finding == "-" {
    finding = $0; sub(/^.*== Java Exception: /, "", finding); finding = substr(finding, 1, 80)
  }
  /Test unit written to/ { print "  " $0 }
  /^Done [0-9]+ runs in [0-9]+ second/ && target != "" { runs = $2; secs = $5; report() }
  END { report() }
' "$log"
grep -E "Tests run:.*Fail|FAIL|BUILD" "$log" | tail -5
exit $status
