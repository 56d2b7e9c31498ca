"""The document library: filters that combine, a page per publication with its files and its
citation, and the publications shown on the round, member state, area and home pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.models import PageViewRestriction

from publications.models import PublicationFile, PublicationPage
from rounds.models import RoundPage

from .admin_forms import admin_post_data
from .factories import (
    DocumentFactory,
    MemberStatePageFactory,
    PublicationFileFactory,
    PublicationPageFactory,
    RoundPageFactory,
    RoundsIndexPageFactory,
    ThematicAreaPageFactory,
    ThematicAreasIndexPageFactory,
    pdf_bytes,
)
from .html import alternates, parse, text
from .scenario import QuitoSite, scenario
from .support import count_queries

LIBRARY = {"es": "/es/documentos/", "en": "/en/documents/"}


def titles(response):
    return [text(h) for h in parse(response).select(".publication-list__title")]


def count_line(response):
    return text(parse(response).find(id="results-heading"))


def build_catalogue():
    """Three publications of two types and years, one with an English file: built once for the
    module (each test runs in a savepoint, so what it changes is undone)."""
    site = QuitoSite(states=(), rounds=1)
    site.round_one = site.rounds[1]
    site.rounds[9] = RoundPageFactory(parent=site.rounds_index, number=9)
    site.quito = site.add_library(
        title_es="Declaración de Quito",
        title_en="Declaration of Quito",
        date=datetime.date(2018, 9, 4),
        round=site.round_one,
    ).declaration
    PublicationFileFactory(page=site.quito, language="es", is_original=True)
    PublicationFileFactory(page=site.quito, language="en", is_original=False)
    site.plan = PublicationPageFactory(
        parent=site.library,
        title_es="Plan de Acción",
        title_en="Plan of Action",
        publication_type="plan_of_action",
        date=datetime.date(2018, 11, 23),
    )
    PublicationFileFactory(page=site.plan, language="es")
    site.ninth = PublicationPageFactory(
        parent=site.library,
        title_es="IX Declaración Conjunta",
        title_en="IX Joint Declaration",
        date=datetime.date(2023, 11, 24),
        round=site.rounds[9],
    )
    PublicationFileFactory(page=site.ninth, language="es")
    return site


site_built, catalogue = scenario(build_catalogue, name="catalogue")


@pytest.fixture
def home(catalogue):
    return catalogue["home"]


@pytest.fixture
def library(catalogue):
    return catalogue["library"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", ["IX Declaración Conjunta", "Plan de Acción", "Declaración de Quito"]),
        ("en", ["IX Joint Declaration", "Plan of Action", "Declaration of Quito"]),
    ],
)
def test_the_library_lists_every_publication_newest_first(client, catalogue, language, expected):
    response = client.get(LIBRARY[language])
    assert titles(response) == expected
    assert count_line(response) == {"es": "3 documentos", "en": "3 documents"}[language]


def test_filters_combine_type_and_year(client, catalogue):
    response = client.get(LIBRARY["en"] + "?type=joint_declaration&year=2023")
    assert titles(response) == ["IX Joint Declaration"]
    assert count_line(response) == "1 document"
    # The form shows what was chosen, so the filtered address can be shared and refined.
    form = parse(response).find("form", class_="filters")
    assert form["method"] == "get"
    assert form.find("select", id="filter-type").find("option", selected=True)["value"] == (
        "joint_declaration"
    )
    assert form.find("select", id="filter-year").find("option", selected=True)["value"] == "2023"


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("es", "Documentos: Declaración conjunta, 2023, idioma de los archivos: Inglés"),
        ("en", "Documents: Joint declaration, 2023, language of the files: English"),
    ],
)
def test_a_filtered_library_says_what_it_shows_in_its_heading_and_title(
    client, catalogue, language, heading
):
    document = parse(
        client.get(LIBRARY[language] + "?type=joint_declaration&year=2023&language=en")
    )
    assert text(document.h1) == heading
    assert text(document.title).startswith(heading)


def test_a_filter_value_that_names_nothing_is_left_out_of_the_heading(client, catalogue):
    document = parse(client.get(LIBRARY["en"] + "?type=joint_declaration&year=abc&area=999"))
    assert text(document.h1) == "Documents: Joint declaration"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("round=1", ["Declaración de Quito"]),
        ("language=en", ["Declaración de Quito"]),
        ("type=plan_of_action", ["Plan de Acción"]),
        ("year=2018&type=joint_declaration", ["Declaración de Quito"]),
    ],
)
def test_each_filter_narrows_the_library(client, catalogue, query, expected):
    assert titles(client.get(f"{LIBRARY['es']}?{query}")) == expected


def test_the_thematic_area_filter(client, catalogue, home):
    area = ThematicAreaPageFactory(parent=ThematicAreasIndexPageFactory(parent=home))
    catalogue["plan"].thematic_areas.set([area])
    catalogue["plan"].save()
    assert titles(client.get(f"{LIBRARY['es']}?area={area.pk}")) == ["Plan de Acción"]


@pytest.mark.parametrize("language", ["es", "en"])
def test_an_empty_result_says_so_and_offers_to_clear_the_filters(client, catalogue, language):
    response = client.get(LIBRARY[language] + "?type=road_map")
    page = parse(response)
    assert titles(response) == []
    message = {"es": "Ningún documento", "en": "No document matches"}[language]
    assert message in text(page.find(id="results-heading").find_parent("section"))
    clear = {"es": "Quitar los filtros", "en": "Clear the filters"}[language]
    assert [a["href"] for a in page.find_all("a") if text(a) == clear][0] == LIBRARY[language]


@pytest.mark.parametrize(
    "query",
    [
        "type=unknown",
        "year=99999",
        "year=-1",
        "year=abc",
        "round=x",
        "area=%C2%B2",
        "language=xx",
        "year=" + "9" * 2000,
        "type=" + "a" * 2000,
    ],
)
def test_bad_filter_values_give_no_results_never_an_error(client, catalogue, query):
    response = client.get(f"{LIBRARY['es']}?{query}")
    assert response.status_code == 200
    assert titles(response) == []


@pytest.mark.parametrize("page_number", ["-1", "0", "abc", "99999"])
def test_a_page_of_results_that_does_not_exist_is_a_404(client, catalogue, page_number):
    response = client.get(f"{LIBRARY['en']}?page={page_number}")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_results_are_paginated_and_keep_the_filters(client, library):
    for day in range(1, 23):
        PublicationPageFactory(parent=library, date=datetime.date(2020, 1, day))
    first = parse(client.get(LIBRARY["es"] + "?year=2020"))
    assert len(first.select(".publication-list__item")) == 20
    assert first.find("a", rel="next")["href"] == "/es/documentos/?year=2020&page=2"
    second = client.get(LIBRARY["es"] + "?year=2020&page=2")
    assert len(parse(second).select(".publication-list__item")) == 2


@pytest.mark.parametrize(
    ("language", "citation"),
    [
        ("es", "Proceso de Quito (2018, 4 de septiembre). Declaración de Quito. Quito."),
        ("en", "Quito Process (2018, 4 September). Declaration of Quito. Quito."),
    ],
)
def test_a_publication_page_has_its_citation_line(client, catalogue, language, citation):
    with_language = {"es": "/es/documentos/declaracion-de-quito/"}
    path = with_language.get(language, "/en/documents/declaration-of-quito/")
    assert text(parse(client.get(path)).find(class_="citation")) == citation


def test_a_publication_page_offers_each_file_with_its_format_size_and_pages(client, catalogue):
    page = parse(client.get("/en/documents/declaration-of-quito/"))
    downloads = page.find(id="downloads-heading").find_parent("section").select("li")
    assert [d.find("a")["hreflang"] for d in downloads] == ["es", "en"]  # the original first
    first = text(downloads[0])
    assert first.startswith("Spanish")
    assert "PDF" in first and "1 page" in first and "original language" in first
    assert "KB" in first or "bytes" in first


def test_the_page_count_and_text_are_read_from_the_file(catalogue):
    document = DocumentFactory(
        file=ContentFile(pdf_bytes("Movilidad humana", pages=3), name="three.pdf")
    )
    attached = PublicationFileFactory(page=catalogue["plan"], document=document, language="en")
    attached.refresh_from_db()
    assert attached.page_count == 3
    assert attached.file_format == "PDF"
    assert attached.file_size == document.file.size
    assert "Movilidad humana" in attached.text


def test_a_broken_pdf_is_refused_with_a_message(catalogue):
    document = DocumentFactory(file=ContentFile(b"%PDF-1.7 not really", name="broken.pdf"))
    attached = PublicationFile(page=catalogue["plan"], document=document, language="en")
    with pytest.raises(ValidationError) as error:
        attached.clean()
    assert "document" in error.value.message_dict


def test_an_encrypted_pdf_is_refused_with_a_message(catalogue):
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(pdf_bytes("Secreto"))))
    writer.encrypt("password")
    output = BytesIO()
    writer.write(output)
    document = DocumentFactory(file=ContentFile(output.getvalue(), name="locked.pdf"))
    attached = PublicationFile(page=catalogue["plan"], document=document, language="en")
    with pytest.raises(ValidationError) as error:
        attached.clean()
    assert "contraseña" in " ".join(error.value.message_dict["document"])


def test_a_publication_has_one_file_per_language(catalogue):
    duplicate = PublicationFile(page=catalogue["quito"], document=DocumentFactory(), language="es")
    with pytest.raises(ValidationError):
        duplicate.validate_constraints()


def test_related_publications_share_the_round_or_an_area(client, catalogue, library):
    same_round = PublicationPageFactory(
        parent=library, title_es="Hoja de ruta", round=catalogue["round_one"]
    )
    page = parse(client.get("/es/documentos/declaracion-de-quito/"))
    related = page.find(id="related-heading").find_parent("section")
    assert [text(h) for h in related.select(".publication-list__title")] == [same_round.title_es]


def test_a_round_page_shows_the_publications_it_adopted(client, catalogue):
    page = parse(client.get(catalogue["round_one"].url))
    section = page.find(id="publications-heading").find_parent("section")
    assert [text(h) for h in section.select(".publication-list__title")] == ["Declaración de Quito"]


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_member_state_page_lists_what_it_signed(client, catalogue, language):
    state = MemberStatePageFactory(parent=catalogue.states_index, country="EC")
    catalogue["quito"].signatories.set([state])
    catalogue["quito"].save()
    path = {"es": "/es/estados-miembros/ecuador/", "en": "/en/member-states/ecuador/"}[language]
    section = parse(client.get(path)).find(id="signed-heading").find_parent("section")
    assert [text(h) for h in section.select(".publication-list__title")] == [
        {"es": "Declaración de Quito", "en": "Declaration of Quito"}[language]
    ]
    signed = parse(client.get(catalogue["quito"].url)).find(id="signatories-heading")
    assert "Ecuador" in text(signed.find_parent("section"))


def test_a_thematic_area_page_lists_its_publications(client, catalogue, home):
    area = ThematicAreaPageFactory(parent=ThematicAreasIndexPageFactory(parent=home))
    catalogue["ninth"].thematic_areas.set([area])
    catalogue["ninth"].save()
    section = parse(client.get(area.url)).find(id="publications-heading").find_parent("section")
    assert [text(h) for h in section.select(".publication-list__title")] == [
        "IX Declaración Conjunta"
    ]


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_home_page_shows_the_latest_documents_and_links_the_library(
    client, catalogue, language
):
    page = parse(client.get(f"/{language}/"))
    section = page.find(id="documents-heading").find_parent("section")
    assert len(section.select(".publication-list__title")) == 3
    assert (
        text(section.select(".publication-list__title")[0])
        == {
            "es": "IX Declaración Conjunta",
            "en": "IX Joint Declaration",
        }[language]
    )
    assert section.find_all("a")[-1]["href"] == LIBRARY[language]


def test_drafts_and_private_publications_appear_nowhere(client, catalogue):
    catalogue["plan"].unpublish()
    PageViewRestriction.objects.create(
        page=catalogue["ninth"], restriction_type=PageViewRestriction.LOGIN
    )
    assert titles(client.get(LIBRARY["es"])) == ["Declaración de Quito"]
    home = parse(client.get("/es/")).find(id="documents-heading").find_parent("section")
    assert [text(h) for h in home.select(".publication-list__title")] == ["Declaración de Quito"]


def test_a_publication_has_reciprocal_language_versions(client, catalogue):
    spanish = alternates(parse(client.get("/es/documentos/declaracion-de-quito/")))
    english = alternates(parse(client.get("/en/documents/declaration-of-quito/")))
    assert spanish == english
    assert spanish["en"].endswith("/en/documents/declaration-of-quito/")


def test_publications_are_created_only_in_the_library(library, home):
    assert PublicationPage.can_create_at(library)
    assert not PublicationPage.can_create_at(home)
    assert library.specific_class.allowed_subpage_models() == [PublicationPage]


def test_the_library_is_in_each_language_sitemap(client, catalogue):
    assert "/es/documentos/declaracion-de-quito/" in client.get("/es/sitemap.xml").content.decode()
    assert "/en/documents/declaration-of-quito/" in client.get("/en/sitemap.xml").content.decode()


def build_library(library, size):
    home = library.get_parent()
    area = ThematicAreaPageFactory(parent=ThematicAreasIndexPageFactory(parent=home))
    # The module's catalogue has round I already; a site of its own builds it.
    round_page = RoundPage.objects.filter(number=1).first() or RoundPageFactory(
        parent=RoundsIndexPageFactory(parent=home), number=1
    )
    documents = [DocumentFactory() for _ in range(2)]
    for n in range(size):
        publication = PublicationPageFactory(
            parent=library, date=datetime.date(2018 + n % 7, 1 + n % 12, 1), round=round_page
        )
        PublicationFile.objects.bulk_create(
            [
                PublicationFile(page=publication, document=documents[0], language="es"),
                PublicationFile(page=publication, document=documents[1], language="en"),
            ]
        )
        publication.thematic_areas.set([area])
        publication.save()
    return publication


@pytest.mark.parametrize("size", [10, pytest.param(40, marks=pytest.mark.slow)])
def test_library_pages_stay_within_the_query_budget(client, library, size):
    last = build_library(library, size)
    for path in [LIBRARY["es"], LIBRARY["en"] + "?type=joint_declaration&year=2019", last.url]:
        client.get(path)
        assert count_queries(client, path) <= 12, path


def publication_form(document, **changes):
    from wagtail.test.utils.form_data import inline_formset, streamfield

    data = {
        "title_es": "Declaración de prueba",
        "title_en": "Test declaration",
        "slug_es": "declaracion-de-prueba",
        "slug_en": "test-declaration",
        "intro_es": "Resumen",
        "intro_en": "Summary",
        "body_es": streamfield([]),
        "body_en": streamfield([]),
        "publication_type": "joint_declaration",
        "date": "2023-11-24",
        "date_precision": "day",
        "round": "",
        "files": inline_formset([{"document": document.pk, "language": "es"}]),
        "action-publish": "1",
        **changes,
    }
    return admin_post_data(data)


def test_staff_attach_a_file_in_the_page_form_and_its_facts_are_read(admin_client, library):
    document = DocumentFactory(file=ContentFile(pdf_bytes("Texto", pages=2), name="two.pdf"))
    response = admin_client.post(
        f"/admin/pages/add/publications/publicationpage/{library.pk}/", publication_form(document)
    )
    assert response.status_code == 302
    attached = PublicationPage.objects.get(slug_en="test-declaration").files.get()
    assert (attached.file_format, attached.page_count) == ("PDF", 2)


def test_a_broken_pdf_in_the_page_form_is_a_form_error_and_nothing_is_lost(admin_client, library):
    document = DocumentFactory(file=ContentFile(b"%PDF-1.4 broken", name="broken.pdf"))
    response = admin_client.post(
        f"/admin/pages/add/publications/publicationpage/{library.pk}/", publication_form(document)
    )
    assert response.status_code == 200  # the form again, with what was typed
    content = response.content.decode()
    assert "no es un PDF legible" in content
    assert "Declaración de prueba" in content
    assert not PublicationPage.objects.filter(slug_en="test-declaration").exists()


def test_choosing_a_round_in_the_form_filters_by_it(client, catalogue):
    form = parse(client.get(LIBRARY["en"])).find("select", id="filter-round")
    options = {text(option): option["value"] for option in form.find_all("option")}
    assert options == {"All rounds": "", "Round I": "1", "Round IX": "9"}
    chosen = parse(client.get(LIBRARY["en"] + "?round=9")).find("select", id="filter-round")
    assert chosen.find("option", selected=True)["value"] == "9"
    assert titles(client.get(LIBRARY["en"] + "?round=9")) == ["IX Joint Declaration"]


def test_a_repeated_filter_is_a_404(client, catalogue):
    # One rule for every listing (core.pages.listing): no form of ours writes a filter twice.
    assert client.get(LIBRARY["en"] + "?type=plan_of_action&type=zzz").status_code == 404


def test_a_zero_padded_year_is_shown_as_chosen(client, catalogue):
    page = parse(client.get(LIBRARY["es"] + "?year=02023"))
    assert page.find("select", id="filter-year").find("option", selected=True)["value"] == "2023"
    assert [text(h) for h in page.select(".publication-list__title")] == ["IX Declaración Conjunta"]


def test_the_pagination_says_how_many_pages_there_are(client, library):
    for day in range(1, 23):
        PublicationPageFactory(parent=library, date=datetime.date(2020, 1, day))
    nav = parse(client.get(LIBRARY["en"])).find("nav", class_="pagination")
    assert "Page 1 of 2" in text(nav)


def test_the_translation_queue_names_a_publication_without_its_english_place(admin_client, library):
    page = PublicationPageFactory(
        parent=library, title_es="Hoja de ruta", place_es="Lima", place_en=""
    )
    response = admin_client.get("/admin/translation-queue/", {"page": page.pk, "language": "en"})
    missing = {item.key for item in response.context["items"] if item.state == "missing"}
    assert "place" in missing


def test_reading_a_long_pdf_stops_at_the_budget(catalogue, monkeypatch):
    from publications import files

    monkeypatch.setattr(files, "MAX_PAGES_READ", 2)
    document = DocumentFactory(file=ContentFile(pdf_bytes("Página", pages=5), name="five.pdf"))
    attached = PublicationFileFactory(page=catalogue["plan"], document=document, language="en")
    assert attached.page_count == 5  # counted whole
    assert attached.text.count("Página") == 2  # read only as far as the budget


def test_a_file_is_served_with_its_disposition_and_no_sniffing(client, catalogue):
    file = catalogue["quito"].files.first()
    response = client.get(file.document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(("inline", "attachment"))
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_language_switch_keeps_the_filters(client, catalogue):
    page = parse(client.get(LIBRARY["es"] + "?type=joint_declaration&year=2023"))
    english = page.select_one('nav.language-switcher a[hreflang="en"]')["href"]
    assert english == "/en/documents/?type=joint_declaration&year=2023"
    assert titles(client.get(english)) == ["IX Joint Declaration"]


# Hostile PDFs, made here: each is refused with a form error within the reading process's
# limits (publications/files.py), or read within them; none reaches the worker.


def build_pdf(objects):
    """A PDF from object bodies (object n is objects[n - 1], the first the catalogue)."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def one_page(content):
    import zlib

    packed = zlib.compress(content, 9)
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
            + packed
            + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def deflate_bomb():
    return one_page(b" " * (200 * 1024 * 1024))  # about 200 KB compressed


