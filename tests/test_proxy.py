"""Two app servers behind a real nginx (deploy/nginx.conf, run by deploy/loopback.py).

Real processes: Debian's nginx on loopback ports with TLS (a certificate made by openssl here),
two gunicorn servers with the production settings on a database of their own (a copy of the
migrated template, tests/database_plugin.py) sharing one Redis database, as production's app
servers share theirs. Requests go through nginx, or to one server directly as nginx would send
them (Host, X-Forwarded-Proto: https). Every response nginx proxies names the server(s) it tried
in X-Upstream, a header only this test's configuration adds.

What holds across servers: a page published through one is fresh on the other at once, a
translator's edit too, and a logged-in editor stays logged in whichever server answers. When a
server stops or dies under load, no request fails. nginx serves static files and image renditions
from disk, never originals or documents, and compresses pages. The app sees the scheme and the
client's address that nginx saw, not ones the client wrote.
"""

import fcntl
import gzip
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from http.cookies import SimpleCookie
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from deploy import loopback as proxy

from .admin_forms import page_form
from .database_plugin import backend, server_url
from .html import parse, text
from .support import require_redis

pytestmark = [
    pytest.mark.slow,
    # The servers, nginx and the Redis database are the module's: its tests stay on one worker.
    pytest.mark.xdist_group("proxy"),
    # The template that the servers' database copies is made with the test database.
    pytest.mark.django_db,
]

REDIS_DATABASES = (12, 11)
# Another prefix lets two working copies run this module against one PostgreSQL server.
DATABASE_PREFIX = os.environ.get("PROXY_TEST_DATABASE_PREFIX", "qp_proxy_")
HOST = "localhost"
PASSWORD = "una-clave-larga-de-prueba-2026"
OLD_TITLE, NEW_TITLE = "Antes de publicar", "Publicado en el servidor A"
SKIP_LINK_ES = "Saltar al contenido principal"

CONTENT = f"""
import io, json
from django.core.management import call_command
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as Picture
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Site
from demo_content.shared import add_page
from core.i18n.languages import prepare_root_page
from core.pages.models import StandardPage
from home.models import HomePage

home = add_page(prepare_root_page(), HomePage(
    title_es="Proceso de Quito", title_en="Quito Process", slug_es="inicio", slug_en="home",
    intro_es="El Proceso de Quito coordina la respuesta regional.",
))
Site.objects.filter(is_default_site=True).update(root_page=home, hostname="localhost", port=443)
page = add_page(home, StandardPage(
    title_es={OLD_TITLE!r}, title_en="Before publishing", slug_es="acerca-de", slug_en="about",
    intro_es="Una página que se publica de nuevo.", show_in_menus=True,
))
users = get_user_model().objects
moderator = users.create_user("moderadora", "moderadora@example.org", {PASSWORD!r})
moderator.groups.add(Group.objects.get(name="Moderators"))
translator = users.create_user("traductora", "traductora@example.org", {PASSWORD!r})
translator.groups.add(Group.objects.get(name="Translators"))

png = io.BytesIO()
Picture.new("RGB", (640, 480), "steelblue").save(png, "PNG")
image = Image(title="Mapa", file=ImageFile(png, name="mapa-regional.png"))
image.save()
rendition = image.get_rendition("fill-64x48")
document = Document(title="Acta", file=ContentFile(b"%PDF-1.4 acta de la reunion", name="acta.pdf"))
document.save()
call_command("collectstatic", interactive=False, verbosity=0)
print(json.dumps({{
    "page_id": page.pk,
    "page_path": "/es/acerca-de/",
    "rendition": rendition.url,
    "original": "/media/" + image.file.name,
    "document_file": "/media/" + document.file.name,
    "document_url": document.url,
}}))
"""


