"""What the boto3 end-to-end checks share: a client of the server under test, and checks that print one
line each and stop the run at the first failure."""
import sys
import time

import boto3
from botocore.config import Config


class Checks:
    """Checks of one face, their lines labelled with its name."""

    def __init__(self, label, endpoint):
        self.label = label
        self.endpoint = endpoint

    def client(self, service, **config):
        """A boto3 client of the server under test, with test credentials and no retries."""
        return boto3.client(service, endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id="test", aws_secret_access_key="test",
                            config=Config(retries={"max_attempts": 1}, **config))

    def check(self, name, expected, actual):
        if expected != actual:
            print(f"FAIL {self.label} {name}: expected {expected!r}, got {actual!r}", file=sys.stderr)
            sys.exit(1)
        print(f"ok   {self.label} {name}")

    def wait_for(self, what, condition, seconds=30):
        """The first truthy value of condition(), asked every 100 ms; the run fails after `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            time.sleep(0.1)
        print(f"FAIL {self.label}: timed out waiting for {what}", file=sys.stderr)
        sys.exit(1)
