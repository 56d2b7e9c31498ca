"""Who serves media in production: image renditions are public, documents never leave through
anything but Wagtail's serve view (which checks collection view restrictions).

S3-compatible storage is tested against a real server: moto's S3 server, started as a separate
process on a loopback port, reached over HTTP by django-storages and by anonymous requests.
What moto checks for an anonymous request (no Authorization header and no "Signature=" in the
URL): the bucket policy (Allow/Deny for any principal, per action and key) and object ACLs. What
it does not check: signatures and expiry of presigned URLs (any "Signature=" passes), the public
access block, and ListBucket (it lets anyone list keys, which AWS refuses without a grant). So
the design and these tests rest on the bucket policy alone, and on never handing out a bucket URL
(signed or not) for a private file.

On local disk, the reverse proxy (deploy/nginx.conf) serves /media/images/ and nothing else
under /media/; the app serves no /media/ path at all.
"""

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template import engines
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from .support import run_django

NGINX_CONF = Path(django_settings.BASE_DIR) / "deploy" / "nginx.conf"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SECRET = b"%PDF-1.4 acta reservada de la reunion de coordinacion"
REGION = "us-east-1"
ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"


def png_bytes(size=(64, 48)):
    from PIL import Image as PillowImage

    buffer = io.BytesIO()
    PillowImage.new("RGB", size, "steelblue").save(buffer, "PNG")
    return buffer.getvalue()


# --- the S3-compatible server ----------------------------------------------------------------


# One S3 server for the module's tests: `make test` keeps them on one worker.
pytestmark = [pytest.mark.xdist_group("media_storage"), pytest.mark.slow]


def unavailable(message):
    """Skip locally; in CI the S3 tests must run, so they fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI must run the S3 tests, never skip them)", pytrace=False)
    pytest.skip(message)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """moto's S3 server in its own process on a free loopback port; yields its endpoint URL."""
    try:
        import boto3  # noqa: F401
        import moto.server  # noqa: F401
        import requests  # noqa: F401
        import storages  # noqa: F401
    except ImportError as error:
        unavailable(
            f"S3 tests need moto[server], boto3 and django-storages[s3] ({error}): run `make install`"
        )
    import requests

    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    session = requests.Session()
    session.trust_env = False
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            unavailable(
                f"moto's S3 server exited ({process.returncode}): {log.read_text()[-2000:]}"
            )
        try:
            session.get(endpoint, timeout=1)
            break
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                process.kill()
                unavailable(f"moto's S3 server did not answer on {endpoint} within 30 s")
            time.sleep(0.2)
    yield endpoint
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def anonymous():
    """Plain HTTP requests without credentials or signatures, as a visitor's browser makes."""
    import requests

    session = requests.Session()
    session.trust_env = False  # no proxy from the environment between us and the loopback server
    yield session
    session.close()


@pytest.fixture
def bucket(s3_server):
    import boto3

    name = f"qp-media-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    client.create_bucket(Bucket=name)
    return {"name": name, "client": client, "endpoint": s3_server}


def storage_options(bucket, **extra):
    """The MediaStorage options that the production settings give (see test_production_...)."""
    return {
        "bucket_name": bucket["name"],
        "endpoint_url": bucket["endpoint"],
        "region_name": REGION,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "default_acl": None,
        "file_overwrite": False,
    } | extra


@pytest.fixture
def s3_media(settings, bucket):
    """The default storage on the S3 server's bucket, configured by `configure_media_bucket`."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "core.serving.storage.MediaStorage",
            "OPTIONS": storage_options(bucket),
        },
    }
    output = io.StringIO()
    call_command("configure_media_bucket", stdout=output)
    assert "bucket policy applied" in output.getvalue()
    return bucket


def raw_url(bucket, key):
    """The object's address in the bucket, unsigned: what anyone could try."""
    return f"{bucket['endpoint']}/{bucket['name']}/{key}"


def stored(bucket, key):
    """The object as the storage's credentials read it."""
    return bucket["client"].get_object(Bucket=bucket["name"], Key=key)["Body"].read()


