"""The translation queue: every translated text of a page, in each language, missing, out of date,
waiting for approval or done; the editor's status panel; "Copy the Spanish layout"."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text, streamfield

from core.i18n.languages import language_codes
from members.models import FocalInstitution
from translation_queue.layout import copy_layout
from translation_queue.models import TranslationItem, TranslationState
from translation_queue.states import refresh_page, refresh_stale_pages

from .admin_forms import admin_post_data
from .factories import (
    MemberStatePageFactory,
    MemberStatesIndexPageFactory,
    StandardPageFactory,
)
from .moderation import act, prefer
from .private_apis import sample_image_file

pytestmark = pytest.mark.django_db

QUEUE = "/admin/translation-queue/"


def states(page, language="en"):
    refresh_page(Page.objects.get(pk=page.pk))
    return dict(
        TranslationItem.objects.filter(page=page, language=language).values_list("key", "state")
    )


def edit(page, **changes):
    """Change the latest version as the editor would, and save it as a new revision."""
    latest = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(latest, name, value)
    return latest.save_revision()


def stream(*blocks):
    return json.dumps([{"type": t, "value": v, "id": block_id} for block_id, t, v in blocks])


def published_about(home):
    page = StandardPageFactory(
        parent=home,
        title_es="Acerca del Proceso",
        title_en="About the Process",
        intro_es="El Proceso coordina la respuesta regional.",
        intro_en="The Process coordinates the regional response.",
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def about(home):
    return published_about(home)


@pytest.fixture
def image(db):
    return get_image_model().objects.create(title="Mapa", file=sample_image_file())


def test_a_spanish_change_makes_the_english_text_out_of_date(about):
    assert states(about)["intro"] == TranslationState.DONE
    edit(about, intro_es="El Proceso coordina la respuesta regional desde 2018.").publish()
    assert states(about)["intro"] == TranslationState.OUT_OF_DATE


def test_the_out_of_date_text_is_done_again_once_translated_and_published(about):
    edit(about, intro_es="El Proceso coordina la respuesta desde 2018.").publish()
    edit(about, intro_en="The Process has coordinated the response since 2018.").publish()
    assert states(about)["intro"] == TranslationState.DONE


def test_an_english_translation_in_a_draft_is_waiting_for_approval(about):
    edit(about, intro_en="The Process coordinates the response of the region.")
    assert states(about)["intro"] == TranslationState.WAITING
    Page.objects.get(pk=about.pk).get_latest_revision().publish()
    assert states(about)["intro"] == TranslationState.DONE


def test_an_empty_english_text_is_missing(home):
    page = StandardPageFactory(parent=home, intro_es="Solo en español.", intro_en="")
    assert states(page)["intro"] == TranslationState.MISSING


def test_texts_inside_the_body_are_checked_one_by_one(home, image):
    page = StandardPageFactory(
        parent=home,
        body_es=stream(
            ("a", "heading", {"text": "Historia", "level": "h2"}),
            (
                "b",
                "image",
                {"image": image.pk, "alt_text": "Mapa de la región", "caption": "La región"},
            ),
        ),
        body_en=stream(
            ("a", "heading", {"text": "History", "level": "h2"}),
            ("b", "image", {"image": image.pk, "alt_text": "Map of the region", "caption": ""}),
        ),
    )
    found = states(page)
    assert found["body/a/text"] == TranslationState.DONE
    assert found["body/b/alt_text"] == TranslationState.DONE
    assert found["body/b/caption"] == TranslationState.MISSING


def test_a_new_spanish_paragraph_is_missing_in_english(home):
    page = StandardPageFactory(
        parent=home,
        body_es=stream(("a", "paragraph", "<p>Uno</p>")),
        body_en=stream(("a", "paragraph", "<p>One</p>")),
    )
    page.save_revision().publish()
    edit(
        page,
        body_es=stream(("a", "paragraph", "<p>Uno</p>"), ("n", "paragraph", "<p>Nuevo</p>")),
    ).publish()
    found = states(page)
    assert found["body/a"] == TranslationState.DONE
    assert found["body/n"] == TranslationState.MISSING


def test_an_image_the_english_body_lacks_is_missing(home, image):
    page = StandardPageFactory(
        parent=home,
        body_es=stream(("a", "paragraph", "<p>Uno</p>"), ("i", "image", {"image": image.pk})),
        body_en=stream(("a", "paragraph", "<p>One</p>")),
    )
    assert states(page)["body/i"] == TranslationState.MISSING


def test_an_inline_items_text_is_checked(home):
    index = MemberStatesIndexPageFactory(parent=home)
    state = MemberStatePageFactory(parent=index, country="PE")
    institution = FocalInstitution.objects.create(
        page=state, name_es="Cancillería", name_en="", sort_order=0
    )
    assert states(state)[f"focal_institutions/{institution.pk}/name"] == TranslationState.MISSING


def test_the_queue_lists_what_is_left_and_opens_the_editor_at_the_field(admin_client, home):
    page = StandardPageFactory(parent=home, intro_es="Solo en español.", intro_en="")
    response = admin_client.get(QUEUE, {"language": "en"})
    html = BeautifulSoup(response.content, "html.parser")
    row = next(
        tr for tr in html.select("table.translation-queue tbody tr") if page.title_es in tr.text
    )
    link = row.find("a", string=lambda text: text and "editor" in text.lower())
    assert link["href"].startswith(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert "translate=en" in link["href"] and "focus=intro_en" in link["href"]


@pytest.mark.parametrize(
    ("language", "label", "state_name"),
    [("es", "Introducción", "Falta"), ("en", "Introduction", "Missing")],
)
def test_the_queue_speaks_the_staff_members_language(
    admin_client, admin_user, home, language, label, state_name
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = language
    profile.save()
    StandardPageFactory(parent=home, intro_es="Solo en español.", intro_en="")
    text = (
        BeautifulSoup(admin_client.get(QUEUE).content, "html.parser")
        .select_one("table.translation-queue")
        .text
    )
    assert label in text
    assert state_name in text


def test_the_queue_filters_by_state_section_and_language(admin_client, home):
    section = StandardPageFactory(parent=home, title_es="Sección", intro_es="Hola", intro_en="")
    inside = StandardPageFactory(parent=section, title_es="Dentro", intro_es="Algo", intro_en="")
    outside = StandardPageFactory(parent=home, title_es="Fuera", intro_es="Otro", intro_en="")
    response = admin_client.get(QUEUE, {"section": section.pk, "state": "missing"})
    pages = {item.page_id for item in response.context["items"]}
    assert inside.pk in pages and section.pk in pages
    assert outside.pk not in pages


@pytest.mark.parametrize(
    "query",
    [
        {"language": "xx"},
        {"state": "nonsense"},
        {"section": "abc"},
        {"section": "999999999999999999999"},
        {"page": "-1"},
        {"p": "99999"},
    ],
)
def test_bad_filters_get_an_answer_not_a_500(admin_client, home, query):
    assert admin_client.get(QUEUE, query).status_code == 200


def test_marking_an_out_of_date_translation_as_reviewed_makes_it_done(admin_client, about):
    edit(about, intro_es="El Proceso coordina la respuesta regional.  ").publish()
    refresh_stale_pages()
    item = TranslationItem.objects.get(page=about, language="en", key="intro")
    assert item.state == TranslationState.OUT_OF_DATE
    admin_client.post(reverse("translation_queue:review", args=[item.pk]))
    assert states(about)["intro"] == TranslationState.DONE


def test_a_translator_who_cannot_edit_a_page_cannot_mark_it_reviewed(client, staff, about):
    client.force_login(staff("visitante", "Moderators"))
    edit(about, intro_es="Cambio.").publish()
    refresh_stale_pages()
    item = TranslationItem.objects.get(page=about, language="en", key="intro")
    outsider = staff("nadie", "Translators")
    outsider.groups.clear()
    client.force_login(outsider)
    client.post(reverse("translation_queue:review", args=[item.pk]))
    assert states(about)["intro"] == TranslationState.OUT_OF_DATE


def test_the_editor_panel_shows_the_spanish_change_as_a_diff(admin_client, about):
    edit(about, intro_es="El Proceso coordina la respuesta de toda la región.").publish()
    response = admin_client.get(reverse("translation_queue:editor_status", args=[about.pk]))
    html = BeautifulSoup(response.content, "html.parser")
    assert [tag.text.strip() for tag in html.select(".translation-diff del")] == ["regional."]
    assert "toda la región." in " ".join(tag.text for tag in html.select(".translation-diff ins"))


def test_the_dashboard_counts_per_section_and_language(admin_client, home):
    section = StandardPageFactory(parent=home, title_es="Acerca de", intro_es="Hola", intro_en="")
    refresh_stale_pages()
    html = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    row = next(tr for tr in html.select("table.translation-table tr") if "Acerca de" in tr.text)
    assert f"section={section.pk}" in str(row)
    assert "state=missing" in str(row)


def test_the_spanish_layout_is_copied_into_an_empty_english_body(home, image):
    page = StandardPageFactory(
        parent=home,
        body_es=stream(
            ("h", "heading", {"text": "Historia", "level": "h2"}),
            ("i", "image", {"image": image.pk, "alt_text": "Mapa", "caption": "La región"}),
        ),
        body_en="[]",
    )
    assert copy_layout(page, "en") == ["body"]
    english = list(page.body_en.raw_data)
    assert [(block["id"], block["type"]) for block in english] == [("h", "heading"), ("i", "image")]
    assert english[1]["value"]["image"] == image.pk
    page.save_revision()
    # The copied texts are Spanish still: listed as missing until translated.
    found = states(page)
    assert found["body/h/text"] == TranslationState.MISSING
    assert found["body/i/caption"] == TranslationState.MISSING


def test_copying_the_layout_never_overwrites_an_english_body(home):
    page = StandardPageFactory(
        parent=home,
        body_es=stream(("a", "paragraph", "<p>Uno</p>")),
        body_en=stream(("z", "paragraph", "<p>Written by hand</p>")),
    )
    assert copy_layout(page, "en") == []
    assert page.body_en.raw_data[0]["id"] == "z"


def test_the_editors_copy_layout_action_keeps_the_unsaved_edits(admin_client, home, image):
    page = StandardPageFactory(parent=home, title_es="Página", title_en="Page", slug_en="page")
    page.save_revision().publish()
    data = {
        "title_es": "Página",
        "title_en": "Page",
        "slug_es": "pagina",
        "slug_en": "page",
        "intro_es": "Introducción nueva",
        "intro_en": "",
        "body_es": streamfield(
            [
                ("paragraph", rich_text("<p>Párrafo</p>")),
                ("image", {"image": image.pk, "alt_text": "Mapa", "caption": ""}),
            ]
        ),
        "body_en": streamfield([]),
        "action-copy-layout-en": "1",
    }
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), admin_post_data(data)
    )
    assert response.status_code == 302
    latest = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    assert latest.intro_es == "Introducción nueva"
    assert [block.block_type for block in latest.body_en] == ["paragraph", "image"]
    assert latest.body_en[1].value["image"].pk == image.pk
    assert [block.id for block in latest.body_en] == [block.id for block in latest.body_es]


def test_submitting_with_english_missing_warns(client, staff, home):
    client.force_login(staff("editora", "Editors"))
    page = StandardPageFactory(parent=home, title_es="Página", title_en="Page", slug_en="page")
    data = {
        "title_es": "Página",
        "title_en": "Page",
        "slug_es": "pagina",
        "slug_en": "page",
        "intro_es": "Sin traducir",
        "intro_en": "",
        "body_es": streamfield([]),
        "body_en": streamfield([]),
        "action-submit": "1",
    }
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), admin_post_data(data), follow=True
    )
    text = " ".join(str(message) for message in response.context["messages"])
    assert "1" in text and ("Inglés" in text or "English" in text)


def test_moderators_see_the_pages_awaiting_review_with_missing_translations(
    client, staff, home, django_capture_on_commit_callbacks
):
    editor = staff("editora", "Editors")
    page = StandardPageFactory(parent=home, intro_es="Sin traducir", intro_en="", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision(user=editor)
        from wagtail.models import Workflow

        Workflow.objects.get(active=True).start(page, editor)
    client.force_login(staff("moderadora", "Moderators"))
    html = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = html.find(id="review-translations-heading").find_parent("section")
    assert page.title_es in panel.text
    assert "1" in panel.select_one(".help-warning").text
    previews = [link["href"] for link in panel.find_all("a") if "workflow/preview" in link["href"]]
    assert [href.rsplit("=", 1)[1] for href in previews] == language_codes()


def test_the_queue_costs_the_same_number_of_queries_for_more_pages(
    admin_client, home, django_assert_max_num_queries
):
    for number in range(3):
        StandardPageFactory(parent=home, intro_es=f"Texto {number}", intro_en="")
    admin_client.get(QUEUE)  # refreshes the pages once
    with django_assert_max_num_queries(20) as few:
        admin_client.get(QUEUE)
    count = len(few)
    for number in range(20):
        StandardPageFactory(parent=home, intro_es=f"Más {number}", intro_en="")
    admin_client.get(QUEUE)
    with django_assert_max_num_queries(count):
        admin_client.get(QUEUE)


def test_an_inline_item_added_in_a_draft_is_counted(home):
    index = MemberStatesIndexPageFactory(parent=home)
    state = MemberStatePageFactory(parent=index, country="CL")
    latest = state.get_latest_revision_as_object()
    latest.focal_institutions = [FocalInstitution(name_es="Ministerio", name_en="")]
    latest.save_revision()
    assert any(
        key.startswith("focal_institutions/new-") and value == TranslationState.MISSING
        for key, value in states(state).items()
    )


# Rich text from the demo content or an import has no paragraph ids (data-block-key): the
# editor's first save adds them, to the Spanish and to the English paragraph alike.
DEMO_SPANISH = "<p>Costa Rica acoge a 30.000 refugiados y migrantes.</p><p>Ver el plan.</p>"
DEMO_ENGLISH = "<p>Costa Rica hosts 30,000 refugees and migrants.</p><p>See the plan.</p>"


def demo_page(home, english=DEMO_ENGLISH):
    """A page built the way the demo content builds it: paragraphs without ids, published."""
    page = StandardPageFactory(
        parent=home,
        title_es="Costa Rica",
        title_en="Costa Rica",
        slug_es="costa-rica",
        slug_en="costa-rica",
        body_es=stream(("p", "paragraph", DEMO_SPANISH)),
        body_en=stream(("p", "paragraph", english)),
    )
    page.save_revision().publish()
    return page


def save_in_admin(client, page, spanish, english):
    """Posts the page's edit form as the editor sends it: each paragraph in Draftail's format,
    which gives paragraphs without an id a new one."""

    def body(html):
        return {
            "0": {
                "type": "paragraph",
                "value": rich_text(html),
                "id": "p",
                "deleted": "",
                "order": "0",
            },
            "count": "1",
        }

    data = {
        "title_es": page.title_es,
        "title_en": page.title_en,
        "slug_es": page.slug_es,
        "slug_en": page.slug_en,
        "intro_es": page.intro_es,
        "intro_en": page.intro_en,
        "body_es": body(spanish),
        "body_en": body(english),
    }
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), admin_post_data(data)
    )
    assert response.status_code == 302
    latest = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    assert "data-block-key" in latest.body_en.raw_data[0]["value"]
    return latest


def test_a_spanish_change_in_the_first_admin_save_of_demo_text_makes_english_out_of_date(
    admin_client, home
):
    page = demo_page(home)
    assert states(page)["body/p"] == TranslationState.DONE

    save_in_admin(admin_client, page, DEMO_SPANISH.replace("30.000", "32.000"), DEMO_ENGLISH)

    assert states(page)["body/p"] == TranslationState.OUT_OF_DATE


def test_a_spanish_change_after_the_first_admin_save_of_demo_text_makes_english_out_of_date(
    admin_client, home
):
    page = demo_page(home)
    save_in_admin(admin_client, page, DEMO_SPANISH, DEMO_ENGLISH)
    # The ids the editor added change nothing a reader sees: the translation is still right.
    assert states(page)["body/p"] == TranslationState.DONE
    latest = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    keyed_spanish = latest.body_es.raw_data[0]["value"]

    edit(
        page,
        body_es=json.dumps(
            [{"type": "paragraph", "id": "p", "value": keyed_spanish.replace("30.000", "32.000")}]
        ),
    )

    assert states(page)["body/p"] == TranslationState.OUT_OF_DATE


def test_a_copied_spanish_layout_stays_missing_after_the_first_admin_save(admin_client, home):
    page = demo_page(home, english=DEMO_SPANISH)
    assert states(page)["body/p"] == TranslationState.MISSING

    # The editor gives the Spanish and the English copy different new ids.
    save_in_admin(admin_client, page, DEMO_SPANISH, DEMO_SPANISH)

    assert states(page)["body/p"] == TranslationState.MISSING


def test_the_first_admin_save_of_demo_text_is_not_a_translation_waiting_for_approval(
    admin_client, home
):
    page = demo_page(home)

    save_in_admin(admin_client, page, DEMO_SPANISH, DEMO_ENGLISH)

    assert states(page)["body/p"] == TranslationState.DONE


# "Done" means live: a translation in any revision that is not live is waiting for approval,
# whichever path saved that revision, and the queue says so as soon as the action is over.

NEW_ENGLISH = "The Process has coordinated the regional response since 2018."


def english_draft_form(page, action=None, **extra):
    """The edit form of the page with a new English introduction, as the editor posts it."""
    data = {
        "title_es": page.title_es,
        "title_en": page.title_en,
        "slug_es": page.slug_es,
        "slug_en": page.slug_en,
        "intro_es": page.intro_es,
        "intro_en": NEW_ENGLISH,
        "body_es": streamfield([]),
        "body_en": streamfield([]),
        **extra,
    }
    if action:
        data[f"action-{action}"] = "1"
    return admin_post_data(data)


@pytest.fixture
def published(home, committed):
    """`about`, with its queue items stored as after any commit."""
    with committed():
        return published_about(home)


def stored_state(page, key="intro"):
    """The state the queue and the editor's panel show: they recompute only the pages whose
    revisions changed since their items were stored."""
    refresh_stale_pages()
    return TranslationItem.objects.get(page=page, language="en", key=key).state


@pytest.fixture
def submitted(client, staff, published, committed):
    """A translator's new English introduction, submitted to the moderators from the editor."""
    client.force_login(staff("traductora-envia", "Translators"))
    with committed():
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[published.pk]),
            english_draft_form(published, "submit"),
        )
    assert response.status_code == 302
    return Page.objects.get(pk=published.pk)