def page_references(count=150_000):
    kids = b" ".join([b"3 0 R"] * count)
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        ]
    )


def page_tree_of_many_pages(nodes=150, per_node=1000):
    """150,000 pages through 150 intermediate nodes, each under pypdf's array limit."""
    leaf = 3 + nodes
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(nodes))
    node = b"<< /Type /Pages /Kids [" + b" ".join([b"%d 0 R" % leaf] * per_node) + b"] >>"
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % (nodes * per_node),
            *[node] * nodes,
            b"<< /Type /Page /MediaBox [0 0 612 792] >>",
        ]
    )


def deep_page_tree(depth=20_000):
    nodes = [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (level + 3) for level in range(depth)]
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            *nodes,
            b"<< /Type /Page /MediaBox [0 0 612 792] >>",
        ]
    )


def looping_page_tree():
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>",
        ]
    )


def huge_object_count():
    """A cross-reference table that declares two million objects."""
    pdf = one_page(b"BT /F1 12 Tf (x) Tj ET")
    return pdf.replace(b"/Size 6 ", b"/Size 2000000 ")


def long_content_stream(operations=3_000_000):
    """One page whose drawing takes minutes to parse (about 170 KB compressed)."""
    return one_page(b"BT /F1 12 Tf " + b"1 0 0 1 10 10 Tm (a) Tj " * operations + b"ET")