def unavailable(message):
    """Skip here; in CI (`CI` set) the proxy test must run, so it fails instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI runs the proxy test, never skips it)", pytrace=False)
    pytest.skip(message)


@contextmanager
def redis_database():
    """One of REDIS_DATABASES that no other run of this module is using (a lock file each),
    empty; the first one is waited for when both are taken."""
    import redis

    locks = Path(tempfile.gettempdir())
    with ExitStack() as stack:
        chosen = None
        for number in REDIS_DATABASES:
            lock = stack.enter_context((locks / f"qp_proxy_redis_{number}.lock").open("w"))
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            chosen = number
            break
        if chosen is None:
            chosen = REDIS_DATABASES[0]
            lock = stack.enter_context((locks / f"qp_proxy_redis_{chosen}.lock").open("w"))
            fcntl.flock(lock, fcntl.LOCK_EX)
        client = redis.Redis(host="127.0.0.1", port=6379, db=chosen)
        stack.callback(client.close)
        stack.callback(client.flushdb)
        client.flushdb()
        yield f"redis://127.0.0.1:6379/{chosen}"


def servers_database(name):
    """A copy of the migrated template under `name`, or else an empty database; returns
    whether it is the copy."""
    if backend().clone(name):
        return True
    with psycopg.connect(server_url("postgres"), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    return False


def drop_database(name):
    with psycopg.connect(server_url("postgres"), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load_content(env):
    """The content (CONTENT) and collectstatic, in one process with the servers' settings."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()\n" + CONTENT],
        cwd=proxy.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"loading the content failed:\n{result.stdout}\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def stop_all(*servers):
    with ThreadPoolExecutor(len(servers)) as pool:
        list(pool.map(lambda server: server.stop(), servers))


class Cluster:
    def __init__(self, **parts):
        self.__dict__.update(parts)

    def servers(self):
        return {self.a.address: "A", self.b.address: "B"}


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker, tmp_path_factory):
    """nginx, app servers A and B (two workers each), their database and Redis; the content:
    a home page, a page to publish, a moderator and a translator, an image with a rendition and
    a document."""
    if connection.vendor != "postgresql":
        # Not a missing tool: the production topology is PostgreSQL's, and CI's PostgreSQL run
        # covers it, so the SQLite run skips it even in CI.
        pytest.skip("the production topology runs on PostgreSQL: set DATABASE_URL to run it")
    if proxy.nginx_binary() is None:
        unavailable("nginx is not installed (apt-get install nginx)")
    require_redis()
    started = time.monotonic()
    directory = tmp_path_factory.mktemp("proxy")
    static_root, media_root = directory / "static", directory / "media"
    https_port, http_port, port_a, port_b = proxy.free_ports(4)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    database = f"{DATABASE_PREFIX}{worker}"
    with ExitStack() as stack:
        redis_url = stack.enter_context(redis_database())
        with django_db_blocker.unblock():
            copied = servers_database(database)
            database_url = server_url(database)
        stack.callback(drop_database, database)
        env = proxy.production_env(
            database_url=database_url,
            redis_url=redis_url,
            static_root=static_root,
            media_root=media_root,
            allowed_hosts=f"{HOST},127.0.0.1",
            # The browser's origin on the test's port (443 in production needs no entry).
            csrf_trusted_origins=f"https://{HOST}:{https_port}",
            # Fewer failed logins to lock an address out (5 in production): each costs a hash.
            AXES_FAILURE_LIMIT=3,
            # The servers' slots for costly requests (core/serving/throttle.py), where a test can hold them.
            COSTLY_REQUESTS_LOCK_DIR=directory / "costly-slots",
        )
        if not copied:  # no template to copy (another run was making it): migrate
            proxy.manage(["migrate", "--noinput"], env)
        content = load_content(env)

        # Two workers each (a server is more than one process), the app imported once per server.
        a = proxy.AppServer(port_a, env, workers=2, preload=True, log=directory / "a.log")
        b = proxy.AppServer(port_b, env, workers=2, preload=True, log=directory / "b.log")
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda server: server.start(), (a, b)))
        stack.callback(stop_all, a, b)
        certificate, key = proxy.self_signed_certificate(directory)
        nginx = proxy.Nginx(
            directory / "nginx",
            upstreams=[a.address, b.address],
            https_port=https_port,
            http_port=http_port,
            static_root=static_root,
            media_root=media_root,
            certificate=certificate,
            key=key,
            upstream_header=True,
        ).start()
        stack.callback(nginx.stop)
        print(f"\nproxy cluster ready in {time.monotonic() - started:.1f} s")
        yield Cluster(
            a=a,
            b=b,
            nginx=nginx,
            ca=str(certificate),
            env=env,
            database_url=database_url,
            static_root=static_root,
            media_root=media_root,
            directory=directory,
            manifest=json.loads((static_root / "staticfiles.json").read_text())["paths"],
            **content,
        )


def restart_stopped_servers(cluster):
    """Start again a server that a test stopped, and reload nginx: its new workers forget that
    the server failed (else they leave it out for fail_timeout)."""
    stopped = [server for server in (cluster.a, cluster.b) if not server.running]
    for server in stopped:
        server.start()
    if stopped:
        cluster.nginx.reload()


@pytest.fixture
def both_running(cluster):
    """A test may stop a server: the next one that needs both starts it again."""
    restart_stopped_servers(cluster)
    return cluster


