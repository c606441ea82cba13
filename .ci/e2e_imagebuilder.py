"""End-to-end checks of the Image Builder face with boto3, as users drive it: a component, an image recipe and
an infrastructure configuration; a BUILD workflow whose second step waits for an action (listed by
list_waiting_workflow_steps and resumed with send_workflow_step_action) and whose later steps read the first
step's outputs through $.stepOutputs; four TEST workflows in two parallel groups; an image built with them to
AVAILABLE. Then its workflow executions through get_paginator('list_workflow_executions') with PageSize,
MaxItems and StartingToken, and each execution's steps through list_workflow_step_executions with maxResults
and nextToken, every field of both answers present and consistent with the others.
Usage: e2e_imagebuilder.py ENDPOINT"""
import json
import sys
import uuid

from e2e_support import Checks

endpoint = sys.argv[1]
RUN = uuid.uuid4().hex[:8]

checks = Checks("imagebuilder", endpoint)
check, wait_for = checks.check, checks.wait_for
imagebuilder = checks.client("imagebuilder")


def token():
    return str(uuid.uuid4())


BUILD = """
name: e2e-build
schemaVersion: 1.0
steps:
  - name: LaunchBuildInstance
    action: LaunchInstance
    onFailure: Abort
    inputs:
      waitFor: ssmAgent
  - name: Approve
    action: WaitForAction
    timeoutSeconds: 3600
  - name: ApplyBuildComponents
    action: ExecuteComponents
    onFailure: Abort
    inputs:
      instanceId.$: "$.stepOutputs.LaunchBuildInstance.instanceId"
  - name: CreateOutputAMI
    action: CreateImage
    onFailure: Abort
    inputs:
      instanceId.$: "$.stepOutputs.LaunchBuildInstance.instanceId"
  - name: TerminateBuildInstance
    action: TerminateInstance
    onFailure: Continue
    inputs:
      instanceId.$: "$.stepOutputs.LaunchBuildInstance.instanceId"
outputs:
  - name: ImageId
    value: "$.stepOutputs.CreateOutputAMI.imageId"
"""

TEST = """
name: e2e-test
schemaVersion: 1.0
steps:
  - name: LaunchTestInstance
    action: LaunchInstance
    onFailure: Abort
    inputs:
      waitFor: ssmAgent
  - name: TerminateTestInstance
    action: TerminateInstance
    onFailure: Continue
    inputs:
      instanceId.$: "$.stepOutputs.LaunchTestInstance.instanceId"
"""

COMPONENT = """
name: e2e-hello
schemaVersion: 1.0
phases:
  - name: build
    steps:
      - name: Hello
        action: ExecuteBash
        inputs:
          commands:
            - echo hello
"""

component = imagebuilder.create_component(name=f"e2e-hello-{RUN}", semanticVersion="1.0.0", platform="Linux",
                                          data=COMPONENT, clientToken=token())["componentBuildVersionArn"]
recipe = imagebuilder.create_image_recipe(name=f"e2e-recipe-{RUN}", semanticVersion="1.0.0",
                                          parentImage="ami-0123456789abcdef0",
                                          components=[{"componentArn": component}],
                                          clientToken=token())["imageRecipeArn"]
infrastructure = imagebuilder.create_infrastructure_configuration(
    name=f"e2e-infrastructure-{RUN}", instanceProfileName="e2e-profile", clientToken=token())[
    "infrastructureConfigurationArn"]
build = imagebuilder.create_workflow(name=f"e2e-build-{RUN}", semanticVersion="1.0.0", type="BUILD", data=BUILD,
                                     clientToken=token())["workflowBuildVersionArn"]
tests = [imagebuilder.create_workflow(name=f"e2e-test-{RUN}-{i}", semanticVersion="1.0.0", type="TEST", data=TEST,
                                      clientToken=token())["workflowBuildVersionArn"] for i in range(4)]
workflows = [{"workflowArn": build}] + [
    {"workflowArn": arn, "parallelGroup": "first" if i < 2 else "second"} for i, arn in enumerate(tests)]
image = imagebuilder.create_image(imageRecipeArn=recipe, infrastructureConfigurationArn=infrastructure,
                                  workflows=workflows, clientToken=token())["imageBuildVersionArn"]
print(f"ok   imagebuilder image {image}")


def waiting_steps():
    return [s for s in imagebuilder.list_waiting_workflow_steps()["steps"] if s["imageBuildVersionArn"] == image]


waiting = wait_for("the Approve step to wait", waiting_steps, 60)
check("the step that waits", ["Approve"], [s["name"] for s in waiting])
check("the image while its step waits", "BUILDING", imagebuilder.get_image(imageBuildVersionArn=image)["image"]["state"]["status"])
resumed = imagebuilder.send_workflow_step_action(stepExecutionId=waiting[0]["stepExecutionId"],
                                                 imageBuildVersionArn=image, action="RESUME", clientToken=token())
