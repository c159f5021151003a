"""Keeps the embedded engine off the network: its HTTP clients are pointed at a proxy.

The engine (reqwest inside) honours HTTPS_PROXY / HTTP_PROXY. Its telemetry report
(https://telemetry.databend.com, sent on every start by the Python binding; the package
has no switch to turn it off) then goes to the proxy as `CONNECT host:443` instead of
resolving and dialling the host. Without a proxy of the launcher's (the AWS proxy of
test/support/awsProxy.ts), a refusing one runs here, in a thread: it answers every
request with 403 and logs what was refused.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

log = logging.getLogger("databend-local")

LOOPBACK = "127.0.0.1,localhost,::1"


def refuse_all() -> str:
    """Starts the refusing proxy on a free loopback port; returns its URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)

    def answer(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                request_line = conn.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
                log.info("refused an outbound request of the engine: %s", request_line)
                conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            except OSError:
                pass

    def serve() -> None:
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, name="no-egress", daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}"


def route_through(proxy: str | None) -> str:
    """Points the engine's HTTP(S) at `proxy` (or at a refusing one); loopback stays direct.

    Must run before the engine starts: reqwest reads these variables when a client is built.
    """
    url = proxy or refuse_all()
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        os.environ[name] = url
    for name in ("ALL_PROXY", "all_proxy"):
        os.environ.pop(name, None)
    # Access-key stages on moto use http://127.0.0.1 endpoints: those stay direct.
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = LOOPBACK
    return url
