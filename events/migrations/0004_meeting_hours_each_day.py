import datetime

from django.db import migrations, models
from django.db.models import F


def overnight(start_date, end_date, start_time, end_time):
    """Several days whose end time is not after its start time: it cannot be the hours of each
    day, so the meeting was one stretch from the first day's start to the last day's end."""
    return bool(
        start_time and end_time and end_date and end_date > start_date and end_time <= start_time
    )


def keep_overnight_meetings_continuous(apps, schema_editor):
    """Every other timed meeting of several days now reads as "these hours each day" (the
    default), the honest reading of a meeting's times; those that ran overnight stay one stretch,
    in the pages and in their revisions (a draft or a scheduled publication of one must still
    pass validation)."""
    MeetingPage = apps.get_model("events", "MeetingPage")
    MeetingPage.objects.filter(
        start_time__isnull=False,
        end_time__lte=F("start_time"),
        end_date__gt=F("start_date"),
    ).update(runs_continuously=True)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="events", model="meetingpage").first()
    if content_type is None:
        return
    revisions = Revision.objects.filter(content_type=content_type)
    for revision in revisions.iterator():
        content = revision.content or {}
        try:
            values = [
                parse(content.get(name))
                for parse, name in [
                    (datetime.date.fromisoformat, "start_date"),
                    (datetime.date.fromisoformat, "end_date"),
                    (datetime.time.fromisoformat, "start_time"),
                    (datetime.time.fromisoformat, "end_time"),
                ]
            ]
        except (TypeError, ValueError):  # a missing or empty value: not an overnight meeting
            continue
        if overnight(*values) and not content.get("runs_continuously"):
            content["runs_continuously"] = True
            Revision.objects.filter(pk=revision.pk).update(content=content)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_introduction_length_limit"),
    ]

    operations = [
        migrations.AddField(
            model_name="meetingpage",
            name="runs_continuously",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Tick it when a meeting of several days runs from the start time of its "
                    "first day to the end time of its last, overnight included. Unticked, the "
                    "times are the hours of each day."
                ),
                verbose_name="without a break between days",
            ),
        ),
        migrations.RunPython(keep_overnight_meetings_continuous, migrations.RunPython.noop),
    ]
