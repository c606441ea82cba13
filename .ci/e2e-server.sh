#!/usr/bin/env bash
# End-to-end checks against a running server with the AWS CLI and boto3, as users drive it.
set -euo pipefail
endpoint=$1
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
sfn() { aws --endpoint-url "$endpoint" stepfunctions "$@"; }

name="e2e-cli-$RANDOM$RANDOM"
arn=$(sfn create-state-machine --name "$name" --role-arn arn:aws:iam::123456789012:role/e2e \
  --definition file://examples/hello.json --query stateMachineArn --output text)
exec_arn=$(sfn start-execution --state-machine-arn "$arn" --input '{"names":["Ada"]}' \
  --query executionArn --output text)
status=$(sfn describe-execution --execution-arn "$exec_arn" --query status --output text)
output=$(sfn describe-execution --execution-arn "$exec_arn" --query output --output text)
[ "$status" = SUCCEEDED ] || { echo "FAIL aws cli: status $status" >&2; exit 1; }
[ "$output" = '{"greetings":["Hello, Ada!"],"count":1}' ] || { echo "FAIL aws cli: output $output" >&2; exit 1; }
events=$(sfn get-execution-history --execution-arn "$exec_arn" --query 'length(events)' --output text)
[ "$events" = 16 ] || { echo "FAIL aws cli: $events events" >&2; exit 1; }
echo "ok   aws cli: create, start, describe, history"

# an activity worker driven by the AWS CLI
activity=$(sfn create-activity --name "e2e-cli-work-$RANDOM$RANDOM" --query activityArn --output text)
worker_machine=$(sfn create-state-machine --name "e2e-cli-worker-$RANDOM$RANDOM" \
  --role-arn arn:aws:iam::123456789012:role/e2e --query stateMachineArn --output text \
  --definition "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":\"$activity\",\"End\":true}}}")
run=$(sfn start-execution --state-machine-arn "$worker_machine" --input '{"x":1}' --query executionArn --output text)
token=$(sfn get-activity-task --activity-arn "$activity" --worker-name cli-worker --query taskToken --output text)
sfn send-task-success --task-token "$token" --task-output '{"y":2}'
for _ in $(seq 1 100); do
  status=$(sfn describe-execution --execution-arn "$run" --query status --output text)
  [ "$status" != RUNNING ] && break
  sleep 0.05
done
[ "$status" = SUCCEEDED ] || { echo "FAIL aws cli worker: status $status" >&2; exit 1; }
echo "ok   aws cli: an activity worker takes the task and answers it"

curl -fsS "$endpoint/health" | grep -q '"ok"' || { echo "FAIL /health" >&2; exit 1; }
curl -fsS "$endpoint/metrics" | grep -q '^stepwise_api_calls_total' || { echo "FAIL /metrics" >&2; exit 1; }
echo "ok   /health and /metrics answer"

python3 .ci/e2e_boto3.py "$endpoint"
