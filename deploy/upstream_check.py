#!/usr/bin/env python3
"""Active health checks for open-source nginx, from each app server's /healthz.

nginx (without nginx Plus's `health_check`) learns that an app server fails only from visitors'
requests: refused connections and 502/503 answers are passed to the next server at once, but a
server that hangs makes each visitor sent to it wait `proxy_read_timeout` (60 s) first, and a
failed server is tried again with a visitor's request every `fail_timeout`. This script asks each
server of the upstream block itself, every --interval seconds: GET /healthz (200 while its
database answers; 503 when not), at most --timeout seconds. A server that fails --fall checks in
a row is marked `down` in the nginx file, one that then passes --rise checks in a row loses the
mark, and nginx is reloaded (`nginx -t` first; the file is put back if that fails). It never marks
every server down: when all fail, all stay in, and nginx's own failover and the app's 503 page
answer visitors.

Only the `server` lines of one upstream block change (default quito_portal_app), by adding or
removing the `down` parameter. Standard library only: it runs with the system's python3.

    upstream_check.py --config /etc/nginx/sites-available/quito-portal --host www.procesodequito.org
    upstream_check.py --once ...        one round, with --fall 1 --rise 1 (cron, tests)

deploy/README.md has the systemd unit that runs it.
"""

import argparse
import concurrent.futures
import http.client
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERVER_LINE = re.compile(
    r"^(?P<head>[ \t]*server[ \t]+(?P<address>[^\s;]+))(?P<params>[^;]*);", re.M
)


def log(message):
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} upstream_check: {message}", flush=True)


def upstream_block(text, name):
    """(start, end) of the upstream block's body in the file's text."""
    match = re.search(rf"^[ \t]*upstream[ \t]+{re.escape(name)}[ \t]*\{{", text, re.M)
    if match is None:
        raise ValueError(f"no 'upstream {name}' block")
    end = text.index("}", match.end())  # no braces inside an upstream block
    return match.end(), end


def servers(text, name):
    """{address: marked down} for the block's server lines, in order."""
    start, end = upstream_block(text, name)
    return {
        line["address"]: bool(re.search(r"(^|\s)down(\s|$)", line["params"]))
        for line in SERVER_LINE.finditer(text, start, end)
    }


def with_marks(text, name, down):
    """The text with exactly the servers in `down` marked down in the block."""
    start, end = upstream_block(text, name)

    def mark(line):
        params = re.sub(r"[ \t]+down(?=\s|$)", "", line["params"])
        if line["address"] in down:
            params += " down"
        return f"{line['head']}{params};"

    return text[:start] + SERVER_LINE.sub(mark, text[start:end]) + text[end:]


def healthy(address, host, timeout):
    """Whether GET /healthz on `address` answers 200 within `timeout` seconds, asked as the
    proxy asks (Host, X-Forwarded-Proto: https, so that SECURE_SSL_REDIRECT does not redirect)."""
    if address.startswith("unix:"):
        return True  # not checked: a local socket goes with its server's process
    hostname, _, port = address.rpartition(":")
    connection = http.client.HTTPConnection(hostname.strip("[]"), int(port), timeout=timeout)
    try:
        connection.request(
            "GET",
            "/healthz",
            headers={
                "Host": host,
                "X-Forwarded-Proto": "https",
                "User-Agent": "quito-portal-upstream-check",
            },
        )
        response = connection.getresponse()
        response.read()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def run(command):
    result = subprocess.run(shlex.split(command), capture_output=True, text=True, check=False)  # noqa: S603
    return result.returncode == 0, (result.stdout + result.stderr).strip()


class Checker:
    def __init__(self, args):
        self.args = args
        # The file itself, not a symlink to it (sites-enabled/ links to sites-available/).
        self.config = Path(args.config).resolve()
        self.failures = {}
        self.successes = {}
        self.all_failing = False

    def round(self):
        """One check of every server; rewrites the file and reloads nginx when a mark changes.
        Returns {address: healthy}."""
        text = self.config.read_text(encoding="utf-8")
        marked = servers(text, self.args.upstream)
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, len(marked))) as pool:
            checks = {
                address: pool.submit(healthy, address, self.args.host, self.args.timeout)
                for address in marked
            }
            results = {address: check.result() for address, check in checks.items()}
        for address, ok in results.items():
            self.successes[address] = self.successes.get(address, 0) + 1 if ok else 0
            self.failures[address] = 0 if ok else self.failures.get(address, 0) + 1
        down = {
            address
            for address, is_down in marked.items()
            if (is_down and self.successes[address] < self.args.rise)
            or (not is_down and self.failures[address] >= self.args.fall)
        }
        if marked and down == set(marked):
            if not self.all_failing:
                log("every server fails its check: none is marked down (nginx's own failover)")
            self.all_failing = True
            down = set()
        else:
            self.all_failing = False
        if down != {address for address, is_down in marked.items() if is_down}:
            self.apply(text, down, marked)
        return results

    def apply(self, text, down, marked):
        for address in marked:
            if (address in down) != marked[address]:
                log(f"{address} {'down' if address in down else 'up again'}")
        new_text = with_marks(text, self.args.upstream, down)
        self.write(new_text)
        ok, output = run(self.args.test_command)
        if not ok:
            self.write(text)
            log(f"nginx refused the new file, kept the old one: {output}")
            return
        ok, output = run(self.args.reload_command)
        if not ok:
            log(f"reload failed: {output}")

    def write(self, text):
        # In place of the old file, atomically, with its permissions.
        mode = self.config.stat().st_mode & 0o7777
        handle, temporary = tempfile.mkstemp(dir=self.config.parent, prefix=".upstream-check-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as output:
                output.write(text)
            os.chmod(temporary, mode)
            os.replace(temporary, self.config)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="the nginx file with the upstream block")
    parser.add_argument("--upstream", default="quito_portal_app")
    parser.add_argument("--host", required=True, help="the Host header (one of ALLOWED_HOSTS)")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between rounds")
    parser.add_argument("--timeout", type=float, default=2.0, help="seconds for /healthz")
    parser.add_argument("--fall", type=int, default=2, help="failed checks before down")
    parser.add_argument("--rise", type=int, default=2, help="passed checks before up again")
    parser.add_argument("--test-command", default="nginx -t -q")
    parser.add_argument("--reload-command", default="nginx -s reload")
    parser.add_argument("--once", action="store_true", help="one round, as --fall 1 --rise 1")
    args = parser.parse_args(argv)
    if args.once:
        args.fall = args.rise = 1
    checker = Checker(args)
    while True:
        results = checker.round()
        if args.once:
            for address, ok in results.items():
                print(f"{address} {'healthy' if ok else 'failing'}")
            return 0
        time.sleep(args.interval)


if __name__ == "__main__":
    sys.exit(main())
