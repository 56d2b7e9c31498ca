"""A Spanish-speaking moderator and translator in a real browser: a Spanish change turns the
English text out of date, the queue shows it until it is translated or marked as reviewed, an
empty English body gets the Spanish layout in one action, and exchange files go to the tools
translators use (translate-toolkit, polib) and come back in one pass, on to the moderators."""

import copy
import re

import pytest
from django.contrib.auth.models import Group, User

from .conftest import screenshot, sign_in

pytestmark = [pytest.mark.xdist_group("browser_translation_queue")]

XLIFF = "urn:oasis:names:tc:xliff:document:2.0"
PASSWORD = "una clave larga y segura"  # noqa: S105


@pytest.fixture(scope="module")
def spanish_staff(demo_server, django_db_blocker):
    from wagtail.users.models import UserProfile

    with django_db_blocker.unblock():
        for username, group in [("moderadora", "Moderators"), ("traductora", "Translators")]:
            user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
            user.groups.add(Group.objects.get(name=group))
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = "es"
            profile.save()


@pytest.fixture(scope="module")
def prepared_pages(demo_server, django_db_blocker):
    """Changes made before the journeys, committed so that the server sees them (a test's own
    writes stay in its transaction, and would lock the rows the server then writes)."""
    from wagtail.models import Page

    with django_db_blocker.unblock():
        # A Spanish correction that leaves the English right: a reviewer's case.
        chile = Page.objects.get(slug_es="chile").specific.get_latest_revision_as_object()
        chile.intro_es = chile.intro_es.rstrip(".") + " ."
        chile.save_revision().publish()
        # An English body left empty: the Spanish layout's case.
        privacy = Page.objects.get(slug_es="privacidad").specific.get_latest_revision_as_object()
        privacy.body_en = []
        privacy.save_revision()
        return {"privacy_blocks": [(block.id, block.block_type) for block in privacy.body_es]}


def log_in(open_page, server, username):
    return sign_in(open_page(), server.url, username)


def edit_url(server, slug_es):
    from wagtail.models import Page

    return f"{server.url}/admin/pages/{Page.objects.get(slug_es=slug_es).pk}/edit/"


def queue_row(page, title, label):
    return (
        page.locator("table.translation-queue tbody tr")
        .filter(has_text=title)
        .filter(has_text=label)
    )


