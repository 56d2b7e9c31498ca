"""One way to list a page at a time: the public listings (news, the document library, the
calendar's past meetings, the search) and the admin's translation queues. The rule for `?page=`
and for repeated parameters, and how each listing counts: docs/architecture.md, "Listings"."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.http import Http404
from django.utils.http import urlencode
from django.utils.translation import gettext

from core.query_values import ascii_integer

# The public listings' parameter, and the one of Wagtail's admin listings.
PAGE = "page"
ADMIN_PAGE = "p"
# Enough for any real page of results; a longer number is not a page.
MAX_PAGE_DIGITS = 6
# The annotation that carries the listing's total on each row (counted_page).
TOTAL = "listing_total"


def no_such_page():
    return Http404(gettext("There is no such page of results."))


def one_value(query, name):
    """A listing parameter's value, "" when absent; given more than once, a 404."""
    values = query.getlist(name)
    if len(values) > 1:
        raise no_such_page()
    return values[0] if values else ""


def requested_page(query):
    """The page number that `query` (request.GET) asks for: 1 without `page`, a 404 for
    anything that is not the one spelling of a page number."""
    if PAGE not in query:
        return 1
    value = one_value(query, PAGE)
    number = ascii_integer(value, MAX_PAGE_DIGITS)
    # One spelling per page ("01" is not page 1): each spelling would be another cache entry.
    if number is None or number < 1 or value != str(number):
        raise no_such_page()
    return number


def page_count(count, per_page):
    # An empty listing still has its first page (that says there is nothing).
    return max(1, -(-count // per_page))


def page_bounds(number, count, per_page):
    """The slice of page `number` of `count` items, or a 404 past the last page."""
    if number > page_count(count, per_page):
        raise no_such_page()
    start = (number - 1) * per_page
    return start, start + per_page


def counted_page(queryset, number, per_page, rows=list):
    """Page `number` of `queryset` and the total, in one query: each row carries the total (a
    window function over the whole filtered set, taken before the LIMIT). `rows` turns the
    sliced queryset into the page's list (to annotate it further, for instance). A 404 past the
    last page."""
    start = (number - 1) * per_page
    counted = queryset.annotate(**{TOTAL: Window(Count("pk"))})[start : start + per_page]
    items = rows(counted)
    if not items and number > 1:
        raise no_such_page()
    return items, getattr(items[0], TOTAL) if items else 0


@dataclass
class ListingPage:
    """One page of a listing, with what its template needs ("includes/pagination.html"): the
    page's items, "page X of Y", and the links to the previous and next pages (rel prev/next)
    that keep the listing's other parameters."""

    items: list
    number: int
    count: int  # every item of the listing, on all its pages
    per_page: int
    path: str  # the listing's address, without a query string
    filters: tuple = ()  # the other parameters the links keep, as (name, value) pairs

    def __post_init__(self):
        self.num_pages = page_count(self.count, self.per_page)

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def url(self, number):
        params = [(name, value) for name, value in self.filters if value not in ("", None)]
        if number > 1:
            params.append((PAGE, number))
        return f"{self.path}?{urlencode(params)}" if params else self.path

    @property
    def start_number(self):
        """The position of the page's first item in the whole listing (for `<ol start>`)."""
        return (self.number - 1) * self.per_page + 1

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def has_other_pages(self):
        return self.num_pages > 1

    @property
    def previous_url(self):
        return self.url(self.number - 1) if self.has_previous() else ""

    @property
    def next_url(self):
        return self.url(self.number + 1) if self.has_next() else ""


def admin_page(query, items, per_page):
    """Page `?p=` of an admin queue, as Wagtail's admin listings do it (a Django Page, for
    Wagtail's pagination include): a value that is not a page shows the first page, a page past
    the last shows the last."""
    return Paginator(items, per_page).get_page(query.get(ADMIN_PAGE))


def admin_query_string(query):
    """The admin queue's query string without its page, for the links to its other pages."""
    query = query.copy()
    query.pop(ADMIN_PAGE, None)
    return query.urlencode()
