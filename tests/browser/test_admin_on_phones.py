"""Staff on a phone, 320 and 375 px wide, in Spanish and in English: no control of the admin's forms
reaches past the edge of the screen (a meeting's time zone, the account's languages), headings wrap
instead of being cut off, a row of buttons wraps with room between its lines, and a table that
scrolls sideways says there is more (a shadow on that side) and scrolls from the keyboard. Nothing
runs past the screen's edges except inside a box that scrolls and says so (Wagtail's users list,
the group editor, the page editor's top bar), labels are not cut («Título [es]» at the left edge),
and the menu's labels are whole («Traducciones de la interfaz»).

Each screen is loaded once per language at 320 px and measured again after widening to 375 px."""

import pytest
from django.contrib.auth.models import User
from wagtail.users.models import UserProfile

from .conftest import screenshot, sign_in

pytestmark = [pytest.mark.xdist_group("browser_admin_on_phones")]

WIDTHS = [320, 375]

# What does not fit: form controls outside tables (a table scrolls in its own box) and the
# editor's side panels (off screen until opened), headings cut off, buttons of a row that
# overlap, leave the screen or wrap without room between their lines, sideways-scrolling boxes
# without their cue or their name.
MEASURE = """width => {
  const box = e => e.getBoundingClientRect();
  const name = e => e.tagName.toLowerCase() + (e.name ? '[name=' + e.name + ']' : '')
    + (e.id ? '#' + e.id : '') + ' ' + (e.innerText || '').trim().slice(0, 40);
  const shown = e => e.checkVisibility() && box(e).width > 1;
  const controls = [...document.querySelectorAll('select, input, textarea')]
    .filter(e => shown(e) && !e.closest('table, aside, [hidden]'))
    .filter(e => box(e).right > width + 1 || box(e).left < -1)
    .map(e => name(e) + ' ' + Math.round(box(e).left) + '..' + Math.round(box(e).right));
  const headings = [...document.querySelectorAll('h1, h2')]
    .filter(e => shown(e) && !e.closest('aside'))
    .filter(e => e.scrollWidth > e.clientWidth + 1 || box(e).right > width + 1)
    .map(e => name(e) + ' ' + e.scrollWidth + '>' + e.clientWidth);
  const actions = [];
  for (const row of document.querySelectorAll('.qp-actions')) {
    const style = getComputedStyle(row);
    if (style.flexWrap !== 'wrap' || parseFloat(style.rowGap) < 8) actions.push('no wrap or gap');
    const items = [...row.children].filter(shown).map(e => [name(e), box(e)]);
    for (const [label, b] of items) {
      if (b.left < -1 || b.right > width + 1) actions.push(label + ' leaves the screen');
    }
    for (const [a, ab] of items) {
      for (const [c, cb] of items) {
        if (a === c || cb.top < ab.top) continue;
        const sameLine = Math.abs(cb.top - ab.top) < 2;
        if (sameLine && cb.left < ab.right && cb.left >= ab.left) actions.push(a + ' overlaps ' + c);
        if (!sameLine && cb.top - ab.bottom < 8) actions.push(c + ' wraps under ' + a + ' without room');
      }
    }
  }
  const regions = [...document.querySelectorAll('.qp-scroll-x')].map(e => {
    const s = getComputedStyle(e);
    return {
      role: e.getAttribute('role'),
      label: e.getAttribute('aria-label'),
      tabindex: e.getAttribute('tabindex'),
      cue: (s.backgroundImage.match(/gradient/g) || []).length === 4
        && s.backgroundAttachment === 'local, local, scroll, scroll',
      overflows: e.scrollWidth > e.clientWidth,
    };
  });
  // A box that scrolls sideways and shows the cue (static/css/admin-editor.css).
  const markedScrollBox = e => {
    const s = getComputedStyle(e);
    return ['auto', 'scroll'].includes(s.overflowX)
      && (s.backgroundImage.match(/gradient/g) || []).length === 4;
  };
  const insideMarkedBox = e => {
    for (let node = e.parentElement; node; node = node.parentElement) {
      if (markedScrollBox(node)) return true;
    }
    return false;
  };
  // Past the screen's edges: what is shown (not the side panels, the menu or hidden parts), has
  // text or is a control, and is not inside a marked scroll box.
  const overflowing = [...document.querySelectorAll('main *, header *, form *')]
    .filter(e => shown(e) && e.checkVisibility({ visibilityProperty: true }))
    .filter(e => !e.closest('aside, .sidebar, [hidden], .w-sr-only, svg'))
    .filter(e => e.matches('a, button, input, select, textarea, label, th, td, h1, h2, span'))
    .filter(e => box(e).right > width + 1 || box(e).left < -1)
    .filter(e => !insideMarkedBox(e))
    .map(e => name(e) + ' ' + Math.round(box(e).left) + '..' + Math.round(box(e).right));
  // Labels cut: past the left edge, or their text longer than their box.
  const labels = [...document.querySelectorAll('label, .w-field__label, .w-panel__heading')]
    .filter(e => shown(e) && !e.closest('aside, .sidebar, .w-sr-only'))
    .filter(e => box(e).left < 0 || (e.scrollWidth > e.clientWidth + 1
                                     && getComputedStyle(e).overflowX !== 'visible'))
    .map(e => name(e) + ' ' + Math.round(box(e).left) + ' ' + e.scrollWidth + '>' + e.clientWidth);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    overflowing, labels,
    controls, headings, actions, regions,
    actionRows: document.querySelectorAll('.qp-actions').length,
  };
}"""


