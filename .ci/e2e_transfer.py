"""End-to-end checks of the Transfer Family face with boto3 and OpenSSH's sftp client, as users drive it:
a server on a port of our choosing (ProtocolDetails.SftpPorts), a user with an SSH key, a workflow whose
CUSTOM step waits for its function's answer, uploads over sftp, list_executions paged, every custom step
answered with send_workflow_step_state, the executions finished and their log lines written; then an SFTP
connector to a second server on loopback (a PEM key in a Secrets Manager secret, the host key trusted after
test_connection) retrieving three files of which one is missing, and sending one, with a result per file.
Usage: e2e_transfer.py ENDPOINT DATA_DIR LAMBDA_EVENTS_FILE"""
import json
import os
import socket
import subprocess
import sys
import tempfile

from e2e_support import Checks

endpoint, data_dir, lambda_events = sys.argv[1], sys.argv[2], sys.argv[3]
ROLE = "arn:aws:iam::123456789012:role/e2e-transfer"
FILES = 7


checks = Checks("transfer", endpoint)
check, wait_for, client = checks.check, checks.wait_for, checks.client
transfer = client("transfer")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_sftp_ports(port):
    """botocore's model may predate ProtocolDetails.SftpPorts: add it to the request body as it is sent."""
    def add(request, **_):
        body = json.loads(request.data)
        body.setdefault("ProtocolDetails", {})["SftpPorts"] = [{"SftpPort": port}]
        request.data = json.dumps(body).encode()
        if "Content-Length" in request.headers:
            del request.headers["Content-Length"]
    return add


def raw_describe_server(server_id):
    """DescribeServer's body as the server sent it (members botocore's model may not know included)."""
    seen = {}

    def keep(http_response, **_):
        seen["body"] = json.loads(http_response.content)
    transfer.meta.events.register("after-call.transfer.DescribeServer", keep)
    try:
        transfer.describe_server(ServerId=server_id)
    finally:
        transfer.meta.events.unregister("after-call.transfer.DescribeServer", keep)
    return seen["body"]["Server"]


