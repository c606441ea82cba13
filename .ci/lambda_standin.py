"""A Lambda Invoke API stand-in for the end-to-end checks: every invocation is appended as a JSON line
({"function", "invocationType", "payload"}) to the events file; asynchronous invocations (Event) are
accepted with 202, others answered with null. Writes its port to the port file once it listens.
Usage: lambda_standin.py EVENTS_FILE PORT_FILE"""
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

events_file, port_file = sys.argv[1], sys.argv[2]
lock = threading.Lock()


def function_name(path_part):
    """The function's name, whether the client sent its name or its ARN (with or without a qualifier)."""
    name = unquote(path_part)
    if ":function:" in name:
        name = name.split(":function:", 1)[1].split(":")[0]
    return name


class Invoke(BaseHTTPRequestHandler):
    def do_POST(self):
        # /2015-03-31/functions/{FunctionName}/invocations
        parts = self.path.split("?")[0].split("/")
        if len(parts) < 5 or parts[2] != "functions" or parts[4] != "invocations":
            self.send_response(404)
            self.end_headers()
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        invocation_type = self.headers.get("X-Amz-Invocation-Type", "RequestResponse")
        with lock, open(events_file, "a") as out:
            out.write(json.dumps({"function": function_name(parts[3]), "invocationType": invocation_type,
                                  "payload": json.loads(body or "null")}) + "\n")
        if invocation_type == "Event":
            self.send_response(202)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"null")

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Invoke)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(port_file + ".tmp", port_file)
server.serve_forever()