# --- a browser that goes through nginx or to one server directly --------------------------------


class Browser:
    """One visitor: cookies kept whichever way the requests go (secure cookies included, which
    a cookie jar would not send to a server's plain http:// address)."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.cookies = {}

    def base(self, via):
        """via: "nginx", or a server (A or B) reached directly as nginx reaches it."""
        if via == "nginx":
            return self.cluster.nginx.base_url(HOST), {}
        return f"http://{via.address}", {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "127.0.0.1",
        }

    def request(self, method, via, path, *, data=None, headers=None, stream=False):
        import requests

        base, proxy_headers = self.base(via)
        origin = base if via == "nginx" else f"https://{HOST}"
        sent = {**proxy_headers, **(headers or {})}
        if method == "POST":
            sent.setdefault("Origin", origin)
            sent.setdefault("Referer", origin + path)
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method,
            base + path,
            data=data,
            headers=sent,
            allow_redirects=False,
            verify=self.cluster.ca,
            timeout=30,
            stream=stream,
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, via, path, **kwargs):
        return self.request("GET", via, path, **kwargs)

    def post_form(self, via, path, data):
        """GET the form (for its CSRF token), then POST `data` with it."""
        form = self.get(via, path)
        assert form.status_code == 200, (path, form.status_code)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        return self.request("POST", via, path, data={**data, "csrfmiddlewaretoken": token})

    def log_in(self, via, username):
        response = self.post_form(
            via, "/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"}
        )
        assert response.status_code == 302, response.text[:2000]
        assert "sessionid" in self.cookies
        return response


def answered_by(cluster, response):
    """ "A" or "B": the last server nginx tried (X-Upstream lists every one it tried)."""
    tried = [part.strip() for part in response.headers["X-Upstream"].split(",")]
    return cluster.servers()[tried[-1]]


def heading(response):
    found = re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def published_page_form(title):
    return page_form(
        {
            "title_es": title,
            "slug_es": "acerca-de",
            "title_en": "Before publishing",
            "slug_en": "about",
            "intro_es": "Una página que se publica de nuevo.",
            "show_in_menus": "on",
        },
        streams=("body",),
        publish=True,
    )


# --- (1)-(3) what stays fresh across servers -----------------------------------------------------


def main_menu(response):
    return text(parse(response).select_one("nav.main-nav"))


def test_a_page_published_through_server_a_is_fresh_on_server_b_at_once(both_running):
    cluster = both_running
    visitor = Browser(cluster)
    path = cluster.page_path
    first = visitor.get(cluster.b, path)
    again = visitor.get(cluster.b, path)
    assert heading(first) == heading(again) == OLD_TITLE
    assert again.headers["X-Page-Cache"] == "hit"  # B answers from its cached copy
    # A logged-in editor's pages are not cached whole: B's processes build their menus, and
    # remember them (core/caching/process_memo.py).
    moderator = Browser(cluster)
    moderator.log_in(cluster.a, "moderadora")
    for _ in range(4):  # each of B's two workers, twice
        assert OLD_TITLE in main_menu(moderator.get(cluster.b, "/es/"))

    edit = f"/admin/pages/{cluster.page_id}/edit/"
    published = moderator.post_form(cluster.a, edit, published_page_form(NEW_TITLE))
    assert published.status_code == 302, published.text[:3000]

    on_b = visitor.get(cluster.b, path)
    assert heading(on_b) == NEW_TITLE
    assert on_b.headers["X-Page-Cache"] == "miss"
    for _ in range(4):
        menu = main_menu(moderator.get(cluster.b, "/es/"))
        assert NEW_TITLE in menu and OLD_TITLE not in menu
    through_nginx = [visitor.get("nginx", path) for _ in range(4)]
    assert {heading(response) for response in through_nginx} == {NEW_TITLE}
    assert {answered_by(cluster, response) for response in through_nginx} == {"A", "B"}


def test_a_translators_edit_made_on_server_a_shows_on_server_bs_next_page(both_running):
    from interface_strings.catalogs import entry_key

    key = entry_key("Skip to main content")
    cluster = both_running
    visitor = Browser(cluster)
    edited = "Ir al contenido (texto editado en A)"
    # Both of B's workers, and the shared cache, have the catalog's text.
    before = [visitor.get(cluster.b, "/es/") for _ in range(4)]
    assert all(SKIP_LINK_ES in response.text for response in before)
    assert before[-1].headers["X-Page-Cache"] == "hit"

    translator = Browser(cluster)
    translator.log_in(cluster.a, "traductora")
    saved = translator.post_form(
        cluster.a, f"/admin/translations/{key}/", {"es": edited, "en": "", "pt": ""}
    )
    assert saved.status_code == 302, saved.text[:3000]

    try:
        after = [visitor.get(cluster.b, "/es/") for _ in range(4)]
        assert all(edited in response.text for response in after), [
            response.headers.get("X-Page-Cache") for response in after
        ]
        through_nginx = [visitor.get("nginx", "/es/") for _ in range(4)]
        assert all(edited in response.text for response in through_nginx)
    finally:
        translator.post_form(
            cluster.a, f"/admin/translations/{key}/", {"es": "", "en": "", "pt": ""}
        )


def test_a_logged_in_editor_stays_logged_in_whichever_server_answers(both_running):
    cluster = both_running
    editor = Browser(cluster)
    editor.log_in("nginx", "moderadora")
    # nginx's workers (two) each take the servers in turn: six requests reach both.
    answers = [editor.get("nginx", "/admin/") for _ in range(6)]
    assert [response.status_code for response in answers] == [200] * 6
    assert all("/admin/logout/" in response.text for response in answers)  # the account menu
    assert {answered_by(cluster, response) for response in answers} == {"A", "B"}


# --- (5) who serves what, and compression --------------------------------------------------------


def test_static_files_come_from_disk_with_a_year_for_hashed_names(cluster):
    visitor = Browser(cluster)
    hashed = "/static/" + cluster.manifest["css/site.css"]
    response = visitor.get("nginx", hashed, headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert "X-Upstream" not in response.headers  # nginx answered: no app server was asked
    assert response.content == (cluster.static_root / cluster.manifest["css/site.css"]).read_bytes()
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"].startswith("text/css")

    plain = visitor.get("nginx", "/static/css/site.css")
    assert plain.status_code == 200
    assert plain.headers["Cache-Control"] == "public, max-age=3600"
    missing = visitor.get("nginx", "/static/css/no-such-file.css")
    assert missing.status_code == 404
    assert "X-Upstream" not in missing.headers


def test_static_files_are_sent_compressed_to_a_client_that_asks(cluster):
    visitor = Browser(cluster)
    hashed = "/static/" + cluster.manifest["css/site.css"]
    on_disk = (cluster.static_root / cluster.manifest["css/site.css"]).read_bytes()
    gzipped = visitor.get("nginx", hashed, headers={"Accept-Encoding": "gzip"}, stream=True)
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.raw.read()) == on_disk
    if cluster.nginx.brotli:
        brotli = visitor.get("nginx", hashed, headers={"Accept-Encoding": "br"}, stream=True)
        assert brotli.headers["Content-Encoding"] == "br"
        assert 0 < len(brotli.raw.read()) < len(on_disk)


def test_image_renditions_come_from_disk_and_originals_and_documents_never_do(cluster):
    visitor = Browser(cluster)
    rendition = visitor.get("nginx", cluster.rendition)
    assert rendition.status_code == 200
    assert "X-Upstream" not in rendition.headers
    assert (
        rendition.content
        == (cluster.media_root / cluster.rendition.removeprefix("/media/")).read_bytes()
    )
    assert rendition.headers["Cache-Control"] == "public, max-age=2592000"
    assert rendition.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"

    for path in (cluster.original, cluster.document_file):
        assert (cluster.media_root / path.removeprefix("/media/")).exists()
        response = visitor.get("nginx", path)
        assert response.status_code == 404, path
        assert "X-Upstream" not in response.headers
    # Documents reach visitors through the app's serve view only (which checks restrictions).
    document = visitor.get("nginx", cluster.document_url)
    assert document.status_code == 200
    assert "X-Upstream" in document.headers
    assert document.content == b"%PDF-1.4 acta de la reunion"


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_pages_are_compressed_for_a_client_that_asks(cluster, encoding):
    if encoding == "br" and not cluster.nginx.brotli:
        unavailable(
            "Debian's brotli modules are not installed "
            "(apt-get install libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static)"
        )
    visitor = Browser(cluster)
    plain = visitor.get("nginx", "/es/", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    compressed = visitor.get("nginx", "/es/", headers={"Accept-Encoding": encoding}, stream=True)
    assert compressed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in compressed.headers["Vary"]
    body = compressed.raw.read()
    assert len(body) < len(plain.content) / 2
    if encoding == "gzip":
        assert gzip.decompress(body).decode() == plain.text


# --- (6) the scheme and the client's address, as the app trusts them -----------------------------


def test_the_app_sees_https_from_nginx_whatever_the_client_claims(cluster):
    visitor = Browser(cluster)
    # Believed, "http" would make SECURE_SSL_REDIRECT send the browser to https again (a loop).
    response = visitor.get("nginx", "/es/", headers={"X-Forwarded-Proto": "http"})
    assert response.status_code == 200
    # Django sends HSTS only on requests it takes for HTTPS.
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    # Plain HTTP is nginx's redirect, never the app's.
    import requests

    redirect = requests.get(
        f"http://127.0.0.1:{cluster.nginx.http_port}/es/",
        headers={"Host": HOST, "X-Forwarded-Proto": "https"},
        allow_redirects=False,
        timeout=10,
    )
    assert redirect.status_code == 301
    assert redirect.headers["Location"] == f"https://{HOST}/es/"
    assert "X-Upstream" not in redirect.headers


def test_the_login_lock_out_counts_the_address_nginx_saw_not_a_forged_one(cluster):
    intruder = Browser(cluster)

    def fail_to_log_in(forged):
        form = intruder.get("nginx", "/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        data = {"username": "intrusa", "password": "no-es-la-clave", "csrfmiddlewaretoken": token}
        # Another address each time, as if from another visitor: nginx appends the real one.
        return intruder.request(
            "POST", "nginx", "/admin/login/", data=data, headers={"X-Forwarded-For": forged}
        ).status_code

    # AXES_FAILURE_LIMIT is 3 here: the third failure from the one real address locks it out.
    statuses = [fail_to_log_in(f"203.0.113.{number}") for number in range(1, 4)]
    assert statuses == [200, 200, 429]
    with psycopg.connect(cluster.database_url) as database:
        attempts = database.execute(
            "SELECT ip_address, failures_since_start FROM axes_accessattempt WHERE username = %s",
            ["intrusa"],
        ).fetchall()
    assert [(str(address), failures) for address, failures in attempts] == [("127.0.0.1", 3)]
    assert fail_to_log_in("198.51.100.7") == 429


# --- the health checker (deploy/upstream_check.py) -----------------------------------------------


def check_upstreams(*args):
    """One round of deploy/upstream_check.py; its report."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(proxy.UPSTREAM_CHECK), "--once", "--timeout", "1", "--host", HOST]
        + list(args),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_health_checker_never_marks_every_server_down(tmp_path):
    first, second = proxy.free_ports(2)  # nothing listens there: both fail
    config = tmp_path / "site.conf"
    config.write_text(
        "upstream quito_portal_app {\n"
        f"    server 127.0.0.1:{first} max_fails=3;\n"
        f"    server 127.0.0.1:{second} max_fails=3;\n"
        "}\n"
    )
    reloaded = tmp_path / "reloaded"
    report = check_upstreams(
        "--config", str(config), "--test-command", "true", "--reload-command", f"touch {reloaded}"
    )
    assert f"127.0.0.1:{first} failing" in report
    assert f"127.0.0.1:{second} failing" in report
    assert "down" not in config.read_text()  # nginx keeps trying them, and the app's 503 page
    assert not reloaded.exists()


