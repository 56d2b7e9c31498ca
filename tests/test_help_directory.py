"""The help directory: a visitor picks a country and a need in a plain form and gets a short list
(the country's own entries, then the region's), each entry dated, shareable as plain text; staff
keep the entries in the admin, in Spanish, and the dashboard lists those to verify."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from getting_help.models import HelpEntry

from .factories import HelpEntryFactory, site_today
from .html import parse, text
from .moderation import prefer
from .scenario import QuitoSite, scenario

HELP = {"es": "/es/necesito-ayuda/", "en": "/en/i-need-help/"}


def build_site():
    return QuitoSite(states=["PE", "CO", "EC"], rounds=1).add_help_page()


site_built, site = scenario(build_site)


def names(section):
    return [text(h3) for h3 in section.select(".help-entry__name")]


def section(page, heading_id):
    heading = page.find(id=heading_id)
    return heading.find_parent("section") if heading else None


def visit(client, language, query=""):
    return client.get(HELP[language] + query)


@pytest.fixture
def peru_directory(site):
    """Education in Peru, health in Peru, education in Colombia; for the whole region:
    education, and guidance on anything."""
    peru, colombia = site.states["PE"], site.states["CO"]
    return {
        "peru_school": HelpEntryFactory(
            country=peru,
            organization_es="Escuelas Lima",
            organization_en="Lima Schools",
            needs=["education"],
        ),
        "peru_health": HelpEntryFactory(
            country=peru,
            organization_es="Salud Lima",
            organization_en="Lima Health",
            needs=["health"],
        ),
        "colombia_school": HelpEntryFactory(
            country=colombia,
            organization_es="Escuelas Bogotá",
            organization_en="Bogotá Schools",
            needs=["education"],
        ),
        "region_school": HelpEntryFactory(
            organization_es="Aulas Regionales",
            organization_en="Regional Classrooms",
            needs=["education", "children"],
        ),
        "region_guidance": HelpEntryFactory(
            organization_es="Orientación Regional", organization_en="Regional Guidance"
        ),
    }


# Filtering


@pytest.mark.parametrize(
    ("language", "own", "region"),
    [
        ("es", ["Escuelas Lima"], ["Aulas Regionales", "Orientación Regional"]),
        ("en", ["Lima Schools"], ["Regional Classrooms", "Regional Guidance"]),
    ],
)
def test_a_country_and_a_need_list_the_countrys_entries_for_it_then_the_regions(
    client, peru_directory, language, own, region
):
    page = parse(visit(client, language, "?country=PE&need=education"))
    assert names(section(page, "country-heading")) == own
    # The entry for that need first, then guidance on anything.
    assert names(section(page, "region-heading")) == region


def test_the_countrys_own_entries_come_before_the_regions(client, peru_directory):
    page = parse(visit(client, "es", "?country=PE"))
    headings = [text(h) for h in page.select("main h2")]
    assert headings[:2] == ["En Perú", "En cualquier país de la región"]
    assert names(section(page, "country-heading")) == ["Escuelas Lima", "Salud Lima"]


@pytest.mark.parametrize(
    ("language", "heading"),
    [("es", "En Perú · Educación"), ("en", "In Peru · Education")],
)
def test_the_results_heading_says_what_was_chosen(client, peru_directory, language, heading):
    page = parse(visit(client, language, "?country=pe&need=education"))
    assert text(page.find(id="country-heading")) == heading
    assert page.select_one("#help-country option[selected]")["value"] == "PE"
    assert page.select_one("#help-need option[selected]")["value"] == "education"


def test_without_a_country_only_the_regions_entries_are_listed(client, peru_directory):
    page = parse(visit(client, "en", "?need=education"))
    assert section(page, "country-heading") is None
    assert names(section(page, "region-heading")) == ["Regional Classrooms", "Regional Guidance"]
    assert "Choose your country above" in text(section(page, "region-heading"))


def test_the_form_works_without_javascript_and_is_labelled(client, site):
    page = parse(visit(client, "es"))
    form = page.select_one("main form.help-finder")
    assert (form["method"], form["action"]) == ("get", "/es/necesito-ayuda/")
    assert text(form.select_one("fieldset legend")) == "Encuentre ayuda donde está"
    for select in form.select("select"):
        assert text(page.select_one(f'label[for="{select["id"]}"]'))
    countries = [text(option) for option in form.select("#help-country option")]
    assert countries == ["En cualquier país de la región", "Colombia", "Ecuador", "Perú"]
    assert form.select_one("button[type=submit]")
    assert not page.select("main script")


# A country with nothing of its own


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "es",
            "Aún no hay ninguna organización de Ecuador en la lista para esta necesidad. Las "
            "organizaciones de abajo trabajan en toda la región: pregúnteles a quién acudir en "
            "Ecuador.",
        ),
        (
            "en",
            "No organization in Ecuador is listed for this need yet. The organizations below "
            "work across the region: ask them whom to turn to in Ecuador.",
        ),
    ],
)
def test_a_country_without_entries_says_plainly_whom_to_ask(
    client, peru_directory, language, message
):
    page = parse(visit(client, language, "?country=EC&need=education"))
    assert text(section(page, "country-heading").select_one(".notice")) == message
    assert len(names(section(page, "region-heading"))) == 2


def test_an_empty_country_names_its_r4v_platform_when_its_page_gives_one(client, site):
    state = site.states["EC"]
    state.r4v_platform_name = "GTRM Ecuador"
    state.r4v_platform_url = "https://example.org/gtrm"
    state.save()
    page = parse(visit(client, "es", "?country=EC"))
    link = section(page, "country-heading").select_one(".notice a")
    assert (text(link), link["href"]) == ("GTRM Ecuador", "https://example.org/gtrm")


def test_a_need_nobody_covers_falls_back_to_every_entry_of_the_region(client, site):
    HelpEntryFactory(organization_en="Regional Classrooms", needs=["education"])
    page = parse(visit(client, "en", "?country=PE&need=family"))
    region = section(page, "region-heading")
    assert "No organization across the region is listed for this need yet" in text(region)
    assert names(region) == ["Regional Classrooms"]


# Bad input


@pytest.mark.parametrize(
    ("language", "query", "message"),
    [
        ("es", "?country=ZZ", "«ZZ» no es un país de la lista. Elija un país abajo."),
        ("en", "?country=ZZ", "“ZZ” is not a country of the list. Choose a country below."),
        (
            "es",
            "?need=papeles",
            "«papeles» no es una de las necesidades de la lista. Elija una abajo.",
        ),
        ("en", "?need=papers", "“papers” is not one of the needs of the list. Choose one below."),
        ("en", "?country=%C3%B1%20", "“ñ” is not a country of the list. Choose a country below."),
    ],
)
def test_an_unknown_value_gets_a_clear_message_and_no_error(client, site, language, query, message):
    response = visit(client, language, query)
    assert response.status_code == 400
    problems = parse(response).select_one('main [role="alert"]')
    assert text(problems) == " ".join(message.split())
    # The form is there to choose again.
    assert parse(response).select_one("main form.help-finder")


def test_a_long_or_hostile_value_is_echoed_short_and_escaped(client, site):
    response = visit(client, "en", "?need=<script>alert(1)</script>" + "x" * 2000)
    assert response.status_code == 400
    assert b"<script>alert" not in response.content
    assert len(text(parse(response).select_one('[role="alert"]'))) < 120


@pytest.mark.parametrize(
    ("language", "query", "heading"),
    [
        ("es", "?country=PE&country=CO", "Página no encontrada"),
        ("en", "?need=health&need=work", "Page not found"),
    ],
)
def test_a_repeated_value_is_a_404_as_in_every_listing(
    client, peru_directory, language, query, heading
):
    # The listings' one rule (core/pages/listing.py): no form of the site writes a value twice.
    response = visit(client, language, query)
    assert response.status_code == 404
    assert heading in text(parse(response).select_one("h1"))


# Verification dates


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            "Verificado por última vez: marzo de 2025 (hace más de seis meses: confírmelo antes de ir)",
        ),
        ("en", "Last verified: March 2025 (more than six months ago: confirm before you go)"),
    ],
)
def test_a_stale_entry_shows_its_month_to_visitors(client, site, language, expected):
    entry = HelpEntryFactory(last_verified=datetime.date(2025, 3, 14))
    page = parse(visit(client, language))
    verified = page.select_one(f"#{entry.anchor} .help-entry__verified")
    assert text(verified) == expected
    assert "help-entry__verified--stale" in verified["class"]


def test_a_recent_entry_shows_its_month_without_a_warning(client, site):
    today = site_today()
    entry = HelpEntryFactory(last_verified=today)
    verified = parse(visit(client, "en")).select_one(f"#{entry.anchor} .help-entry__verified")
    assert text(verified) == f"Last verified: {today:%B %Y}"
    assert "help-entry__verified--stale" not in verified["class"]


def test_a_never_verified_entry_says_so(client, site):
    entry = HelpEntryFactory(last_verified=None)
    verified = parse(visit(client, "es")).select_one(f"#{entry.anchor} .help-entry__verified")
    assert text(verified) == (
        "Aún sin verificar: confirme los datos con la organización antes de ir."
    )


def test_the_dashboard_lists_entries_to_verify_with_edit_links_in_spanish(client, site, staff):
    stale = HelpEntryFactory(organization_es="Antigua", last_verified=datetime.date(2024, 1, 5))
    never = HelpEntryFactory(organization_es="Nunca", last_verified=None, country=site.states["PE"])
    HelpEntryFactory(organization_es="Reciente", last_verified=site_today())
    client.force_login(prefer(staff("editora", "Editors"), "es"))
    panel = parse(client.get(reverse("wagtailadmin_home"))).find(id="help-to-verify-heading")
    panel = panel.find_parent("section")
    assert text(panel.h2) == "Directorio de ayuda: entradas por verificar"
    links = {text(a): a["href"] for a in panel.select("li a")}
    assert links == {
        "Nunca": reverse("wagtailsnippets_getting_help_helpentry:edit", args=[never.pk]),
        "Antigua": reverse("wagtailsnippets_getting_help_helpentry:edit", args=[stale.pk]),
    }
    assert "nunca verificada" in text(panel)
    assert "Perú" in text(panel)


def test_the_dashboard_has_no_panel_when_everything_is_verified(client, site, staff):
    HelpEntryFactory(last_verified=site_today())
    client.force_login(prefer(staff("editora", "Editors"), "es"))
    assert b"help-to-verify-heading" not in client.get(reverse("wagtailadmin_home")).content


# Sharing


def share_links(page, entry):
    return {text(a): a["href"] for a in page.select(f"#{entry.anchor} .help-entry__share a")}


def test_share_links_carry_the_entrys_text_and_address_and_no_tracker(client, site):
    entry = HelpEntryFactory(
        country=site.states["PE"],
        organization_es="Escuelas Lima",
        offer_es="Matrícula escolar para niñas y niños.",
        whatsapp="+51 900 000 000",
        needs=["education"],
        last_verified=site_today(),
    )
    page = parse(visit(client, "es", "?country=PE"))
    links = share_links(page, entry)
    assert set(links) == {"WhatsApp", "Telegram", "SMS", "Correo electrónico", "Como texto"}
    whatsapp = urlsplit(links["WhatsApp"])
    assert (whatsapp.scheme, whatsapp.netloc, whatsapp.path) == ("https", "wa.me", "/")
    message = parse_qs(whatsapp.query)["text"][0]
    assert message.splitlines() == [
        "Escuelas Lima",
        "Matrícula escolar para niñas y niños.",
        "Ayuda con: Educación",
        "WhatsApp: +51 900 000 000",
        f"Verificado por última vez: {entry.verified_text.split(': ')[1]}",
        f"http://testserver/es/necesito-ayuda/?country=PE#{entry.anchor}",
    ]
    assert links["SMS"].startswith("sms:?&body=Escuelas%20Lima%0A")
    assert urlsplit(links["Telegram"]).netloc == "t.me"
    for href in links.values():
        assert "utm_" not in href and "fbclid" not in href
    # No third-party script on the page.
    assert all(not s.get("src", "").startswith("http") for s in page.select("script"))


def test_an_entry_has_an_anchor_its_shared_address_opens(client, site):
    entry = HelpEntryFactory(country=site.states["PE"])
    page = parse(visit(client, "en", "?country=PE"))
    assert page.find(id=entry.anchor)["class"] == ["help-entry"]


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_plain_text_view_of_an_entry(client, site, language):
    entry = HelpEntryFactory(
        organization_es="Salud Lima", organization_en="Lima Health", website="https://example.org"
    )
    link = share_links(parse(visit(client, language)), entry)
    as_text = link["Como texto" if language == "es" else "As plain text"]
    response = client.get(as_text)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert body.splitlines()[0] == ("Salud Lima" if language == "es" else "Lima Health")
    assert ("Web: https://example.org" in body) and (f"#{entry.anchor}" in body)


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_text_of_a_hidden_or_unknown_entry_is_not_found_in_the_visitors_language(
    client, site, language
):
    hidden = HelpEntryFactory(shown=False)
    for entry_id in (hidden.pk, 999999):
        response = client.get(f"{HELP[language]}{entry_id}/text/")
        assert response.status_code == 404
        assert parse(response).html["lang"] == language


# Hidden entries, member state pages


def test_a_hidden_entry_is_not_shown(client, site):
    HelpEntryFactory(organization_es="Visible", country=site.states["PE"])
    HelpEntryFactory(organization_es="Oculta", country=site.states["PE"], shown=False)
    HelpEntryFactory(organization_es="Oculta regional", shown=False)
    page = parse(visit(client, "es", "?country=PE"))
    assert names(section(page, "country-heading")) == ["Visible"]
    assert names(section(page, "region-heading")) == []
    state = parse(client.get("/es/estados-miembros/peru/"))
    assert names(section(state, "help-heading")) == ["Visible"]


@pytest.mark.parametrize(
    ("language", "path", "own", "link"),
    [
        ("es", "/es/estados-miembros/peru/", "Escuelas Lima", "/es/necesito-ayuda/?country=PE"),
        ("en", "/en/member-states/peru/", "Lima Schools", "/en/i-need-help/?country=PE"),
    ],
)
def test_a_member_state_page_shows_its_own_entries(
    client, peru_directory, language, path, own, link
):
    page = parse(client.get(path))
    help_section = section(page, "help-heading")
    # Its own (sorted by name), not another state's nor the region's.
    assert own in names(help_section) and len(names(help_section)) == 2
    hrefs = [a["href"] for a in help_section.select("a")]
    assert link in hrefs
    assert f"{link}#{peru_directory['peru_school'].anchor}" in hrefs


def test_a_member_state_page_without_entries_leads_to_the_help_page(client, site):
    help_section = section(parse(client.get("/en/member-states/ecuador/")), "help-heading")
    assert "No organization in Ecuador is listed in the help directory yet." in text(help_section)
    assert help_section.select_one('a[href="/en/i-need-help/?country=EC"]')


def test_deleting_a_state_page_keeps_its_entries_hidden(site):
    entry = HelpEntryFactory(country=site.states["CO"])
    site.states["CO"].delete()
    entry.refresh_from_db()
    assert (entry.country, entry.shown) == (None, False)


def test_saving_an_entry_shows_it_at_once_on_cached_pages(
    client, site, production_caching, committed
):
    assert names(section(parse(visit(client, "es")), "region-heading")) == []
    with committed():
        HelpEntryFactory(organization_es="Nueva")
    assert names(section(parse(visit(client, "es")), "region-heading")) == ["Nueva"]


# The admin


def entry_form(**fields):
    return {
        "country": "",
        "shown": "on",
        "organization_es": "Escuelas Lima",
        "organization_en": "Lima Schools",
        "offer_es": "Matrícula escolar.",
        "offer_en": "School enrolment.",
        "needs": ["education"],
        "phone": "",
        "whatsapp": "",
        "email": "",
        "website": "",
        "address_es": "",
        "address_en": "",
        "opening_hours_es": "",
        "opening_hours_en": "",
        "languages": ["es"],
        "last_verified": "",
        "verified_by": "",
        "staff_note": "",
        **fields,
    }


@pytest.fixture
def editor_client(client, staff):
    client.force_login(prefer(staff("editora", "Editors"), "es"))
    return client


ADD = "wagtailsnippets_getting_help_helpentry:add"


def test_staff_add_an_entry_and_their_name_is_recorded_as_verifier(editor_client, site):
    today = site_today().isoformat()
    response = editor_client.post(
        reverse(ADD),
        entry_form(country=str(site.states["PE"].pk), phone="+51 1 234-5678", last_verified=today),
    )
    assert response.status_code == 302
    entry = HelpEntry.objects.get()
    assert (entry.country, entry.needs, entry.verified_by) == (
        site.states["PE"].page_ptr.specific,
        ["education"],
        "editora",
    )
    assert entry.phone_dialable == "+5112345678"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "phone",
            "01 234 5678",
            "Escriba el número en formato internacional: primero + y el código del país (+51 "
            "para Perú, +57 para Colombia), luego el número.",
        ),
        (
            "whatsapp",
            "+51 abc",
            "Escriba el número en formato internacional: primero + y el código del país (+51 "
            "para Perú, +57 para Colombia), luego el número.",
        ),
        (
            "website",
            "ftp://example.org/",
            "Escriba una dirección web que empiece por https:// o http://.",
        ),
        (
            "last_verified",
            "2999-01-01",
            "La fecha de una verificación no puede estar en el futuro.",
        ),
        (
            "needs",
            ["papeles"],
            "Escoja una opción válida. papeles no es una de las opciones disponibles.",
        ),
    ],
)
def test_the_admin_form_explains_bad_input_in_spanish(editor_client, site, field, value, message):
    response = editor_client.post(reverse(ADD), entry_form(**{field: value}))
    assert response.status_code == 200
    assert message in text(parse(response))
    assert not HelpEntry.objects.exists()


def test_the_admin_listing_filters_by_country_need_and_verification(editor_client, site):
    HelpEntryFactory(
        organization_es="Escuelas Lima", country=site.states["PE"], needs=["education"]
    )
    HelpEntryFactory(organization_es="Salud Lima", country=site.states["PE"], needs=["health"])
    HelpEntryFactory(organization_es="Antigua", last_verified=None)
    listing = reverse("wagtailsnippets_getting_help_helpentry:list")

    def listed(query):
        page = parse(editor_client.get(f"{listing}?{query}"))
        return sorted(text(a) for a in page.select("table tbody td.title .title-wrapper a"))

    assert listed(f"country={site.states['PE'].pk}&need=education") == ["Escuelas Lima"]
    assert listed("country=region") == ["Antigua"]
    assert listed("to_verify=yes") == ["Antigua"]
    assert listed("q=salud") == ["Salud Lima"]
