"""The shared page base, section index base, the generic content page and the footer setting."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, validate_slug, validate_unicode_slug
from django.db import models
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from core.caching.process_memo import remember_in_process
from core.i18n.languages import default_language, language_codes, language_name

from .blocks import BodyBlock
from .forms import PortalPageForm, SelfNamingPageForm
from .permissions import PortalPagePermissionTester

# One or two sentences, as the help text says; listings and search results show it whole.
INTRO_MAX_LENGTH = 600


def intro_field():
    # A TextField's max_length only sizes the form's textarea: the validator is what refuses a
    # longer text, in the admin form and in full_clean().
    return models.TextField(
        _("introduction"),
        blank=True,
        max_length=INTRO_MAX_LENGTH,
        validators=[MaxLengthValidator(INTRO_MAX_LENGTH)],
        help_text=_(
            "One or two sentences shown under the title and in listings (at most 600 characters)."
        ),
    )


def body_field():
    return StreamField(BodyBlock(), blank=True, verbose_name=_("body"))


class BilingualPreviewMixin:
    """Preview in every language: the admin's preview offers "Español" and "English"."""

    @property
    def preview_modes(self):
        return [(code, language_name(code)) for code in language_codes()]

    @property
    def default_preview_mode(self):
        return default_language()

    def serve_preview(self, request, mode_name):
        language = mode_name if mode_name in language_codes() else default_language()
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = super().serve_preview(request, mode_name)
            # Render now: a TemplateResponse would otherwise render after the override ends.
            if hasattr(response, "render"):
                response.render()
        return response


class PreviewedRoutablePageMixin(RoutablePageMixin):
    """Wagtail's RoutablePageMixin (sub-paths such as feeds and calendar files), whose own
    preview would skip the language the editor chose: it previews in that language."""

    def serve_preview(self, request, mode_name):
        return BilingualPreviewMixin.serve_preview(self, request, mode_name)


class SelfNamingPageMixin:
    """A page that can name itself in every language (a country, a round number).

    Empty titles and slugs are filled per language before Wagtail validates the page, so the
    editor may leave them empty: /es/estados-miembros/peru/ and /en/member-states/peru/.
    """

    base_form_class = SelfNamingPageForm

    def default_title(self, language):
        raise NotImplementedError

    def full_clean(self, *args, **kwargs):
        for code in language_codes():
            title_field = build_localized_fieldname("title", code)
            if not getattr(self, title_field):
                setattr(self, title_field, self.default_title(code) or "")
        # BasePage.full_clean gives each language with a title its own slug.
        super().full_clean(*args, **kwargs)


def slug_validator():
    """Wagtail's rule for slugs (WAGTAIL_ALLOW_UNICODE_SLUGS), which its model field leaves to
    the admin's script: without Unicode slugs, ASCII letters, digits, "-" and "_" only."""
    if getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True):
        return validate_unicode_slug
    return validate_slug


def localized_slug_errors(page):
    """Each language's slug checked as Wagtail checks `slug`: its characters, and that no sibling
    has the same address in that language ({field name: message}).

    A language without its own slug is served at the default language's slug
    (wagtail-modeltranslation), so that is the slug compared there. A page being added has no
    place in the tree yet: its admin form says where it goes (PortalPageForm).
    """
    slug_names = {code: build_localized_fieldname("slug", code) for code in language_codes()}
    default_name = slug_names[default_language()]
    errors = {}
    for name in slug_names.values():
        value = getattr(page, name, None)
        if value:
            try:
                slug_validator()(value)
            except ValidationError as error:
                errors[name] = error.messages
    parent = page.get_parent() if page.path else getattr(page, "parent_for_validation", None)
    if parent is None:  # the root, or a page with no place yet
        return errors

    def effective(row, code):
        return row[slug_names[code]] or row[default_name]

    mine = {name: getattr(page, name, None) or "" for name in slug_names.values()}
    wanted = {code: effective(mine, code) for code in slug_names}
    if not any(wanted.values()):
        return errors
    lookups = models.Q()
    for value in set(filter(None, wanted.values())):
        for name in slug_names.values():
            lookups |= models.Q(**{name: value})
    siblings = Page.objects.child_of(parent).filter(lookups)
    if page.pk:
        siblings = siblings.exclude(pk=page.pk)
    for row in siblings.values(*slug_names.values()):
        for code, name in slug_names.items():
            if name not in errors and wanted[code] and effective(row, code) == wanted[code]:
                errors[name] = _(
                    "The slug '%(page_slug)s' is already in use within the parent page."
                ) % {"page_slug": wanted[code]}
    return errors


