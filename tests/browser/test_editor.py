"""The page editor in a real browser: the preview panel in each language, errors in the hidden
language, links that open a translation, and add forms that create nothing until saved."""

import re

import pytest
from django.contrib.auth.models import User

from .conftest import screenshot, sign_in

pytestmark = [pytest.mark.xdist_group("browser_editor")]

PASSWORD = "una clave larga y segura"  # noqa: S105


@pytest.fixture(scope="module")
def editor_account(demo_server, django_db_blocker):
    with django_db_blocker.unblock():
        User.objects.create_superuser("editor-b", "editor-b@example.org", PASSWORD)


@pytest.fixture
def editor(demo_server, editor_account, open_page):
    return sign_in(open_page(), demo_server.url, "editor-b")


def open_preview_panel(page):
    toggle = page.locator('[data-side-panel-toggle="preview"]')
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def preview_frame(page, mode):
    """The preview panel's frame once it shows `mode` (Wagtail loads a new frame for each
    change and then removes the old one)."""
    page.select_option("#id_preview_mode", mode)
    page.wait_for_function(
        "mode => { const frames = document.querySelectorAll('iframe[data-w-preview-target=iframe]');"
        " return frames.length === 1 && frames[0].src.includes('mode=' + mode); }",
        arg=mode,
    )
    # Wagtail may start another refresh at any moment (a new "proxy" frame beside the shown one,
    # which takes the shown one's id when it has loaded): the frame shown is the one with the id.
    return page.frame_locator(f'iframe#w-preview-iframe[src*="mode={mode}"]')


def preview_heading(page, mode):
    heading = preview_frame(page, mode).locator("h1").first
    heading.wait_for()
    return heading.inner_text().strip()


def page_id(model_path):
    from django.apps import apps

    return apps.get_model(model_path).objects.first().pk


@pytest.mark.parametrize(
    ("model", "spanish", "english"),
    [
        ("core.StandardPage", None, None),
        ("members.MemberStatePage", None, None),
        ("news.NewsIndexPage", "Noticias", "News"),
    ],
)
def test_the_preview_panel_shows_the_page_in_each_language_while_editing(
    demo_server, editor, model, spanish, english
):
    from django.apps import apps

    page_object = apps.get_model(model).objects.order_by("path").first()
    spanish = spanish or page_object.title_es
    english = english or page_object.title_en or spanish
    editor.goto(f"{demo_server.url}/admin/pages/{page_object.pk}/edit/")
    open_preview_panel(editor)
    assert preview_heading(editor, "es") == spanish
    assert preview_heading(editor, "en") == english
    screenshot(editor, f"editor-preview-{page_object._meta.model_name}")


def test_the_preview_panel_shows_a_new_page_in_each_language_before_it_is_saved(
    demo_server, editor
):
    from members.models import MemberStatePage, MemberStatesIndexPage

    index = MemberStatesIndexPage.objects.get()
    editor.goto(f"{demo_server.url}/admin/pages/add/members/memberstatepage/{index.pk}/")
    editor.select_option("#id_country", "BO")
    editor.locator("#id_intro_es").fill("Bolivia se suma a los trabajos del Proceso.")
    open_preview_panel(editor)
    assert preview_heading(editor, "es") == "Bolivia"
    assert "Estado miembro" in preview_frame(editor, "es").locator("main").inner_text()
    assert preview_heading(editor, "en") == "Bolivia"
    assert "Member state" in preview_frame(editor, "en").locator("main").inner_text()
    # Autosave is off on add forms: previewing and typing created no page.
    editor.wait_for_timeout(1500)
    assert not MemberStatePage.objects.filter(country="BO").exists()
    assert "/add/" in editor.url


def test_a_translation_link_opens_english_beside_spanish_at_the_field(demo_server, editor):
    pk = page_id("core.StandardPage")
    editor.goto(f"{demo_server.url}/admin/pages/{pk}/edit/?translate=en&focus=intro_en")
    field = editor.locator('[data-contentpath="intro_en"]')
    field.locator("textarea, input").first.wait_for(state="visible")
    assert editor.locator('[data-contentpath="intro_es"]').is_visible()
    editor.wait_for_function(
        "document.activeElement && document.activeElement.id === 'id_intro_en'"
    )
    assert "qp-editor-focus" in field.get_attribute("class")


