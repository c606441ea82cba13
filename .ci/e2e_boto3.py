"""End-to-end checks with boto3 against a running server."""
import json
import sys
import time
import uuid

from e2e_support import Checks

endpoint = sys.argv[1]
checks = Checks("boto3", endpoint)
check = checks.check
sfn = checks.client("stepfunctions", inject_host_prefix=False)


waiting = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": True}}}
arn = sfn.create_state_machine(name=f"e2e-{uuid.uuid4().hex[:8]}", definition=json.dumps(waiting),
                               roleArn="arn:aws:iam::123456789012:role/e2e")["stateMachineArn"]
started = sfn.start_execution(stateMachineArn=arn, name="first", input='{"a": 1}')
check("a second start with the same name and input is idempotent", started["executionArn"],
      sfn.start_execution(stateMachineArn=arn, name="first", input='{"a": 1}')["executionArn"])
try:
    sfn.start_execution(stateMachineArn=arn, name="first", input='{"a": 2}')
    check("ExecutionAlreadyExists", "an error", "none")
except sfn.exceptions.ExecutionAlreadyExists:
    print("ok   boto3 ExecutionAlreadyExists for another input")
check("the execution waits", "RUNNING", sfn.describe_execution(executionArn=started["executionArn"])["status"])
sfn.stop_execution(executionArn=started["executionArn"], error="Stopped", cause="by the e2e check")
stopped = sfn.describe_execution(executionArn=started["executionArn"])
check("stop", ("ABORTED", "Stopped", "by the e2e check"), (stopped["status"], stopped["error"], stopped["cause"]))
check("history ends with ExecutionAborted", "ExecutionAborted",
      sfn.get_execution_history(executionArn=started["executionArn"], reverseOrder=True)["events"][0]["type"])
for i in range(3):
    sfn.start_execution(stateMachineArn=arn, name=f"more-{i}")
names = []
for page in sfn.get_paginator("list_executions").paginate(stateMachineArn=arn, PaginationConfig={"PageSize": 2}):
    names += [e["name"] for e in page["executions"]]
check("list_executions pages newest first", ["more-2", "more-1", "more-0", "first"], names)
try:
    sfn.describe_execution(executionArn=arn.replace(":stateMachine:", ":execution:") + ":nope")
    check("ExecutionDoesNotExist", "an error", "none")
except sfn.exceptions.ExecutionDoesNotExist:
    print("ok   boto3 ExecutionDoesNotExist")

# an activity worker: the execution waits for it, the worker answers, the execution goes on
activity = sfn.create_activity(name=f"e2e-work-{uuid.uuid4().hex[:8]}")["activityArn"]
with_worker = {"StartAt": "Work", "States": {
    "Work": {"Type": "Task", "Resource": activity, "TimeoutSeconds": 60, "ResultPath": "$.result", "Next": "Done"},
    "Done": {"Type": "Succeed"}}}
worker_arn = sfn.create_state_machine(name=f"e2e-worker-{uuid.uuid4().hex[:8]}", definition=json.dumps(with_worker),
                                      roleArn="arn:aws:iam::123456789012:role/e2e")["stateMachineArn"]
run = sfn.start_execution(stateMachineArn=worker_arn, input='{"job": 7}')["executionArn"]
task = sfn.get_activity_task(activityArn=activity, workerName="e2e-worker")
check("the worker receives the task input", {"job": 7}, json.loads(task["input"]))
sfn.send_task_heartbeat(taskToken=task["taskToken"])
sfn.send_task_success(taskToken=task["taskToken"], output='{"answer": 42}')
for _ in range(100):
    finished = sfn.describe_execution(executionArn=run)
    if finished["status"] != "RUNNING":
        break
    time.sleep(0.05)
check("the execution ends with the worker's answer", ("SUCCEEDED", {"job": 7, "result": {"answer": 42}}),
      (finished["status"], json.loads(finished["output"])))
check("ActivityStarted names the worker", "e2e-worker",
      [e for e in sfn.get_execution_history(executionArn=run)["events"] if e["type"] == "ActivityStarted"][0]
      ["activityStartedEventDetails"]["workerName"])
