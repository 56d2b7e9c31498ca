"""A translation edited outside the code must not bring markup or replacement fields its source
text does not have.

`{% translate %}` and `{% blocktranslate %}` print translations unescaped, so the interface-string
editor, the stored edits and the catalogs are all checked against one rule (interface_strings/safety.py).
"""

import logging
import shutil

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset
from wagtail.users.models import UserProfile

from interface_strings.catalogs import po_path
from interface_strings.models import InterfaceTranslation
from interface_strings.safety import translation_problems
from members.models import MemberStatePage

from .admin_forms import add_url, page_form
from .factories import MemberStatePageFactory, MemberStatesIndexPageFactory, StandardPageFactory
from .html import parse, text
from .test_translations import SKIP_LINK, edit_url, save

MAIN_MENU = "Main menu"  # printed in an attribute: <nav aria-label="{% translate 'Main menu' %}">
# The one source string with markup: organization pages print it with {% blocktranslate %}.
SECRETARIAT_LINK = '%(acronym)s co-coordinates the <a href="%(url)s">Technical Secretariat</a> of the Quito Process.'
SECRETARIAT_LINK_ES = (
    '%(acronym)s coordina la <a href="%(url)s">Secretaría Técnica</a> del Proceso de Quito.'
)
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def english_translator_client(client, translator):
    profile = UserProfile.get_for_user(translator)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(translator)
    return client


def refused(client, capture, msgid, es, en=None):
    """Post an edit of the Spanish translation; the form's errors on it (the edit must not be kept)."""
    response = save(client, capture, msgid, es=es, en=msgid if en is None else en)
    assert response.status_code == 200, "the edit was accepted"
    assert not InterfaceTranslation.objects.exists()
    return response.context["form"].errors["es"]


# The editor refuses unsafe edits, with a message in the translator's language


def test_a_script_edit_is_refused_with_a_message_in_spanish_for_a_spanish_admin(
    translator_client, django_capture_on_commit_callbacks
):
    errors = refused(translator_client, django_capture_on_commit_callbacks, MAIN_MENU, SCRIPT)
    assert errors == [
        "Mantenga las etiquetas HTML del texto original tal como están, con los mismos "
        "atributos: se esperaba ninguno y se encontró <script>, </script>."
    ]


def test_a_script_edit_is_refused_with_a_message_in_english_for_an_english_admin(
    english_translator_client, django_capture_on_commit_callbacks
):
    errors = refused(
        english_translator_client, django_capture_on_commit_callbacks, MAIN_MENU, SCRIPT
    )
    assert errors == [
        "Keep the HTML tags of the source text exactly as they are, with the same attributes: "
        "expected none, found <script>, </script>."
    ]


def test_the_refusal_is_shown_next_to_the_field_escaped(
    translator_client, django_capture_on_commit_callbacks
):
    response = save(
        translator_client, django_capture_on_commit_callbacks, MAIN_MENU, es=SCRIPT, en=MAIN_MENU
    )
    page = parse(response)
    assert not page.select("main script:-soup-contains('alert(1)')")
    assert "se encontró <script>, </script>." in text(page.find(id="id_es").find_parent("form"))


def test_a_meta_refresh_edit_is_refused(translator_client, django_capture_on_commit_callbacks):
    errors = refused(
        translator_client,
        django_capture_on_commit_callbacks,
        SKIP_LINK,
        '<meta http-equiv="refresh" content="0;url=https://example.com/">Saltar',
    )
    assert errors == [
        "Mantenga las etiquetas HTML del texto original tal como están, con los mismos "
        "atributos: se esperaba ninguno y se encontró "
        '<meta http-equiv="refresh" content="0;url=https://example.com/">.'
    ]


def test_an_attribute_break_out_is_refused(translator_client, django_capture_on_commit_callbacks):
    errors = refused(
        translator_client,
        django_capture_on_commit_callbacks,
        MAIN_MENU,
        'Menú" autofocus onfocus="alert(1)',
    )
    assert errors == [
        'Elimine ": el texto original no los tiene y en una página web podrían interpretarse '
        "como código. Para las comillas, use “ ” o « »."
    ]