def test_a_spanish_change_waits_in_the_queue_until_the_translator_translates_it(
    demo_server, spanish_staff, open_page
):
    moderator = log_in(open_page, demo_server, "moderadora")
    moderator.goto(edit_url(demo_server, "peru"))
    moderator.fill(
        "#id_intro_es",
        "Perú es Estado miembro del Proceso de Quito desde 2018 y acoge a 1,5 millones de personas.",
    )
    moderator.locator(".dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    # Each post is waited for by its own navigation: the edit form's URL already matches.
    with moderator.expect_navigation():
        moderator.get_by_role("button", name=re.compile("Publicar")).click()

    translator = log_in(open_page, demo_server, "traductora")
    translator.goto(demo_server.url + "/admin/translation-queue/?language=en&state=out_of_date")
    row = queue_row(translator, "Perú", "Introducción")
    assert row.count() == 1
    assert "Desactualizada" in row.inner_text() or "Desactualizado" in row.inner_text()
    assert "acoge a 1,5 millones de personas." in row.locator(".translation-diff ins").inner_text()
    screenshot(translator, "translator-queue-out-of-date")

    row.get_by_role("link", name="Abrir en el editor").click()
    translator.wait_for_url("**/edit/?translate=en*")
    english = translator.locator("#id_intro_en")
    english.wait_for(state="visible")
    english.fill("Peru has been a member state since 2018 and hosts 1.5 million people.")
    with translator.expect_navigation():
        translator.get_by_role("button", name=re.compile("Guardar borrador")).click()
    screenshot(translator, "translator-editor-after-save")

    translator.goto(demo_server.url + "/admin/translation-queue/?language=en&state=waiting")
    assert "Esperando aprobación" in queue_row(translator, "Perú", "Introducción").inner_text()


def test_a_translation_that_needs_no_change_is_marked_as_reviewed(
    demo_server, spanish_staff, prepared_pages, open_page
):
    translator = log_in(open_page, demo_server, "traductora")
    translator.goto(demo_server.url + "/admin/translation-queue/?language=en&state=out_of_date")
    row = queue_row(translator, "Chile", "Introducción")
    with translator.expect_navigation():
        row.get_by_role("button", name="Marcar como revisada").click()
    assert queue_row(translator, "Chile", "Introducción").count() == 0
    translator.goto(demo_server.url + "/admin/translation-queue/?language=en&state=done")
    assert queue_row(translator, "Chile", "Introducción").count() == 1


def test_the_spanish_layout_is_copied_into_the_empty_english_body(
    demo_server, spanish_staff, prepared_pages, open_page
):
    from wagtail.models import Page

    translator = log_in(open_page, demo_server, "traductora")
    translator.goto(edit_url(demo_server, "privacidad"))
    translator.locator(".dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    with translator.expect_navigation():
        translator.get_by_role("button", name="Copiar la estructura del español al inglés").click()
    assert "estructura" in translator.locator(".messages").inner_text()
    screenshot(translator, "translator-layout-copied")

    latest = Page.objects.get(slug_es="privacidad").specific.get_latest_revision_as_object()
    assert [(b.id, b.block_type) for b in latest.body_en] == prepared_pages["privacy_blocks"]


def test_a_po_file_goes_to_a_translation_tool_and_comes_back_as_a_draft(
    demo_server, spanish_staff, prepared_pages, open_page, tmp_path
):
    """After the layout is copied (the test above), the privacy notice's English texts are
    missing: exported, translated outside the site, imported into a new draft."""
    import polib
    from wagtail.models import Page

    privacy = Page.objects.get(slug_es="privacidad")
    translator = log_in(open_page, demo_server, "traductora")
    translator.goto(
        f"{demo_server.url}/admin/translation-queue/export/?language=en&page={privacy.pk}"
    )
    translator.get_by_label("PO (gettext)").check()
    with translator.expect_download() as download:
        translator.get_by_role("button", name="Descargar el archivo").click()
    exported = tmp_path / "privacidad.po"
    download.value.save_as(exported)

    catalog = polib.pofile(str(exported))
    assert len(catalog) >= 2
    for entry in catalog:
        # What a translation tool gives back: the text translated, its tags kept.
        entry.msgstr = (
            re.sub(r">([^<]+)<", r">EN \1<", entry.msgid)
            if "<" in entry.msgid
            else (f"EN {entry.msgid}")
        )
    catalog.save(str(exported))

    translator.goto(demo_server.url + "/admin/translation-queue/import/")
    translator.set_input_files("input[type=file]", str(exported))
    translator.get_by_role("button", name="Importar", exact=True).click()
    translator.wait_for_load_state()
    screenshot(translator, "translator-import-report")
    report = translator.locator("main").inner_text()
    assert f"Importados: {len(catalog)}" in report or f"{len(catalog)} importado" in report

    page = Page.objects.get(pk=privacy.pk).specific
    draft = str(list(page.get_latest_revision_as_object().body_en.raw_data))
    assert draft.count("EN ") >= len(catalog)
    assert "EN " not in str(list(page.body_en.raw_data))  # a draft: the live page is as it was
    translator.goto(
        f"{demo_server.url}/admin/translation-queue/?language=en&state=waiting&page={privacy.pk}"
    )
    # One row per text: a rich text's paragraphs are entries of their own in the file.
    keys = [entry.msgctxt.partition("|")[2] for entry in catalog]
    assert translator.locator("table.translation-queue tbody tr").count() == queue_rows(keys)


# Exchange files (items 4-8 of the exchange issue): a page whose English body is empty goes out
# as XLIFF 2 and as PO, is translated outside the site by the tools translators use, comes back
# in one pass and goes to the moderators; an out-of-date text goes out as unfinished.

XLIFF_LINK, PO_LINK = "Exportar esta selección (XLIFF 2)", "Exportar esta selección (PO)"
LINK = '<a href="https://www.r4v.info/es">R4V</a>'


@pytest.fixture(scope="module")
def exchanged_pages(demo_server, django_db_blocker):
    """Two pages published with the Spanish body and an empty English one (the accessibility
    statement's first paragraph given bold text and a link: inline codes), and a member state
    whose Spanish introduction was corrected after its translation (out of date)."""
    from wagtail.models import Page

    with django_db_blocker.unblock():
        pages = {}
        for slug in ("accesibilidad", "acerca-de"):
            page = Page.objects.get(slug_es=slug).specific.get_latest_revision_as_object()
            if slug == "accesibilidad":
                body = list(page.body_es.raw_data)
                block = next(b for b in body if b["type"] == "paragraph")
                block["value"] = block["value"].replace(
                    "2.2 en el nivel AA",
                    f"2.2 en el <b>nivel AA</b>, como pide la plataforma {LINK}",
                    1,
                )
                page.body_es = body
            page.body_en = []
            page.save_revision().publish()
            pages[slug] = page.pk
        ecuador = Page.objects.get(slug_es="ecuador").specific.get_latest_revision_as_object()
        pages["previous_intro"] = ecuador.intro_es
        ecuador.intro_es = ecuador.intro_es.rstrip(".") + ", y acoge a personas refugiadas."
        ecuador.save_revision().publish()
        pages["ecuador"] = ecuador.pk
        pages["intro"] = ecuador.intro_es
        return pages


def english(text):
    """What a translator's tool gives back for a run of Spanish text (here: the same words in
    capitals, so that each can be found where it went), the codes around it left in place."""
    return text.upper()


def translated_xliff(path):
    """Every segment translated in translate-toolkit's XLIFF 2.0 store, its inline codes (<pc>,
    <ph>) kept as the tool keeps them, and marked as translated. Returns the texts' keys."""
    from translate.storage.xliff2 import Xliff2File

    store = Xliff2File.parsefile(str(path))
    keys = []
    for unit in store.units:
        rich = copy.deepcopy(unit.rich_source)
        stack = list(rich)
        while stack:
            element = stack.pop()
            for index, part in enumerate(element.sub):
                if isinstance(part, str):
                    element.sub[index] = english(part)
                else:
                    stack.append(part)
        unit.rich_target = rich
        unit.marktranslated()
        keys.append(unit.getunitelement().get("name"))
    path.write_bytes(bytes(store))
    return keys


def translated_po(path):
    """Every entry translated in translate-toolkit's PO store, its placeholders (<a1>…</a1>)
    kept. Returns the texts' keys and translations."""
    from translate.storage import pypo

    store = pypo.pofile.parsefile(str(path))
    translated = {}
    for unit in store.units:
        if unit.isheader():
            continue
        unit.target = "".join(
            english(part) for part in re.split(r"(</?[a-z]+[0-9]+/?>)", unit.source)
        )
        unit.markfuzzy(False)
        translated[unit.getcontext().partition("|")[2]] = unit.target
    path.write_bytes(bytes(store))
    return translated


def queue_rows(keys):
    """The queue's rows for the file's keys: one per text, a rich text's segments ("body/<id>#2")
    being one text."""
    return len({key.partition("#")[0] for key in keys})


def export_from_queue(translator, server, page_id, link, path):
    """The queue filtered to the page's English texts, and the file of its export link."""
    translator.goto(f"{server.url}/admin/translation-queue/?language=en&page={page_id}")
    with translator.expect_download() as download:
        translator.get_by_role("link", name=link).click()
    download.value.save_as(path)
    return path


def import_in_one_pass(translator, server, path, count):
    """The file imported through the import form: every text imported at once, none refused
    (no layout to copy first, nothing 'changed since the export'); the report lists them."""
    translator.goto(server.url + "/admin/translation-queue/")
    with translator.expect_navigation():
        translator.get_by_role("link", name="Importar un archivo traducido").click()
    translator.set_input_files("input[type=file]", str(path))
    with translator.expect_navigation():
        translator.get_by_role("button", name="Importar", exact=True).click()
    report = translator.locator("main").inner_text()
    assert f"Importados: {count}, omitidos: 0, rechazados: 0." in report, report
    assert translator.locator(".translation-import__imported li").count() == count
    assert "copie primero" not in report and "Cambió después de la exportación" not in report
    return report


def send_to_moderation(translator):
    with translator.expect_navigation():
        translator.get_by_role("button", name="Enviar todo a moderación").click()
    assert "1 página enviada a moderación" in translator.locator(".messages").inner_text()


def assert_waiting_for_approval(translator, server, page_id, keys):
    """Each imported text is in the queue, waiting for approval (a text has one state: none of
    them is done while its draft waits for the moderators)."""
    translator.goto(
        f"{server.url}/admin/translation-queue/?language=en&state=waiting&page={page_id}"
    )
    states = translator.locator("table.translation-queue tbody tr td:nth-child(4)")
    assert states.all_inner_texts() == ["Esperando aprobación"] * queue_rows(keys)


def english_body(page_id):
    """The texts of the English body of the page's latest revision, as stored."""
    from wagtail.models import Page

    draft = Page.objects.get(pk=page_id).specific.get_latest_revision_as_object()
    values = [block["value"] for block in draft.body_en.raw_data]
    return "\n".join(value["text"] if isinstance(value, dict) else value for value in values)


def test_an_out_of_date_text_goes_out_as_unfinished_in_each_format(
    demo_server, spanish_staff, exchanged_pages, open_page, tmp_path
):
    import polib
    from defusedxml.ElementTree import parse

    translator = log_in(open_page, demo_server, "traductora")
    page_id = exchanged_pages["ecuador"]
    po_file = export_from_queue(translator, demo_server, page_id, PO_LINK, tmp_path / "e.po")
    entry = polib.pofile(str(po_file)).find(exchanged_pages["intro"])
    assert "fuzzy" in entry.flags and entry.msgstr
    assert entry.previous_msgid == exchanged_pages["previous_intro"]
    xliff_file = export_from_queue(translator, demo_server, page_id, XLIFF_LINK, tmp_path / "e.xlf")
    xliff = parse(xliff_file)
    (segment,) = [
        unit.find(f"{{{XLIFF}}}segment")
        for unit in xliff.iter(f"{{{XLIFF}}}unit")
        if unit.get("name") == "intro"
    ]
    assert segment.get("state") == "initial"
    assert segment.find(f"{{{XLIFF}}}target").text


def test_an_empty_english_body_comes_back_from_xliff_in_one_pass_and_goes_to_moderation(
    demo_server, spanish_staff, exchanged_pages, open_page, tmp_path
):
    page_id = exchanged_pages["accesibilidad"]
    translator = log_in(open_page, demo_server, "traductora")
    path = export_from_queue(translator, demo_server, page_id, XLIFF_LINK, tmp_path / "a.xlf")
    exported = path.read_text()
    assert '<pc id="1" dataRefStart="o1"' in exported and 'type="link"' in exported
    keys = translated_xliff(path)

    report = import_in_one_pass(translator, demo_server, path, len(keys))
    screenshot(translator, "translator-xliff-import-report")
    assert "Declaración de accesibilidad" in report
    send_to_moderation(translator)

    body = english_body(page_id)
    assert "NORMA QUE SEGUIMOS" in body
    # The codes came back as the Spanish tags, around the same (translated) words.
    assert f"2.2 EN EL <b>NIVEL AA</b>, COMO PIDE LA PLATAFORMA {LINK}" in body
    assert_waiting_for_approval(translator, demo_server, page_id, keys)


def test_an_empty_english_body_comes_back_from_po_and_moderators_find_both_pages(
    demo_server, spanish_staff, exchanged_pages, open_page, tmp_path
):
    page_id = exchanged_pages["acerca-de"]
    translator = log_in(open_page, demo_server, "traductora")
    path = export_from_queue(translator, demo_server, page_id, PO_LINK, tmp_path / "a.po")
    translated = translated_po(path)

    import_in_one_pass(translator, demo_server, path, len(translated))
    send_to_moderation(translator)

    body = english_body(page_id)
    assert all(text in body for text in translated.values())
    assert_waiting_for_approval(translator, demo_server, page_id, translated)
    moderator = log_in(open_page, demo_server, "moderadora")
    moderator.goto(demo_server.url + "/admin/")
    dashboard = moderator.locator("#awaiting-review-section").inner_text()
    assert "Esperando su revisión" in dashboard
    assert "Declaración de accesibilidad" in dashboard
    assert "Acerca del Proceso de Quito" in dashboard