def test_a_translation_link_reaches_a_field_inside_a_block(demo_server, editor):
    from core.pages.models import StandardPage

    page_object = next(p for p in StandardPage.objects.all() if len(p.body_en))
    block = page_object.body_en[0]
    child = next(iter(block.value.keys())) if hasattr(block.value, "keys") else None
    path = f"body_en/{block.id}" + (f"/{child}" if child else "")
    editor.goto(f"{demo_server.url}/admin/pages/{page_object.pk}/edit/?translate=en&focus={path}")
    # Blocks copied from Spanish keep their ids: the path goes through body_en.
    target = editor.locator(f'[data-contentpath="body_en"] [data-contentpath="{block.id}"]')
    target.wait_for(state="visible")
    editor.wait_for_function(
        "id => document.activeElement && document.activeElement.closest(`[data-contentpath='${id}']`)",
        arg=block.id,
    )


def field_top_is_clear_of_the_bars(editor, selector):
    """Whether the top of the field is what the reader sees there (nothing sticky over it)."""
    return editor.evaluate(
        """selector => {
            const field = document.querySelector(selector);
            const box = field.getBoundingClientRect();
            const seen = document.elementFromPoint(box.left + 12, Math.max(box.top + 4, 0));
            return box.top >= 0 && field.contains(seen);
        }""",
        selector,
    )


@pytest.mark.parametrize("where", ["field", "block"])
def test_a_translation_link_lands_with_the_field_below_the_editors_bars(demo_server, editor, where):
    from core.pages.models import StandardPage

    page_object = next(p for p in StandardPage.objects.all() if len(p.body_en) > 1)
    # The longest text: a tall field is the one whose top a centred scroll hides.
    block = max(page_object.body_en, key=lambda block: len(str(block.value)))
    path = "intro_en" if where == "field" else f"body_en/{block.id}"
    selector = (
        '[data-contentpath="intro_en"]'
        if where == "field"
        else f'[data-contentpath="body_en"] [data-contentpath="{block.id}"]'
    )
    editor.set_viewport_size({"width": 390, "height": 700})
    editor.goto(f"{demo_server.url}/admin/pages/{page_object.pk}/edit/?translate=en&focus={path}")
    editor.locator(selector).first.wait_for(state="visible")
    editor.wait_for_timeout(700)  # the editor's second look, once late panels are drawn
    assert field_top_is_clear_of_the_bars(editor, selector)


# Last: these save the demo content.


