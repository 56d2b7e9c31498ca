"""The production topology on loopback ports: a real nginx in front of gunicorn app servers, for
tests/test_proxy.py and the benchmark's "through nginx" rows (bench/run.py), which share it.

nginx runs deploy/nginx.conf itself, with only what ties that file to a machine replaced: the app
servers' addresses, the listening ports (loopback), the paths of the static files, media and
certificate, and the brotli snippet (deploy/brotli.conf, included with `load_module` lines when
Debian's modules are installed). Around it goes a main file of its own, with the pid file, logs and
temporary files in the caller's folder: nginx runs in the foreground, without /etc/nginx/nginx.conf
and without needing root (run as root, its workers stay root, to read the caller's private
temporary folders).

The app servers are gunicorn with the environment the caller gives (production_env() builds the
production settings' one). A sketch, as the test uses it:

    from deploy import loopback as proxy

    https_port, http_port, port_a, port_b = proxy.free_ports(4)
    env = proxy.production_env(
        database_url=..., redis_url=..., static_root=static, media_root=media,
        csrf_trusted_origins=f"https://localhost:{https_port}",
    )
    proxy.manage(["collectstatic", "--noinput"], env)
    a = proxy.AppServer(port_a, env, log=tmp / "a.log").start()   # waits for /healthz
    b = proxy.AppServer(port_b, env, log=tmp / "b.log").start()
    cert, key = proxy.self_signed_certificate(tmp)
    nginx = proxy.Nginx(
        tmp / "nginx", upstreams=[a.address, b.address], https_port=https_port,
        http_port=http_port, static_root=static, media_root=media,
        certificate=cert, key=key, upstream_header=True,
    ).start()
    # https://localhost:{https_port}/es/ ; the X-Upstream header names the server(s) tried
    a.stop()          # SIGTERM: gunicorn finishes its requests; a.kill() is SIGKILL
    nginx.stop(); b.stop()

Nothing here needs Django: the module runs in the benchmark's process as well as the tests'
(`from deploy import loopback` with the project's folder on sys.path). AppServer's readiness check and deploy/upstream_check.py ask /healthz as nginx does
(Host, X-Forwarded-Proto: https), so SECURE_SSL_REDIRECT may stay on.
"""

