"""Every admin screen a superuser reaches on the demo content speaks Spanish to a Spanish user
(and English to an English one): the crawl follows every link and every URL the admin's scripts
load (choosers, modals) and reads each screen for the English and the slips Spanish-speaking staff
reported. One screen per kind (its URL name, the kind of object it shows, its query's names), so
the crawl stays short while still reaching every kind of screen."""

import re
from collections import deque
from html import unescape
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import polib
import pytest
import wagtail
from bs4 import BeautifulSoup
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Page
from wagtail.users.models import UserProfile

from core.private_apis import catalog_of, load_translation

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("admin_spanish_crawl")]

# What staff saw: English that Wagtail shows when nobody translated it, the slips of Wagtail's own
# Spanish catalog and "tú" where the admin says "usted". Whole words, case-sensitive.
KNOWN_ENGLISH = [
    "Search options…",
    "Root",
    "None",
    "Admin",
    "Moderators",
    "Editors",
    "Translators",
    "Request Entity Too Large",
    "domain.com",
    "memberstatepage",
    # Python's values and Django's permission names, printed as they are stored.
    "True",
    "False",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "Can replace",
    "Can import",
    "Translation item",
]
SLIPS = [
    "etiquedas",
    "calquiera",
    "no será accesibles",
    "crealas",
    "Cambios solicitados el",
    "tu revisión",
    "Esperando tu",
    # The multiple-upload pages and the group editor.
    "ordenador",
    "esta area",
    "Ó",
    "los documentos dentro de esta área para subirlas",
    "Eliminar volumen",
    "algún documento",
    "páginas con hijos",
]
# The words "tú" uses where "usted" is meant (verbs and possessives of Wagtail's Spanish).
TU = ["tu", "tus", "puedes", "quieres", "tienes", "estás", "has hecho", "debes", "necesitas"]
SPANISH_WRONG = re.compile(
    r"(?<![\w/.-])("
    + "|".join(map(re.escape, [*KNOWN_ENGLISH, *SLIPS]))
    + r")(?![\w/.-])|(?<!\w)("
    + "|".join(map(re.escape, TU))
    + r")(?!\w)",
    re.IGNORECASE,
)
SLIPS_LOWER = {slip.lower() for slip in SLIPS}

# Never followed: the end of the session, the catalog and icons (no screens), Wagtail's test of
# its error page.
SKIPPED = re.compile(r"/logout/|/jsi18n/|/sprite/|/failwhale/")
ADMIN_URL = re.compile(r"(?<![\w/])(/admin/[^\"'\s<>\\]*)")
MAX_SCREENS = 400
SCREEN_CHANGING_QUERY = {"translate"}
# Screens that show results only for a query.
SEARCHES = ["/admin/pages/search/?q=a", "/admin/users/?q=a", "/admin/images/?q=a"]
PAGE_TYPE_VIEWS = {"wagtailadmin_pages:edit", "wagtailadmin_explore"}


def spanish_admin(client, django_user_model, language):
    user = django_user_model.objects.create_superuser("crawler", "c@example.org", "x")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


def kind_of(url):
    """One screen of each kind: the view, the type of the page it is about, its query's names."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    kind = [match.view_name]
    for name in ("page_id", "parent_page_id"):
        # Each page type has its own form (panels, help texts); other views are the same for all.
        if name in match.kwargs and match.view_name in PAGE_TYPE_VIEWS:
            page = Page.objects.filter(pk=match.kwargs[name]).first()
            kind.append(page.specific_class.__name__ if page else "?")
    # Sorting, paging and filtering show the same words as the listing itself.
    query = sorted({key for key, _value in parse_qsl(parts.query)} & SCREEN_CHANGING_QUERY)
    return (*kind, *query)


def links(html):
    """Every admin URL in the page: links, and those in the scripts' attributes and JSON (the
    sidebar, choosers and modals are built by scripts)."""
    return [unescape(url) for url in ADMIN_URL.findall(html)]


def parameterless_admin_urls(patterns=None, prefix="/"):
    """Every admin URL that needs no parameter, from the URL configuration: screens no link
    leads to are crawled too."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = str(pattern.pattern)
        if "<" in route or "(" in route or "\\" in route:
            continue
        route = route.lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            yield from parameterless_admin_urls(pattern.url_patterns, prefix + route)
        elif (prefix + route).startswith("/admin/"):
            yield prefix + route


