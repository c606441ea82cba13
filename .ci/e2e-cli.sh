#!/usr/bin/env bash
# End-to-end checks of the command line through ./stepwise: outputs, exit codes, history.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

check() { # name, expected, actual
  if [ "$2" != "$3" ]; then
    echo "FAIL $1: expected [$2] got [$3]" >&2
    failures=$((failures + 1))
  else
    echo "ok   $1"
  fi
}

run() { # prints "<exit code> <stdout>"
  local out code=0
  out=$(./stepwise "$@" 2>"$tmp/stderr") || code=$?
  echo "$code $out"
}

check "run succeeds with the output" \
  '0 {"greetings":["Hello, Ada!","Hello, Grace!"],"count":2}' \
  "$(run run examples/hello.json --input '{"names":["Ada","Grace"]}')"
check "a failing execution prints Error and Cause and exits 1" \
  '1 {"Error":"NoNames","Cause":"The input had no names to greet."}' \
  "$(run run examples/hello.json --input '{"names":[]}')"
check "an hour's Wait ends at once with --wait-time-scale 0" \
  '0 1' "$(run run examples/wait-an-hour.json --input '{"attempt":1}' --wait-time-scale 0 | sed 's/ .*"attempt":\([0-9]*\).*/ \1/')"

cat >"$tmp/timeout.json" <<'JSON'
{"TimeoutSeconds": 1, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "End": true}}}
JSON
check "an execution time-out reports States.Timeout and exits 1" \
  '1 {"Error":"States.Timeout"}' "$(run run "$tmp/timeout.json")"

echo '{"StartAt": "Nowhere", "States": {"A": {"Type": "Pass", "End": true}}}' >"$tmp/bad.json"
check "run refuses a bad definition with exit 2" '2 ' "$(run run "$tmp/bad.json")"
check "the diagnostics go to stderr" "MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /StartAt" \
  "$(cat "$tmp/stderr")"
check "run refuses bad input with exit 2" '2 ' "$(run run examples/hello.json --input '{nope')"

check "validate answers OK" '0 {"result":"OK","diagnostics":[],"truncated":false}' \
  "$(run validate examples/hello.json)"
check "validate answers FAIL with exit 2" \
  '2 {"result":"FAIL","diagnostics":[{"severity":"ERROR","code":"MISSING_TRANSITION_TARGET","message":"Missing '"'"'Next'"'"' target: Nowhere","location":"/StartAt"}],"truncated":false}' \
  "$(run validate "$tmp/bad.json")"

./stepwise run examples/hello.json --input '{"names":["Ada"]}' --history "$tmp/history.json" >/dev/null
check "--history writes the events as GetExecutionHistory shapes them" \
  'ExecutionStarted MapStateEntered MapStateStarted MapIterationStarted PassStateEntered PassStateExited MapIterationSucceeded MapStateSucceeded MapStateExited PassStateEntered PassStateExited ChoiceStateEntered ChoiceStateExited SucceedStateEntered SucceedStateExited ExecutionSucceeded' \
  "$(python3 -c 'import json,sys; print(" ".join(e["type"] for e in json.load(open(sys.argv[1]))["events"]))' "$tmp/history.json")"

summary() { # "<exit code> <first three words of each line>" of a stepwise test run
  local out code=0
  out=$(./stepwise "$@" 2>"$tmp/stderr") || code=$?
  echo "$code $(echo "$out" | awk '{printf "%s%s %s %s", (NR > 1 ? " " : ""), $1, $2, $3}')"
}
check "test runs each mock test case and passes the committed expectations" \
  "0 PASS HappyPath SUCCEEDED PASS ThrottledThenCharged SUCCEEDED PASS CardDeclined FAILED" \
  "$(summary test examples/order.json --mock-config examples/order.mocks.json --expect examples/order.expect.json)"
# cases without an expectation run on --input ({}) and must succeed: these two cannot without an orderId
echo '{"HappyPath": {"input": {"orderId": "o-1"}, "status": "FAILED"}}' >"$tmp/wrong-expect.json"
check "test exits 1 when a case does not end as expected" \
  "1 FAIL HappyPath SUCCEEDED FAIL ThrottledThenCharged FAILED FAIL CardDeclined FAILED" \
  "$(summary test examples/order.json --mock-config examples/order.mocks.json --expect "$tmp/wrong-expect.json")"
check "test takes the mock configuration from SFN_MOCK_CONFIG" "0" \
  "$(SFN_MOCK_CONFIG=examples/order.mocks.json ./stepwise test examples/order.json \
      --expect examples/order.expect.json >/dev/null 2>&1; echo $?)"
echo '{"StateMachines": {"order": {"TestCases": {"A": {"Charge card": "Nope"}}}}}' >"$tmp/bad-mocks.json"
check "test refuses a bad mock configuration with exit 2" "2 " \
  "$(run test examples/order.json --mock-config "$tmp/bad-mocks.json")"

if [ "$failures" -gt 0 ]; then
  echo "e2e: $failures check(s) failed" >&2
  exit 1
fi
echo "e2e: command line checks passed"