def test_after_copying_the_layout_english_is_shown_at_its_first_text(
    demo_server, editor, django_db_blocker
):
    from core.pages.models import StandardPage

    with django_db_blocker.unblock():
        page_object = next(p for p in StandardPage.objects.all() if len(p.body_es) > 1)
        latest = page_object.get_latest_revision_as_object()
        latest.body_en = []
        latest.save_revision()
    editor.goto(f"{demo_server.url}/admin/pages/{page_object.pk}/edit/")
    editor.locator(".dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    with editor.expect_navigation():
        editor.get_by_role(
            "button", name=re.compile("Copiar la estructura del español al inglés|into English")
        ).click()
    assert "translate=en" in editor.url
    first = editor.locator('[data-contentpath="body_en"] [data-contentpath]').first
    first.wait_for(state="visible")
    assert editor.locator('[data-contentpath="body_es"]').is_visible()


def test_an_error_in_hidden_english_is_shown_and_focused_without_claiming_saved(
    demo_server, editor
):
    from core.pages.models import StandardPage

    page_object = next(
        p for p in StandardPage.objects.all() if any(b.block_type == "heading" for b in p.body_en)
    )
    editor.goto(f"{demo_server.url}/admin/pages/{page_object.pk}/edit/")
    english = editor.locator(".locale-picker button.locale-toggle", has_text="en")
    english.click()  # show English, empty its first heading, hide English again
    heading = editor.locator('[data-contentpath="body_en"] [data-contentpath="text"] input').first
    heading.fill("")
    english.click()
    assert not heading.is_visible()
    with editor.expect_navigation():
        editor.locator('button[name="action-publish"]').evaluate("button => button.click()")

    assert editor.locator(".messages li.error").is_visible()
    heading = editor.locator('[data-contentpath="body_en"] [data-contentpath="text"] input').first
    heading.wait_for(state="visible")  # English was opened to show the error
    editor.wait_for_function(
        "document.activeElement && document.activeElement.name"
        " && document.activeElement.name.startsWith('body_en-')"
    )
    editor.wait_for_timeout(1500)  # autosave's interval: nothing is saved behind the banner
    state = editor.locator("#w-autosave-indicator").get_attribute("data-w-autosave-state-value")
    assert state != "saved"
    screenshot(editor, "editor-error-in-english")

    # Hidden again, "Go to the first error" opens it again.
    editor.locator(".locale-picker button.locale-toggle", has_text="en").click()
    assert not heading.is_visible()
    editor.locator(".messages button", has_text="error").or_(
        editor.locator(".messages li.error button")
    ).first.click()
    heading.wait_for(state="visible")

    # The editor's own change turns autosave back on.
    heading.fill("Origin")
    editor.wait_for_function(
        "document.querySelector('#w-autosave-indicator')"
        ".getAttribute('data-w-autosave-state-value') === 'saved'"
    )


# After a failed submit: nothing typed is lost (static/js/admin-unsaved.js).


def submit_with_an_empty_spanish_summary(editor, demo_server):
    """Opens a demo news item, empties its required Spanish summary and publishes: the form
    comes back with the error banner. Returns the news item."""
    from news.models import NewsPage

    news = NewsPage.objects.order_by("path").first()
    editor.goto(f"{demo_server.url}/admin/pages/{news.pk}/edit/")
    editor.locator("#id_summary_es").fill("")
    with editor.expect_navigation():
        editor.locator('button[name="action-publish"]').evaluate("button => button.click()")
    assert editor.locator(".messages li.error").is_visible()
    return news


def autosave_state(editor):
    return editor.locator("#w-autosave-indicator").get_attribute("data-w-autosave-state-value")


def test_what_is_typed_after_a_failed_submit_is_all_saved(demo_server, editor):
    news = submit_with_an_empty_spanish_summary(editor, demo_server)
    summary = "Resumen escrito después del error, letra por letra."
    author = "Secretaría Técnica del Proceso de Quito"
    editor.locator("#id_summary_es").press_sequentially(summary)
    editor.locator("#id_author_es").fill("")
    editor.locator("#id_author_es").press_sequentially(author)
    # Saved when the indicator says so and the form has nothing left to save.
    editor.wait_for_function(
        "() => document.querySelector('#w-autosave-indicator')"
        ".getAttribute('data-w-autosave-state-value') === 'saved'"
        " && document.querySelector('form[data-edit-form]')"
        ".getAttribute('data-w-unsaved-has-edits-value') === 'false'"
    )
    editor.goto(f"{demo_server.url}/admin/pages/{news.pk}/edit/")
    assert editor.locator("#id_summary_es").input_value() == summary
    assert editor.locator("#id_author_es").input_value() == author


def test_an_edit_after_a_failed_submit_that_cannot_be_saved_says_so_and_warns_on_leaving(
    demo_server, editor
):
    news = submit_with_an_empty_spanish_summary(editor, demo_server)
    # The server cannot be reached for the autosave (the edit form posts to its own URL).
    editor.route(
        f"**/admin/pages/{news.pk}/edit/",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    editor.locator("#id_summary_es").press_sequentially("Un resumen que no llega")
    editor.wait_for_function(
        "() => document.querySelector('#w-autosave-indicator')"
        ".getAttribute('data-w-autosave-state-value') === 'paused'"
    )
    assert autosave_state(editor) != "saved"
    # Leave from a timer: a script that navigates itself would wait behind the dialog.
    with editor.expect_event("dialog") as asked:
        editor.evaluate("() => { setTimeout(() => { window.location.href = '/admin/'; }); }")
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()  # stay
    assert editor.locator("#id_summary_es").input_value() == "Un resumen que no llega"
