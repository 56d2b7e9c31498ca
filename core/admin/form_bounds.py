"""Admin form posts whose lists (inline panels, StreamField blocks) cannot have come from the
admin's own forms are refused with a 400 before any form is built.

Django's formsets, modelcluster's child formsets and Wagtail's StreamField read their item
counts and item keys from the post and trust them: a count that is not a number, a Unicode
digit (`int("٣")` is 3), an item without the keys the admin always sends, or a row id that is
not a number raises outside the form's validation (a server error), and a huge count builds
thousands of forms. The admin's forms always send, for every item they count, that item's keys,
so a count can never be larger than what was posted; every list is also capped.

One check in front of every admin view (pages, snippets, settings, previews) rather than in
each form class: it holds for every page type, whichever form class it uses.
"""

import re

from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# More inline rows or blocks than anyone edits in one list. (A post holds at most
# DATA_UPLOAD_MAX_NUMBER_FIELDS fields in all, and each item posts several.)
MAX_ITEMS_PER_LIST = 200
# All the lists of one post together: every item builds a form or a block.
MAX_ITEMS_PER_POST = 600
# Row ids are BigAutoField values.
MAX_ID_DIGITS = 19
FORMSET_SUFFIXES = ("-TOTAL_FORMS", "-INITIAL_FORMS")
# Where the admin's model forms with inline panels are posted (page and snippet forms and their
# previews): their rows always carry their own keys.
MODEL_FORMS = ("/admin/pages/", "/admin/snippets/")
ITEM = re.compile(r"-(\d+)-")


def is_number(value, digits):
    return value.isascii() and value.isdigit() and len(value) <= digits


def posted_items(keys):
    """(prefix, index) of every item that has at least one posted key: `figures-0-value`
    gives ("figures", 0); nested items give one pair per level."""
    items = set()
    for key in keys:
        for match in ITEM.finditer(key):
            items.add((key[: match.start()], int(match.group(1))))
    return items


def count_problem(data, path):
    """Why this post's lists cannot come from an admin form (a message), or None."""
    keys = list(data.keys())
    items = posted_items(keys)
    total = 0
    for key in keys:
        if key.endswith(FORMSET_SUFFIXES):
            prefix = key.rsplit("-", 1)[0]
            problem = formset_problem(data, prefix, items, strict=path.startswith(MODEL_FORMS))
        elif key.endswith("-count"):
            prefix = key[: -len("-count")]
            problem = stream_problem(data, prefix)
        else:
            continue
        if problem:
            return problem
        if key.endswith(("-TOTAL_FORMS", "-count")):
            total += int(data[key])
            if total > MAX_ITEMS_PER_POST:
                return _("The form has more items than can be saved at once.")
    for key, value in data.items():
        # A row id: the primary key of an inline panel's row (`figures-0-id`).
        prefix, _sep, name = key.rpartition("-")
        is_row_id = name == "id" and f"{prefix.rpartition('-')[0]}-TOTAL_FORMS" in data
        if is_row_id and value and not is_number(value, MAX_ID_DIGITS):
            return _("The form refers to a row that does not exist.")
    return None


def list_size(data, key):
    value = data.get(key, "")
    if not is_number(value, 4) or int(value) > MAX_ITEMS_PER_LIST:
        return None
    return int(value)


def formset_problem(data, prefix, items, strict):
    total = list_size(data, f"{prefix}-TOTAL_FORMS")
    initial = list_size(data, f"{prefix}-INITIAL_FORMS") if f"{prefix}-INITIAL_FORMS" in data else 0
    if total is None or initial is None or initial > total:
        return _("The form's list of items is not valid.")
    if not strict:
        return None
    # Wagtail's inline panels post every row's keys (its id, order and deletion at least), and
    # modelcluster reads the id of every row that already existed without checking it is there.
    if any((prefix, index) not in items for index in range(total)) or any(
        f"{prefix}-{index}-id" not in data for index in range(initial)
    ):
        return _("The form's list of items is not valid.")
    return None


def stream_problem(data, prefix):
    count = list_size(data, f"{prefix}-count")
    if count is None:
        return _("The form's list of blocks is not valid.")
    for index in range(count):
        item = f"{prefix}-{index}"
        # What Wagtail's StreamBlock reads of every block without checking it is there. (A
        # ListBlock's items post no type; the site's StreamFields hold none.)
        if f"{item}-deleted" not in data or not is_number(data.get(f"{item}-order", ""), 9):
            return _("The form's list of blocks is not valid.")
        if not data[f"{item}-deleted"] and not data.get(f"{item}-type"):
            return _("The form's list of blocks is not valid.")
    return None


def staff_language(request):
    profile = getattr(getattr(request, "user", None), "wagtail_userprofile", None)
    return (profile.get_preferred_language() if profile else None) or translation.get_language()


class AdminFormBoundsMiddleware:
    """Refuses, with a 400 in the staff member's language, an admin POST whose inline or
    StreamField counts could not come from the admin's forms (see count_problem)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path_info.startswith("/admin/"):
            problem = count_problem(request.POST, request.path_info)
            if problem:
                with translation.override(staff_language(request)):
                    message = gettext("Bad request: %(problem)s Reload the page and try again.")
                    message %= {"problem": problem}
                return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
