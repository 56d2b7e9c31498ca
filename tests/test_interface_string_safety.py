"""A translation edited outside the code must not bring markup its source text does not have.

`{% translate %}` and `{% blocktranslate %}` print translations unescaped, so the interface-string
editor, the stored edits and the catalogs are all checked against one rule (interface_strings/safety.py).
"""

import logging
import shutil

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.users.models import UserProfile

from interface_strings.catalogs import po_path
from interface_strings.models import InterfaceTranslation

from .factories import StandardPageFactory
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