def test_a_translation_saved_as_a_draft_is_waiting(admin_client, published, committed):
    with committed():
        admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[published.pk]), english_draft_form(published)
        )
    assert stored_state(published) == TranslationState.WAITING


def test_a_translation_submitted_for_moderation_is_waiting_not_done(submitted):
    assert submitted.workflow_in_progress
    assert stored_state(submitted) == TranslationState.WAITING


@pytest.mark.parametrize(
    ("language", "label"), [("es", "Esperando aprobación"), ("en", "Waiting for approval")]
)
def test_the_queue_shows_a_submitted_translation_as_waiting(
    admin_client, admin_user, submitted, language, label
):
    prefer(admin_user, language)
    html = BeautifulSoup(admin_client.get(QUEUE, {"language": "en"}).content, "html.parser")
    # The queue names each page in the reader's language.
    title = getattr(submitted, f"title_{language}")
    row = next(
        tr
        for tr in html.select("table.translation-queue tbody tr")
        if title in tr.text and submitted.specific.intro_es in tr.text
    )
    assert label in row.text


def test_a_translation_approved_by_a_moderator_is_done(
    client, staff, submitted, django_capture_on_commit_callbacks
):
    moderator = staff("moderadora", "Moderators")
    act(client, moderator, submitted.specific, "approve", django_capture_on_commit_callbacks, "")
    assert Page.objects.get(pk=submitted.pk).specific.intro_en == NEW_ENGLISH
    assert stored_state(submitted) == TranslationState.DONE