@pytest.fixture(scope="module")
def staff_by_language(demo_server, django_db_blocker):
    """A superuser per admin language, committed for the server to see."""
    with django_db_blocker.unblock():
        for language in ("es", "en"):
            user = User.objects.create_superuser(f"phone-{language}", f"{language}@x.org", "x")
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = language
            profile.save()


def screens():
    from django.contrib.auth.models import Group

    from events.models import MeetingPage

    return {
        "meeting editor": f"/admin/pages/{MeetingPage.objects.first().pk}/edit/",
        "users": "/admin/users/",
        "group editor": f"/admin/groups/edit/{Group.objects.get(name='Editors').pk}/",
        "account": "/admin/account/",
        "translation queue": "/admin/translation-queue/",
        "translation status": "/admin/translation-queue/overview/",
        "site languages": "/admin/site-languages/",
        "withdrawal": "/admin/site-languages/en/withdraw/",
        "dashboard": "/admin/",
    }


@pytest.fixture(scope="module")
def measured(demo_server, staff_by_language, browser, django_db_blocker):
    """{language: {screen: {width: what MEASURE found}}}, and the keyboard's scrolling of each
    box that overflows at 320 px: each screen loaded once per language."""
    # The live server's threads may use the database only while the tests may.
    with django_db_blocker.unblock():
        return measure_every_screen(demo_server, browser, screens())


def measure_every_screen(server, browser, urls):
    seen = {}
    for language in ("es", "en"):
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
        page = sign_in(context.new_page(), server.url, f"phone-{language}")
        seen[language] = {}
        for name, path in urls.items():
            page.set_viewport_size({"width": WIDTHS[0], "height": 800})
            page.goto(server.url + path)
            results = {WIDTHS[0]: page.evaluate(MEASURE, WIDTHS[0])}
            screenshot(page, f"admin-phone-{language}-{name.replace(' ', '-')}")
            results["keyboard"] = scrolled_by_keyboard(page)
            for width in WIDTHS[1:]:
                page.set_viewport_size({"width": width, "height": 800})
                results[width] = page.evaluate(MEASURE, width)
            seen[language][name] = results
        context.close()
    return seen