def readable_text(html):
    """What staff read: text, titles, labels, placeholders, the JSON the scripts render, minus
    what is meant to be English (lang="en": English content being edited)."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.select('[lang|="en"], style, [hidden]'):
        element.decompose()
    texts = [soup.get_text("\n")]
    for element in soup.find_all(True):
        for name in ("title", "aria-label", "placeholder", "alt", "data-bs-title"):
            if element.get(name):
                texts.append(element[name])
    return "\n".join(texts)


def wrong_words(html):
    """English words match as written ("Root", not "root"); slips and "tú" in any case."""
    found = set()
    for match in SPANISH_WRONG.finditer(readable_text(html)):
        word = match.group(0)
        if match.group(2) or word in KNOWN_ENGLISH or word.lower() in SLIPS_LOWER:
            found.add(word)
    return found


def crawl(client):
    seen_kinds, screens = set(), {}
    queue = deque(["/admin/", *SEARCHES, *parameterless_admin_urls()])
    while queue and len(screens) < MAX_SCREENS:
        url = queue.popleft()
        kind = kind_of(url)
        if kind is None or kind in seen_kinds or SKIPPED.search(url):
            continue
        seen_kinds.add(kind)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        screens[url] = html
        queue.extend(links(html))
    return screens


@pytest.fixture
def demo(demo_loaded, db):
    pass


@pytest.mark.slow
def test_no_admin_screen_shows_the_english_or_the_slips_staff_reported(
    demo, client, django_user_model
):
    screens = crawl(spanish_admin(client, django_user_model, "es"))
    assert len(screens) > 100  # the crawl reached the admin, not only the dashboard
    found = {url: sorted(words) for url, html in screens.items() if (words := wrong_words(html))}
    assert found == {}


# Each place, in both languages (the demo content, as staff see it).


def admin_in(client, django_user_model, language):
    return spanish_admin(client, django_user_model, language)


def wagtail_spanish_using_tu():
    """(msgctxt, msgid) of the strings of the installed Wagtail apps that Wagtail's Spanish says
    with "tú"."""
    from tests.test_admin_language import WAGTAIL_APPS

    root = Path(wagtail.__file__).parent
    tu = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, TU)) + r")(?!\w)", re.IGNORECASE)
    found = set()
    for app in WAGTAIL_APPS:
        used = {
            (e.msgctxt or "", e.msgid)
            for e in polib.pofile(str(root / app / "locale" / "en" / "LC_MESSAGES" / "django.po"))
        }
        for entry in polib.pofile(str(root / app / "locale" / "es" / "LC_MESSAGES" / "django.po")):
            texts = [entry.msgstr, *entry.msgstr_plural.values()]
            key = (entry.msgctxt or "", entry.msgid)
            if key in used and any(tu.search(text) for text in texts if text):
                found.add(key)
    return found


def test_every_wagtail_string_said_with_tu_is_said_with_usted():
    lacking = wagtail_spanish_using_tu()
    assert lacking  # Wagtail 7.4's Spanish says "tú": otherwise this test checks nothing
    with translation.override("es"):
        still_tu = [msgid for _context, msgid in lacking if wrong_words(gettext(msgid))]
    assert still_tu == []


@pytest.mark.parametrize(
    ("msgid", "spanish"),
    [
        ("Awaiting your review", "Esperando su revisión"),
        ("Changes requested at", "Cambios solicitados en"),
        ("Once live anyone can view", "Una vez publicada, cualquiera puede verla"),
        (
            "Drag and drop documents into this area to upload immediately.",
            "Arrastre y suelte los documentos en esta área para subirlos de inmediato.",
        ),
        (
            "Drag and drop images into this area to upload immediately.",
            "Arrastre y suelte las imágenes en esta área para subirlas de inmediato.",
        ),
        ("Or choose from your computer", "O elija archivos de su computadora"),
        ("Bulk delete", "Eliminar en bloque"),
        ("Edit any document", "Editar cualquier documento"),
        (
            'Multi-word tags with spaces will automatically be enclosed in double quotes (").',
            "Las etiquetas de varias palabras con espacios se rodearán automáticamente con "
            'comillas dobles (").',
        ),
        (
            "Pages created here will not be accessible at any URL. To add pages to an existing "
            "site, create them as children of the homepage.",
            "Las páginas creadas aquí no serán accesibles desde ninguna dirección. Para añadir "
            "páginas a un sitio existente, créelas como hijas de la página de inicio.",
        ),
    ],
)
def test_the_slips_of_wagtails_spanish_are_corrected_and_english_stays_english(msgid, spanish):
    with translation.override("es"):
        assert gettext(msgid) == spanish
    with translation.override("en"):
        assert gettext(msgid) == msgid


@pytest.mark.parametrize(
    ("language", "help_text"),
    [
        (
            "es",
            "El nombre de la página tal como aparecerá en su dirección, p. ej. /es/noticias/[mi-slug]/",
        ),
        ("en", "The name of the page as it will appear in its address, e.g. /en/news/[my-slug]/"),
    ],
)
def test_the_slugs_help_shows_this_sites_addresses(language, help_text):
    from wagtail.models import Page

    with translation.override(language):
        assert str(Page._meta.get_field("slug").help_text) == help_text


def test_every_string_of_wagtails_admin_scripts_is_translated_into_spanish():
    root = Path(wagtail.__file__).parent / "admin" / "locale"
    source = polib.pofile(str(root / "en" / "LC_MESSAGES" / "djangojs.po"))
    # What /admin/jsi18n/ serves: Wagtail's catalog, then LOCALE_PATHS (Django's JavaScriptCatalog).
    spanish = catalog_of(load_translation("es", domain="djangojs", localedirs=[str(root)]))
    missing = [
        entry.msgid
        for entry in source
        if not entry.obsolete
        and spanish.get(entry.msgid if not entry.msgid_plural else (entry.msgid, 0)) in (None, "")
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("language", "label"), [("es", "Buscar opciones…"), ("en", "Search options…")]
)
def test_the_block_pickers_search_box_speaks_the_users_language(
    demo, client, django_user_model, language, label
):
    catalog = admin_in(client, django_user_model, language).get("/admin/jsi18n/").content.decode()
    if language == "es":
        assert '"Search options\\u2026": "Buscar opciones\\u2026"' in catalog
    else:
        assert "Buscar opciones" not in catalog


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("es", ["Editores", "Moderadores", "Traductores"]),
        ("en", ["Editors", "Moderators", "Translators"]),
    ],
)
def test_the_user_form_names_the_staff_groups_in_the_users_language(
    demo, client, django_user_model, language, names
):
    page = BeautifulSoup(
        admin_in(client, django_user_model, language).get("/admin/users/new/").content,
        "html.parser",
    )
    labels = [" ".join(label.get_text().split()) for label in page.select("[name=groups]")]
    shown = [
        " ".join(page.select_one(f"label[for={field['id']}]").get_text().split())
        for field in page.select("input[name=groups]")
    ]
    assert sorted(shown) == names, labels


def test_a_group_named_in_spanish_keeps_its_english_name_stored(demo):
    from django.contrib.auth.models import Group

    with translation.override("es"):
        group = Group.objects.get(name="Editores")
        assert group.name == "Editores"
        group.save()
    assert Group.objects.filter(name="Editors").exists()
    with translation.override("en"):
        assert Group.objects.get(pk=group.pk).name == "Editors"


def test_a_new_group_with_a_staff_groups_spanish_name_is_refused_by_the_form(
    demo, client, django_user_model
):
    response = admin_in(client, django_user_model, "es").post(
        "/admin/groups/new/", {"name": "Editores"}
    )
    assert response.status_code == 200
    assert "Ya existe" in response.content.decode()


@pytest.mark.parametrize(("language", "root"), [("es", "Raíz"), ("en", "Root")])
def test_the_root_of_the_page_tree_and_of_the_collections_is_named_in_the_users_language(
    demo, client, django_user_model, language, root
):
    admin = admin_in(client, django_user_model, language)
    explorer = BeautifulSoup(admin.get("/admin/pages/").content, "html.parser")
    assert root in explorer.title.get_text()
    collections = BeautifulSoup(admin.get("/admin/collections/add/").content, "html.parser")
    assert [
        option.get_text().strip() for option in collections.select("select[name=parent] option")
    ][-1] == root


@pytest.mark.parametrize(
    ("language", "level", "active"), [("es", "Administrador", "Sí"), ("en", "Admin", "Yes")]
)
def test_the_users_listing_names_an_administrators_access_level_and_status(
    demo, client, django_user_model, language, level, active
):
    page = BeautifulSoup(
        admin_in(client, django_user_model, language).get("/admin/users/").content, "html.parser"
    )
    assert level in [" ".join(cell.get_text().split()) for cell in page.select("td")]
    # The "Active" column's tick, named for screen readers (Wagtail names it "True").
    assert {" ".join(cell.get_text().split()) for cell in page.select("td.status")} == {active}


def test_the_account_page_offers_only_time_zones_a_browser_knows(demo, client, django_user_model):
    page = BeautifulSoup(
        admin_in(client, django_user_model, "es").get("/admin/account/").content, "html.parser"
    )
    zones = [option["value"] for option in page.select("select[name$=current_time_zone] option")]
    assert "America/Guayaquil" in zones
    assert [
        zone
        for zone in zones
        if zone and ("/" not in zone and zone != "UTC" or zone.startswith(("posix/", "right/")))
    ] == []


@pytest.mark.parametrize(
    ("language", "page_type", "app"),
    [
        ("es", "Página de Estado miembro", "Estados miembros y Grupo de Amigos"),
        ("en", "Member state page", "Member States and Group of Friends"),
    ],
)
def test_the_page_types_report_names_types_and_apps_in_the_users_language(
    demo, client, django_user_model, language, page_type, app
):
    page = BeautifulSoup(
        admin_in(client, django_user_model, language)
        .get("/admin/reports/page-types-usage/")
        .content,
        "html.parser",
    )
    rows = [
        [" ".join(td.get_text().split()) for td in row.select("td")]
        for row in page.select("tbody tr")
    ]
    assert [page_type, app] in [row[:2] for row in rows]
    assert "members.memberstatepage" not in page.get_text()


@pytest.mark.parametrize(
    "path", ["/admin/pages/search/?q=a", "/admin/reports/aging-pages/", "/admin/sites/"]
)
@pytest.mark.parametrize("language", ["es", "en"])
def test_listings_never_show_none_or_a_fields_raw_name(
    demo, client, django_user_model, path, language
):
    html = admin_in(client, django_user_model, language).get(path).content.decode()
    words = set(re.findall(r"\b(None|Root page|Site name|Port)\b", readable_text(html)))
    if language == "en":
        words -= {"Root page", "Site name", "Port"}  # English labels, from the fields' names
    assert words == set()