def test_a_translation_sent_back_for_changes_is_still_waiting(
    client, staff, submitted, django_capture_on_commit_callbacks
):
    moderator = staff("moderadora", "Moderators")
    act(client, moderator, submitted.specific, "reject", django_capture_on_commit_callbacks)
    assert not Page.objects.get(pk=submitted.pk).workflow_in_progress
    assert stored_state(submitted) == TranslationState.WAITING


def test_a_translation_scheduled_to_go_live_later_is_waiting(admin_client, published, committed):
    import datetime

    from django.utils import timezone

    tomorrow = (timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    with committed():
        admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[published.pk]),
            english_draft_form(published, "publish", go_live_at=tomorrow),
        )
    assert Page.objects.get(pk=published.pk).specific.intro_en != NEW_ENGLISH
    assert stored_state(published) == TranslationState.WAITING


def test_a_reverted_revision_with_an_unpublished_translation_is_waiting(
    admin_client, published, committed
):
    earlier = edit(published, intro_en=NEW_ENGLISH)
    Page.objects.get(pk=published.pk).specific.get_latest_revision().publish()
    edit(published, intro_en="Another English text.").publish()
    form = admin_client.get(
        reverse("wagtailadmin_pages:revisions_revert", args=[published.pk, earlier.pk])
    ).context["form"]
    assert form.initial["intro_en"] == NEW_ENGLISH
    with committed():
        admin_client.post(
            reverse("wagtailadmin_pages:edit", args=[published.pk]), english_draft_form(published)
        )
    assert stored_state(published) == TranslationState.WAITING