HOSTILE_PDFS = {
    "deflate-bomb": deflate_bomb,
    "150000-page-references": page_references,
    "150000-pages-in-a-tree": page_tree_of_many_pages,
    "deep-page-tree": deep_page_tree,
    "looping-page-tree": looping_page_tree,
    "long-content-stream": long_content_stream,
}


# The reading process's wall-clock limit (files.MAX_WALL_SECONDS) and the time to start it.
READING_BOUND_SECONDS = 12


@pytest.fixture(autouse=True)
def quicker_reading_limits(monkeypatch):
    """The reading process's CPU limits, lowered: a hostile file meets them all the same (its
    cost is minutes), and each test spends a second, not four, reaching them."""
    from publications import files

    monkeypatch.setattr(files, "MAX_CPU_SECONDS", 1.5)
    monkeypatch.setattr(files, "MAX_SECONDS", 0.75)


@pytest.fixture(scope="module")
def hostile_pdfs():
    return {name: make() for name, make in HOSTILE_PDFS.items()}


def attach(page, data, name="hostile.pdf", language="en"):
    """A publication file whose document holds `data`, validated as the admin form does;
    (the error or None, seconds taken)."""
    import time

    document = DocumentFactory(file=ContentFile(data, name=name))
    attached = PublicationFile(page=page, document=document, language=language)
    started = time.monotonic()
    try:
        attached.clean()
    except ValidationError as error:
        return error, time.monotonic() - started
    return None, time.monotonic() - started


