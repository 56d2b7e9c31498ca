"""The help directory as visitors read it: the country and need chosen in the help page's form,
the entries that answer them (the country's own first, then those for the whole region), each
with its text to share. Nothing here can fail on what a visitor types."""

from urllib.parse import quote, urlencode

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.i18n.languages import collation_key
from core.pages.listing import one_value
from core.pages.visibility import shown_pages

from .choices import Need
from .entries import HelpEntry

# Longer than any country code or need key: the rest of a pasted value is not worth echoing.
MAX_ECHOED_LENGTH = 40


def member_states():
    """The member states a visitor can choose, by name in the visitor's language."""
    model = HelpEntry._meta.get_field("country").related_model
    states = shown_pages(model.objects.all()).order_by()
    return sorted(states, key=lambda state: collation_key(state.title))


class DirectoryChoice:
    """The country (a member state's page) and the need read from the query string
    (`?country=PE&need=education`, the same in every language); `problems` says, in the
    visitor's language, which value names nothing the form offers."""

    def __init__(self, query, states):
        self.country, self.need, self.problems = None, "", []
        country = one_value(query, "country").strip()
        need = one_value(query, "need").strip()
        if country:
            by_code = {state.country.code: state for state in states}
            self.country = by_code.get(country.upper())
            if self.country is None:
                self.problems.append(
                    _("“%(value)s” is not a country of the list. Choose a country below.")
                    % {"value": Truncator(country).chars(MAX_ECHOED_LENGTH)}
                )
        if need:
            if need.lower() in Need.values:
                self.need = need.lower()
            else:
                self.problems.append(
                    _("“%(value)s” is not one of the needs of the list. Choose one below.")
                    % {"value": Truncator(need).chars(MAX_ECHOED_LENGTH)}
                )

    @property
    def need_label(self):
        return Need(self.need).label if self.need else ""

    def query_string(self):
        values = {"country": self.country.country.code if self.country else "", "need": self.need}
        return urlencode({name: value for name, value in values.items() if value})


def _in_order(entries, need):
    # Entries for the need itself before those for any need; then by name, as a reader sorts.
    return sorted(
        entries,
        key=lambda entry: (
            bool(need) and need not in entry.needs,
            collation_key(entry.organization),
        ),
    )


def region_wide_entries(need):
    """The shown entries for the whole region that help with `need` (or with anything), those
    for the need first: what a section's page about that need can point to (one query)."""
    return _in_order(list(HelpEntry.objects.shown().for_need(need).filter(country=None)), need)


def entry_address(page, request, entry):
    """The entry's place on the help page: with its country chosen, at its anchor."""
    query = f"?country={entry.country.country.code}" if entry.country_id else ""
    return f"{page.get_full_url(request)}{query}#{entry.anchor}"


def entry_text(entry, address):
    """The entry as plain text, for a message: what the visitor would copy by hand."""
    lines = [entry.organization, entry.offer]
    if entry.needs:
        lines.append(_("Help with: %(needs)s") % {"needs": ", ".join(entry.need_labels())})
    contacts = [
        (_("Telephone"), entry.phone),
        (_("WhatsApp"), entry.whatsapp),
        (_("E-mail"), entry.email),
        (_("Web"), entry.website),
        (_("Address"), " ".join(entry.address.split())),
        (_("Opening hours"), entry.opening_hours),
        (_("Languages"), ", ".join(entry.language_labels())),
    ]
    lines += [f"{label}: {value}" for label, value in contacts if value]
    lines += [entry.verified_text, address]
    return "\n".join(line.strip() for line in lines if line.strip())


def share_links(entry, text, address):
    """Links that messaging apps open with the entry's text; no tracker, no script."""
    without_address = text.removesuffix(address).rstrip()
    return [
        ("WhatsApp", f"https://wa.me/?text={quote(text)}"),
        (
            "Telegram",
            f"https://t.me/share/url?url={quote(address, safe='')}&text={quote(without_address)}",
        ),
        (_("SMS"), f"sms:?&body={quote(text)}"),
        (_("E-mail"), f"mailto:?subject={quote(entry.organization)}&body={quote(text)}"),
    ]


def prepare(entries, page, request):
    """Each entry with its verification text, plain text and share links."""
    for entry in entries:
        entry.address_on_site = entry_address(page, request, entry)
        entry.text_url = page.get_url(request) + page.reverse_subpage("entry_text", args=[entry.pk])
        entry.text = entry_text(entry, entry.address_on_site)
        entry.share_links = share_links(entry, entry.text, entry.address_on_site)
    return entries


def directory_context(page, request):
    """What the help page shows for the visitor's choice."""
    states = member_states()
    choice = DirectoryChoice(request.GET, states)
    entries = HelpEntry.objects.shown().for_need(choice.need).select_related("country")
    if choice.country is not None:
        entries = entries.filter(Q(country=None) | Q(country=choice.country))
    else:
        entries = entries.filter(country=None)
    entries = list(entries)
    own = _in_order([entry for entry in entries if entry.country_id], choice.need)
    regional = _in_order([entry for entry in entries if not entry.country_id], choice.need)
    # Nobody across the region for this need: those who guide on anything still can say whom to
    # ask, so the visitor never leaves with an empty list.
    regional_for_any_need = False
    if not regional and choice.need:
        regional = _in_order(list(HelpEntry.objects.shown().filter(country=None)), "")
        regional_for_any_need = bool(regional)
    return {
        "states": states,
        "choice": choice,
        "problems": choice.problems,
        "needs": Need.choices,
        "own_entries": prepare(own, page, request),
        "regional_entries": prepare(regional, page, request),
        "regional_for_any_need": regional_for_any_need,
    }


def entry_text_response(page, request, entry_id):
    """One shown entry as plain text (to copy into any message); 404 for any other number."""
    entry = HelpEntry.objects.shown().select_related("country").filter(pk=entry_id).first()
    if entry is None:
        raise Http404(_("There is no such entry in the help directory."))
    text = entry_text(entry, entry_address(page, request, entry))
    response = HttpResponse(text + "\n", content_type="text/plain; charset=utf-8")
    response["X-Robots-Tag"] = "noindex"
    return response
