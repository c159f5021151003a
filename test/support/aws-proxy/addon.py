"""mitmproxy addon: AWS on loopback for the local Databend engine.

The engine reaches AWS only at its real host names (sts.<region>.amazonaws.com,
s3.amazonaws.com, <bucket>.s3...): it runs with HTTPS_PROXY pointing at this proxy and
trusts the proxy's throwaway CA. This addon sends every request for *.amazonaws.com to
moto (plain HTTP on loopback, the Host header kept, so moto picks the service and the
bucket as AWS would) and refuses everything else (the engine's telemetry among it): no
connection ever leaves the machine. Each request is written to the log as one JSON line.

    mitmdump -s addon.py --set aws_target=http://127.0.0.1:5000 --set aws_log=/tmp/x/requests.jsonl
"""

from __future__ import annotations

import json
import re
import threading
from urllib.parse import urlsplit

from mitmproxy import ctx, http

AWS_HOST = re.compile(r"^([a-z0-9.-]+\.)?amazonaws\.com$")
# The access key id in a SigV4 Authorization header: "... Credential=AKID/20261129/us-east-1/sts/aws4_request, ..."
CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/")
ASSUMED_KEY = re.compile(r"<AccessKeyId>([^<]+)</AccessKeyId>")


class AwsToMoto:
    def __init__(self) -> None:
        self.lock = threading.Lock()

    def load(self, loader) -> None:
        loader.add_option("aws_target", str, "", "moto's endpoint, e.g. http://127.0.0.1:5000")
        loader.add_option("aws_log", str, "", "file that receives one JSON line per request")

    def write(self, entry: dict) -> None:
        if not ctx.options.aws_log:
            return
        with self.lock, open(ctx.options.aws_log, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")

    def refuse(self, flow: http.HTTPFlow, target: str) -> None:
        flow.response = http.Response.make(403, b"refused: only *.amazonaws.com is served here\n", {"Content-Type": "text/plain"})
        self.write({"refused": target})

    def http_connect(self, flow: http.HTTPFlow) -> None:
        # A CONNECT for anything but AWS is refused before a byte leaves.
        if not AWS_HOST.match(flow.request.host.lower()):
            self.refuse(flow, f"{flow.request.host}:{flow.request.port}")

    def request(self, flow: http.HTTPFlow) -> None:
        host = flow.request.pretty_host.lower()
        if not AWS_HOST.match(host) or not ctx.options.aws_target:
            self.refuse(flow, f"{host}:{flow.request.port}")
            return
        original = flow.request.host_header
        target = urlsplit(ctx.options.aws_target)
        flow.request.scheme = target.scheme
        flow.request.host = target.hostname
        flow.request.port = target.port
        flow.request.host_header = original
        flow.metadata["aws_host"] = host

    def response(self, flow: http.HTTPFlow) -> None:
        host = flow.metadata.get("aws_host")
        if host is None:
            return
        entry = {
            "host": host,
            "method": flow.request.method,
            "path": flow.request.path,
            "status": flow.response.status_code,
        }
        credential = CREDENTIAL.search(flow.request.headers.get("Authorization", ""))
        if credential:
            entry["accessKeyId"] = credential.group(1)
        if host.startswith("sts."):
            # STS parameters come in the query (GET) or a form body (POST).
            entry["params"] = {**dict(flow.request.query), **dict(flow.request.urlencoded_form)}
            assumed = ASSUMED_KEY.search(flow.response.get_text(strict=False) or "")
            if assumed:
                entry["assumedAccessKeyId"] = assumed.group(1)
        self.write(entry)


addons = [AwsToMoto()]
