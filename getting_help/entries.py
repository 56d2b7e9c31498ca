"""The help directory that staff keep: HelpEntry (a snippet, its own item in the admin menu), one
organization's help in a member state or the whole region, for some needs; models.py exports it.
Apart from the help page so that the page's views (directory.py) can import it."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.pages.visibility import shown_q

from .choices import Need, ServedLanguage

# An entry not verified for this long is flagged: to visitors with its date, to staff on the
# dashboard.
STALE_AFTER_MONTHS = 6


def months_before(day, months):
    """The same day `months` months earlier (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def stale_before(today=None):
    """Entries last verified before this date (or never) are stale."""
    return months_before(today or timezone.localdate(), STALE_AFTER_MONTHS)


class ChoiceListField(models.CharField):
    """Several keys of a fixed list (`options`, a TextChoices class), stored as "health,work" and
    read as a list; edited with check boxes. Filter with `has_key`."""

    def __init__(self, *args, options=None, **kwargs):
        self.options = options
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path_, args, kwargs = super().deconstruct()
        kwargs["options"] = self.options
        return name, path_, args, kwargs

    @staticmethod
    def _split(value):
        return [key for key in value.split(",") if key]

    def from_db_value(self, value, expression, connection):
        return self._split(value) if value else []

    def to_python(self, value):
        if isinstance(value, (list, tuple)):
            return [str(key) for key in value]
        return self._split(value) if value else []

    def get_prep_value(self, value):
        if isinstance(value, (list, tuple)):
            # In the list's own order, so that an unchanged entry stores the same text.
            keys = [key for key, _label in self.options.choices if key in value]
            return ",".join(keys)
        # A lookup's value ("health", "health,") or a stored text, as it is.
        return "" if value is None else str(value)

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        unknown = [key for key in value or [] if key not in self.options.values]
        if unknown:
            raise ValidationError(
                _("Choose from the list: “%(value)s” is not one of its options."),
                code="invalid_choice",
                params={"value": unknown[0]},
            )
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def run_validators(self, value):
        # The stored text's length is bounded by the list itself.
        return None

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.options.choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name,
            help_text=self.help_text,
            **{key: kwargs[key] for key in ("initial",) if key in kwargs},
        )

    @staticmethod
    def has_key(field, key):
        """Q: the list in `field` holds `key` (keys never contain a comma)."""
        return (
            Q(**{field: key})
            | Q(**{f"{field}__startswith": f"{key},"})
            | Q(**{f"{field}__endswith": f",{key}"})
            | Q(**{f"{field}__contains": f",{key},"})
        )


# A telephone number as dialled from abroad: "+", the country code, then 6 to 14 more digits
# (ITU E.164 allows 15 in all). Spaces, dots, dashes and brackets are kept for reading.
INTERNATIONAL_NUMBER = re.compile(r"\+[1-9][0-9]{6,14}")
READING_MARKS = re.compile(r"[\s().\-]")


def dialable(number):
    """The number without its reading marks: "+51 1 234-5678" → "+5112345678"."""
    return READING_MARKS.sub("", number or "")


def validate_international_number(value):
    if not INTERNATIONAL_NUMBER.fullmatch(dialable(value)):
        raise ValidationError(
            _(
                "Write the number in international format: + and the country code first "
                "(+51 for Peru, +57 for Colombia), then the number."
            ),
            code="international_number",
        )


validate_web_address = URLValidator(
    schemes=["http", "https"],
    message=_("Write a web address that begins with https:// or http://."),
)


def keep_entries_of_a_deleted_state(collector, field, sub_objs, using):
    """A member state's page is deleted: its help entries are kept (staff wrote them) but hidden
    and no longer tied to a country, for staff to move or delete; never shown as region-wide."""
    collector.add_field_update(field, None, sub_objs)
    collector.add_field_update(HelpEntry._meta.get_field("shown"), False, sub_objs)


class HelpEntryQuerySet(models.QuerySet):
    def shown(self):
        """Entries that visitors see, with their country's page, which must be shown too."""
        return self.filter(Q(shown=True) & (Q(country__isnull=True) | shown_q("country")))

    def for_need(self, need):
        """Entries that help with `need`, and those for any need (general guidance)."""
        if not need:
            return self
        return self.filter(ChoiceListField.has_key("needs", need) | Q(needs=""))

    def stale(self, today=None):
        """Entries not verified for STALE_AFTER_MONTHS months, or never."""
        return self.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=stale_before(today)))


