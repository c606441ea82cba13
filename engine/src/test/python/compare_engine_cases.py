#!/usr/bin/env python3
"""Compares the engine's recorded runs of the conformance cases with AWS's recordings.

The engine test writes, per case, the GetExecutionHistory and DescribeExecution responses it
would serve (wire JSON). This script parses them with botocore, exactly as boto3 would hand them
to run.py, then normalises and compares them with run.py's own code, so the verdict is the one
run.py gives against a server.
"""
import argparse
import json
import os
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--actual", required=True)
    ap.add_argument("--report", required=True)
    args = ap.parse_args()

    conformance = os.path.join(args.shared, "conformance")
    sys.path.insert(0, conformance)
    import botocore.parsers
    import botocore.session
    import run  # noqa: E402  (the conformance runner's comparison)

    model = botocore.session.get_session().get_service_model("stepfunctions")
    parser = botocore.parsers.create_parser("json")

    def parse(operation, body):
        shape = model.operation_model(operation).output_shape
        return parser.parse({"body": json.dumps(body).encode(), "headers": {}, "status_code": 200}, shape)

    results = []
    cases_root = os.path.join(conformance, "cases")
    for dirpath, _, files in os.walk(args.actual):
        for name in sorted(files):
            if not name.endswith(".json"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), args.actual)[: -len(".json")].replace(os.sep, "/")
            with open(os.path.join(dirpath, name)) as fh:
                actual = json.load(fh)
            with open(os.path.join(cases_root, rel, "expected.json")) as fh:
                exp = json.load(fh)
            results.append(judge(rel, exp, actual, parse, run))
    results.sort(key=lambda r: r["case"])
    with open(args.report, "w") as fh:
        json.dump(results, fh, indent=1)
    passed = sum(1 for r in results if r["status"] == "PASS")
    print(f"{passed} passed, {len(results) - passed} failed")


def judge(rel, exp, actual, parse, run):
    if actual.get("error"):
        return {"case": rel, "status": "FAIL", "diff": [actual["error"]]}
    keys = exp["snapshot_keys"]
    try:
        if exp.get("mode") == "outputs":
            pairs = []
            for ex in actual["executions"]:
                out = None
                for ev in parse("GetExecutionHistory", ex["history"])["events"]:
                    det = ev.get("executionSucceededEventDetails")
                    if isinstance(det, dict) and "output" in det:
                        out = det["output"]
                pairs.append({"input": ex["input"], "output": out})
            observed = {keys["outputs"]: pairs}
            bindings = {"role_arn": run.ROLE_ARN}
        else:
            observed = {}
            if keys.get("describe"):
                observed[keys["describe"]] = parse("DescribeExecution", actual["describe"])
            if keys.get("history"):
                observed[keys["history"]] = {"events": parse("GetExecutionHistory", actual["history"])["events"]}
            bindings = {
                "role_arn": run.ROLE_ARN,
                f"sm_name:{exp.get('sm_index', 0)}": actual["sm_name"],
                f"exec_name:{exp.get('exec_index', 0)}": actual["exec_name"],
            }
        ok, lines, _ = run.compare(exp, observed, bindings, actual["account"])
    except Exception as e:  # noqa: BLE001
        return {"case": rel, "status": "FAIL", "diff": [f"{type(e).__name__}: {e}"]}
    return {"case": rel, "status": "PASS" if ok else "FAIL", "diff": lines}


if __name__ == "__main__":
    main()
