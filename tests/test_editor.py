"""The page editor's traps (issue 18, item 1) and development settings (item 7), seen through the
admin's responses: the browser's side is in tests/browser/test_editor.py."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset

from members.models import MemberStatePage
from quito_portal.settings.dev import development_base_url

from .admin_forms import add_url, page_form
from .factories import MemberStatePageFactory, MemberStatesIndexPageFactory, StandardPageFactory
from .html import parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def states_index(home):
    return MemberStatesIndexPageFactory(parent=home)


def member_state_form(country, *, publish=False):
    return page_form(
        {
            "country": country,
            "status": "member",
            "intro_es": "Se suma al Proceso.",
            "focal_institutions": inline_formset([]),
            "figures": inline_formset([]),
        },
        streams=("body", "related_links"),
        publish=publish,
    )


def edit_form_element(response):
    return parse(response).select_one("form#page-edit-form")


def test_the_add_form_does_not_autosave(admin_client, states_index):
    response = admin_client.get(add_url(MemberStatePage, states_index))
    assert "w-autosave" not in edit_form_element(response)["data-controller"]


def test_the_edit_form_still_autosaves(admin_client, states_index):
    state = MemberStatePageFactory(parent=states_index, country="PE")
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[state.pk]))
    assert "w-autosave" in edit_form_element(response)["data-controller"]


def test_an_autosave_request_from_an_add_form_creates_no_page_before_the_editor_saves(
    admin_client, states_index
):
    # What an add form's autosave sent (a tab opened before this change): the form, asking JSON.
    response = admin_client.post(
        add_url(MemberStatePage, states_index),
        member_state_form("BO"),
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["success"] is False
    assert not MemberStatePage.objects.filter(country="BO").exists()


def test_the_add_form_is_for_staff_only(client, states_index):
    response = client.get(add_url(MemberStatePage, states_index))
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "Ya existe una página para este país: Bolivia (Borrador). Edite esa página."),
        ("en", "There is already a page for this country: Bolivia (draft). Edit that page."),
    ],
)
def test_adding_a_country_again_names_and_links_the_existing_draft(
    admin_client, states_index, language, expected
):
    with translation.override("es"):
        draft = MemberStatePageFactory(parent=states_index, country="BO", live=False)
    admin_client.cookies["django_language"] = language
    with translation.override(language):
        response = admin_client.post(
            add_url(MemberStatePage, states_index),
            member_state_form("BO"),
            HTTP_ACCEPT_LANGUAGE=language,
        )
    assert response.status_code == 200
    error = parse(response).select_one(
        "#panel-child-content-country-section, [data-contentpath=country]"
    )
    message = " ".join(text(error).split())
    assert expected in message
    link = error.select_one(".error-message a")
    assert link["href"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert MemberStatePage.objects.filter(country="BO").count() == 1


def test_a_member_state_keeps_its_own_country_when_saved_again(states_index):
    state = MemberStatePageFactory(parent=states_index, country="CL")
    state.intro_es = "Otra introducción."
    state.full_clean()  # its own page is not "a page for this country"
    state.save_revision()


def required_fields(response):
    html = response.content.decode()
    return set(
        re.findall(r'<label[^>]*for="id_(\w+)"[^>]*>(?:(?!</label>).)*?w-required-mark', html, re.S)
    )


def test_no_field_of_another_language_than_spanish_is_marked_required(admin_client, home):
    """Only Spanish is required: English falls back to it (and self-naming pages name
    themselves in both)."""
    page = StandardPageFactory(parent=home)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    marked = required_fields(response)
    assert {"title_es", "slug_es"} <= marked
    assert not {name for name in marked if name.endswith("_en")}


def test_a_member_states_titles_are_not_marked_required(admin_client, states_index):
    response = admin_client.get(add_url(MemberStatePage, states_index))
    marked = required_fields(response)
    assert not {name for name in marked if name.startswith(("title_", "slug_"))}
    assert "country" in marked


@pytest.fixture
def submitted_page(home, staff, django_capture_on_commit_callbacks):
    from wagtail.models import Workflow

    page = StandardPageFactory(
        parent=home, title_es="Sobre el Proceso", title_en="About the Process"
    )
    editor = staff("editora", "Editors")
    workflow = Workflow.objects.filter(active=True).first() or page.get_workflow()
    page.save_revision(user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.start(page, editor)
    page.refresh_from_db()
    return page


@pytest.mark.parametrize(
    ("mode", "title"),
    [("es", "Sobre el Proceso"), ("en", "About the Process"), (None, "Sobre el Proceso")],
)
def test_the_moderators_preview_shows_the_language_asked_for(
    admin_client, submitted_page, mode, title
):
    task_state = submitted_page.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_preview", args=[submitted_page.pk, task_state.task_id]
    )
    response = admin_client.get(url, {"mode": mode} if mode else {})
    assert response.status_code == 200
    assert text(parse(response).select_one("h1")).strip() == title


def test_the_moderators_preview_is_for_staff_only(client, submitted_page):
    task_state = submitted_page.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_preview", args=[submitted_page.pk, task_state.task_id]
    )
    response = client.get(url, {"mode": "en"})
    assert response.status_code == 302


def test_the_editor_loads_the_language_helpers(admin_client, home):
    page = StandardPageFactory(parent=home)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    scripts = [script.get("src", "") for script in parse(response).select("script")]
    position = {name: i for i, name in enumerate(scripts)}
    helper = next(i for name, i in position.items() if name.endswith("js/admin-editor.js"))
    picker = next(i for name, i in position.items() if name.endswith("language_toggles.js"))
    assert picker < helper


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("127.0.0.1", "8831", "http://127.0.0.1:8831"),
        ("localhost", "8000", "http://localhost:8000"),
        ("0.0.0.0", "8831", "http://127.0.0.1:8831"),
        ("::1", "8831", "http://[::1]:8831"),
    ],
)
def test_development_links_follow_the_host_and_port_make_run_serves(host, port, expected):
    assert development_base_url(host, port) == expected


def test_sqlite_waits_for_a_writer_instead_of_failing():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]
