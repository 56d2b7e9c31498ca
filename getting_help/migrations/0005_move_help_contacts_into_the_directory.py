"""The help page's contacts become help directory entries, none lost:

- each published contact becomes a shown entry, in its member state when the site has that
  state's page;
- a contact for a country without a member state page becomes a hidden, region-less entry, and
  so does a contact that only an unpublished draft of the help page holds (a new one or an edit):
  staff decide, the note for staff says why;
- no contact was ever verified on a known date: each entry's date stays empty, which the
  dashboard lists as "to verify".

Going back turns each entry into a contact of the help page again (its country's ISO code)."""

from django.db import migrations

LANGUAGES = ("es", "en", "pt")
NOT_VERIFIED = (
    "Trasladado desde los contactos de la página de ayuda: nadie registró cuándo se verificó. "
    "Confirme los datos con la organización y anote la fecha."
)
NO_STATE_PAGE = (
    " Era un contacto para el país {code}, que no tiene página de Estado miembro: elija el país "
    "o déjelo para toda la región, y vuelva a mostrarlo."
)
DRAFT_ONLY = (
    " Solo estaba en un borrador sin publicar de la página de ayuda: revíselo antes de mostrarlo."
)


def _texts(source, name, target):
    fields = {}
    for code in LANGUAGES:
        fields[f"{target}_{code}"] = source.get(f"{name}_{code}") or (
            "" if target == "address" else None
        )
    fields[target] = source.get(f"{name}_es") or source.get(name) or ""
    return fields


def _entry_fields(source):
    """The entry's fields from a contact (a row's values or a revision's JSON)."""
    return {
        **_texts(source, "organization", "organization"),
        **_texts(source, "helps_with", "offer"),
        **_texts(source, "address", "address"),
        "website": source.get("url") or "",
    }


def _signature(source):
    return tuple(sorted((key, value or "") for key, value in _entry_fields(source).items())) + (
        source.get("country") or "",
    )


def contacts_to_entries(apps, schema_editor):
    import json

    HelpPage = apps.get_model("getting_help", "HelpPage")
    HelpContact = apps.get_model("getting_help", "HelpContact")
    HelpEntry = apps.get_model("getting_help", "HelpEntry")
    MemberStatePage = apps.get_model("members", "MemberStatePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    states = {page.country: page for page in MemberStatePage.objects.all()}

    def create(source, shown, note):
        code = source.get("country") or ""
        state = states.get(code)
        if code and state is None:
            shown, note = False, note + NO_STATE_PAGE.format(code=code)
        HelpEntry.objects.create(
            country=state, shown=shown, staff_note=note, **_entry_fields(source)
        )

    for page in HelpPage.objects.all():
        published = []
        for contact in HelpContact.objects.filter(page=page).order_by("sort_order", "pk"):
            values = {field.attname: getattr(contact, field.attname) for field in contact._meta.fields}
            published.append(_signature(values))
            create(values, True, NOT_VERIFIED)
        if not (page.has_unpublished_changes and page.latest_revision_id):
            continue
        revision = Revision.objects.filter(pk=page.latest_revision_id).first()
        content = revision.content if revision else {}
        if isinstance(content, str):
            content = json.loads(content)
        for values in content.get("contacts", []):
            if _signature(values) not in published:
                create(values, False, NOT_VERIFIED + DRAFT_ONLY)


def entries_to_contacts(apps, schema_editor):
    HelpPage = apps.get_model("getting_help", "HelpPage")
    HelpContact = apps.get_model("getting_help", "HelpContact")
    HelpEntry = apps.get_model("getting_help", "HelpEntry")
    page = HelpPage.objects.first()
    if page is None:
        return
    for order, entry in enumerate(HelpEntry.objects.select_related("country").order_by("pk")):
        fields = {"url": entry.website, "country": entry.country.country if entry.country else ""}
        for code in LANGUAGES:
            fields[f"organization_{code}"] = getattr(entry, f"organization_{code}")
            fields[f"helps_with_{code}"] = getattr(entry, f"offer_{code}")
            fields[f"address_{code}"] = getattr(entry, f"address_{code}") or ""
        fields.update(
            organization=entry.organization, helps_with=entry.offer, address=entry.address
        )
        HelpContact.objects.create(page=page, sort_order=order, **fields)


class Migration(migrations.Migration):
    dependencies = [
        ("getting_help", "0004_help_directory_entries"),
        ("members", "0005_introduction_length_limit"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(contacts_to_entries, entries_to_contacts)]