@pytest.mark.parametrize("kind", HOSTILE_PDFS)
def test_a_hostile_pdf_is_refused_within_the_reading_limits(catalogue, hostile_pdfs, kind):
    error, seconds = attach(catalogue["plan"], hostile_pdfs[kind])
    assert error is not None and "document" in error.message_dict
    # The reading process is stopped at its wall-clock limit whatever the file does.
    assert seconds < READING_BOUND_SECONDS


def test_a_pdf_declaring_millions_of_objects_is_read_or_refused_quickly(catalogue):
    error, seconds = attach(catalogue["plan"], huge_object_count())
    assert error is None or "document" in error.message_dict
    assert seconds < READING_BOUND_SECONDS


def test_a_pdf_that_takes_too_long_is_refused_with_a_message_that_says_so(catalogue):
    # In the staff's language (Spanish unless they chose another).
    error, _seconds = attach(catalogue["plan"], long_content_stream())
    assert "lleva demasiado tiempo o memoria" in " ".join(error.message_dict["document"])


def test_reading_a_pdf_is_bounded_in_memory_and_output(catalogue, monkeypatch):
    from publications import files

    # A process allowed too little memory for the bomb, or too little output for the text,
    # is stopped: the file is refused, the worker unharmed.
    monkeypatch.setattr(files, "MAX_MEMORY_BYTES", 150 * 1024 * 1024)
    error, _seconds = attach(catalogue["plan"], one_page(b"BT /F1 12 Tf (hola) Tj ET"))
    assert error is None  # enough for a PDF ...
    error, _seconds = attach(catalogue["plan"], one_page(b" " * (70 * 1024 * 1024)))
    assert error is not None and "document" in error.message_dict  # ... not for 70 MB of drawing
    monkeypatch.undo()
    monkeypatch.setattr(files, "MAX_OUTPUT_BYTES", 10)
    error, _seconds = attach(catalogue["plan"], pdf_bytes("Texto largo " * 20))
    assert error is not None and "document" in error.message_dict