@pytest.mark.parametrize(
    ("payload", "reported"),
    [
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt; &gt;"),
        ("Menú&#34; autofocus onfocus=&#34;alert(1)", "&#34;"),
        ("Menú&#x22; onfocus=&#x22;alert(1)", "&#x22;"),
        ("Menú&quot onfocus=&quot alert(1)", "&quot"),
    ],
)
def test_an_entity_encoded_payload_is_refused(
    translator_client, django_capture_on_commit_callbacks, payload, reported
):
    errors = refused(translator_client, django_capture_on_commit_callbacks, MAIN_MENU, payload)
    assert errors == [
        f"Elimine {reported}: el texto original no los tiene y en una página web podrían "
        "interpretarse como código. Para las comillas, use “ ” o « »."
    ]


def test_an_unclosed_tag_is_refused(translator_client, django_capture_on_commit_callbacks):
    # Without its ">", the next ">" of the page closes the tag in a browser.
    errors = refused(
        translator_client,
        django_capture_on_commit_callbacks,
        SKIP_LINK,
        "Saltar <img src=x onerror=alert(1)",
    )
    assert errors[0].startswith("Elimine <:")


@pytest.mark.parametrize(
    "payload", ["Saltar <!-- x -->", "Saltar <![CDATA[x]]>", "Saltar <?xml x?>", "Saltar <!-- x"]
)
def test_a_comment_cdata_or_processing_instruction_is_refused(
    translator_client, django_capture_on_commit_callbacks, payload
):
    assert refused(translator_client, django_capture_on_commit_callbacks, SKIP_LINK, payload)


@pytest.mark.parametrize(
    "tag",
    [
        '<a href="javascript:alert(1)">',
        '<a href="%(url)s" onclick="alert(1)">',
        '<a href="%(url)s" href="javascript:alert(1)">',
        '<a href="%(url)s"/onmouseover="alert(1)">',
        "<a href=%(url)s>",
        '<a title="%(url)s">',
    ],
)
def test_a_change_to_the_sources_tag_is_refused(
    translator_client, django_capture_on_commit_callbacks, tag
):
    translation = SECRETARIAT_LINK_ES.replace('<a href="%(url)s">', tag)
    if "%(url)s" not in tag:
        translation = translation.replace("Técnica", "Técnica %(url)s")
    errors = refused(
        translator_client,
        django_capture_on_commit_callbacks,
        SECRETARIAT_LINK,
        translation,
        en=SECRETARIAT_LINK,
    )
    assert errors == [
        "Mantenga las etiquetas HTML del texto original tal como están, con los mismos "
        f'atributos: se esperaba <a href="%(url)s">, </a> y se encontró {tag}, </a>.'
    ]


def test_a_double_quote_in_the_text_of_a_string_with_a_tag_is_refused(
    translator_client, django_capture_on_commit_callbacks
):
    # The source's quotes belong to its tag: they do not allow quotes in the text.
    translation = SECRETARIAT_LINK_ES.replace("Técnica", 'Técnica" onmouseover="alert(1)')
    errors = refused(
        translator_client,
        django_capture_on_commit_callbacks,
        SECRETARIAT_LINK,
        translation,
        en=SECRETARIAT_LINK,
    )
    assert errors[0].startswith('Elimine ":')


# What stays allowed


def test_a_translation_that_keeps_the_sources_tag_is_accepted(
    translator_client, django_capture_on_commit_callbacks
):
    # The same tag in other words, other case and spacing: the same markup.
    translation = SECRETARIAT_LINK_ES.replace('<a href="%(url)s">', '<A  HREF="%(url)s" >')
    response = save(
        translator_client,
        django_capture_on_commit_callbacks,
        SECRETARIAT_LINK,
        es=translation,
        en=SECRETARIAT_LINK,
    )
    assert response.status_code == 302
    assert InterfaceTranslation.objects.get().msgstr == translation


def test_apostrophes_typographic_quotes_and_a_lone_ampersand_are_accepted(
    translator_client, django_capture_on_commit_callbacks
):
    response = save(
        translator_client,
        django_capture_on_commit_callbacks,
        MAIN_MENU,
        es="Menú «principal» & “más”",
        en="The site's main menu (R&D)",
    )
    assert response.status_code == 302
    assert InterfaceTranslation.objects.count() == 2


# Edits stored before the check (or around it) are not applied, and the editor lists them