def upload_image(client, name="logo-cancilleria.png", collection=None):
    response = client.post(
        "/admin/images/add/",
        {
            "title": "Logo",
            "file": SimpleUploadedFile(name, png_bytes(), content_type="image/png"),
            "collection": (collection or Collection.get_first_root_node()).pk,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    return Image.objects.get(title="Logo")


def upload_document(client, collection, name="acta-reservada.pdf", content=SECRET):
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Acta reservada",
            "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
            "collection": collection.pk,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    return Document.objects.get(title="Acta reservada")


@pytest.fixture
def restricted_collection(db):
    """A collection that only the members of one group may see, and two users."""
    from django.contrib.auth import get_user_model

    collection = Collection.get_first_root_node().add_child(name="Reservado")
    group = Group.objects.create(name="Coordinación")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    users = get_user_model().objects
    member = users.create_user("coordinadora", "coordinadora@example.org", "x" * 16)
    member.groups.add(group)
    outsider = users.create_user("visitante", "visitante@example.org", "x" * 16)
    return {"collection": collection, "member": member, "outsider": outsider}


def served_bytes(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# --- S3: renditions public, documents private ----------------------------------------------


def test_renditions_are_public_in_the_bucket_and_originals_are_not(
    s3_media, admin_client, anonymous
):
    image = upload_image(admin_client)
    assert image.file.name.startswith("original_images/")
    assert stored(s3_media, image.file.name).startswith(PNG_SIGNATURE)

    # A page's <img>, as the {% image %} tag renders it.
    html = (
        engines["django"]
        .from_string("{% load wagtailimages_tags %}{% image image fill-32x24 %}")
        .render({"image": image})
    )
    src = re.search(r'src="([^"]+)"', html).group(1)
    assert src.startswith(f"{s3_media['endpoint']}/{s3_media['name']}/images/")
    assert "Signature" not in src  # a stable, cacheable address

    response = anonymous.get(src, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert response.content.startswith(PNG_SIGNATURE)
    assert "max-age=" in response.headers["Cache-Control"]

    # The original (with whatever metadata it carries) is not public, and has no URL at all.
    original = anonymous.get(raw_url(s3_media, image.file.name), timeout=10)
    assert original.status_code == 403
    assert PNG_SIGNATURE not in original.content
    with pytest.raises(NotImplementedError):
        image.file.url  # noqa: B018

    # The admin works with it: its edit page links the "original" rendition, under images/.
    edit = admin_client.get(f"/admin/images/{image.pk}/")
    assert edit.status_code == 200
    for url in re.findall(r'(?:src|href)="([^"]*/original_images/[^"]*)"', edit.content.decode()):
        pytest.fail(f"the admin links an original from the bucket: {url}")


def test_restricted_documents_stay_private_in_the_bucket_and_wagtail_serves_them(
    s3_media, admin_client, client, anonymous, restricted_collection
):
    document = upload_document(admin_client, restricted_collection["collection"])
    key = document.file.name
    assert key.startswith("documents/")
    assert stored(s3_media, key) == SECRET  # it is in the bucket...

    # ...and the bucket refuses it to anyone without the storage's credentials.
    for method in (anonymous.get, anonymous.head):
        response = method(raw_url(s3_media, key), timeout=10)
        assert response.status_code == 403, method
        assert SECRET not in response.content
    # No bucket URL exists for it, signed or unsigned.
    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018

    # The page link is Wagtail's serve view, which checks the restriction.
    assert document.url == f"/documents/{document.pk}/{document.filename}"
    refused = client.get(document.url)
    assert refused.status_code == 302
    assert "login" in refused["Location"]
    assert SECRET not in served_bytes(refused)

    client.force_login(restricted_collection["outsider"])
    refused = client.get(document.url)
    assert refused.status_code == 302
    assert SECRET not in served_bytes(refused)

    client.force_login(restricted_collection["member"])
    allowed = client.get(document.url)
    assert allowed.status_code == 200
    assert served_bytes(allowed) == SECRET  # streamed from the bucket by the app

    # The admin's edit page needs no bucket URL either.
    assert admin_client.get(f"/admin/documents/edit/{document.pk}/").status_code == 200


def test_a_password_restricted_document_asks_for_the_password(
    s3_media, admin_client, client, anonymous
):
    collection = Collection.get_first_root_node().add_child(name="Con contraseña")
    CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="contraseña-de-prueba",
    )
    document = upload_document(admin_client, collection)
    response = client.get(document.url)
    assert response.status_code == 200
    assert b'name="password"' in served_bytes(response)
    assert SECRET not in served_bytes(response)
    assert anonymous.get(raw_url(s3_media, document.file.name), timeout=10).status_code == 403


@pytest.mark.parametrize("serve_method", ["direct", "redirect"])
def test_documents_never_get_a_bucket_url_whatever_the_serve_method(
    s3_media, settings, admin_client, client, restricted_collection, serve_method
):
    """If someone changes WAGTAILDOCS_SERVE_METHOD, documents still go through the serve view."""
    document = upload_document(admin_client, restricted_collection["collection"])
    settings.WAGTAILDOCS_SERVE_METHOD = serve_method
    assert document.url == f"/documents/{document.pk}/{document.filename}"
    assert client.get(document.url).status_code == 302  # anonymous: to the login page
    client.force_login(restricted_collection["member"])
    response = client.get(document.url)
    assert response.status_code == 200  # streamed, not redirected to the bucket
    assert served_bytes(response) == SECRET


def test_public_documents_are_private_in_the_bucket_too(s3_media, admin_client, client, anonymous):
    document = upload_document(admin_client, Collection.get_first_root_node())
    assert anonymous.get(raw_url(s3_media, document.file.name), timeout=10).status_code == 403
    assert served_bytes(client.get(document.url)) == SECRET


def test_the_server_enforces_the_policy_that_the_tests_rely_on(s3_media, anonymous):
    """Controls: the 200 for renditions comes from the bucket policy, and a public object ACL
    would expose a document on this server (hence MediaStorage refuses public ACLs)."""
    client, name = s3_media["client"], s3_media["name"]
    client.put_object(Bucket=name, Key="images/control.png", Body=PNG_SIGNATURE)
    assert anonymous.get(raw_url(s3_media, "images/control.png"), timeout=10).status_code == 200
    client.delete_bucket_policy(Bucket=name)
    assert anonymous.get(raw_url(s3_media, "images/control.png"), timeout=10).status_code == 403

    client.put_object(Bucket=name, Key="documents/acl.pdf", Body=SECRET, ACL="public-read")
    assert anonymous.get(raw_url(s3_media, "documents/acl.pdf"), timeout=10).status_code == 200


@pytest.mark.parametrize(
    "options", [{"default_acl": "public-read"}, {"object_parameters": {"ACL": "public-read"}}]
)
def test_the_media_storage_refuses_a_public_acl(options):
    from core.serving.storage import MediaStorage

    bucket = {"name": "qp-media", "endpoint": "http://127.0.0.1:9"}  # never contacted
    with pytest.raises(ImproperlyConfigured, match="public"):
        MediaStorage(**storage_options(bucket, **options))


def test_the_bucket_policy_grants_anonymous_reads_of_renditions_only(s3_media):
    output = io.StringIO()
    call_command("configure_media_bucket", "--print-policy", stdout=output)
    policy = json.loads(output.getvalue())
    applied = json.loads(s3_media["client"].get_bucket_policy(Bucket=s3_media["name"])["Policy"])
    assert applied == policy
    (statement,) = policy["Statement"]
    assert statement["Effect"] == "Allow"
    assert statement["Action"] == ["s3:GetObject"]
    assert statement["Resource"] == [f"arn:aws:s3:::{s3_media['name']}/images/*"]


def test_production_settings_put_media_on_the_bucket(bucket, anonymous):
    """The production settings, from the environment alone, against the real server."""
    code = """
import io, json
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

call_command("configure_media_bucket", stdout=io.StringIO())
image = default_storage.save("images/sello.fill-10x10.png", ContentFile(PNG))
document = default_storage.save("documents/acta.pdf", ContentFile(SECRET))
try:
    document_url = default_storage.url(document)
except NotImplementedError:
    document_url = None
print(json.dumps({
    "backend": settings.STORAGES["default"]["BACKEND"],
    "csp": " ".join(settings.MEDIA_IMG_SOURCES),
    "image": image,
    "image_url": default_storage.url(image),
    "document": document,
    "document_url": document_url,
}))
"""
    code = f"PNG = {PNG_SIGNATURE + b'sello'!r}\nSECRET = {SECRET!r}\n" + code
    result = run_django(
        code,
        DJANGO_SETTINGS_MODULE="quito_portal.settings.production",
        SECRET_KEY="production-test-" + "x" * 40,
        REDIS_URL="",
        AWS_STORAGE_BUCKET_NAME=bucket["name"],
        AWS_S3_ENDPOINT_URL=bucket["endpoint"],
        AWS_S3_REGION_NAME=REGION,
        AWS_ACCESS_KEY_ID=ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=SECRET_KEY,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["backend"] == "core.serving.storage.MediaStorage"
    assert out["image_url"] == raw_url(bucket, out["image"])
    assert out["csp"] == bucket["endpoint"]  # the pages' img-src allows the bucket's origin
    response = anonymous.get(out["image_url"], timeout=10)
    assert response.status_code == 200
    assert response.content == PNG_SIGNATURE + b"sello"
    assert out["document_url"] is None
    assert anonymous.get(raw_url(bucket, out["document"]), timeout=10).status_code == 403
    assert stored(bucket, out["document"]) == SECRET


# --- Local disk: the app serves no /media/ path, the proxy only renditions ------------------


def test_the_app_never_serves_files_under_media(
    settings, tmp_path, home, admin_client, client, restricted_collection
):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    assert not settings.DEBUG  # the URLconf was loaded as in production
    public = Collection.get_first_root_node()
    document = upload_document(admin_client, restricted_collection["collection"])
    image = upload_image(admin_client, collection=public)
    rendition = image.get_rendition("fill-32x24")
    assert (tmp_path / document.file.name).read_bytes() == SECRET

    paths = [document.file.url, image.file.url, rendition.url]
    assert all(path.startswith("/media/") for path in paths)
    for path in paths + [f"/es{document.file.url}", f"/en{document.file.url}"]:
        response = client.get(path, follow=True)
        assert response.status_code == 404, path
        assert SECRET not in served_bytes(response)
        assert PNG_SIGNATURE not in served_bytes(response)
    # The way the document is meant to be reached still works, for the allowed user only.
    assert client.get(document.url).status_code == 302
    client.force_login(restricted_collection["member"])
    assert served_bytes(client.get(document.url)) == SECRET


def test_the_production_urlconf_has_no_route_for_media():
    code = """
from django.conf import settings
from django.urls import Resolver404, get_resolver, resolve
from django.views.static import serve

def callbacks(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from callbacks(pattern.url_patterns)
        else:
            yield pattern.callback

print("static.serve routed:", any(callback is serve for callback in callbacks(get_resolver().url_patterns)))
try:
    resolve("/media/documents/acta.pdf")
    print("media resolves: True")
except Resolver404:
    print("media resolves: False")
print("debug:", settings.DEBUG)
print("documents:", settings.WAGTAILDOCS_SERVE_METHOD)
print("default storage:", settings.STORAGES["default"]["BACKEND"])
"""
    result = run_django(
        code,
        DJANGO_SETTINGS_MODULE="quito_portal.settings.production",
        SECRET_KEY="production-test-" + "x" * 40,
        REDIS_URL="",
        AWS_STORAGE_BUCKET_NAME="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "static.serve routed: False",
        "media resolves: False",
        "debug: False",
        "documents: serve_view",
        "default storage: django.core.files.storage.FileSystemStorage",
    ]


# --- The sample nginx configuration ---------------------------------------------------------


def parse_nginx(text):
    """nginx's configuration as nested [name, args, children] (children None for a directive)."""
    tokens = re.findall(
        r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|[{};]|[^\s{};"\']+', _strip_comments(text)
    )
    stack, current, words = [], [], []
    for token in tokens:
        if token == "{":
            block = [words[0], words[1:], []]
            current.append(block)
            stack.append(current)
            current, words = block[2], []
        elif token == "}":
            assert not words, f"unterminated directive before }}: {words}"
            current = stack.pop()
        elif token == ";":
            current.append([words[0], words[1:], None])
            words = []
        else:
            words.append(token.strip("\"'"))
    assert not stack and not words, "unbalanced braces in nginx.conf"
    return current


def _strip_comments(text):
    return "\n".join(re.sub(r"(^|\s)#.*$", "", line) for line in text.splitlines())


def walk(nodes):
    for node in nodes:
        yield node
        if node[2] is not None:
            yield from walk(node[2])


def select_location(server, uri):
    """The location block nginx picks for `uri` (exact, longest prefix, ^~, then regexes)."""
    prefixes, regexes = [], []
    for name, args, children in server[2]:
        if name != "location":
            continue
        if args[0] == "=" and args[1] == uri:
            return args, children
        if args[0] in ("~", "~*"):
            regexes.append((args, children))
        elif args[0] == "^~":
            prefixes.append((args[1], True, args, children))
        elif args[0] != "=" and not args[0].startswith("@"):
            prefixes.append((args[0], False, args, children))
    matching = sorted((p for p in prefixes if uri.startswith(p[0])), key=lambda p: -len(p[0]))
    if matching and matching[0][1]:
        return matching[0][2], matching[0][3]
    for args, children in regexes:
        flags = re.IGNORECASE if args[0] == "~*" else 0
        if re.search(args[1], uri, flags):
            return args, children
    assert matching, f"no location for {uri}"
    return matching[0][2], matching[0][3]


def directives(children):
    return {name: args for name, args, grandchildren in children if grandchildren is None}


def https_server():
    nodes = walk(parse_nginx(NGINX_CONF.read_text()))
    servers = [node for node in nodes if node[0] == "server" and node[2] is not None]
    (server,) = [s for s in servers if any(n == "location" for n, _, _ in s[2])]
    return server


@pytest.mark.parametrize(
    "uri",
    [
        "/media/documents/acta-reservada.pdf",
        "/media/documents/",
        "/media/original_images/logo.png",
        "/media/",
        "/media/imagesX/acta.pdf",
    ],
)
def test_the_sample_nginx_config_serves_no_document_from_disk(uri):
    args, children = select_location(https_server(), uri)
    found = directives(children)
    assert found.get("return") == ["404"], (uri, args)
    assert not {"alias", "root", "proxy_pass", "try_files"} & set(found)


def test_the_sample_nginx_config_serves_renditions_and_proxies_the_rest():
    server = https_server()
    args, children = select_location(server, "/media/images/logo.fill-32x24.png")
    found = directives(children)
    # Both with a final "/": "location /media/images" + alias would let /media/images../ escape.
    assert args == ["/media/images/"]
    assert found["alias"][0].endswith("/media/images/")
    assert found["add_header"]  # nosniff, caching

    for uri in ["/documents/12/acta-reservada.pdf", "/es/", "/admin/"]:
        args, children = select_location(server, uri)
        found = directives(children)
        assert "proxy_pass" in found, uri
    # Static files: collectstatic's output (STATIC_ROOT), from disk (tests/test_proxy.py).
    args, children = select_location(server, "/static/css/site.e713f61e2f10.css")
    assert args == ["/static/"]
    assert directives(children)["alias"] == ["/srv/quito-portal/staticfiles/"]
    headers = {
        args[0].lower(): args[1]
        for name, args, _ in select_location(server, "/")[1]
        if name == "proxy_set_header"
    }
    assert headers["x-forwarded-proto"] == "$scheme"
    assert headers["x-forwarded-for"] == "$proxy_add_x_forwarded_for"
    assert headers["host"] == "$host"
    assert directives(server[2])["gzip"] == ["on"]


def test_the_sample_nginx_config_reads_no_other_folder_from_disk():
    nodes = list(walk(parse_nginx(NGINX_CONF.read_text())))
    paths = [args[0] for name, args, _ in nodes if name in ("alias", "root")]
    assert sorted(paths) == ["/srv/quito-portal/media/images/", "/srv/quito-portal/staticfiles/"]
    assert not [args for name, args, _ in nodes if name == "autoindex" and args != ["off"]]
    assert "documents" not in " ".join(
        " ".join(args)
        for name, args, _ in nodes
        if name == "location" and "media" in " ".join(args)
    )
