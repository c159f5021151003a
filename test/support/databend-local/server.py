"""A local Databend for tests: the real engine (PyPI `databend`) behind Databend's HTTP API.

Every statement is parsed, planned and executed by the embedded Databend engine; this
server only speaks the HTTP query protocol that `databend-driver` expects (login, query,
pages, final, kill, heartbeat, logout). It binds to loopback only.

    python server.py --port 0 --user root --password secret --data-dir /tmp/db

prints one line `{"port": N, "version": "..."}` on stdout once it accepts queries.
"""

from __future__ import annotations

import argparse
import base64
import hmac
import json
import logging
import re
import socket
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import databend

import no_egress
import schema
import values

ERROR_TEXT = re.compile(r"Code: (\d+), Text = (.*)", re.S)
DML_RESULT = re.compile(r"^number of rows (inserted|deleted|updated|affected)$")
USE_STATEMENT = re.compile(r"^\s*use\s", re.I)
PAGE_PATH = re.compile(r"^/v1/query/([^/]+)/page/(\d+)$")
QUERY_PATH = re.compile(r"^/v1/query/([^/]+)/(final|kill)$")

ABORTED_QUERY = 1043
AUTH_FAILURE = 5100
UNKNOWN_QUERY = 1006
INTERNAL = 1001

log = logging.getLogger("databend-local")


def engine_error(error: BaseException) -> tuple[int, str]:
    """Databend's own error code and message, from the engine's exception text."""
    match = ERROR_TEXT.search(str(error))
    if not match:
        return INTERNAL, str(error).strip()
    message = match.group(2)
    # The engine appends a Rust backtrace after a blank line; the message is what comes before.
    message = re.split(r"\n\s*\n|<Backtrace", message, maxsplit=1)[0].strip()
    return int(match.group(1)), message


class Session:
    """One client session: its own engine context (current database, settings)."""

    def __init__(self, engine_data: str, database: str | None) -> None:
        self.key = uuid.uuid4().hex
        self.engine_data = engine_data
        self.database = database or "default"
        self.renew()

    def renew(self) -> None:
        """A fresh engine context in the same database.

        The embedded engine cannot cancel a running statement (its KILL QUERY needs a
        cluster node), so a killed query is abandoned: it finishes in the background on
        the old context while the session goes on with a new one.
        """
        self.context = databend.SessionContext(data_path=self.engine_data)
        self.lock = threading.Lock()
        if self.database != "default":
            self.context.sql(f"USE `{self.database}`").collect()


