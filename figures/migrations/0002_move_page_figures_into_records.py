"""The figures typed on the pages (a member state's hosted_figure, the home page's
regional_figure) become the first records, before those fields are removed.

The live values become rows. A page whose latest revision (a draft, or one waiting for
moderation) holds another figure gets that figure into the revision's content as a new record,
so that the editor finds it when opening the page and it is published with the page.
"""

import datetime
from urllib.parse import urlsplit

from django.db import migrations

FIELDS = {
    # page model: (figure field, date field, source URL field, records relation)
    ("members", "MemberStatePage"): ("hosted_figure", "hosted_as_of", "hosted_source_url", "figures"),
    ("home", "HomePage"): (
        "regional_figure",
        "regional_figure_as_of",
        "regional_figure_source_url",
        "regional_figures",
    ),
}
RECORDS = {("members", "MemberStatePage"): "StateFigure", ("home", "HomePage"): "RegionalFigure"}


def source_name(url):
    host = urlsplit(url or "").hostname or ""
    if not host or host.endswith("r4v.info"):
        return "R4V"  # every figure on the site so far was R4V's
    return host.removeprefix("www.")


def reference_date(as_of, page):
    # A figure saved before its date became required: the day it was last published stands in.
    if as_of:
        return as_of
    moment = page.last_published_at or page.latest_revision_created_at
    return moment.date() if moment else datetime.date.today()


def record_data(value, as_of, url, pk=None):
    return {
        "pk": pk,
        "sort_order": 0,
        "measure": "hosted",
        "value": value,
        "as_of": as_of.isoformat() if hasattr(as_of, "isoformat") else as_of,
        "source_name": source_name(url),
        "source_url": url or "",
    }


def forwards(apps, schema_editor):
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for (app_label, model_name), (figure, date, url, relation) in FIELDS.items():
        Page = apps.get_model(app_label, model_name)
        Record = apps.get_model("figures", RECORDS[(app_label, model_name)])
        content_type = ContentType.objects.filter(app_label=app_label, model=model_name.lower())
        for page in Page.objects.all():
            live = None
            if getattr(page, figure) is not None:
                live = Record.objects.create(
                    page=page,
                    sort_order=0,
                    measure="hosted",
                    value=getattr(page, figure),
                    as_of=reference_date(getattr(page, date), page),
                    source_name=source_name(getattr(page, url)),
                    source_url=getattr(page, url) or "",
                )
            revision = (
                Revision.objects.filter(
                    content_type__in=content_type, object_id=str(page.pk)
                )
                .order_by("-created_at", "-pk")
                .first()
            )
            if revision is None or figure not in revision.content:
                continue
            content = dict(revision.content)
            draft = (content.pop(figure), content.pop(date, None), content.pop(url, ""))
            records = []
            if live is not None:
                records.append(record_data(live.value, live.as_of, live.source_url, live.pk))
            if draft[0] is not None and (
                live is None or (draft[0], str(draft[1])) != (live.value, live.as_of.isoformat())
            ):
                records.append(
                    record_data(draft[0], draft[1] or reference_date(None, page), draft[2])
                )
            for position, record in enumerate(records):
                record["sort_order"] = position
                record["page"] = page.pk
            content[relation] = records
            revision.content = content
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("figures", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