def scrolled_by_keyboard(page):
    """For each box that scrolls sideways: does focusing it and pressing → scroll it?"""
    scrolled = []
    boxes = page.locator(".qp-scroll-x")
    for index in range(boxes.count()):
        box = boxes.nth(index)
        if not box.evaluate("e => e.scrollWidth > e.clientWidth"):
            continue
        box.focus()
        page.keyboard.press("ArrowRight")
        try:
            page.wait_for_function("e => e.scrollLeft > 0", arg=box.element_handle(), timeout=5000)
            scrolled.append(True)
        except Exception:  # noqa: BLE001 - Playwright's timeout: it did not scroll
            scrolled.append(False)
    return scrolled


LANGUAGES = ["es", "en"]
MENU_TOGGLE = {"es": "Alternar menú lateral", "en": "Toggle sidebar"}
# Opened menu's labels cut short ("…"): their text longer than their box.
MENU_LABELS_CUT = """() => [...document.querySelectorAll('.sidebar .menuitem-label')]
  .filter(e => e.checkVisibility() && e.getBoundingClientRect().width > 1)
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => e.innerText.trim() + ' ' + e.scrollWidth + '>' + e.clientWidth)"""


def found(screens, kind):
    """{"<screen> at <width>px": what was found of `kind`} for every screen and width."""
    return {
        f"{name} at {width}px": result[width][kind]
        for name, result in screens.items()
        for width in WIDTHS
        if result[width][kind]
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_form_control_fits_a_phones_screen(measured, language):
    assert found(measured[language], "controls") == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_headings_wrap_instead_of_being_cut_off(measured, language):
    assert found(measured[language], "headings") == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_row_of_buttons_wraps_with_room_between_its_lines(measured, language):
    assert measured[language]["withdrawal"][WIDTHS[0]]["actionRows"] == 1
    assert found(measured[language], "actions") == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_table_that_scrolls_sideways_says_so_and_scrolls_from_the_keyboard(measured, language):
    regions = [
        (name, region)
        for name, result in measured[language].items()
        for region in result[WIDTHS[0]]["regions"]
    ]
    assert {name for name, region in regions if region["overflows"]} >= {
        "translation queue",
        "site languages",
    }
    for name, region in regions:
        assert region["role"] == "region", name
        assert region["label"], name
        assert region["tabindex"] == "0", name
        assert region["cue"], name
    keyboard = {name: result["keyboard"] for name, result in measured[language].items()}
    assert all(all(scrolled) for scrolled in keyboard.values()), keyboard
    assert any(keyboard.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_runs_past_the_screens_edges_but_inside_a_marked_scroll_box(measured, language):
    page_widths = {
        name: result[WIDTHS[0]]["scrollWidth"] for name, result in measured[language].items()
    }
    assert page_widths == dict.fromkeys(page_widths, WIDTHS[0])  # no page scrolls sideways
    assert found(measured[language], "overflowing") == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_are_not_cut_nor_past_the_left_edge(measured, language):
    assert found(measured[language], "labels") == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_opened_menus_labels_are_whole(
    demo_server, staff_by_language, browser, django_db_blocker, language
):
    with django_db_blocker.unblock():
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
        page = sign_in(context.new_page(), demo_server.url, f"phone-{language}")
        page.goto(demo_server.url + "/admin/")
        page.get_by_role("button", name=MENU_TOGGLE[language]).first.click()
        page.locator(".sidebar .menuitem-label").first.wait_for(state="visible")
        page.wait_for_timeout(400)  # the menu slides in
        screenshot(page, f"admin-phone-{language}-menu")
        cut = page.evaluate(MENU_LABELS_CUT)
        labels = page.locator(".sidebar .menuitem-label").all_inner_texts()
        context.close()

    interface = {"es": "Traducciones de la interfaz", "en": "Interface translations"}[language]
    assert interface in [label.strip() for label in labels]
    assert cut == []