def test_an_unpublished_pages_translations_are_not_done(admin_client, published, committed):
    assert stored_state(published) == TranslationState.DONE
    with committed():
        admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[published.pk]))
    assert not Page.objects.get(pk=published.pk).live
    assert stored_state(published) == TranslationState.WAITING


def test_the_queue_excerpt_keeps_paragraphs_and_list_items_apart(admin_client, home):
    StandardPageFactory(
        parent=home,
        title_es="Agenda",
        body_es=stream(
            ("agenda", "paragraph", "<p>Presidencia Pro Tempore</p><ul><li>10:00 Informe</li></ul>")
        ),
        body_en="[]",
    )
    html = BeautifulSoup(admin_client.get(QUEUE, {"language": "en"}).content, "html.parser")
    excerpts = [p.text for p in html.select(".translation-source")]
    assert "Presidencia Pro Tempore 10:00 Informe" in excerpts


@pytest.fixture
def long_queue(home):
    """More than a page (50) of English texts to write."""
    for n in range(30):
        StandardPageFactory(
            parent=home, title_es=f"Página {n}", intro_es=f"Texto {n}", title_en="", intro_en=""
        )


def test_the_queues_page_links_keep_its_filters(admin_client, long_queue):
    filters = {"language": "en", "state": "missing"}
    first = BeautifulSoup(admin_client.get(QUEUE, filters).content, "html.parser")
    next_link = first.select_one("nav.pagination li.next a")["href"]
    assert next_link == "?language=en&state=missing&p=2"
    second = admin_client.get(QUEUE + next_link)
    assert second.context["page_obj"].number == 2


@pytest.mark.parametrize(("value", "shown"), [("abc", "first"), ("99999", "last"), ("0", "last")])
def test_a_queue_page_that_is_not_one_shows_the_nearest_as_wagtails_admin_does(
    admin_client, long_queue, value, shown
):
    # The queue shrinks while staff work through it ("Mark as reviewed" comes back to its page).
    response = admin_client.get(QUEUE, {"language": "en", "state": "missing", "p": value})
    page_obj = response.context["page_obj"]
    assert page_obj.number == {"first": 1, "last": page_obj.paginator.num_pages}[shown]