class Query:
    def __init__(self, query_id: str, session: Session, sql: str, page_size: int) -> None:
        self.id = query_id
        self.session = session
        self.sql = sql
        self.page_size = page_size
        self.started = time.monotonic()
        self.finished_at: float | None = None
        self.planned = threading.Event()
        self.done = threading.Event()
        self.killed = False
        self.table = None
        self.columns: list[dict] = []
        self.error: tuple[int, str] | None = None
        self.write_rows = 0
        self.pages_served = -1

    def run(self) -> None:
        context, lock = self.session.context, self.session.lock
        try:
            with lock:
                # Planning is quick and gives the schema, which a client sees while the query runs.
                plan = context.sql(self.sql)
                columns = schema.columns(repr(plan.schema()))
                dml = len(columns) == 1 and DML_RESULT.match(columns[0]["name"])
                self.columns = [] if dml else columns
                self.planned.set()
                table = plan.arrow()
                if USE_STATEMENT.match(self.sql) and not self.killed:
                    current = context.sql("SELECT current_database()").arrow()
                    self.session.database = current.column(0)[0].as_py()
            if dml:
                # INSERT / DELETE / UPDATE: the count becomes write_progress, as on a real server.
                self.write_rows = int(table.column(0)[0].as_py())
            else:
                self.table = table
        except Exception as error:  # the engine raises RuntimeError with Databend's code
            self.error = engine_error(error)
        finally:
            self.finished_at = time.monotonic()
            self.planned.set()
            self.done.set()
            if self.killed:
                self.table = None

    @property
    def rows(self) -> int:
        return 0 if self.table is None else self.table.num_rows

    def page_count(self) -> int:
        return max(1, -(-self.rows // self.page_size))

    def page(self, number: int) -> list:
        if self.table is None:
            return []
        chunk = self.table.slice(number * self.page_size, self.page_size)
        columns = [values.column_texts(chunk.column(i), chunk.schema.field(i)) for i in range(chunk.num_columns)]
        return [list(row) for row in zip(*columns)] if columns else []


class LocalDatabend:
    def __init__(self, user: str, password: str, data_dir: str, wait_cap: float) -> None:
        self.user = user
        self.password = password
        self.data_dir = data_dir
        self.wait_cap = wait_cap
        self.sessions: dict[str, Session] = {}
        self.queries: dict[str, Query] = {}
        self.closed: set[str] = set()
        self.lock = threading.Lock()
        bootstrap = databend.SessionContext(data_path=data_dir)
        raw = bootstrap.sql("SELECT version()").to_arrow_table().column(0)[0].as_py()
        # The driver needs bare semver: "Databend Query v1.2.895-nightly-..." -> "1.2.895".
        self.version = re.search(r"v?(\d+\.\d+\.\d+)", raw).group(1)

    def authorized(self, header: str | None) -> bool:
        if not header or not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except ValueError:
            return False
        return hmac.compare_digest(user, self.user) and hmac.compare_digest(password, self.password)

    def session_for(self, state: dict | None) -> Session:
        state = state or {}
        key = state.get("internal")
        with self.lock:
            session = self.sessions.get(key) if isinstance(key, str) else None
            if session is None:
                session = Session(self.data_dir, state.get("database"))
                self.sessions[session.key] = session
            return session

    def start(self, body: dict, query_id: str | None) -> Query:
        pagination = body.get("pagination") or {}
        page_size = int(pagination.get("max_rows_per_page") or 10000)
        session = self.session_for(body.get("session"))
        query = Query(query_id or uuid.uuid4().hex, session, body.get("sql", ""), max(1, page_size))
        with self.lock:
            self.queries[query.id] = query
        threading.Thread(target=query.run, name=f"query-{query.id}", daemon=True).start()
        # Like Databend, the first answer comes within wait_time_secs in all, planning included.
        wait = min(float(pagination.get("wait_time_secs") or self.wait_cap), self.wait_cap)
        deadline = time.monotonic() + wait
        query.planned.wait(wait)
        query.done.wait(max(0.0, deadline - time.monotonic()))
        return query

    def get(self, query_id: str) -> Query | None:
        with self.lock:
            return self.queries.get(query_id)

    def close(self, query_id: str) -> Query | None:
        with self.lock:
            self.closed.add(query_id)
            return self.queries.pop(query_id, None)


def stats(query: Query | None, result_rows: int = 0) -> dict:
    elapsed = 0.0
    if query is not None:
        elapsed = ((query.finished_at or time.monotonic()) - query.started) * 1000
    zero = {"rows": 0, "bytes": 0}
    return {
        "scan_progress": zero,
        "write_progress": {"rows": query.write_rows if query else 0, "bytes": 0},
        "result_progress": {"rows": result_rows, "bytes": 0},
        "total_scan": zero,
        "spill_progress": {"file_nums": 0, "bytes": 0},
        "running_time_ms": elapsed,
    }


def query_response(query: Query, page: int | None) -> dict:
    """The response for a query: page `page` of its rows, or (None) the final answer."""
    uri = f"/v1/query/{query.id}"
    session = {"database": query.session.database, "internal": query.session.key}
    base = {
        "id": query.id,
        "session_id": query.session.key,
        "node_id": "local",
        "session": session,
        "schema": query.columns,
        "data": [],
        "state": "Succeeded",
        "error": None,
        "warnings": [],
        "result_timeout_secs": 60,
        "final_uri": f"{uri}/final",
        "kill_uri": f"{uri}/kill",
        "stats_uri": uri,
        "settings": {"timezone": "UTC"},
    }
    if query.killed:
        return {**base, "state": "Failed", "error": {"code": ABORTED_QUERY, "message": "Query was killed"}, "next_uri": None, "stats": stats(query)}
    if page is None:
        return {**base, "next_uri": None, "stats": stats(query, query.rows)}
    if not query.done.is_set():
        return {**base, "state": "Running", "next_uri": f"{uri}/page/{page}", "stats": stats(query)}
    if query.error is not None:
        code, message = query.error
        return {**base, "schema": [], "state": "Failed", "error": {"code": code, "message": message}, "next_uri": None, "stats": stats(query)}
    data = query.page(page)
    last = page + 1 >= query.page_count()
    served = min(query.rows, (page + 1) * query.page_size)
    return {**base, "data": data, "next_uri": f"{uri}/final" if last else f"{uri}/page/{page + 1}", "stats": stats(query, served)}


class Handler(BaseHTTPRequestHandler):
    server_version = "databend-local"
    protocol_version = "HTTP/1.1"
    db: LocalDatabend

    def setup(self) -> None:
        super().setup()
        # Headers and body go out as two writes: without this, Nagle's algorithm holds the
        # body until the client's delayed ACK (40 ms on Linux), on every response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt: str, *args) -> None:  # route access logs to our log file
        log.debug("%s %s", self.address_string(), fmt % args)

    def send_json(self, status: int, payload: dict) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def read_json(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw) if raw.strip() else {}

    def refuse(self) -> None:
        log.info("authentication failed for a request to %s", self.path)
        self.send_json(401, {"error": {"code": AUTH_FAILURE, "message": "AuthenticateFailure: wrong user name or password"}})

    def dispatch(self, method: str) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/health":
            return self.send_json(200, {"status": "ok", "version": self.db.version})
        body = self.read_json() if method == "POST" else {}
        if not self.db.authorized(self.headers.get("Authorization")):
            return self.refuse()
        if method == "POST" and path == "/v1/session/login":
            return self.send_json(200, {"version": self.db.version, "session_id": uuid.uuid4().hex, "tokens": None})
        if method == "POST" and path == "/v1/session/logout":
            return self.send_json(200, {})
        if method == "POST" and path == "/v1/session/heartbeat":
            return self.send_json(200, {"queries_to_remove": []})
        if method == "POST" and path == "/v1/query":
            query = self.db.start(body, self.headers.get("X-DATABEND-QUERY-ID"))
            log.info("query %s started (%d characters)", query.id, len(query.sql))
            return self.send_json(200, query_response(query, 0))
        page = PAGE_PATH.match(path)
        if page and method == "GET":
            query = self.db.get(page.group(1))
            number = int(page.group(2))
            if query is None or number >= query.page_count():
                return self.send_json(404, {"error": {"code": UNKNOWN_QUERY, "message": f"QueryNotFound: no page {number} of query {page.group(1)}"}})
            if not query.done.is_set():
                query.done.wait(self.db.wait_cap)
            return self.send_json(200, query_response(query, number))
        action = QUERY_PATH.match(path)
        if action:
            query_id, verb = action.groups()
            if verb == "kill" and method == "POST":
                query = self.db.get(query_id)
                if query is not None and not query.killed:
                    query.killed = True
                    query.table = None
                    if not query.done.is_set():
                        query.session.renew()
                    log.info("query %s killed", query_id)
                return self.send_json(200, {})
            if verb == "final":
                query = self.db.close(query_id)
                if query is None:
                    return self.send_json(200, {"id": query_id, "state": "Succeeded", "error": None, "schema": [], "data": [], "next_uri": None, "stats": stats(None)})
                return self.send_json(200, query_response(query, None))
        return self.send_json(404, {"error": {"code": INTERNAL, "message": f"no such endpoint: {method} {path}"}})

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self.dispatch("POST")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--user", default="root")
    parser.add_argument("--password", default="")
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--log-file", default=None)
    parser.add_argument("--wait-cap", type=float, default=1.0, help="longest a request waits for a running query, seconds")
    parser.add_argument("--egress-proxy", default=None, help="proxy for the engine's outbound HTTP(S); default: refuse it all")
    args = parser.parse_args()

    logging.basicConfig(
        filename=args.log_file,
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
    )
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="databend-local-")
    proxy = no_egress.route_through(args.egress_proxy)
    log.info("the engine's outbound HTTP(S) goes to %s", proxy)
    Handler.db = LocalDatabend(args.user, args.password, data_dir, args.wait_cap)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    log.info("listening on 127.0.0.1:%d, data in %s, Databend %s", server.server_port, data_dir, Handler.db.version)
    print(json.dumps({"port": server.server_port, "version": Handler.db.version}), flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