def test_the_health_checker_takes_a_hung_server_out_and_puts_it_back(both_running):
    cluster = both_running
    visitor = Browser(cluster)
    workers = cluster.nginx.workers_pids()
    cluster.a.pause()  # accepts connections (the kernel does), answers nothing
    try:
        report = check_upstreams(*cluster.nginx.upstream_check_args())
        assert f"{cluster.a.address} failing" in report
        assert f"server {cluster.a.address} max_fails=3 fail_timeout=10s down;" in (
            cluster.nginx.config_path.read_text()
        )
        workers = cluster.nginx.wait_for_new_workers(workers)
        started = time.monotonic()
        answers = [visitor.get("nginx", "/es/") for _ in range(6)]
        assert time.monotonic() - started < 3  # no visitor waits for the hung server
        assert {answered_by(cluster, response) for response in answers} == {"B"}
        assert {response.headers["X-Upstream"] for response in answers} == {cluster.b.address}
    finally:
        cluster.a.resume()
    report = check_upstreams(*cluster.nginx.upstream_check_args())
    assert f"{cluster.a.address} healthy" in report
    assert " down;" not in cluster.nginx.config_path.read_text()
    cluster.nginx.wait_for_new_workers(workers)
    answers = [visitor.get("nginx", "/es/") for _ in range(4)]
    assert {answered_by(cluster, response) for response in answers} == {"A", "B"}


