"""Runs one test service and ends it when the process that started it ends.

    python3 watchdog.py --parent PID [--remove DIR]... [--grace SECONDS] -- COMMAND [ARG]...

Every launcher in test/support starts its service through this (processes.ts, and
chromium.sh for playwright). It starts COMMAND and stays beside it. When PID is no longer
its parent (the launcher ended, however: with SIGKILL the kernel hands us to another
parent), when it gets SIGTERM, SIGINT or SIGHUP, or when COMMAND exits, it ends every
process COMMAND left behind (SIGTERM, then SIGKILL after the grace), removes each DIR, and
exits with COMMAND's status (128 + signal when a signal ended it).

It is a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so a descendant that leaves the
process group (a terminal's shell, a double-forked daemon) comes back to it when its own
parent dies and is ended too. Linux only, standard library only, Python 3.8+.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
POLL_SECONDS = 0.2


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="watchdog.py", description=__doc__.splitlines()[0])
    parser.add_argument("--parent", type=int, required=True, help="pid of the launcher; its end ends the service")
    parser.add_argument("--remove", action="append", default=[], help="folder removed once the service has ended")
    parser.add_argument("--grace", type=float, default=2.0, help="seconds between SIGTERM and SIGKILL")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if not args.command:
        parser.error("no command given after --")
    return args


def live_processes() -> list[tuple[int, int, int]]:
    """(pid, parent pid, process group) of every process that is not a zombie."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                raw = stat.read()
        except OSError:
            continue  # it ended meanwhile
        # The command name sits in parentheses and may hold spaces or ')': split after the last one.
        fields = raw[raw.rindex(b")") + 2 :].split()
        if fields[0] != b"Z":
            found.append((int(entry), int(fields[1]), int(fields[2])))
    return found


def leftovers() -> set[int]:
    """Our live descendants, plus the rest of our process group when we lead it."""
    me = os.getpid()
    group = os.getpgid(0) if os.getpgid(0) == me else None
    processes = live_processes()
    children: dict[int, list[int]] = {}
    found = set()
    for pid, ppid, pgrp in processes:
        children.setdefault(ppid, []).append(pid)
        if pgrp == group:
            found.add(pid)
    pending = [me]
    while pending:
        for child in children.get(pending.pop(), []):
            if child not in found:
                found.add(child)
                pending.append(child)
    found.discard(me)
    return found


def reap(service: int) -> int | None:
    """Collects every ended child (orphans come to us); the service's status once it ended."""
    status = None
    while True:
        try:
            pid, raw = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return status
        if pid == 0:
            return status
        if pid == service:
            status = os.waitstatus_to_exitcode(raw) if hasattr(os, "waitstatus_to_exitcode") else raw >> 8
            status = 128 - status if status < 0 else status


def end_all(grace: float, service: int) -> int | None:
    """TERM to everything left, KILL after `grace` seconds; returns the service's status if reaped."""
    status = None
    signalled: set[int] = set()
    deadline = time.monotonic() + grace
    while True:
        status = reap(service) if status is None else status
        left = leftovers()
        if not left:
            return status
        kill = time.monotonic() >= deadline
        for pid in left if kill else left - signalled:
            try:
                os.kill(pid, signal.SIGKILL if kill else signal.SIGTERM)
            except ProcessLookupError:
                pass
            signalled.add(pid)
        time.sleep(0.05)


def main() -> int:
    args = parse(sys.argv[1:])
    if os.getppid() != args.parent:
        # The launcher ended before we started: start nothing.
        for folder in args.remove:
            shutil.rmtree(folder, ignore_errors=True)
        return 1
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print(f"watchdog: prctl(PR_SET_CHILD_SUBREAPER) failed: {os.strerror(ctypes.get_errno())}", file=sys.stderr)

    stopping: list[int] = []
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, lambda received, _frame: stopping.append(received))

    try:
        service = os.posix_spawnp(args.command[0], args.command, os.environ)
    except OSError as error:
        print(f"watchdog: cannot start {args.command[0]}: {error}", file=sys.stderr)
        for folder in args.remove:
            shutil.rmtree(folder, ignore_errors=True)
        return 127
    # Descriptors the launcher handed over (playwright's pipes) belong to the service only,
    # so that its peer sees them close when the service ends.
    os.closerange(3, 1024)

    status = None
    while status is None and not stopping and os.getppid() == args.parent:
        time.sleep(POLL_SECONDS)
        status = reap(service)
    final = end_all(args.grace, service)
    status = final if status is None else status
    for folder in args.remove:
        shutil.rmtree(folder, ignore_errors=True)
    return status if status is not None else 128 + signal.SIGTERM


if __name__ == "__main__":
    sys.exit(main())
