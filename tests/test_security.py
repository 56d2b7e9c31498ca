"""Production settings, security headers, admin login, uploads, health check, bad input."""

import datetime
import secrets

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.images.models import Image

from .factories import StandardPageFactory
from .html import parse, text
from .support import run_django


def test_deploy_checks_are_clean_with_the_production_settings():
    result = run_django(
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')",
        DJANGO_SETTINGS_MODULE="quito_portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="www.procesodequito.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout + result.stderr


@pytest.fixture
def https(settings):
    """The production headers that depend on HTTPS, as production sets them."""
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


@pytest.mark.parametrize(
    "path", ["/es/", "/en/", "/es/acerca-de/", "/en/about/", "/en/no-such-page/"]
)
def test_public_pages_send_every_security_header(client, home, https, path):
    StandardPageFactory(parent=home, slug_es="acerca-de", slug_en="about")
    response = client.get(path, secure=True)
    csp = dict(
        (directive.split(" ", 1) + [""])[:2]
        for directive in response["Content-Security-Policy"].split("; ")
    )
    assert csp["script-src"] == "'self'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_the_looser_admin_policy_applies_only_under_admin(client, db):
    admin = client.get("/admin/login/")["Content-Security-Policy"]
    assert "'unsafe-inline'" in admin
    assert "frame-ancestors 'self'" in admin


def test_static_files_carry_the_headers_too(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.fixture
def staff_user(django_user_model):
    user = django_user_model.objects.create_user(
        "editora", "editora@example.org", "una clave larga y segura"
    )
    user.is_staff = True
    user.save()
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name="Editors"))
    return user


def login(client, password, **extra):
    return client.post("/admin/login/", {"username": "editora", "password": password, **extra})


def test_repeated_failed_logins_lock_the_account_out(client, staff_user, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wrong").status_code == 200
    assert login(client, "wrong").status_code == 429  # the last failure allowed locks the account
    locked = login(client, "una clave larga y segura")
    assert locked.status_code == 429
    assert "Demasiados intentos fallidos" in text(parse(locked).h1)
    assert "_auth_user_id" not in client.session


def test_the_lockout_ends_after_the_cool_off(client, staff_user, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "wrong")
    assert login(client, "una clave larga y segura").status_code == 429
    past = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)
    response = login(client, "una clave larga y segura")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_weak_passwords_are_refused(staff_user):
    for weak in ["12345678", "password", "editora2024", "corta"]:
        with pytest.raises(ValidationError):
            validate_password(weak, staff_user)


def test_admin_sessions_end_with_the_browser_or_after_a_working_day(client, staff_user):
    login(client, "una clave larga y segura")
    assert client.cookies["sessionid"]["max-age"] == ""  # a browser session
    client.logout()
    login(client, "una clave larga y segura", remember="on")
    assert client.cookies["sessionid"]["max-age"] == 8 * 60 * 60


def png_bytes():
    from io import BytesIO

    from PIL import Image as PillowImage

    buffer = BytesIO()
    PillowImage.new("RGB", (4, 4), "navy").save(buffer, "PNG")
    return buffer.getvalue()


PNG = png_bytes()
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def upload_image(client, name, content, content_type):
    return client.post(
        "/admin/images/add/",
        {
            "title": "Prueba",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": 1,
        },
    )


def test_an_svg_image_is_refused_with_a_message(admin_client):
    response = upload_image(admin_client, "logo.svg", SVG, "image/svg+xml")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Image.objects.exists()


def test_a_png_image_is_accepted(admin_client):
    response = upload_image(admin_client, "logo.png", PNG, "image/png")
    assert response.status_code == 302
    assert Image.objects.count() == 1


def test_a_corrupt_image_is_refused_with_a_message(admin_client):
    response = upload_image(admin_client, "roto.png", PNG[:40], "image/png")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Image.objects.exists()