def test_a_stored_script_edit_is_not_applied_on_the_public_site(client, home, caplog):
    InterfaceTranslation.objects.create(language="es", msgid=SKIP_LINK, msgstr=SCRIPT)
    with caplog.at_level(logging.WARNING, logger="interface_strings.runtime"):
        page = parse(client.get("/es/"))
    assert text(page.select_one("a.skip-link")) == "Saltar al contenido principal"
    assert not page.select("script:-soup-contains('alert(1)')")
    assert "not applied" in caplog.text
    assert SKIP_LINK in caplog.text


def test_a_stored_attribute_break_out_is_not_applied_on_the_public_site(client, home):
    StandardPageFactory(parent=home, title_es="Acerca", title_en="About")  # a menu to show
    InterfaceTranslation.objects.create(
        language="es", msgid=MAIN_MENU, msgstr='Menú" autofocus onfocus="alert(1)'
    )
    nav = parse(client.get("/es/")).select_one("nav.main-nav")
    assert nav["aria-label"] == "Menú principal"
    assert not nav.has_attr("onfocus")


def test_a_stored_unsafe_edit_is_listed_as_refused_in_the_editor(translator_client):
    InterfaceTranslation.objects.create(language="es", msgid=MAIN_MENU, msgstr=SCRIPT)
    page = parse(translator_client.get("/admin/translations/"))
    section = page.find(id="refused-edits")
    assert section is not None
    assert SCRIPT in text(section)  # shown as text, escaped
    assert "se encontró <script>, </script>." in text(section)
    assert section.select_one("a")["href"] == edit_url(MAIN_MENU)
    assert not page.select("script:-soup-contains('alert(1)')")
    row = parse(translator_client.get("/admin/translations/", {"q": "main menu"})).select_one(
        "table.listing tbody tr"
    )
    assert "rechazado" in text(row)


def test_a_stored_unsafe_edit_is_shown_as_refused_on_its_edit_page(translator_client):
    InterfaceTranslation.objects.create(language="es", msgid=MAIN_MENU, msgstr=SCRIPT)
    page = parse(translator_client.get(edit_url(MAIN_MENU)))
    warning = page.select_one("section.help-critical")
    assert "Ediciones rechazadas" in text(warning)
    assert SCRIPT in text(warning)
    assert page.find(id="id_es").get_text().strip() == SCRIPT  # there to be corrected


def test_the_export_leaves_a_stored_unsafe_edit_out_of_the_catalogs(tmp_path, settings, db):
    copy = tmp_path / "locale"
    shutil.copytree(settings.LOCALE_PATHS[0], copy)
    InterfaceTranslation.objects.create(language="es", msgid=MAIN_MENU, msgstr=SCRIPT)
    call_command("export_interface_translations", "--locale-dir", str(copy))
    assert polib.pofile(str(po_path("es", copy))).find(MAIN_MENU).msgstr == "Menú principal"


# The catalogs in locale/ get the same check


@pytest.fixture
def catalogs_copy(tmp_path, settings):
    copy = tmp_path / "locale"
    shutil.copytree(settings.LOCALE_PATHS[0], copy)
    return copy


def set_translation(directory, language, msgid, msgstr):
    catalog = polib.pofile(str(po_path(language, directory)))
    catalog.find(msgid).msgstr = msgstr
    catalog.save()


def test_the_catalog_check_names_an_entry_with_markup_its_source_lacks(catalogs_copy):
    set_translation(catalogs_copy, "es", SKIP_LINK, SCRIPT)
    set_translation(catalogs_copy, "en", MAIN_MENU, 'Main" onfocus="alert(1)')
    with pytest.raises(CommandError) as error:
        call_command("check_catalogs", "--skip-stale", "--locale-dir", str(catalogs_copy))
    message = str(error.value)
    assert (
        "es: unsafe: markup differs from the source: expected none, found <script>, </script>: "
        f"{SKIP_LINK!r}"
    ) in message
    assert f'en: unsafe: markup characters not in the source: ": {MAIN_MENU!r}' in message


def test_the_catalog_check_accepts_the_sources_markup_in_a_translation(catalogs_copy):
    # The real catalogs translate SECRETARIAT_LINK keeping its link.
    assert polib.pofile(str(po_path("es", catalogs_copy))).find(SECRETARIAT_LINK).msgstr
    call_command("check_catalogs", "--skip-stale", "--locale-dir", str(catalogs_copy))


