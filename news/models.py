"""News: a news index (paginated, by year, with RSS and Atom feeds per language and per thematic
area) and news items linked to the member states, rounds and thematic areas they concern.

Section apps never import this one: a member state, round or thematic area lists its news through
the reverse relation `news_items` (`self.news_items.for_listing()[:3]`, one query).
"""

import datetime
import re
import uuid

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.templatetags.static import static
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.images import get_image_model, get_image_model_string
from wagtail.images.models import Filter
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from core.i18n.dates import PreciseDatesMixin, precision_field
from core.i18n.languages import collation_key, default_language, language_codes
from core.pages.forms import PortalPageForm
from core.pages.listing import ListingPage, no_such_page, one_value, page_bounds, requested_page
from core.pages.models import BasePage, PreviewedRoutablePageMixin, SectionIndexPage
from core.pages.navigation import menu_section
from core.pages.visibility import shown_pages
from thematic_areas.models import ThematicAreaPage

PER_PAGE = 10
FEED_LENGTH = 20
# The renditions lists and the news page show (prefetched with the items of a list).
LIST_IMAGE = "fill-480x270"
PAGE_IMAGE = "width-960"
# Sub-paths of the news index: a news item may not take these slugs.
RESERVED_SLUGS = {"rss", "atom"}
# A year is four plain digits: anything else (a letter, "-1", 2,000 digits) is a 404.
YEAR_VALUE = re.compile(r"[0-9]{4}", re.ASCII)
# Characters XML 1.0 cannot carry (a pasted title could hold one): left out of the feeds.
XML_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0B\x0C\x0E-\x1F]")
# The namespace of the feeds' entry ids (a news item's id in a language never changes).
FEED_ID_NAMESPACE = uuid.UUID("6f1f6a3e-8a4c-5e0b-9d55-3c1b7f0e2a10")


def related_model(field_name):
    """The page model a link field points at (a state, a round, an area), through the field's
    string reference: members imports this app (a state's page lists its news), so importing
    members here would close a circle."""
    return NewsPage._meta.get_field(field_name).related_model