# Size limits, in every upload form and both languages: tests/test_uploads.py.


def upload_document(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {"title": "Declaración", "file": SimpleUploadedFile(name, content), "collection": 1},
    )


@pytest.mark.parametrize("name", ["pagina.html", "imagen.svg", "programa.exe", "script.js"])
def test_documents_of_a_dangerous_type_are_refused(admin_client, name):
    response = upload_document(admin_client, name, b"<script>alert(1)</script>")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Document.objects.exists()


def test_a_pdf_is_accepted_and_served_through_wagtail(admin_client, client):
    assert upload_document(admin_client, "declaracion.pdf", b"%PDF-1.4 ok").status_code == 302
    document = Document.objects.get()
    assert document.url.startswith("/documents/")
    assert client.get(document.url).status_code == 200


def test_healthz_answers_ok_when_the_database_does(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


OUTAGE = """
from django.test import Client
client = Client(raise_request_exception=False)
for path in ["/es/", "/en/about/", "/healthz"]:
    response = client.get(path)
    print(path, response.status_code, response.get("Retry-After"), repr(response.content.decode()[:2000]))
response = client.get("/healthz", REMOTE_ADDR="203.0.113.9")
print("outsider:/healthz", response.status_code, repr(response.content.decode()))
"""


@pytest.fixture(scope="module")
def outage():
    """The site with its database on a closed port."""
    result = run_django(
        OUTAGE,
        DJANGO_SETTINGS_MODULE="quito_portal.settings.test",
        DATABASE_URL="postgres://postgres@127.0.0.1:9/quito_portal",
    )
    assert result.returncode == 0, result.stderr
    return {line.split(" ", 1)[0]: line for line in result.stdout.splitlines()}


@pytest.mark.parametrize("path", ["/es/", "/en/about/"])
def test_a_database_outage_gives_visitors_a_bilingual_503(outage, path):
    line = outage[path]
    assert f"{path} 503 60 " in line
    assert "El sitio no está disponible" in line
    assert "The site is not available" in line
    assert "Traceback" not in line


def test_healthz_answers_503_when_the_database_does_not(outage):
    line = outage["/healthz"]
    assert line.startswith("/healthz 503")
    # The health check's JSON (to loopback, with the part that failed), not the visitors' page.
    assert '{"status": "unavailable", "database": "unavailable"}' in line
    assert "127.0.0.1" not in line  # no connection details


def test_healthz_tells_an_outsider_only_that_the_database_is_down(outage):
    assert outage["outsider:/healthz"] == 'outsider:/healthz 503 \'{"status": "unavailable"}\''


# --- /healthz: the parts' state for loopback and the health checker only ----------------------


def test_healthz_gives_an_outsider_the_status_without_the_cache_state(client, db):
    response = client.get("/healthz", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("proxies", [1, 0])
def test_healthz_gives_a_visitor_behind_the_proxy_the_bare_status(client, db, settings, proxies):
    settings.TRUSTED_PROXY_COUNT = proxies  # 0: a proxy the settings were not told about
    # nginx connects from loopback and appends the visitor's address (loopback too when the
    # visitor is on nginx's host); a loopback entry written by the visitor changes nothing.
    for forwarded in ("203.0.113.9", "127.0.0.1, 203.0.113.9", "::1, 198.51.100.4", "127.0.0.1"):
        response = client.get("/healthz", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
        assert response.json() == {"status": "ok"}, forwarded


def test_healthz_gives_the_checker_on_another_host_the_details(client, db, settings):
    settings.HEALTHZ_DETAILS_FROM = ["127.0.0.0/8", "::1", "10.0.0.5"]
    response = client.get("/healthz", REMOTE_ADDR="10.0.0.5")
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert client.get("/healthz", REMOTE_ADDR="10.0.0.6").json() == {"status": "ok"}


def test_healthz_gives_loopback_the_details_over_ipv6_too(client, db):
    response = client.get("/healthz", REMOTE_ADDR="::1")
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


# --- costly requests: a bounded number at once (core/serving/throttle.py) ------------------------------


@pytest.fixture
def costly_slots(settings, tmp_path):
    """Two slots in a folder of this test's own; `hold()` takes every free one."""
    from core.serving import throttle

    settings.COSTLY_REQUESTS_MAX = 2
    settings.COSTLY_REQUESTS_LOCK_DIR = str(tmp_path / "slots")
    held = []

    class Slots:
        @staticmethod
        def hold():
            while (slot := throttle.acquire()) is not None:
                held.append(slot)
            return len(held)

        @staticmethod
        def release():
            while held:
                held.pop().release()

    yield Slots
    Slots.release()


def test_a_search_while_every_slot_is_taken_is_a_429_in_english(client, home, costly_slots):
    assert costly_slots.hold() == 2
    response = client.get("/en/search/", {"q": "migrantes"})
    assert response.status_code == 429
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    page = parse(response)
    assert page.html["lang"] == "en"
    assert text(page.select_one("h1")) == "The site is busy right now"


def test_a_search_while_every_slot_is_taken_is_a_429_in_spanish(client, home, costly_slots):
    costly_slots.hold()
    response = client.get("/es/buscar/", {"q": "migrantes"})
    assert response.status_code == 429
    assert response["Retry-After"] == "5"
    assert parse(response).html["lang"] == "es"


def test_downloads_and_api_answers_while_every_slot_is_taken_are_429s(client, home, costly_slots):
    costly_slots.hold()
    assert client.get("/en/data/member-states.csv").status_code == 429
    assert client.get("/es/datos/datapackage.json").status_code == 429
    api = client.get("/api/v1/member-states/", {"lang": "en"})
    assert api.status_code == 429
    assert api["Retry-After"] == "5"
    assert api.json() == {
        "status": 429,
        "message": "Too many requests are being answered right now. Try again in a few seconds.",
    }
    assert client.get("/api/v1/member-states/x/").status_code == 429


def test_cheap_requests_are_answered_while_every_slot_is_taken(client, home, costly_slots):
    costly_slots.hold()
    assert client.get("/en/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/v1/").status_code == 200  # the API's index lists, costs nothing


def test_a_search_is_answered_once_a_slot_is_free_again(client, home, costly_slots):
    costly_slots.hold()
    assert client.get("/en/search/", {"q": "migrantes"}).status_code == 429
    costly_slots.release()
    assert client.get("/en/search/", {"q": "migrantes"}).status_code == 200
    # The search gave its slot back: both are free.
    assert costly_slots.hold() == 2


def test_a_streamed_download_holds_its_slot_until_it_is_closed(
    client, home, settings, costly_slots
):
    settings.COSTLY_REQUESTS_MAX = 1
    response = client.get("/en/data/member-states.csv")
    assert response.status_code == 200 and response.streaming
    assert costly_slots.hold() == 0  # the download's slot is taken while it streams
    b"".join(response.streaming_content)
    response.close()
    assert costly_slots.hold() == 1


BAD_INPUTS = [
    ("/es/%00/", 400),
    ("/en/about/%00", 400),
    ("/es/%ff%fe/", 404),
    ("/en/%C0%AF/", 404),
    ("/es/" + "a" * 4000 + "/", 404),
    ("/es/../../etc/passwd", 404),
    ("/es//acerca-de//", 404),
    ("/es/<script>alert(1)</script>/", 404),
    ("/en/member-states/%E2%80%AE/", 404),
    ("/es/acerca-de/no/existe/", 404),
    ("/fr/acerca-de/", 404),
    ("/xx-yy/", 404),
    ("/es/acerca-de/?page=abc", 200),
    ("/es/acerca-de/?page=-1&page=99999999999999999999", 200),
    ("/es/?q=%ff%fe%00&%%%=1", 400),
    ("/en/?q=%00", 400),
    ("/documents/999999/nada.pdf", 404),
    ("/static/../quito_portal/settings/base.py", 404),
]


@pytest.mark.parametrize(("path", "status"), BAD_INPUTS)
def test_bad_input_gets_a_clear_answer_never_a_500(client, home, path, status):
    StandardPageFactory(parent=home, slug_es="acerca-de", slug_en="about")
    client.raise_request_exception = False
    response = client.get(path, follow=True)
    assert response.status_code == status
    if status == 404 and response.get("Content-Type", "").startswith("text/html"):
        page = parse(response)
        expected = "en" if response.request["PATH_INFO"].startswith("/en/") else "es"
        assert page.html["lang"] == expected
        assert text(page.h1) == {"es": "Página no encontrada", "en": "Page not found"}[expected]


def test_robots_txt_points_at_the_sitemap_and_keeps_robots_out_of_the_admin(client, db):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_index_lists_one_sitemap_per_language(client, home):
    body = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/es/sitemap.xml</loc>" in body
    assert "<loc>http://testserver/en/sitemap.xml</loc>" in body


@pytest.mark.parametrize("language", ["es", "en"])
def test_each_language_sitemap_lists_pages_with_every_alternate(client, home, language):
    StandardPageFactory(parent=home, slug_es="acerca-de", slug_en="about")
    StandardPageFactory(parent=home, slug_es="borrador", slug_en="draft", live=False)
    from xml.etree import ElementTree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.fromstring(client.get(f"/{language}/sitemap.xml").content)  # noqa: S314
    urls = {url.find("s:loc", ns).text: url for url in root.findall("s:url", ns)}
    about = {"es": "http://testserver/es/acerca-de/", "en": "http://testserver/en/about/"}
    data = {"es": "http://testserver/es/datos/", "en": "http://testserver/en/data/"}
    # The pages, and the data page (a view, listed by open_data).
    assert set(urls) == {f"http://testserver/{language}/", about[language], data[language]}
    links = {
        link.get("hreflang"): link.get("href")
        for link in urls[about[language]].findall("x:link", ns)
    }
    assert links == {**about, "x-default": about["es"]}


# Login lock-out behind a reverse proxy


def login_from(client, address, password, proxy_address="10.0.0.2"):
    return client.post(
        "/admin/login/",
        {"username": "editora", "password": password},
        REMOTE_ADDR=proxy_address,
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_behind_the_proxy_an_attackers_failures_do_not_lock_the_owner_out(
    client, staff_user, settings, behind_one_proxy
):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login_from(client, "203.0.113.9", "wrong")
    assert login_from(client, "203.0.113.9", "una clave larga y segura").status_code == 429
    owner = login_from(client, "198.51.100.7", "una clave larga y segura")
    assert owner.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_a_forged_forwarded_address_does_not_escape_the_lockout(
    client, staff_user, settings, behind_one_proxy
):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # The client writes a new address each time; the proxy appends the real one.
        login_from(client, f"192.0.2.{attempt}, 203.0.113.9", "wrong")
    forged = login_from(client, "192.0.2.200, 203.0.113.9", "una clave larga y segura")
    assert forged.status_code == 429
    assert "_auth_user_id" not in client.session


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, staff_user, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        login_from(client, f"192.0.2.{attempt}", "wrong", proxy_address="203.0.113.9")
    locked = login_from(client, "192.0.2.200", "una clave larga y segura", "203.0.113.9")
    assert locked.status_code == 429


# Input the database would refuse


def test_a_nul_byte_in_an_admin_search_is_a_400_not_an_outage(admin_client):
    response = admin_client.get("/admin/api/main/pages/?search=%00")
    assert response.status_code == 400
    response = admin_client.get("/admin/pages/search/?q=%00")
    assert response.status_code == 400


def test_a_nul_byte_in_a_posted_form_field_is_a_400(admin_client):
    response = admin_client.post("/admin/pages/search/", {"q": "a\x00b"})
    assert response.status_code == 400


def test_a_value_the_database_refuses_is_a_400_in_the_visitors_language(client, home, settings):
    """A DataError that no guard caught (here a too-long value) is the request's fault."""
    from django.db import DataError
    from django.urls import path

    from quito_portal import urls as project_urls

    def refuses(request, *args, **kwargs):
        raise DataError("value too long for type character varying(255)")

    client.raise_request_exception = False
    settings.ROOT_URLCONF = type(
        "Urls",
        (),
        {
            "urlpatterns": [path("en/refuses/", refuses), *project_urls.urlpatterns],
            "handler500": project_urls.handler500,
        },
    )
    response = client.get("/en/refuses/")
    assert response.status_code == 400
    assert text(parse(response).h1) == "The request could not be understood"


# Images: decoding cost is bounded by pixels, not bytes


def huge_png(width=11000, height=11000):
    import io

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("1", (width, height)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def test_an_image_with_too_many_pixels_is_refused_with_a_message(admin_client):
    content = huge_png()
    assert len(content) < 1024 * 1024  # small in bytes, 121 megapixels
    response = upload_image(admin_client, "bomba.png", content, "image/png")
    assert response.status_code == 200
    assert not Image.objects.exists()
    assert "40000000" in " ".join(response.context["form"].errors["file"])


# Logging in to see a restricted page


@pytest.mark.parametrize(("language", "home_path"), [("es", "/es/"), ("en", "/en/")])
def test_logging_in_without_a_next_lands_on_the_home_page_in_that_language(
    client, home, staff_user, language, home_path
):
    response = client.post(
        f"/{language}/_util/login/",
        {"username": "editora", "password": "una clave larga y segura"},
    )
    assert response.status_code == 302
    assert response["Location"] == home_path
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("path", ["/admin/pages/999999/edit/", "/admin/no-such-view/"])
def test_a_missing_admin_page_is_an_admin_404_not_a_redirect_to_the_public_site(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 404


def test_an_unprefixed_public_address_still_redirects_to_the_visitors_language(client, home):
    StandardPageFactory(parent=home, slug_es="acerca-de", slug_en="about")
    response = client.get("/acerca-de/")
    assert response.status_code == 302
    assert response["Location"] == "/es/acerca-de/"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/es/?q=%00", "Solicitud incorrecta: la dirección contiene caracteres no válidos."),
        ("/en/?q=%00", "Bad request: the address contains invalid characters."),
    ],
)
def test_a_bad_request_is_explained_in_the_language_of_the_address(client, db, path, message):
    response = client.get(path)
    assert response.status_code == 400
    assert response.content.decode() == message


@pytest.mark.parametrize(
    "forwarded", ["garbage, <script>", "1.2.3.4, not-an-ip", "999.1.1.1", "unknown", "1.2.3.4:5555"]
)
def test_a_malformed_forwarded_address_is_not_a_500_and_does_not_escape_the_lockout(
    client, staff_user, settings, behind_one_proxy, forwarded
):
    # The address is then the proxy's own: the owner still logs in...
    response = login_from(client, forwarded, "una clave larga y segura")
    assert response.status_code == 302
    client.logout()
    # ...and failures still count against it.
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login_from(client, forwarded, "wrong")
    assert login_from(client, forwarded, "una clave larga y segura").status_code == 429


def test_structured_data_cannot_close_its_script_block():
    """A title is the editors', but a JSON-LD block that a title could end would run script."""
    from core.templatetags.core_tags import ld_json

    html = str(ld_json({"name": "</script><script>alert(1)</script> & <!--"}))
    assert html.count("</script>") == 1 and html.endswith("</script>")
    assert "<script>alert" not in html and "<!--" not in html
    assert "\\u003C/script\\u003E" in html