# The translation status (the queue's pages × languages table) never answers a bad section with a 500


@pytest.mark.parametrize(
    "section", ["²", "abc", "99999", "١٢", "-1", "0", "1.5", " 1", "9" * 30, "1\n"]
)
def test_the_translation_status_report_ignores_or_404s_a_bad_section(admin_client, home, section):
    # The old report's address leads to the table, which shows a bad filter as a form error.
    response = admin_client.get(
        "/admin/reports/translation-status/", {"section": section}, follow=True
    )
    assert response.status_code == 200


# Replacement fields: exactly the source's, character for character (issue 28, item 1).
# `format_html(_("… {page} …"), page=link)` makes the translation a str.format template: a field
# reaches any attribute of its value, and a width allocates. {% blocktranslate %} formats with `%`.

DUPLICATE = "There is already a page for this country: {page} ({status}). Edit that page."
DUPLICATE_ES = "Ya existe una página para este país: {page} ({status}). Edite esa página."
SECRET_KEY_FIELD = (
    "{page.__html__.__globals__[wraps].__globals__[namedtuple].__globals__[_sys]"
    ".modules[django.conf].settings.SECRET_KEY}"
)
HUGE_FIELD = "{page:999999999}"
FORMAT_PAYLOADS = [
    SECRET_KEY_FIELD,
    HUGE_FIELD,
    "{page[0]}",  # index access
    "{page!r}",  # conversion
    "{status:99999}",
    "{0}",  # a field the source lacks
]
SEARCH = "Search: %(query)s"  # the search page's title, {% blocktranslate %}
SEARCH_ES = "Búsqueda: %(query)s"
PRINTF_PAYLOADS = ["%(query)999999999s", "%999999999s", "%*s", "%(query)r", "%.999999999f"]
LOCKED = "<b>'{title}' is locked</b>."  # Wagtail's format_html(_(…)), supplied in interface_strings/wagtail_strings.pot
LOCKED_ES = "<b>«{title}» está bloqueado</b>."


def placeholders_message(expected, found):
    return (
        "Mantenga los marcadores del texto original tal como están: se esperaba "
        f"{expected} y se encontró {found}."
    )


@pytest.mark.parametrize("payload", FORMAT_PAYLOADS)
def test_the_editor_refuses_a_format_field_the_source_lacks(
    translator_client, django_capture_on_commit_callbacks, payload
):
    errors = refused(
        translator_client,
        django_capture_on_commit_callbacks,
        DUPLICATE,
        f"{DUPLICATE_ES} {payload}",
        en=DUPLICATE,
    )
    assert errors == [placeholders_message("{page}, {status}", f"{{page}}, {{status}}, {payload}")]


@pytest.mark.parametrize("payload", [SECRET_KEY_FIELD, HUGE_FIELD, "{page[0]}", "{page!s}"])
def test_the_editor_refuses_a_changed_format_field(
    translator_client, django_capture_on_commit_callbacks, payload
):
    errors = refused(
        translator_client,
        django_capture_on_commit_callbacks,
        DUPLICATE,
        DUPLICATE_ES.replace("{page}", payload),
        en=DUPLICATE,
    )
    assert errors == [placeholders_message("{page}, {status}", f"{payload}, {{status}}")]


@pytest.mark.parametrize("payload", PRINTF_PAYLOADS)
def test_the_editor_refuses_a_printf_specification_the_source_lacks(
    translator_client, django_capture_on_commit_callbacks, payload
):
    errors = refused(
        translator_client, django_capture_on_commit_callbacks, SEARCH, f"{SEARCH_ES} {payload}"
    )
    assert errors == [placeholders_message("%(query)s", f"%(query)s, {payload}")]


def test_the_editor_refuses_a_field_in_a_wagtail_message(
    translator_client, django_capture_on_commit_callbacks
):
    payload = "{title.__init__.__globals__[sys].modules}"
    errors = refused(
        translator_client,
        django_capture_on_commit_callbacks,
        LOCKED,
        LOCKED_ES.replace("</b>", f" {payload}</b>"),
        en=LOCKED,
    )
    assert errors == [placeholders_message("{title}", f"{{title}}, {payload}")]