def fill_empty_slugs(page):
    """Give each language whose title differs from the default language's, and that has no slug
    of its own, a slug made from its title: an English title is served at an English address
    (/en/news/the-12th-round/), not at the Spanish slug that modeltranslation falls back to.
    A sibling's address in that language is never taken: "-2", "-3"... follow."""
    default_title = getattr(page, build_localized_fieldname("title", default_language()), "")
    for code in language_codes():
        slug_field = build_localized_fieldname("slug", code)
        title = getattr(page, build_localized_fieldname("title", code), "") or ""
        if getattr(page, slug_field) or not title.strip():
            continue
        if code != default_language() and title.strip() == (default_title or "").strip():
            continue  # the same title: the default language's slug is this language's too
        base = slugify(title)  # ASCII: valid whatever WAGTAIL_ALLOW_UNICODE_SLUGS says
        if not base:
            continue
        candidate, number = base, 1
        setattr(page, slug_field, candidate)
        while slug_field in localized_slug_errors(page):
            number += 1
            candidate = f"{base[:240]}-{number}"
            setattr(page, slug_field, candidate)


def require_date_of_figure(figure, as_of, date_field):
    """A figure means nothing without the date it refers to: the form says so at the date."""
    if figure is not None and not as_of:
        raise ValidationError({date_field: _("Give the date the figure refers to.")})


class BasePage(BilingualPreviewMixin, Page):
    """Every page of the site: an introduction and a body in each language, previewed in each
    language, searchable, and answering with the portal's permission rules."""

    intro = intro_field()
    body = body_field()

    base_form_class = PortalPageForm
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs):
        fill_empty_slugs(self)
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = localized_slug_errors(self)
        if errors:
            raise ValidationError(errors)

    def permissions_for_user(self, user):
        # Editing alone never deletes, moves or copies a page (see core.pages.permissions).
        return PortalPagePermissionTester(user, self)

    def structured_data(self, context):
        """schema.org data that describes this page's subject (JSON-LD), or None."""
        return None

    def meta_description(self):
        """What search results and sharing previews show under the title: the search
        description staff wrote, else the introduction, else what the page type says of its
        subject. Never empty on a page with a title."""
        return (self.search_description or self.intro or self.describes_itself()).strip()

    def describes_itself(self):
        """A sentence a page type can build from its own fields when no one wrote one."""
        return self.title

    # The content block is the same for every visitor of the same address (no form, no user):
    # base.html renders it once a generation of the page cache. A page type with a form or
    # anything else personal sets this to False.
    content_is_shared = True

    @property
    def shared_content_key(self):
        """What base.html remembers the page's content under, or None (not remembered)."""
        return self.pk if self.content_is_shared else None

    def remembered_in_process(self, name, compute, *vary, keep=None):
        """compute(), remembered in this process for this page and language per generation of
        the page cache (core.caching.process_memo, docs/architecture.md "Caching"): what the page
        shows of other pages, worked out once. No date in the key: an entry lives at most
        PAGE_CACHE_SECONDS, as a cached page does, so "the next meeting" turns over with the
        cached pages after midnight. A page not saved yet (a preview) works it out every time."""
        if self.pk is None:
            return compute()
        key = (name, self.pk, translation.get_language(), *vary)
        return remember_in_process(key, compute, keep=keep)

    def get_view_restrictions(self):
        """The view restrictions on this page or an ancestor, in one query (Wagtail's own loads
        the ancestors first): an ancestor's tree path is a prefix of this page's. Aliases, whose
        restrictions are their source page's, keep Wagtail's way."""
        if self.alias_of_id:
            return super().get_view_restrictions()
        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        return PageViewRestriction.objects.filter(page__path__in=paths)


class SectionIndexPage(BasePage):
    """A section's landing page (Member States, Rounds...): one per site, under the home page;
    each section's get_context prepares what it lists."""

    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        abstract = True


class StandardPage(BasePage):
    """A generic content page, such as "About the Quito Process"."""

    parent_page_types = ["home.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


SOCIAL_NETWORKS = [
    ("facebook", "Facebook"),
    ("x", "X (Twitter)"),
    ("instagram", "Instagram"),
    ("youtube", "YouTube"),
    ("linkedin", "LinkedIn"),
    ("flickr", "Flickr"),
]


class SocialLinkValue(blocks.StructValue):
    def network_name(self):
        return dict(SOCIAL_NETWORKS).get(self.get("network"), self.get("network"))


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(label=_("Network"), choices=SOCIAL_NETWORKS)
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "site"
        label = _("Social network link")
        value_class = SocialLinkValue


@register_setting(icon="list-ul")
class FooterSettings(BaseSiteSetting):
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    social_links = StreamField(
        [("social_link", SocialLinkBlock())], blank=True, verbose_name=_("social network links")
    )

    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("address"),
        FieldPanel("social_links"),
        FieldPanel("accessibility_page"),
        FieldPanel("privacy_page"),
    ]

    class Meta:
        verbose_name = _("footer")