class HelpEntryForm(WagtailAdminModelForm):
    """Records who verified an entry when staff give a new date and leave the name empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own check of an address runs first: it gives the same message as ours.
        if "website" in self.fields:
            self.fields["website"].error_messages["invalid"] = validate_web_address.message

    def clean(self):
        cleaned = super().clean()
        verified = cleaned.get("last_verified")
        changed = "last_verified" in self.changed_data
        if verified and changed and not cleaned.get("verified_by") and self.for_user:
            cleaned["verified_by"] = self.for_user.get_full_name() or self.for_user.get_username()
            self.instance.verified_by = cleaned["verified_by"]
        if verified and verified > timezone.localdate():
            self.add_error(
                "last_verified", _("The date of a verification cannot be in the future.")
            )
        return cleaned


class HelpEntry(models.Model):
    """One organization's help, in one country or anywhere in the region, for some needs."""

    country = models.ForeignKey(
        "members.MemberStatePage",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=keep_entries_of_a_deleted_state,
        related_name="help_entries",
        help_text=_("Leave empty for help anywhere in the region."),
    )
    needs = ChoiceListField(
        _("needs"),
        options=Need,
        help_text=_("What a person can ask this organization for. None: general guidance."),
    )
    organization = models.CharField(_("organization"), max_length=255)
    offer = models.TextField(
        _("what it offers"),
        help_text=_("In plain words: who can ask, for what, and what to bring."),
    )
    phone = models.CharField(
        _("telephone"),
        max_length=40,
        blank=True,
        validators=[validate_international_number],
        help_text=_("In international format, starting with + and the country code."),
    )
    whatsapp = models.CharField(
        _("WhatsApp"),
        max_length=40,
        blank=True,
        validators=[validate_international_number],
        help_text=_("In international format, starting with + and the country code."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(
        _("web address"), max_length=500, blank=True, validators=[validate_web_address]
    )
    address = models.TextField(_("address"), blank=True)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=255,
        blank=True,
        help_text=_("For example: Monday to Friday, 9:00 to 13:00."),
    )
    languages = ChoiceListField(_("languages served"), options=ServedLanguage)
    last_verified = models.DateField(
        _("last verified on"),
        null=True,
        blank=True,
        help_text=_(
            "The day someone confirmed these details with the organization. Visitors see the "
            "month; after six months the entry is flagged on the dashboard."
        ),
    )
    verified_by = models.CharField(
        _("verified by"),
        max_length=255,
        blank=True,
        help_text=_("Left empty, your own name is recorded when you change the date."),
    )
    shown = models.BooleanField(
        _("shown on the site"),
        default=True,
        help_text=_("Untick to hide the entry from visitors without deleting it."),
    )
    staff_note = models.TextField(
        _("note for staff"),
        blank=True,
        help_text=_("Never shown to visitors: where the details come from, what to check."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = HelpEntryQuerySet.as_manager()

    base_form_class = HelpEntryForm
    panels = [
        FieldRowPanel([FieldPanel("country"), FieldPanel("shown")]),
        FieldPanel("organization"),
        FieldPanel("offer"),
        FieldPanel("needs"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("phone"), FieldPanel("whatsapp")]),
                FieldRowPanel([FieldPanel("email"), FieldPanel("website")]),
                FieldPanel("address"),
                FieldPanel("opening_hours"),
                FieldPanel("languages"),
            ],
            heading=_("How to reach it"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("last_verified"), FieldPanel("verified_by")])],
            heading=_("Verification"),
        ),
        FieldPanel("staff_note"),
    ]

    class Meta:
        verbose_name = _("help directory entry")
        verbose_name_plural = _("help directory")
        ordering = ["organization"]

    def __str__(self):
        return self.organization

    @property
    def is_stale(self):
        return self.last_verified is None or self.last_verified < stale_before()

    @property
    def verified_text(self):
        """When the entry was last verified, to the month: all a visitor needs to judge it."""
        if self.last_verified is None:
            return gettext("Not verified yet: confirm with the organization before you go.")
        text = gettext("Last verified: %(month)s") % {
            "month": date_format(self.last_verified, "YEAR_MONTH_FORMAT")
        }
        if self.is_stale:
            text += " " + gettext("(more than six months ago: confirm before you go)")
        return text

    @property
    def anchor(self):
        return f"entry-{self.pk}"

    @property
    def phone_dialable(self):
        return dialable(self.phone)

    @property
    def whatsapp_link(self):
        return f"https://wa.me/{dialable(self.whatsapp).lstrip('+')}" if self.whatsapp else ""

    def need_labels(self):
        return [str(Need(key).label) for key in self.needs if key in Need.values]

    def language_labels(self):
        return [
            str(ServedLanguage(key).label) for key in self.languages if key in ServedLanguage.values
        ]