def test_the_editor_accepts_the_sources_fields_in_another_order_and_literal_braces(
    translator_client, django_capture_on_commit_callbacks
):
    translation = "Edite la página {page} {{ya existe}}, en estado {status}."
    response = save(
        translator_client,
        django_capture_on_commit_callbacks,
        DUPLICATE,
        es=translation,
        en=DUPLICATE,
    )
    assert response.status_code == 302
    assert InterfaceTranslation.objects.get(language="es").msgstr == translation


def test_the_editor_refuses_braces_that_do_not_pair_up_with_a_message(
    english_translator_client, django_capture_on_commit_callbacks
):
    errors = refused(
        english_translator_client,
        django_capture_on_commit_callbacks,
        DUPLICATE,
        f"{DUPLICATE_ES} {{page",
        en=DUPLICATE,
    )
    assert errors == [
        "Braces mark placeholders in this text, and yours do not pair up: keep the source "
        "text's placeholders ({page}, {status}) exactly as they are, and write a brace that is "
        "text as {{ or }}."
    ]


@pytest.mark.parametrize(("text", "reported"), [("al 50 % de", "“% d”"), ("al 50 %", "“%”")])
def test_the_editor_refuses_a_bare_percent_sign_in_a_formatted_string_with_a_message(
    english_translator_client, django_capture_on_commit_callbacks, text, reported
):
    # {% blocktranslate %} formats with `%`: "% d" takes a number and the page is a 500.
    errors = refused(
        english_translator_client, django_capture_on_commit_callbacks, SEARCH, f"{SEARCH_ES} {text}"
    )
    assert errors == [
        f"Write a percent sign as %%: in this text, {reported} would be read as a placeholder, "
        "which the source text does not have."
    ]


def test_the_editor_accepts_a_percent_sign_written_as_the_source_needs(
    translator_client, django_capture_on_commit_callbacks
):
    translation = f"{SEARCH_ES} (50 %%)"
    response = save(translator_client, django_capture_on_commit_callbacks, SEARCH, es=translation)
    assert response.status_code == 302
    assert InterfaceTranslation.objects.get(language="es").msgstr == translation


# The rule itself, which the exchange's import and the run time call too


@pytest.mark.parametrize(
    ("source", "translation"),
    [(DUPLICATE, f"{DUPLICATE_ES} {payload}") for payload in FORMAT_PAYLOADS]
    + [(DUPLICATE, DUPLICATE_ES.replace("{page}", HUGE_FIELD))]
    + [(SEARCH, f"{SEARCH_ES} {payload}") for payload in PRINTF_PAYLOADS]
    + [
        (SEARCH, SEARCH_ES.replace("%(query)s", "%(query)999999999s")),
        (SEARCH, f"{SEARCH_ES} {{query}}"),  # a field of the other kind
        (DUPLICATE, f"{DUPLICATE_ES} %999999999s"),
        ("Contact us", "Contáctenos al 100 % de"),  # formatted if it is a {% blocktranslate %}
        ("Contact us", "Contáctenos {0.__class__}"),
        ("Up to 50% of people", "Hasta el 50 % de %(x)999999999s"),
        ("Use { here", "Usa {x} aquí"),  # the source's braces are not fields: it adds one
    ],
)
def test_a_translation_with_another_replacement_field_is_unsafe(source, translation):
    assert translation_problems(source, translation)


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        (DUPLICATE, DUPLICATE_ES),
        (DUPLICATE, "{status}: {page} {{sic}}"),
        (LOCKED, LOCKED_ES),
        (SEARCH, "Búsqueda (100 %%): %(query)s"),
        ("Up to 50% of people", "Hasta el 50 % de las personas"),  # never formatted with `%`
        ("Up to 100%", "Hasta el 100 %"),
        ("Use { here", "Usa { aquí"),
    ],
)
def test_a_translation_with_the_sources_replacement_fields_is_safe(source, translation):
    assert not translation_problems(source, translation)


# Edits stored around the editor are not applied


@pytest.fixture
def states_index(home):
    return MemberStatesIndexPageFactory(parent=home)


