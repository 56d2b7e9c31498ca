"""What the public site may show of other pages: live pages under no privacy restriction.

A page under a view restriction (a password, a login or groups; its own or an ancestor's) is
treated as not there for listings: it is not listed, linked, counted or named anywhere on the
public site except at its own URL, which answers with Wagtail's password or login form. The rule
is the same for every visitor, signed in or not (the full-page cache is shared by all anonymous
visitors), and does not apply to the admin.

Every helper filters the query that already loads the pages (an `EXISTS` subquery on the
restrictions), so the rule adds no query however many pages are listed; Wagtail's own
`PageQuerySet.public()` costs one more query each time it is used.

    shown_pages(MemberStatePage.objects.child_of(index))   # pages listed or counted
    links.filter(shown_q("member_state"))                  # rows pointing at pages
    shown_linked(area.leads, "member_state")               # the pages an inline list points at
    with_shown_relations(team, "organization")             # rows kept, hidden pages set to None
"""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


def _prefix(field):
    return f"{field}__" if field else ""


def restricted(field=None):
    """`EXISTS` expression: the page (or the page the relation `field` points at) is under a view
    restriction, its own or an ancestor's: the restricted page's tree path is a prefix of its."""
    path = OuterRef(f"{_prefix(field)}path")
    return Exists(
        PageViewRestriction.objects.filter(page__path=Substr(path, 1, Length("page__path")))
    )


def shown_q(field=None):
    """Q: the page (or the page at the relation `field`) is live and under no view restriction."""
    return Q(**{f"{_prefix(field)}live": True}) & ~Q(restricted(field))


def shown_pages(queryset):
    """The pages of a page queryset that the public site may list, link, count or name."""
    return queryset.filter(shown_q())


def _shown_ids(rows, field):
    """For rows held in memory: the ids of the pages at `field` that may be shown (one query)."""
    ids = {getattr(row, f"{field}_id") for row in rows} - {None}
    if not ids:
        return set()
    model = rows[0]._meta.get_field(field).related_model
    return set(shown_pages(model.objects.filter(pk__in=ids)).values_list("pk", flat=True))


def shown_linked(links, field):
    """The pages that link rows point at and may be shown, in the rows' order, in one query.

    `links` is a relation or queryset of rows with a foreign key `field` to a page: the inline
    lists an editor orders (a thematic area's lead states) and their reverse side (the areas a
    state leads, through `field="page"`). In a preview the inline rows are held in memory
    (modelcluster's FakeQuerySet, which cannot run a subquery): their pages are checked in the
    database instead.
    """
    links = links.all()
    if isinstance(links, QuerySet):
        rows = links.filter(shown_q(field)).select_related(field)
        return [getattr(row, field) for row in rows]
    rows = list(links)
    shown = _shown_ids(rows, field)
    return [getattr(row, field) for row in rows if getattr(row, f"{field}_id") in shown]


def with_shown_relations(rows, *fields):
    """The rows as a list, each optional relation in `fields` set to None when the page it points
    at may not be shown (as if the editor had left it empty). A queryset should select_related
    the fields; it gets no further query. Rows held in memory (a preview) cost a query a field."""
    rows = rows.all()
    if isinstance(rows, QuerySet):
        flags = {
            f"{field}_shown": ExpressionWrapper(shown_q(field), output_field=BooleanField())
            for field in fields
        }
        rows = list(rows.annotate(**flags))
        shown = {field: lambda row, field=field: getattr(row, f"{field}_shown") for field in fields}
    else:
        rows = list(rows)
        ids = {field: _shown_ids(rows, field) for field in fields}
        shown = {
            field: lambda row, field=field: getattr(row, f"{field}_id") in ids[field]
            for field in fields
        }
    for row in rows:
        for field in fields:
            if not shown[field](row):
                setattr(row, field, None)
    return rows