# --- (4) failover under load ---------------------------------------------------------------------


def load_through_nginx(cluster, stop_server, *, threads=4, before=30, after=40, cap=10):
    """`threads` visitors, each on a kept-alive connection, request pages through nginx (cached
    ones and rendered ones) without pause. Once `before` requests were answered, by both servers,
    `stop_server()` runs; the load goes on until `after` more requests started after it returned
    (each phase at most `cap` seconds). Returns (started, outcome, server) per request, and when
    the stop returned."""
    import requests

    paths = ["/es/", cluster.page_path, "/en/", f"{cluster.page_path}?rendered=1"]
    results, stopping = [], threading.Event()
    lock = threading.Lock()

    def visitor(number):
        session = requests.Session()
        session.verify = cluster.ca
        session.trust_env = False
        count = 0
        while not stopping.is_set():
            path = paths[(number + count) % len(paths)]
            count += 1
            started = time.monotonic()
            try:
                response = session.get(cluster.nginx.base_url(HOST) + path, timeout=30)
                outcome = response.status_code
                server = answered_by(cluster, response) if "X-Upstream" in response.headers else "-"
            except requests.RequestException as error:
                outcome, server = repr(error), "-"
            with lock:
                results.append((started, outcome, server))
        session.close()

    def wait_until(condition):
        deadline = time.monotonic() + cap
        while time.monotonic() < deadline:
            with lock:
                if condition():
                    return
            time.sleep(0.02)

    workers = [threading.Thread(target=visitor, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    wait_until(lambda: len(results) >= before and {s for _, _, s in results} >= {"A", "B"})
    stop_server()
    stopped = time.monotonic()
    wait_until(lambda: sum(started > stopped for started, _, _ in results) >= after)
    stopping.set()
    for worker in workers:
        worker.join(timeout=60)
    return results, stopped


def test_stopping_a_server_under_load_fails_no_request(both_running):
    """A server stopped as operators stop one (SIGTERM: gunicorn finishes what it is answering):
    not one request fails, and the proxy sends everything after it to the other server."""
    cluster = both_running
    results, stopped = load_through_nginx(cluster, cluster.a.stop)

    failed = [(outcome, server) for _, outcome, server in results if outcome != 200]
    assert not failed, failed[:10]
    before = [server for started, _, server in results if started < stopped]
    after = [server for started, _, server in results if started > stopped]
    assert len(before) >= 30 and set(before) == {"A", "B"}
    assert len(after) >= 40 and set(after) == {"B"}


def test_a_server_that_crashes_under_load_fails_only_what_it_was_sending(both_running):
    """A crash (SIGKILL): a response the dead server had begun to send cannot be finished by any
    proxy, so at most one request per visitor in flight at that moment may fail; every request
    started after it succeeds, answered by the other server."""
    cluster = both_running
    threads = 4
    results, stopped = load_through_nginx(cluster, cluster.a.kill, threads=threads)

    in_flight = [outcome for started, outcome, _ in results if started < stopped and outcome != 200]
    assert len(in_flight) <= threads, in_flight
    after = [(outcome, server) for started, outcome, server in results if started > stopped]
    assert len(after) >= 40
    assert {outcome for outcome, _ in after} == {200}
    assert {server for _, server in after} == {"B"}


# --- (7) foreign Host headers: never redirected to, never answered as the site -------------------


def raw_exchange(port, request, *, server_hostname=None, timeout=5):
    """Send `request` (bytes) on a new connection to 127.0.0.1:port, over TLS with SNI
    `server_hostname` when given (no certificate check: what is tested is what nginx answers),
    and return every byte received until nginx closes it."""
    import contextlib
    import socket
    import ssl

    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        if server_hostname is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            sock = context.wrap_socket(sock, server_hostname=server_hostname)
        sock.sendall(request)
        received = b""
        with contextlib.suppress(ssl.SSLEOFError, ConnectionResetError):
            while chunk := sock.recv(65536):
                received += chunk
        return received
    finally:
        sock.close()


def http_request(path, host, target=None):
    return (f"GET {target or path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").encode()


def test_plain_http_with_a_foreign_host_is_closed_unanswered(cluster):
    port = cluster.nginx.http_port
    assert raw_exchange(port, http_request("/es/", "evil.example")) == b""
    # The request line's absolute URI names the host, whatever the Host header says.
    assert raw_exchange(port, http_request("/es/", HOST, "http://evil.example/es/")) == b""
    assert raw_exchange(port, http_request("/es/", "evil.example:80")) == b""


def test_plain_http_redirects_the_sites_own_names_to_its_canonical_address(cluster):
    port = cluster.nginx.http_port
    for host in (HOST, "127.0.0.1", f"{HOST}:{port}"):
        answer = raw_exchange(port, http_request("/es/", host)).decode()
        assert answer.startswith("HTTP/1.1 301"), (host, answer[:200])
        assert f"\r\nLocation: https://{HOST}/es/\r\n" in answer, (host, answer[:400])


def test_https_with_a_foreign_host_is_not_answered_as_the_site(cluster):
    port = cluster.nginx.https_port
    # A connection made for the site, a request for another host: closed unanswered (today the
    # app was asked and answered).
    for host in ("evil.example", "evil.example:443", "localhost.evil.example"):
        answer = raw_exchange(port, http_request("/es/", host), server_hostname=HOST)
        assert answer == b"", (host, answer[:300])


def test_https_refuses_the_handshake_for_a_foreign_name(cluster):
    import ssl

    with pytest.raises(ssl.SSLError):
        raw_exchange(
            cluster.nginx.https_port,
            http_request("/es/", "evil.example"),
            server_hostname="evil.example",
        )
    answer = raw_exchange(
        cluster.nginx.https_port, http_request("/es/", HOST), server_hostname=HOST
    ).decode()
    assert answer.startswith("HTTP/1.1 200"), answer[:300]


# --- (8) a database outage: cached pages served, the rest the app's 503 page, never nginx's 502 --


@contextmanager
def database_outage(cluster):
    """The servers' database refuses every connection (the open ones cut) until the block ends."""
    name = cluster.database_url.rsplit("/", 1)[1]
    with psycopg.connect(server_url("postgres"), autocommit=True) as server:
        server.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        server.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
    try:
        yield
    finally:
        with psycopg.connect(server_url("postgres"), autocommit=True) as server:
            server.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and {cluster.a.health(), cluster.b.health()} != {200}:
            time.sleep(0.2)


OUTAGE_ES, OUTAGE_EN = "El sitio no está disponible", "The site is not available"


def test_a_database_outage_serves_cached_pages_and_the_apps_503_never_a_502(both_running):
    cluster = both_running
    visitor = Browser(cluster)
    cached = {"/es/": "Proceso de Quito", "/en/": "Quito Process"}
    for path in cached:
        visitor.get("nginx", path)
        assert visitor.get("nginx", path).headers["X-Page-Cache"] == "hit"
    with database_outage(cluster):
        answers = []
        # More failures than nginx's max_fails for both servers in both of its workers.
        for number in range(16):
            path = ("/es/acerca-de/", "/en/about/")[number % 2] + f"?sin-cache={number}"
            answers.append((path, visitor.get("nginx", path)))
            for cached_path in cached:
                answers.append((cached_path, visitor.get("nginx", cached_path)))
        statuses = [(path, response.status_code) for path, response in answers]
        assert all(status in (200, 503) for _, status in statuses), statuses
        for path, response in answers:
            if path in cached:
                assert response.status_code == 200, (path, response.status_code)
                assert response.headers["X-Page-Cache"] == "hit"
                assert cached[path] in response.text
            else:
                assert response.status_code == 503, (path, response.status_code)
                assert response.headers["Retry-After"] == "60"
                language = path[1:3]
                assert parse(response).html["lang"] == "es"  # the bilingual page
                assert (OUTAGE_EN if language == "en" else OUTAGE_ES) in response.text
        # Both servers answered (none was taken out), through the whole outage.
        assert {answered_by(cluster, response) for _, response in answers} == {"A", "B"}
        assert all("," not in response.headers["X-Upstream"] for _, response in answers)
    assert visitor.get("nginx", "/es/acerca-de/?sin-cache=after").status_code == 200


# --- (9) costly requests: nginx's per-client limits, the app's bound -----------------------------


def test_nginx_limits_a_clients_searches_with_a_429_in_its_language(both_running):
    cluster = both_running
    visitor = Browser(cluster)
    for path, language, heading_text in (
        ("/en/search/", "en", "The site is busy right now"),
        ("/es/buscar/", "es", "El sitio está ocupado en este momento"),
    ):
        answers = [visitor.get("nginx", f"{path}?q=migrasion{n}") for n in range(30)]
        limited = [response for response in answers if response.status_code == 429]
        assert limited, [response.status_code for response in answers]
        assert {response.status_code for response in answers} <= {200, 429}
        refusal = limited[0]
        assert "X-Upstream" not in refusal.headers  # nginx answered, no server was asked
        assert refusal.headers["Retry-After"] == "10"
        assert refusal.headers["Content-Type"].startswith("text/html")
        page = parse(refusal)
        assert page.html["lang"] == language
        assert text(page.select_one("h1")) == heading_text
    # Pages are not costly requests: as many as the visitor likes.
    assert {visitor.get("nginx", "/en/").status_code for _ in range(30)} == {200}


def test_nginx_limits_a_clients_costly_requests_at_once(both_running):
    """Four downloads held open (both servers paused: nginx waits for their answers) are the
    client's share; a fifth costly request is refused at once, an ordinary page is not."""
    cluster = both_running
    visitor = Browser(cluster)
    cluster.a.pause()
    cluster.b.pause()
    try:
        with ThreadPoolExecutor(4) as pool:
            held = [
                pool.submit(visitor.get, "nginx", f"/en/data/member-states.csv?n={n}")
                for n in range(4)
            ]
            time.sleep(1.5)
            started = time.monotonic()
            api = visitor.get("nginx", "/api/v1/member-states/?lang=en")
            search = visitor.get("nginx", "/es/buscar/?q=agua")
            assert time.monotonic() - started < 2
            cluster.a.resume()
            cluster.b.resume()
            # Answered once the servers go on (by the app's own bound too: 429).
            assert {future.result().status_code for future in held} <= {200, 429}
    finally:
        cluster.a.resume()
        cluster.b.resume()
    assert api.status_code == 429
    assert "X-Upstream" not in api.headers
    assert api.headers["Retry-After"] == "10"
    assert api.json()["status"] == 429
    assert search.status_code == 429
    assert parse(search).html["lang"] == "es"


def test_a_server_bounds_its_costly_requests_without_nginx(both_running):
    """The app's own bound (core/serving/throttle.py), asked directly: every slot held here, as by
    searches in progress, and server A answers a search with its 429 page at once."""
    cluster = both_running
    visitor = Browser(cluster)
    lock_dir = Path(cluster.directory) / "costly-slots"
    held = []
    try:
        for number in range(int(cluster.env.get("COSTLY_REQUESTS_MAX", "2"))):
            handle = (lock_dir / f"slot-{number}").open("w")
            # A request of an earlier test may still hold it for a moment.
            deadline = time.monotonic() + 30
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    assert time.monotonic() < deadline, f"slot {number} stayed taken"
                    time.sleep(0.05)
            held.append(handle)
        refused = visitor.get(cluster.a, "/en/search/?q=migrasion")
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "5"
        assert heading(refused) == "The site is busy right now"
        assert visitor.get(cluster.a, "/healthz").status_code == 200
    finally:
        for handle in held:
            handle.close()
    assert visitor.get(cluster.a, "/en/search/?q=migrasion").status_code == 200


# --- (10) /healthz: details for the checker, the bare status for visitors -----------------------


def test_healthz_through_nginx_tells_a_visitor_the_status_only(cluster):
    response = Browser(cluster).get("nginx", "/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_asked_directly_from_loopback_has_the_details(cluster):
    import requests

    # As deploy/upstream_check.py asks it: no X-Forwarded-For, from this host.
    response = requests.get(
        f"http://{cluster.a.address}/healthz",
        headers={"Host": HOST, "X-Forwarded-Proto": "https"},
        timeout=10,
    )
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.parametrize(
    ("path", "scripted", "status"),
    [
        ("/admin/documents/multiple/add/", True, 200),  # the upload list shows a refused file
        ("/admin/documents/chooser/create/", True, 413),  # the chooser's script shows it
        ("/admin/documents/add/", False, 413),  # a page of its own, with a link back
    ],
)
def test_a_body_nginx_refuses_as_too_large_is_answered_by_the_site_in_spanish(
    both_running, path, scripted, status
):
    """nginx refuses a body above client_max_body_size from its headers alone (the file is never
    sent) and hands the answer to the app (`error_page 413`), which words it for that screen."""
    import http.client
    import ssl
    from urllib.parse import urlsplit

    moderator = Browser(both_running)
    moderator.log_in("nginx", "moderadora")
    address = urlsplit(both_running.nginx.base_url(HOST))
    connection = http.client.HTTPSConnection(
        address.hostname,
        address.port,
        context=ssl.create_default_context(cafile=both_running.ca),
        timeout=30,
    )
    connection.putrequest("POST", path)
    connection.putheader("Cookie", "; ".join(f"{k}={v}" for k, v in moderator.cookies.items()))
    connection.putheader("Content-Type", "multipart/form-data; boundary=limite")
    connection.putheader("Content-Length", str(30 * 1024 * 1024))
    connection.putheader("Accept-Language", "es")
    if scripted:
        connection.putheader("X-Requested-With", "XMLHttpRequest")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    assert response.status == status
    said = json.loads(body)["error_message"] if scripted else html.unescape(body)
    assert "pesa más de 20 MB" in said
    assert "Request Entity Too Large" not in body