def listing(queryset):
    """The news items of `queryset` that the public site may show, newest first, with what a list
    needs: no bodies, the image and its list rendition in the same round trip (one query, one
    more when some item has an image)."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=LIST_IMAGE)
    return (
        shown_pages(queryset)
        .defer_streamfields()
        .select_related("image")
        .prefetch_related(Prefetch("image__renditions", queryset=renditions))
        .order_by("-date", "-pk")
    )


class NewsPageQuerySet(PageQuerySet):
    def for_listing(self):
        """Shown news items, newest first, ready for news/includes/news_list.html. Works on the
        reverse relations too: `state.news_items.for_listing()[:3]`."""
        return listing(self)


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)


def latest_news(limit=3, queryset=None):
    """The latest shown news items (all of them, or those of `queryset`: e.g. a section page's
    `self.news_items.all()`), newest first, as a list: one query (two with images)."""
    if queryset is None:
        queryset = NewsPage.objects.all()
    return list(listing(queryset)[:limit])


def news_index(request=None):
    """The site's news index, when the public site may show it, or None. For a request it is
    taken from the menu's pages (no query of its own): an index kept out of the menu is not
    advertised on every page. It may be a plain Page (the menu's): `pageurl` and `feed_links`
    need no more."""
    if request is not None:
        return menu_section(request, NewsIndexPage)
    return shown_pages(NewsIndexPage.objects.all()).defer_streamfields().first()


def feed_links(index, request=None, area=None):
    """What `<link rel="alternate">` needs for the feeds of `index` in the active language: the
    whole index's feeds, and those of a thematic area when one is given. No query (the index's
    URL comes from the remembered site root paths), so nothing to remember: it is built for
    every render (docs/architecture.md, "Caching")."""
    if index is None:
        return []
    return _feed_links(index, request, area)


def _feed_links(index, request, area):
    base = index.get_url(request=request)
    if not base:
        return []
    # The routes' paths ("rss/") follow the index's URL, which ends with "/".
    resolver = NewsIndexPage.get_resolver()
    site_title = gettext("Quito Process news")
    feeds = [
        ("application/rss+xml", f"{site_title} (RSS)", base + resolver.reverse("rss_feed")),
        ("application/atom+xml", f"{site_title} (Atom)", base + resolver.reverse("atom_feed")),
    ]
    if area is not None and area.slug:
        area_title = gettext("Quito Process news: %(area)s") % {"area": area.title}
        rss = resolver.reverse("area_rss_feed", area=area.slug)
        atom = resolver.reverse("area_atom_feed", area=area.slug)
        feeds += [
            ("application/rss+xml", f"{area_title} (RSS)", base + rss),
            ("application/atom+xml", f"{area_title} (Atom)", base + atom),
        ]
    absolute = request.build_absolute_uri if request is not None else str
    return [{"type": kind, "title": title, "href": absolute(href)} for kind, title, href in feeds]


def xml_text(value):
    return XML_CONTROL_CHARACTERS.sub("", str(value))


class NewsIndexPage(PreviewedRoutablePageMixin, SectionIndexPage):
    """The news: newest first, ten a page (?page=2), by year (?year=2024), and feeds of the
    latest items in the page's language (rss/, atom/), for the whole site or a thematic area
    (rss/<area slug>/, atom/<area slug>/)."""

    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = _("news index page")

    def news_items(self):
        return NewsPage.objects.child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        year = one_value(request.GET, "year")
        number = requested_page(request.GET)
        if "year" in request.GET and not YEAR_VALUE.fullmatch(year):
            raise no_such_page()
        year = int(year) if year else None
        if year is not None and not datetime.MINYEAR <= year <= datetime.MAXYEAR:
            raise no_such_page()
        items = self.news_items()
        # The years with news and their counts, in one query; the listing's count comes from it.
        years = self.remembered_in_process(
            "news-years",
            lambda: list(
                shown_pages(items)
                .annotate(year=ExtractYear("date"))
                .values("year")
                .annotate(count=Count("pk"))
                .order_by("-year")
            ),
        )
        if year is not None:
            items = items.filter(date__year=year)
            total = sum(row["count"] for row in years if row["year"] == year)
        else:
            total = sum(row["count"] for row in years)
        start, stop = page_bounds(number, total, PER_PAGE)
        # A page that exists (checked above against the remembered count): kept per year.
        news_items = self.remembered_in_process(
            "news-page", lambda: list(listing(items)[start:stop]), year, number
        )
        context.update(
            {
                "news_index": self,
                "news_items": news_items,
                "listing": ListingPage(
                    news_items,
                    number,
                    total,
                    PER_PAGE,
                    path=self.get_url(request) or request.path,
                    filters=(("year", year),),
                ),
                "years": years,
                "year": year,
                "feeds": feed_links(self, request),
            }
        )
        return context

    # Feeds

    def area_for_slug(self, slug):
        """The shown thematic area with this slug in the active language (or, where it has none
        of its own, the default language's), or a 404."""
        language = translation.get_language()
        field = build_localized_fieldname("slug", language)
        matches = Q(**{field: slug})
        if language != default_language():
            own_empty = Q(**{field: ""}) | Q(**{f"{field}__isnull": True})
            matches |= own_empty & Q(
                **{build_localized_fieldname("slug", default_language()): slug}
            )
        area = (
            shown_pages(ThematicAreaPage.objects.filter(matches))
            .defer_streamfields()
            .order_by("path")
            .first()
        )
        if area is None:
            raise Http404("No such thematic area.")
        return area

    def feed(self, request, feed_class, area=None):
        absolute = request.build_absolute_uri
        items = area.news_items.all() if area is not None else self.news_items()
        items = list(listing(items)[:FEED_LENGTH].prefetch_related(self._shown_areas()))
        site_name = gettext("Quito Process")
        if area is None:
            title = gettext("Quito Process news")
            link = absolute(self.get_url(request=request))
            description = (
                self.search_description
                or self.intro
                or gettext("The latest news of the Quito Process.")
            )
        else:
            title = gettext("Quito Process news: %(area)s") % {"area": area.title}
            link = absolute(area.get_url(request=request))
            description = gettext("The latest news of the Quito Process on %(area)s.") % {
                "area": area.title
            }
        feed = feed_class(
            title=xml_text(title),
            link=link,
            description=xml_text(description),
            subtitle=xml_text(description),
            language=translation.get_language(),
            feed_url=absolute(request.path),
            feed_guid=absolute(request.path),
            author_name=site_name,
        )
        for item in items:
            feed.add_item(
                title=xml_text(item.title),
                link=absolute(item.get_url(request=request)),
                # Feeds carry HTML: the summary is plain text, escaped once here.
                description=xml_text(escape(item.summary)),
                unique_id=item.feed_id(),
                unique_id_is_permalink=False,
                pubdate=item.published_at(),
                updateddate=item.updated_at(),
                author_name=xml_text(item.author or site_name),
                categories=[xml_text(linked.title) for linked in item.shown_areas],
            )
        response = HttpResponse(content_type=feed.content_type)
        feed.write(response, "utf-8")
        return response

    @staticmethod
    def _shown_areas():
        return Prefetch(
            "thematic_areas",
            queryset=shown_pages(ThematicAreaPage.objects.all())
            .defer_streamfields()
            .order_by("path"),
            to_attr="shown_areas",
        )

    @path("rss/", name="rss_feed")
    def rss_feed(self, request):
        return self.feed(request, Rss201rev2Feed)

    @path("atom/", name="atom_feed")
    def atom_feed(self, request):
        return self.feed(request, Atom1Feed)

    @path("rss/<str:area>/", name="area_rss_feed")
    def area_rss_feed(self, request, area):
        return self.feed(request, Rss201rev2Feed, self.area_for_slug(area))

    @path("atom/<str:area>/", name="area_atom_feed")
    def area_atom_feed(self, request, area):
        return self.feed(request, Atom1Feed, self.area_for_slug(area))


class AuthorKind(models.TextChoices):
    ORGANIZATION = "organization", _("An organization or office")
    PERSON = "person", _("A person")


class NewsPageForm(PortalPageForm):
    """The linked states, rounds and areas as a checklist of each section's pages, in the order a
    reader looks for them (states and areas by name, rounds by number)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, ordering in (
            ("member_states", "title"),
            ("rounds", "-number"),
            ("thematic_areas", "title"),
        ):
            field = self.fields.get(name)
            if field is not None:
                field.queryset = field.queryset.defer_streamfields().order_by(ordering)


LINK_FIELDS = ("member_states", "rounds", "thematic_areas")


def _sorted_links(links):
    """States and areas by name as the reader's language sorts them, rounds by number."""
    return {
        "member_states": sorted(links["member_states"], key=lambda p: collation_key(p.title)),
        "rounds": sorted(links["rounds"], key=lambda p: (p.round_number or 0, p.path)),
        "thematic_areas": sorted(links["thematic_areas"], key=lambda p: collation_key(p.title)),
    }


def linked_pages(news_page):
    """The states, rounds and areas an item links to that the public site may show, as plain
    pages (a title and a URL is all a link needs), in one query for the three.

    In a preview the editor's choices are held in memory (modelcluster): they are looked up by
    their ids instead of through the link tables."""
    models_by_field = {name: related_model(name) for name in LINK_FIELDS}
    chosen = {name: getattr(news_page, name).all() for name in LINK_FIELDS}
    if all(isinstance(pages, QuerySet) for pages in chosen.values()):
        wanted = Q()
        for name in LINK_FIELDS:
            field = NewsPage._meta.get_field(name)
            rows = field.remote_field.through.objects.filter(
                **{field.m2m_field_name(): news_page.pk}
            )
            wanted |= Q(pk__in=rows.values(field.m2m_reverse_field_name()))
    else:
        wanted = Q(pk__in=[page.pk for pages in chosen.values() for page in pages])
    round_numbers = models_by_field["rounds"].objects.filter(pk=OuterRef("pk")).values("number")
    pages = shown_pages(Page.objects.filter(wanted)).annotate(
        round_number=Subquery(round_numbers[:1])
    )
    links = {name: [] for name in LINK_FIELDS}
    content_types = {
        ContentType.objects.get_for_model(model).pk: name for name, model in models_by_field.items()
    }
    for page in pages:
        name = content_types.get(page.content_type_id)
        if name is not None:
            links[name].append(page)
    return _sorted_links(links)


class NewsPage(PreciseDatesMixin, BasePage):
    date = models.DateField(_("date"), default=datetime.date.today)
    # An item about something the sources date by its month says so ("noviembre de 2025").
    date_precision = precision_field()
    author = models.CharField(
        _("author"),
        max_length=255,
        blank=True,
        help_text=_("A person or an office, e.g. “Secretaría Técnica del Proceso de Quito”."),
    )
    author_kind = models.CharField(
        _("the author is"),
        max_length=20,
        choices=AuthorKind.choices,
        default=AuthorKind.ORGANIZATION,
    )
    summary = models.TextField(
        _("summary"),
        help_text=_("One or two sentences, shown in lists, feeds and under the title."),
    )
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("alternative text"),
        max_length=255,
        blank=True,
        help_text=_("Describe the image for people who cannot see it. Required with an image."),
    )
    image_caption = models.CharField(_("caption"), max_length=255, blank=True)
    member_states = ParentalManyToManyField(
        "members.MemberStatePage",
        verbose_name=_("member states concerned"),
        blank=True,
        related_name="news_items",
    )
    rounds = ParentalManyToManyField(
        "rounds.RoundPage",
        verbose_name=_("rounds concerned"),
        blank=True,
        related_name="news_items",
    )
    thematic_areas = ParentalManyToManyField(
        "thematic_areas.ThematicAreaPage",
        verbose_name=_("thematic areas concerned"),
        blank=True,
        related_name="news_items",
    )

    objects = NewsPageManager()
    base_form_class = NewsPageForm

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("date_precision")]),
        FieldRowPanel([FieldPanel("author"), FieldPanel("author_kind")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("image_caption")],
            heading=_("Image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("member_states", widget=forms.CheckboxSelectMultiple),
                FieldPanel("rounds", widget=forms.CheckboxSelectMultiple),
                FieldPanel("thematic_areas", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("What the news is about"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("author"),
        index.FilterField("date"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    precise_dates = (("date", "date_precision"),)

    class Meta:
        verbose_name = _("news page")

    def clean(self):
        super().clean()
        errors = {}
        alt_field = build_localized_fieldname("image_alt", default_language())
        if self.image_id and not (getattr(self, alt_field, "") or "").strip():
            errors[alt_field] = _("Describe the image for people who cannot see it.")
        for code in language_codes():
            slug_field = build_localized_fieldname("slug", code)
            if getattr(self, slug_field, None) in RESERVED_SLUGS:
                errors[slug_field] = _("The news feeds use this address: choose another slug.")
        if errors:
            raise ValidationError(errors)

    # Feeds

    def published_at(self):
        """The item's date as a moment (midnight where the site is)."""
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time()))

    def updated_at(self):
        published = self.published_at()
        last = self.last_published_at
        return max(published, last) if last else published

    def feed_id(self):
        """The id of this item in the active language's feeds: the same whatever its title, slug
        or address become."""
        key = f"{self.translation_key}:{translation.get_language()}"
        return uuid.uuid5(FEED_ID_NAMESPACE, key).urn

    # Page

    def image_rendition(self):
        """The page's rendition of its image, with the image, in one query once it exists."""
        if not self.image_id:
            return None
        rendition_model = get_image_model().get_rendition_model()
        existing = list(
            rendition_model.objects.select_related("image").filter(
                image_id=self.image_id, filter_spec=PAGE_IMAGE
            )
        )
        if existing:
            image = existing[0].image
            key = Filter(spec=PAGE_IMAGE).get_cache_key(image)
            for rendition in existing:
                if rendition.focal_point_key == key:
                    return rendition
            return image.get_rendition(PAGE_IMAGE)
        return self.image.get_rendition(PAGE_IMAGE)

    def structured_data(self, context):
        """A schema.org NewsArticle: headline, dates, author, publisher, language, image.

        datePublished is the item's date as precise as it is ("2025-11" for a month);
        dateModified is the last time the page was published, when that is later."""
        request = context.get("request")
        absolute = request.build_absolute_uri if request is not None else str
        publisher = {
            "@type": "Organization",
            "name": str(_("Quito Process")),
            "logo": {"@type": "ImageObject", "url": absolute(static("img/logo.svg"))},
        }
        if self.author:
            kind = "Person" if self.author_kind == AuthorKind.PERSON else "Organization"
            author = {"@type": kind, "name": self.author}
        else:
            author = {"@type": "Organization", "name": publisher["name"]}
        url = self.get_url(request=request)
        data = {
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": self.summary,
            "datePublished": self.precise("date").iso(),
            "author": author,
            "publisher": publisher,
            "inLanguage": translation.get_language(),
        }
        # A page published before the day it is dated (an item prepared ahead) was not
        # modified after it: no dateModified earlier than datePublished.
        if self.last_published_at and self.last_published_at >= self.published_at():
            data["dateModified"] = timezone.localtime(self.last_published_at).isoformat(
                timespec="seconds"
            )
        if url:
            data["mainEntityOfPage"] = {"@type": "WebPage", "@id": absolute(url)}
        rendition = context.get("image_rendition")
        if rendition is not None:
            image = {
                "@type": "ImageObject",
                "url": absolute(rendition.url),
                "width": rendition.width,
                "height": rendition.height,
            }
            if self.image_caption or self.image_alt:
                image["caption"] = self.image_caption or self.image_alt
            data["image"] = [image]
        return data

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["image_rendition"] = self.image_rendition()
        if self.pk is None:  # the preview of a page not saved yet: no parent, no links yet
            return context
        # The index (from the menu's pages, no query) for its feeds and the way back to it.
        index = news_index(request)
        context["news_index"] = index
        context["feeds"] = feed_links(index, request)
        context.update(self.remembered_in_process("news-links", lambda: linked_pages(self)))
        return context
