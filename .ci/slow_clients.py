"""Slow clients against a running site, and how ordinary requests fare meanwhile.

Opens sockets that send a request's header a line every few seconds, or a
POST body a byte every few seconds (reconnecting whenever the server drops
them), then times ordinary GETs while they are open:

    python .ci/slow_clients.py http://127.0.0.1:8766 --slow-headers 8 \\
        --slow-bodies 4 --path / --path /roles/paralegal/ --check

`--unix SOCKET` talks to a unix socket (gunicorn's) instead of the URL's
port. With `--check`, it exits 1 unless every request answered 200 within
`--limit` seconds and, with `--dropped-within`, the server dropped each
slow header within that many seconds.
"""

import argparse
import select
import socket
import statistics
import string
import sys
import threading
import time
from urllib.parse import urlsplit

# Any 32 letters pass Django's CSRF cookie format check, so the admin login
# reads the POST body before it answers.
CSRF_COOKIE = string.ascii_letters[:32]


class Target:
    def __init__(self, url, unix_socket=None):
        parts = urlsplit(url)
        self.host = parts.netloc
        self.address = (parts.hostname, parts.port or 80)
        self.unix_socket = unix_socket

    def connect(self, timeout):
        if self.unix_socket:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            sock.connect(self.unix_socket)
            return sock
        return socket.create_connection(self.address, timeout=timeout)


class SlowClient(threading.Thread):
    """One socket that never finishes its request; reconnects when dropped."""

    def __init__(self, target, kind, number, interval, stop):
        super().__init__(daemon=True)
        self.target, self.kind, self.number = target, kind, number
        self.interval, self.stop = interval, stop
        self.held = []  # seconds each connection lasted before the server dropped it
        self.connections = 0

    def opening(self):
        if self.kind == "header":
            return (
                f"GET /?slow={self.number} HTTP/1.1\r\nHost: {self.target.host}\r\n"
            ).encode()
        return (
            f"POST /admin/login/ HTTP/1.1\r\nHost: {self.target.host}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: 100000\r\nCookie: csrftoken={CSRF_COOKIE}\r\n\r\n"
        ).encode()

    def trickle(self):
        return b"X-Slow: 1\r\n" if self.kind == "header" else b"a"

    def run(self):
        while not self.stop.is_set():
            try:
                sock = self.target.connect(timeout=5)
            except OSError:
                self.stop.wait(0.2)
                continue
            self.connections += 1
            opened = time.monotonic()
            try:
                sock.sendall(self.opening())
                while not self.stop.is_set():
                    # Readable means the server answered or hung up: either
                    # way this connection is over.
                    if select.select([sock], [], [], self.interval)[0]:
                        self.held.append(time.monotonic() - opened)
                        break
                    sock.sendall(self.trickle())
            except OSError:
                self.held.append(time.monotonic() - opened)
            finally:
                sock.close()
            self.stop.wait(0.1)


def fetch(target, path, timeout):
    """Status and seconds of one GET, or (None, seconds) if it timed out."""
    started = time.monotonic()
    request = f"GET {path} HTTP/1.1\r\nHost: {target.host}\r\nConnection: close\r\n\r\n"
    try:
        with target.connect(timeout) as sock:
            sock.settimeout(max(timeout - (time.monotonic() - started), 0.01))
            sock.sendall(request.encode())
            response = b""
            while chunk := sock.recv(65536):
                response += chunk
    except OSError:
        return None, time.monotonic() - started
    status = int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/") else None
    return status, time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the site, e.g. http://127.0.0.1:8766")
    parser.add_argument("--unix", help="connect to this unix socket instead")
    parser.add_argument("--slow-headers", type=int, default=8)
    parser.add_argument("--slow-bodies", type=int, default=0)
    parser.add_argument(
        "--interval", type=float, default=4, help="seconds between trickles"
    )
    parser.add_argument("--path", action="append", help="GET these in turn (default /)")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--limit", type=float, default=2, help="seconds a request may take"
    )
    parser.add_argument(
        "--timeout", type=float, default=10, help="give up on a request"
    )
    parser.add_argument(
        "--dropped-within", type=float, help="slow headers must go by then"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 on a failure")
    args = parser.parse_args()

    target = Target(args.url, args.unix)
    paths = args.path or ["/"]
    stop = threading.Event()
    slow = [
        SlowClient(target, kind, number, args.interval, stop)
        for kind, count in (("header", args.slow_headers), ("body", args.slow_bodies))
        for number in range(count)
    ]
    started = time.monotonic()
    for client in slow:
        client.start()
    time.sleep(1)  # let them take their places first

    results = {path: [] for path in paths}
    for number in range(args.requests):
        path = paths[number % len(paths)]
        results[path].append(fetch(target, path, args.timeout))

    if args.dropped_within:
        # Wait long enough for the server to have dropped the first slow headers.
        time.sleep(max(0, started + args.dropped_within + 1 - time.monotonic()))
    stop.set()

    failures = report(results, slow, args)
    if args.check and failures:
        print("FAIL: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


def report(results, slow, args):
    failures = []
    print(
        f"{args.slow_headers} slow headers, {args.slow_bodies} slow bodies "
        f"(a trickle every {args.interval:g} s) against {args.unix or args.url}"
    )
    for path, outcomes in results.items():
        times = [seconds for _, seconds in outcomes]
        statuses = [status for status, _ in outcomes]
        print(
            f"  GET {path}: {len(outcomes)} requests, "
            f"{sum(status == 200 for status in statuses)} answered 200, "
            f"median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms"
        )
        if any(status != 200 for status in statuses):
            failures.append(f"{path} answered {sorted(set(map(str, statuses)))}")
        if max(times) > args.limit:
            failures.append(
                f"{path} took up to {max(times):.1f} s (limit {args.limit:g} s)"
            )
    headers = [client for client in slow if client.kind == "header"]
    held = [client.held[0] for client in headers if client.held]
    if held:
        print(
            f"  slow headers dropped by the server after "
            f"{min(held):.1f} to {max(held):.1f} s ({len(held)} of {len(headers)})"
        )
    all_dropped = len(held) == len(headers) and max(held, default=0) <= (
        args.dropped_within or 0
    )
    if args.dropped_within and not all_dropped:
        failures.append(
            f"slow headers not all dropped within {args.dropped_within:g} s"
        )
    return failures


if __name__ == "__main__":
    sys.exit(main())