def duplicate_country_error(client, states_index):
    """Add Bolivia again in the Spanish admin: the country field's error, as text."""
    with translation.override("es"):
        draft = MemberStatePageFactory(parent=states_index, country="BO", live=False)
    client.cookies["django_language"] = "es"
    response = client.post(
        add_url(MemberStatePage, states_index),
        page_form(
            {
                "country": "BO",
                "status": "member",
                "intro_es": "Se suma al Proceso.",
                "focal_institutions": inline_formset([]),
                "figures": inline_formset([]),
            },
            streams=("body", "related_links"),
        ),
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 200
    error = parse(response).select_one("[data-contentpath=country] .error-message")
    assert error.select_one("a")["href"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    return response, " ".join(text(error).split())


@pytest.mark.parametrize("payload", [SECRET_KEY_FIELD, HUGE_FIELD])
def test_the_duplicate_country_error_with_a_stored_malicious_edit_shows_the_catalog_text(
    admin_client, states_index, settings, caplog, payload
):
    InterfaceTranslation.objects.create(
        language="es", msgid=DUPLICATE, msgstr=f"{DUPLICATE_ES} {payload}"
    )
    with caplog.at_level(logging.WARNING, logger="interface_strings.runtime"):
        response, error = duplicate_country_error(admin_client, states_index)
    assert error == "Ya existe una página para este país: Bolivia (Borrador). Edite esa página."
    assert settings.SECRET_KEY not in response.content.decode()
    assert "not applied" in caplog.text


@pytest.mark.parametrize("payload", ["%(query)999999999s", "%*s", "al 50 % de"])
def test_a_stored_edit_with_a_printf_specification_the_source_lacks_is_not_applied(
    client, home, payload
):
    InterfaceTranslation.objects.create(
        language="es", msgid=SEARCH, msgstr=f"{SEARCH_ES} {payload}"
    )
    response = client.get("/es/buscar/", {"q": "Quito"})
    assert response.status_code == 200
    title = parse(response).title.get_text()
    assert " ".join(title.split()) == "Búsqueda: Quito · Proceso de Quito"
    assert len(title) < 200  # no padding


# The catalogs get the same check, plural forms included


def test_the_catalog_check_names_replacement_fields_the_source_lacks(catalogs_copy):
    set_translation(catalogs_copy, "es", DUPLICATE, f"{DUPLICATE_ES} {SECRET_KEY_FIELD}")
    set_translation(catalogs_copy, "en", SEARCH, "Search: %(query)s %999999999s")
    set_translation(catalogs_copy, "pt", LOCKED, "<b>«{title:999999999}» está bloqueado</b>.")
    catalog = polib.pofile(str(po_path("es", catalogs_copy)))
    plural = catalog.find("%(counter)s string")
    plural.msgstr_plural[1] = "%(counter)999999999s textos"
    catalog.save()
    with pytest.raises(CommandError) as error:
        call_command("check_catalogs", "--skip-stale", "--locale-dir", str(catalogs_copy))
    message = str(error.value)
    assert (
        "es: unsafe: placeholders differ from the source: expected {page}, {status}, found "
        f"{{page}}, {{status}}, {SECRET_KEY_FIELD}: {DUPLICATE!r}"
    ) in message
    assert (
        "en: unsafe: placeholders differ from the source: expected %(query)s, found "
        f"%(query)s, %999999999s: {SEARCH!r}"
    ) in message
    assert (
        "pt: unsafe: placeholders differ from the source: expected {title}, found "
        f"{{title:999999999}}: {LOCKED!r}"
    ) in message
    assert (
        "es: unsafe: placeholders differ from the source: expected %(counter)s, found "
        "%(counter)999999999s: '%(counter)s string'"
    ) in message


def test_the_catalog_check_names_a_bare_percent_sign_and_braces_that_do_not_pair_up(
    catalogs_copy,
):
    set_translation(catalogs_copy, "es", SEARCH, f"{SEARCH_ES} al 50 % de")
    set_translation(catalogs_copy, "pt", DUPLICATE, f"{DUPLICATE_ES} {{page")
    with pytest.raises(CommandError) as error:
        call_command("check_catalogs", "--skip-stale", "--locale-dir", str(catalogs_copy))
    message = str(error.value)
    assert (
        "es: unsafe: a % that starts no placeholder of the source (a percent sign is %%): % d: "
        f"{SEARCH!r}"
    ) in message
    assert (
        "pt: unsafe: braces that do not pair up (write {{ or }} for a brace): expected {page}, "
        f"{{status}}: {DUPLICATE!r}"
    ) in message
