"""Where the editor lands for a translator, on a laptop (1280×800) and on a phone (375×740): «Abrir
en el editor» in the translation queue, and «Copiar la estructura del español al inglés», open the
editor with English shown beside Spanish and the text to translate on screen, below Wagtail's
sticky header bar, never hidden under it."""

import re
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import Page
from wagtail.users.models import UserProfile

from translation_queue import states
from translation_queue.models import TranslationItem, TranslationState

from .conftest import screenshot, sign_in

pytestmark = [pytest.mark.xdist_group("browser_editor_landing")]

SIZES = {"laptop": (1280, 800), "phone": (375, 740)}

# The field the editor was asked to open (static/js/admin-editor.js marks it), the bottom of
# the bars that stay on top of the window where that field is (sticky or fixed, as
# admin-editor.js finds them), and whether English is switched on.
MEASURE = """() => {
  const field = document.querySelector('.qp-editor-focus');
  if (!field) return null;
  const rect = field.getBoundingClientRect();
  const x = Math.min(Math.max(rect.left + 8, 0), window.innerWidth - 1);
  let barBottom = 0;
  const bars = [];
  for (let y = 1; y < window.innerHeight / 2; y += 4) {
    for (let node = document.elementFromPoint(x, y); node && node !== document.body;
         node = node.parentElement) {
      const position = getComputedStyle(node).position;
      if (position === 'sticky' || position === 'fixed') {
        const bottom = node.getBoundingClientRect().bottom;
        if (bottom > barBottom) {
          barBottom = bottom;
          bars.push(node.tagName.toLowerCase() + '.' + [...node.classList].join('.'));
        }
        break;
      }
    }
  }
  const english = [...document.querySelectorAll('.locale-picker button.locale-toggle')]
    .find(button => button.textContent.trim() === 'en');
  return {
    top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right,
    barBottom, bars, height: window.innerHeight, width: window.innerWidth,
    englishShown: Boolean(english && english.classList.contains('showing-locale')),
    hiddenByLanguage: Boolean(field.closest('.l10n-hidden')),
    focusedInside: field.contains(document.activeElement),
  };
}"""


@pytest.fixture(scope="module")
def translator(demo_server, django_db_blocker):
    with django_db_blocker.unblock():
        user = User.objects.create_user("traductor", "traductor@example.org", "x")
        user.groups.add(Group.objects.get(name="Translators"))
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "es"
        profile.save()
    return user


def longest_body_page():
    """The demo's page with the most body blocks: its last text is far down the editor."""
    pages = [
        page
        for page in Page.objects.live().specific()
        if hasattr(page, "body_es") and page.body_es and page.body_en
    ]
    return max(pages, key=lambda page: len(page.body_es))


@pytest.fixture
def out_of_date_paragraph(demo_server, django_db_blocker):
    """A page's last Spanish paragraph corrected: its English, far down the editor, is out of
    date in the queue. Returns (page id, the queue item's focus)."""
    with django_db_blocker.unblock():
        page = longest_body_page()
        latest = page.get_latest_revision_as_object()
        raw = list(latest.body_es.raw_data)
        index = max(i for i, block in enumerate(raw) if block["type"] == "paragraph")
        raw[index] = {
            **raw[index],
            "value": raw[index]["value"].replace("</p>", " (corregido)</p>", 1),
        }
        latest.body_es = raw
        latest.save_revision().publish()
        states.refresh_page(page)
        item = TranslationItem.objects.get(page=page, language="en", key=f"body/{raw[index]['id']}")
        assert item.state == TranslationState.OUT_OF_DATE
        return page.pk, item.focus


@pytest.fixture
def empty_english_body(demo_server, django_db_blocker):
    """A page whose English body is emptied in a draft: «Copiar la estructura» fills it."""
    with django_db_blocker.unblock():
        page = Page.objects.get(slug_es="privacidad").specific
        latest = page.get_latest_revision_as_object()
        latest.body_en = []
        latest.save_revision()
        return page.pk


def open_at(browser, server, user, size):
    width, height = SIZES[size]
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="es-ES", is_mobile=size == "phone"
    )
    return sign_in(context.new_page(), server.url, user.username)


def landing(page):
    """What MEASURE finds once the editor has scrolled to the field (it scrolls again 400 ms
    after panels drawn by script may have moved it)."""
    page.wait_for_selector(".qp-editor-focus", timeout=15000)
    page.wait_for_timeout(900)
    return page.evaluate(MEASURE)


def assert_on_screen_below_the_bar(found):
    assert found["englishShown"], found
    assert not found["hiddenByLanguage"], found
    assert found["focusedInside"], found
    assert found["barBottom"] > 0, found  # the sticky bar is there, and measured
    assert found["top"] >= found["barBottom"], found
    assert found["top"] < found["height"] - 40, found  # its start is on screen
    assert found["left"] >= 0 and found["right"] <= found["width"] + 1, found


@pytest.mark.parametrize("size", SIZES)
def test_open_in_the_editor_lands_on_the_text_below_the_sticky_bar(
    demo_server, translator, out_of_date_paragraph, browser, size
):
    page_id, focus = out_of_date_paragraph
    page = open_at(browser, demo_server, translator, size)
    page.goto(f"{demo_server.url}/admin/translation-queue/?language=en&page={page_id}")

    link = page.locator(f'a[href*="{urlencode({"focus": focus})}"]')
    assert link.inner_text().strip() == "Abrir en el editor"
    link.click()
    page.wait_for_url(re.compile(r"/edit/\?translate=en"))
    found = landing(page)
    screenshot(page, f"editor-landing-queue-{size}")

    assert_on_screen_below_the_bar(found)
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
def test_copying_the_spanish_layout_lands_on_the_first_text_with_english_shown(
    demo_server, translator, empty_english_body, browser, size
):
    page = open_at(browser, demo_server, translator, size)
    page.goto(f"{demo_server.url}/admin/pages/{empty_english_body}/edit/")

    page.locator(".dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Copiar la estructura del español al inglés").click()
    found = landing(page)
    screenshot(page, f"editor-landing-copy-{size}")

    assert_on_screen_below_the_bar(found)
    page.context.close()