def sftp(port, user, key, commands, workdir):
    batch = os.path.join(workdir, "batch")
    with open(batch, "w") as f:
        f.write("\n".join(commands) + "\n")
    done = subprocess.run(["sftp", "-b", batch, "-i", key, "-P", str(port), "-o", "StrictHostKeyChecking=no",
                           "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                           "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", f"{user}@127.0.0.1"],
                          cwd=workdir, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        print(f"FAIL transfer sftp: {done.stderr}", file=sys.stderr)
        sys.exit(1)
    return done.stdout


def custom_step_events(function):
    if not os.path.exists(lambda_events):
        return []
    with open(lambda_events) as f:
        return [e["payload"] for e in map(json.loads, f) if e["function"] == function]


workdir = tempfile.mkdtemp()
key = os.path.join(workdir, "alice")
subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
with open(key + ".pub") as f:
    public_key = f.read().strip()

function = f"e2e-hold-{os.getpid()}"
workflow_id = transfer.create_workflow(
    Description="hold then archive",
    Steps=[{"Type": "CUSTOM", "CustomStepDetails": {
               "Name": "hold", "Target": f"arn:aws:lambda:us-east-1:123456789012:function:{function}",
               "TimeoutSeconds": 600}},
           {"Type": "COPY", "CopyStepDetails": {
               "Name": "archive", "DestinationFileLocation": {"S3FileLocation": {
                   "Bucket": "e2e-archive", "Key": "${transfer:UserName}/"}}}}])["WorkflowId"]

port = free_port()
alice_port_hook = with_sftp_ports(port)
transfer.meta.events.register("before-sign.transfer.CreateServer", alice_port_hook)
server_id = transfer.create_server(
    WorkflowDetails={"OnUpload": [{"WorkflowId": workflow_id, "ExecutionRole": ROLE}]})["ServerId"]
check("the server listens on the port SftpPorts named",
      [port], [p["SftpPort"] for p in raw_describe_server(server_id)["ProtocolDetails"]["SftpPorts"]])
check("the server is ONLINE", "ONLINE", transfer.describe_server(ServerId=server_id)["Server"]["State"])
transfer.create_user(ServerId=server_id, UserName="alice", Role=ROLE, HomeDirectory="/e2e-inbox/home/alice",
                     SshPublicKeyBody=public_key)

for i in range(FILES):
    with open(os.path.join(workdir, f"report-{i}.csv"), "w") as f:
        f.write(f"row,{i}\n")
listing = sftp(port, "alice", key, [f"put report-{i}.csv" for i in range(FILES)] + ["ls -1"], workdir)
check("sftp uploaded every file into the user's home",
      sorted(f"report-{i}.csv" for i in range(FILES)),
      sorted(line.strip() for line in listing.splitlines() if line.strip().startswith("report-")))

events = wait_for(f"{FILES} custom step invocations", lambda: (lambda e: e if len(e) == FILES else None)(
    custom_step_events(function)))
check("each custom step's event names the uploaded file",
      sorted(f"home/alice/report-{i}.csv" for i in range(FILES)), sorted(e["fileLocation"]["key"] for e in events))

paginator = transfer.get_paginator("list_executions")
listed = [x for page in paginator.paginate(WorkflowId=workflow_id, PaginationConfig={"PageSize": 3})
          for x in page["Executions"]]
check("list_executions pages through every execution in progress", FILES, len(listed))
check("every execution is IN_PROGRESS", {"IN_PROGRESS"}, {x["Status"] for x in listed})
check("executions carry the user's session", {"alice"},
      {x["ServiceMetadata"]["UserDetails"]["UserName"] for x in listed})
first = paginator.paginate(WorkflowId=workflow_id, PaginationConfig={"MaxItems": 5, "PageSize": 2}).build_full_result()
check("MaxItems stops at five", 5, len(first["Executions"]))
rest = paginator.paginate(WorkflowId=workflow_id, PaginationConfig={
    "MaxItems": 5, "PageSize": 2, "StartingToken": first["NextToken"]}).build_full_result()
check("StartingToken goes on with the other two", 2, len(rest["Executions"]))
check("the two runs of the paginator list every execution once",
      sorted(x["ExecutionId"] for x in listed),
      sorted(x["ExecutionId"] for x in first["Executions"] + rest["Executions"]))
described = transfer.describe_execution(WorkflowId=workflow_id, ExecutionId=listed[0]["ExecutionId"])["Execution"]
check("describe_execution shows the execution role", ROLE, described["ExecutionRole"])

for event in events:
    details = event["serviceMetadata"]["executionDetails"]
    transfer.send_workflow_step_state(WorkflowId=details["workflowId"], ExecutionId=details["executionId"],
                                      Token=event["token"], Status="SUCCESS")
wait_for("the executions to finish", lambda: not transfer.list_executions(WorkflowId=workflow_id)["Executions"])
print("ok   transfer answered custom steps let every execution finish and leave the listing")
archive = os.path.join(data_dir, "objects", "e2e-archive", "alice")
copied = {}
for name in sorted(os.listdir(archive)):
    with open(os.path.join(archive, name)) as f:
        copied[name] = f.read()
check("the step after the custom one copied every file", {f"report-{i}.csv": f"row,{i}\n" for i in range(FILES)},
      copied)
with open(os.path.join(data_dir, "transfer-logs", f"{server_id}.log")) as f:
    lines = [json.loads(line) for line in f]
check("the log holds an ExecutionCompleted line per execution", FILES,
      sum(1 for line in lines if line["type"] == "ExecutionCompleted"))
try:
    transfer.describe_execution(WorkflowId=workflow_id, ExecutionId=listed[0]["ExecutionId"])
    check("a finished execution is not described", "ResourceNotFoundException", "an answer")
except transfer.exceptions.ResourceNotFoundException:
    print("ok   transfer a finished execution is ResourceNotFoundException")

# ---- an SFTP connector to a second server on loopback: files retrieved and sent, a result per file
secrets = client("secretsmanager")
partner_key = os.path.join(workdir, "partner")
# connectors take legacy PEM keys, as AWS's do
subprocess.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f", partner_key], check=True)
with open(partner_key + ".pub") as f:
    partner_public = f.read().strip()
with open(partner_key) as f:
    partner_private = f.read()
partner_port = free_port()
transfer.meta.events.unregister("before-sign.transfer.CreateServer", alice_port_hook)
transfer.meta.events.register("before-sign.transfer.CreateServer", with_sftp_ports(partner_port))
partner_id = transfer.create_server()["ServerId"]
transfer.create_user(ServerId=partner_id, UserName="partner", Role=ROLE, HomeDirectoryType="LOGICAL",
                     HomeDirectoryMappings=[{"Entry": "/", "Target": "/e2e-partner/home"}],
                     SshPublicKeyBody=partner_public)
for name in ("a.csv", "b.csv"):
    with open(os.path.join(workdir, name), "w") as f:
        f.write(f"remote {name}\n")
sftp(partner_port, "partner", partner_key, ["mkdir outbox", "mkdir inbox", "put a.csv outbox/a.csv",
                                                  "put b.csv outbox/b.csv"], workdir)

secret_arn = secrets.create_secret(Name=f"e2e/partner-{os.getpid()}", SecretString=json.dumps(
    {"Username": "partner", "PrivateKey": partner_private}))["ARN"]
connector_id = transfer.create_connector(Url=f"sftp://127.0.0.1:{partner_port}", AccessRole=ROLE,
                                         SftpConfig={"UserSecretId": secret_arn})["ConnectorId"]
tested = transfer.test_connection(ConnectorId=connector_id)
host_key = tested["SftpConnectionDetails"]["HostKey"]
check("test_connection reports the partner's host key", True, host_key.startswith(("ssh-rsa ", "ecdsa-sha2-")))
transfer.update_connector(ConnectorId=connector_id, SftpConfig={"TrustedHostKeys": [host_key]})
check("test_connection succeeds once the host key is trusted", ("OK", "Connection succeeded"),
      (lambda t: (t["Status"], t["StatusMessage"]))(transfer.test_connection(ConnectorId=connector_id)))

retrieve = ["/outbox/a.csv", "/outbox/missing.csv", "/outbox/b.csv"]
transfer_id = transfer.start_file_transfer(ConnectorId=connector_id, RetrieveFilePaths=retrieve,
                                           LocalDirectoryPath="/e2e-retrieved/in")["TransferId"]


def results(connector, transfer_id):
    return [r for page in transfer.get_paginator("list_file_transfer_results").paginate(
        ConnectorId=connector, TransferId=transfer_id, PaginationConfig={"PageSize": 1})
        for r in page["FileTransferResults"]]


done = wait_for("every retrieved file's result", lambda: (lambda r: r if all(
    x["StatusCode"] in ("COMPLETED", "FAILED") for x in r) else None)(results(connector_id, transfer_id)))
check("list_file_transfer_results names each file as the request did", retrieve, [r["FilePath"] for r in done])
check("the missing file alone fails, with RETRIEVE_FILE_NOT_FOUND",
      [("COMPLETED", None), ("FAILED", "RETRIEVE_FILE_NOT_FOUND"), ("COMPLETED", None)],
      [(r["StatusCode"], r.get("FailureCode")) for r in done])
for name in ("a.csv", "b.csv"):
    with open(os.path.join(data_dir, "objects", "e2e-retrieved", "in", name)) as f:
        check(f"{name} was retrieved into the local directory", f"remote {name}\n", f.read())

send_id = transfer.start_file_transfer(ConnectorId=connector_id, SendFilePaths=["/e2e-retrieved/in/a.csv"],
                                       RemoteDirectoryPath="/inbox")["TransferId"]
sent = wait_for("the sent file's result", lambda: (lambda r: r if r and r[0]["StatusCode"] in (
    "COMPLETED", "FAILED") else None)(results(connector_id, send_id)))
check("the sent file completes", "COMPLETED", sent[0]["StatusCode"])
with open(os.path.join(data_dir, "objects", "e2e-partner", "home", "inbox", "a.csv")) as f:
    check("the sent file is in the partner's inbox", "remote a.csv\n", f.read())