check("send_workflow_step_action answers the step", waiting[0]["stepExecutionId"], resumed["stepExecutionId"])


def finished():
    status = imagebuilder.get_image(imageBuildVersionArn=image)["image"]["state"]["status"]
    return status if status in ("AVAILABLE", "FAILED", "CANCELLED") else None


check("the image's state at the end", "AVAILABLE", wait_for("the image to finish", finished, 60))

# ---- list_workflow_executions through boto3's paginator
paginator = imagebuilder.get_paginator("list_workflow_executions")
pages = list(paginator.paginate(imageBuildVersionArn=image, PaginationConfig={"PageSize": 2}))
check("pages of two executions", [2, 2, 1], [len(p["workflowExecutions"]) for p in pages])
executions = [e for p in pages for e in p["workflowExecutions"]]
check("every page names the image", {image}, {p["imageBuildVersionArn"] for p in pages})
check("executions are distinct", 5, len({e["workflowExecutionId"] for e in executions}))
check("the workflows run", sorted([build] + tests), sorted(e["workflowBuildVersionArn"] for e in executions))
first = paginator.paginate(imageBuildVersionArn=image,
                           PaginationConfig={"PageSize": 2, "MaxItems": 3}).build_full_result()
check("MaxItems 3 gives three", 3, len(first["workflowExecutions"]))
rest = paginator.paginate(imageBuildVersionArn=image, PaginationConfig={
    "PageSize": 2, "StartingToken": first["NextToken"]}).build_full_result()
check("StartingToken carries on where MaxItems stopped",
      [e["workflowExecutionId"] for e in executions],
      [e["workflowExecutionId"] for e in first["workflowExecutions"] + rest["workflowExecutions"]])
for e in executions:
    name = e["workflowExecutionId"]
    check(f"{name} has its fields", set(), {"workflowBuildVersionArn", "workflowExecutionId", "type", "status",
                                            "totalStepCount", "totalStepsSucceeded", "totalStepsFailed",
                                            "totalStepsSkipped", "startTime", "endTime"} - set(e))
    check(f"{name} is a wf- id", True, name.startswith("wf-"))
    check(f"{name} completed", "COMPLETED", e["status"])
    check(f"{name} type", "BUILD" if e["workflowBuildVersionArn"] == build else "TEST", e["type"])
    check(f"{name} step counts add up", e["totalStepCount"],
          e["totalStepsSucceeded"] + e["totalStepsFailed"] + e["totalStepsSkipped"])
    check(f"{name} parallel group", None if e["type"] == "BUILD" else
          ("first" if tests.index(e["workflowBuildVersionArn"]) < 2 else "second"), e.get("parallelGroup"))

    # ---- list_workflow_step_executions, a page of two at a time
    steps, next_token, answers = [], None, []
    while True:
        kwargs = {"workflowExecutionId": name, "maxResults": 2}
        if next_token:
            kwargs["nextToken"] = next_token
        answer = imagebuilder.list_workflow_step_executions(**kwargs)
        answers.append(answer)
        check(f"{name} step page holds at most 2", True, len(answer["steps"]) <= 2)
        steps += answer["steps"]
        next_token = answer.get("nextToken")
        if not next_token:
            break
    check(f"{name} every step page names its execution", {(name, e["workflowBuildVersionArn"], image)},
          {(a["workflowExecutionId"], a["workflowBuildVersionArn"], a["imageBuildVersionArn"]) for a in answers})
    check(f"{name} steps listed", e["totalStepCount"], len(steps))
    check(f"{name} steps completed", {"COMPLETED"}, {s["status"] for s in steps})
    for s in steps:
        check(f"{name} step {s['name']} has its fields", set(), {"stepExecutionId", "name", "action", "status",
                                                                  "startTime", "endTime"} - set(s))
        check(f"{name} step {s['name']} id", True, s["stepExecutionId"].startswith("step-"))
        for field in ("inputs", "outputs"):
            if field in s:
                json.loads(s[field])
    if e["type"] == "BUILD":
        check("the build's steps in order", ["LaunchBuildInstance", "Approve", "ApplyBuildComponents",
                                             "CreateOutputAMI", "TerminateBuildInstance"], [s["name"] for s in steps])
        launched = json.loads(steps[0]["outputs"])["instanceId"]
        check("the instance id's form", True, launched.startswith("i-"))
        check("CreateImage read LaunchInstance's output", launched, json.loads(steps[3]["inputs"])["instanceId"])
        check("the AMI id's form", True, json.loads(steps[3]["outputs"])["imageId"].startswith("ami-"))
print("imagebuilder: all end-to-end checks passed")