@pytest.mark.parametrize("kind", ["deflate-bomb", "150000-page-references", "long-content-stream"])
def test_a_hostile_pdf_in_the_page_form_is_a_form_error_and_nothing_is_lost(
    admin_client, admin_user, library, hostile_pdfs, kind
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    document = DocumentFactory(file=ContentFile(hostile_pdfs[kind], name="hostile.pdf"))
    response = admin_client.post(
        f"/admin/pages/add/publications/publicationpage/{library.pk}/", publication_form(document)
    )
    assert response.status_code == 200  # the form again, with what was typed
    files_errors = response.context["form"].formsets["files"].errors
    assert any("document" in errors for errors in files_errors)
    content = response.content.decode()
    assert "Declaración de prueba" in content and "Test declaration" in content
    assert "PDF" in content
    assert not PublicationPage.objects.filter(slug_en="test-declaration").exists()


def test_a_hostile_pdf_attached_outside_the_admin_is_kept_without_facts(catalogue, hostile_pdfs):
    # Scripts and demo content save files directly: the file is kept, nothing read, no error.
    document = DocumentFactory(file=ContentFile(hostile_pdfs["deflate-bomb"], name="bomb.pdf"))
    attached = PublicationFileFactory(page=catalogue["plan"], document=document, language="en")
    assert (attached.file_format, attached.page_count, attached.text) == ("PDF", None, "")