import atexit
import contextlib
import grp
import http.client
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY_CONFIG = ROOT / "deploy" / "nginx.conf"
BROTLI_SNIPPET = ROOT / "deploy" / "brotli.conf"
UPSTREAM_CHECK = ROOT / "deploy" / "upstream_check.py"
MODULES_DIR = Path("/usr/lib/nginx/modules")
# Debian's packages libnginx-mod-http-brotli-filter and libnginx-mod-http-brotli-static.
BROTLI_MODULES = ("ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so")
MIME_TYPES = Path("/etc/nginx/mime.types")
UPSTREAM_NAME = "quito_portal_app"
# What deploy/nginx.conf says where the machine's own paths go.
DEPLOY_STATIC_ROOT = "/srv/quito-portal/staticfiles/"
DEPLOY_MEDIA_ROOT = "/srv/quito-portal/media/"
BROTLI_INCLUDE = "include /etc/nginx/snippets/quito-portal-brotli*.conf;"
# The site's names in deploy/nginx.conf (every server_name but the default servers' "_"), and
# its canonical address (the port-80 redirect's target).
DEPLOY_CANONICAL_NAME = "www.procesodequito.org"
SERVER_NAMES = ("localhost", "127.0.0.1")
# Never handed to an app server from the caller's environment: it gets its own.
PRIVATE_VARIABLES = {
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


# Process groups started here and not yet stopped: killed when this process exits, so that an
# interrupted test or benchmark leaves no server behind.
_running_groups = set()


@atexit.register
def _kill_leftovers():
    for group in list(_running_groups):
        with contextlib.suppress(OSError):
            os.killpg(group, signal.SIGKILL)


# --- helpers ---------------------------------------------------------------------------------


def nginx_binary():
    """Debian's nginx (/usr/sbin is not on every PATH), or None when it is not installed."""
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if os.access(found, os.X_OK) else None


def brotli_modules():
    """The brotli modules' files that are installed (both, or none when Debian's are missing)."""
    paths = [MODULES_DIR / name for name in BROTLI_MODULES]
    return paths if all(path.exists() for path in paths) else []


def free_ports(count):
    """`count` distinct loopback ports that were free a moment ago."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def wait_for_port(port, timeout=10, process=None):
    """Until something accepts connections on 127.0.0.1:port; False after `timeout` seconds or
    once `process` has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return True
        time.sleep(0.05)
    return False


def self_signed_certificate(directory, names=("localhost", "127.0.0.1")):
    """A self-signed certificate (and its key) for `names`, valid for two days, made by openssl;
    returns (certificate path, key path). Clients verify it with the certificate as their CA."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    certificate, key = directory / "proxy.crt", directory / "proxy.key"
    alt_names = ",".join(
        f"IP:{name}" if re.fullmatch(r"[\d.]+|[0-9a-fA-F:]+:[0-9a-fA-F:]*", name) else f"DNS:{name}"
        for name in names
    )
    subprocess.run(  # noqa: S603
        [
            shutil.which("openssl") or "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={names[0]}",
            "-addext",
            f"subjectAltName={alt_names}",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


def production_env(
    *,
    database_url,
    static_root,
    media_root,
    redis_url="",
    secret_key=None,
    allowed_hosts="localhost,127.0.0.1",
    trusted_proxy_count=1,
    csrf_trusted_origins="",
    base=None,
    **extra,
):
    """The environment of an app server with the production settings behind one proxy.

    `base` (default: this process's environment, without its secrets and database) is the
    starting point; `extra` adds variables (SECURE_SSL_REDIRECT="false", PAGE_CACHE_ENABLED...).
    """
    if base is None:
        base = {k: v for k, v in os.environ.items() if k not in PRIVATE_VARIABLES}
    env = dict(base) | {
        "DJANGO_SETTINGS_MODULE": "quito_portal.settings.production",
        "SECRET_KEY": secret_key or os.urandom(32).hex(),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": allowed_hosts,
        "TRUSTED_PROXY_COUNT": str(trusted_proxy_count),
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),
        "PYTHONPATH": str(ROOT),
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    if csrf_trusted_origins:
        env["CSRF_TRUSTED_ORIGINS"] = csrf_trusted_origins
    return env | {key: str(value) for key, value in extra.items()}


def manage(args, env, timeout=300):
    """`manage.py *args` with `env`; returns its output, raises RuntimeError (with it) on failure."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


# --- the app servers -------------------------------------------------------------------------


class AppServer:
    """gunicorn serving quito_portal.wsgi on 127.0.0.1:port with `env`, in a process group of its
    own (so that kill() and pause() reach its workers too)."""

    def __init__(
        self,
        port,
        env,
        *,
        workers=2,
        preload=False,
        log=None,
        host_header="localhost",
        extra_args=(),
    ):
        self.port = port
        self.env = env
        self.workers = workers
        self.preload = preload
        self.log = Path(log) if log else None
        self.host_header = host_header
        self.extra_args = list(extra_args)
        self.process = None

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def health(self, timeout=2):
        """The status of GET /healthz (as the proxy asks it, over "HTTPS"), or None."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(
                "GET", "/healthz", headers={"Host": self.host_header, "X-Forwarded-Proto": "https"}
            )
            return connection.getresponse().status
        except OSError:
            return None
        finally:
            connection.close()

    def start(self, timeout=30):
        """Start gunicorn and wait until /healthz answers 200; returns self."""
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "quito_portal.wsgi",
            "--bind",
            self.address,
            "--workers",
            str(self.workers),
            "--graceful-timeout",
            "20",
            "--log-level",
            "warning",
            # --preload: the app is imported once, by the master, before the workers fork.
            *(["--preload"] if self.preload else []),
            *self.extra_args,
        ]
        output = self.log.open("ab") if self.log else subprocess.DEVNULL
        try:
            self.process = subprocess.Popen(  # noqa: S603
                command,
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            if self.log:
                output.close()
        _running_groups.add(self.process.pid)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn on {self.address} exited: {self.log_tail()}")
            if self.health() == 200:
                return self
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"gunicorn on {self.address} did not answer /healthz: {self.log_tail()}")

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Signal the master (SIGTERM: finish the requests in progress, then exit) and wait; a
        server still there after `timeout` seconds is killed."""
        if not self.running:
            return
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(sig)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        self._reap_group()
        _running_groups.discard(self.process.pid)

    def kill(self):
        """SIGKILL to the master and every worker at once (a crash, the host gone)."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        _running_groups.discard(self.process.pid)

    def pause(self):
        """SIGSTOP to every process: connections are still accepted (by the kernel), never
        answered, as by a server that hangs."""
        os.killpg(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.killpg(self.process.pid, signal.SIGCONT)

    def _reap_group(self):
        # Workers left behind by a master that was killed: gone within a second; make sure.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, 0)
            time.sleep(0.2)
            os.killpg(self.process.pid, signal.SIGKILL)

    def log_tail(self, size=3000):
        if self.log and self.log.exists():
            return self.log.read_text(errors="replace")[-size:]
        return "(no log)"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


# --- nginx -------------------------------------------------------------------------------------


def _replace(text, pattern, replacement, *, count=0, flags=re.M):
    """re.subn that fails loudly when deploy/nginx.conf no longer has what it replaces."""
    result, made = re.subn(pattern, replacement, text, count=count, flags=flags)
    if not made:
        raise ValueError(f"deploy/nginx.conf has nothing matching {pattern!r}")
    return result


def _plain_path(path):
    text = str(path)
    if re.search(r"[\s;{}'\"#$]", text):
        raise ValueError(f"path not usable in an nginx configuration: {text!r}")
    return text


def site_config(
    *,
    upstreams,
    https_port,
    http_port,
    static_root,
    media_root,
    certificate,
    key,
    brotli=True,
    upstream_header=False,
    server_names=SERVER_NAMES,
    source=DEPLOY_CONFIG,
):
    """deploy/nginx.conf with the machine's own parts replaced (see the module's docstring).

    `server_names`: the site's names here (the first one canonical); any other Host meets the
    default servers, as a foreign name does in production.

    `upstreams`: "host:port" of each app server, which keep the parameters (max_fails...) of the
    deploy file's first server line. `upstream_header` adds `X-Upstream: $upstream_addr` to the
    proxied answers (every server tried, the one that answered last): for tests, never in
    production, where it would tell visitors the internal addresses.
    """
    text = Path(source).read_text(encoding="utf-8")

    block = re.search(rf"^upstream {UPSTREAM_NAME} \{{\n(.*?)^\}}", text, re.M | re.S)
    if block is None:
        raise ValueError(f"deploy/nginx.conf has no upstream {UPSTREAM_NAME}")
    servers = re.findall(r"^([ \t]*)server\s+\S+([^;]*);\n", block.group(1), re.M)
    if not servers:
        raise ValueError("deploy/nginx.conf's upstream has no server line")
    indent, parameters = servers[0]
    parameters = re.sub(r"\s+down\b", "", parameters)
    lines = "".join(f"{indent}server {address}{parameters};\n" for address in upstreams)
    body = re.sub(r"^[ \t]*server\s+\S+[^;]*;\n", "", block.group(1), flags=re.M)
    text = text[: block.start(1)] + lines + body + text[block.end(1) :]

    text = _replace(text, r"^[ \t]*listen \[::\]:\d+[^;]*;\n", "")
    text = _replace(
        text,
        r"^([ \t]*)listen 80((?: default_server)?);",
        rf"\g<1>listen 127.0.0.1:{int(http_port)}\g<2>;",
    )
    text = _replace(
        text, r"^([ \t]*)listen 443( ssl[^;]*);", rf"\g<1>listen 127.0.0.1:{int(https_port)}\g<2>;"
    )
    text = _replace(
        text,
        r"^([ \t]*)ssl_certificate \S+;",
        lambda m: f"{m.group(1)}ssl_certificate {_plain_path(certificate)};",
    )
    text = _replace(
        text,
        r"^([ \t]*)ssl_certificate_key \S+;",
        lambda m: (
            f"{m.group(1)}ssl_certificate_key {_plain_path(key)};"
            + (
                f"\n{m.group(1)}add_header X-Upstream $upstream_addr always;"
                if upstream_header
                else ""
            )
        ),
    )
    names = [name for name in server_names if re.fullmatch(r"[A-Za-z0-9.:\[\]-]+", name)]
    if not names or len(names) != len(server_names):
        raise ValueError(f"server names not usable in an nginx configuration: {server_names!r}")
    text = _replace(
        text, r"^([ \t]*)server_name (?!_;)[^;]+;", rf"\g<1>server_name {' '.join(names)};"
    )
    text = _replace(text, re.escape(f"https://{DEPLOY_CANONICAL_NAME}$"), f"https://{names[0]}$")
    static = _plain_path(Path(static_root)).rstrip("/") + "/"
    media = _plain_path(Path(media_root)).rstrip("/") + "/"
    text = _replace(text, re.escape(DEPLOY_STATIC_ROOT), static)
    text = _replace(text, re.escape(DEPLOY_MEDIA_ROOT), media)
    snippet = f"include {_plain_path(BROTLI_SNIPPET)};" if brotli else "# (no brotli modules)"
    text = _replace(text, re.escape(BROTLI_INCLUDE), snippet)
    return text


def main_config(site, directory, *, modules=(), workers=2):
    """The main file around `site`: what Debian's /etc/nginx/nginx.conf sets, with every file
    nginx writes (pid, logs, request bodies, proxy buffers) under `directory`."""
    directory = Path(directory)
    lines = ["daemon off;", f"worker_processes {int(workers)};"]
    if os.geteuid() == 0:
        user = pwd.getpwuid(os.geteuid()).pw_name
        group = grp.getgrgid(os.getegid()).gr_name
        lines.append(f"user {user} {group};")
    lines += [f"load_module {_plain_path(module)};" for module in modules]
    lines += [
        f"pid {_plain_path(directory / 'nginx.pid')};",
        f"error_log {_plain_path(directory / 'error.log')} warn;",
        "events {",
        "    worker_connections 1024;",
        "}",
        "http {",
        "    sendfile on;",
        "    tcp_nopush on;",
        "    types_hash_max_size 2048;",
        f"    include {_plain_path(MIME_TYPES)};",
        "    default_type application/octet-stream;",
        '    log_format upstreams \'$remote_addr "$request" $status $body_bytes_sent '
        "upstream=$upstream_addr status=$upstream_status time=$request_time';",
        f"    access_log {_plain_path(directory / 'access.log')} upstreams;",
    ]
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        lines.append(f"    {kind}_temp_path {_plain_path(directory / 'temp' / kind)};")
    lines += ["", "# --- deploy/nginx.conf, for this machine ---", site, "}", ""]
    return "\n".join(lines)


class Nginx:
    """nginx in the foreground with deploy/nginx.conf for loopback ports (site_config's
    arguments), everything it writes in `directory`. `upstream_check_args()` gives
    deploy/upstream_check.py the arguments that make it edit and reload this instance."""

    def __init__(self, directory, *, workers=2, **site):
        self.directory = Path(directory)
        self.workers = workers
        self.site = site
        self.https_port = site["https_port"]
        self.http_port = site["http_port"]
        self.binary = nginx_binary()
        self.modules = brotli_modules() if site.get("brotli", True) else []
        self.site["brotli"] = bool(self.modules)
        self.process = None

    @property
    def config_path(self):
        return self.directory / "nginx.conf"

    @property
    def brotli(self):
        return bool(self.modules)

    def base_url(self, host="localhost"):
        return f"https://{host}:{self.https_port}"

    def command(self, *args):
        """nginx with this instance's configuration, e.g. command("-s", "reload")."""
        return [self.binary, "-c", str(self.config_path), "-p", str(self.directory), *args]

    def write_config(self):
        (self.directory / "temp").mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(
            main_config(
                site_config(**self.site), self.directory, modules=self.modules, workers=self.workers
            ),
            encoding="utf-8",
        )

    def test_config(self):
        result = subprocess.run(  # noqa: S603
            self.command("-t", "-q"), capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise RuntimeError(f"nginx -t failed:\n{result.stderr}\n{self.config_path}")

    def start(self, timeout=10):
        if self.binary is None:
            raise RuntimeError("nginx is not installed (apt-get install nginx)")
        self.write_config()
        self.test_config()
        with (self.directory / "stderr.log").open("ab") as stderr:
            self.process = subprocess.Popen(  # noqa: S603
                self.command(), stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True
            )
        _running_groups.add(self.process.pid)
        for port in (self.https_port, self.http_port):
            if not wait_for_port(port, timeout, self.process):
                self.stop()
                raise RuntimeError(f"nginx did not listen on {port}: {self.error_log()}")
        return self

    def workers_pids(self):
        """The worker processes' ids (Linux: the master's children)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(OSError):
            return {int(pid) for pid in children.read_text().split()}
        return set()

    def wait_for_new_workers(self, old, timeout=10):
        """After a reload: until none of the `old` workers is left (they finish their
        connections first), so that every new connection gets the new configuration."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            current = self.workers_pids()
            if current and not current & set(old):
                return current
            time.sleep(0.05)
        raise RuntimeError(f"nginx's old workers {old} did not exit: {self.error_log()}")

    def reload(self):
        """Read the configuration file again (SIGHUP), and wait for the new workers."""
        old = self.workers_pids()
        self.process.send_signal(signal.SIGHUP)
        return self.wait_for_new_workers(old)

    def upstream_check_args(self):
        """deploy/upstream_check.py's options that point it at this instance."""
        return [
            "--config",
            str(self.config_path),
            "--test-command",
            shlex.join(self.command("-t", "-q")),
            "--reload-command",
            shlex.join(self.command("-s", "reload")),
        ]

    def stop(self, timeout=10):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)
        _running_groups.discard(self.process.pid)

    def error_log(self, size=3000):
        texts = []
        for name in ("error.log", "stderr.log"):
            path = self.directory / name
            if path.exists():
                texts.append(path.read_text(errors="replace")[-size:])
        return "\n".join(texts) or "(empty error log)"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
