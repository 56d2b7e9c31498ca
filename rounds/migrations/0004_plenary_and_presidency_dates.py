"""A round's dates become its plenary's (start_date -> plenary_start, end_date -> plenary_end);
the next migration adds the Pro Tempore Presidency's own span.

Revisions keep a page's fields by name: their content is renamed too, or a round opened in the
admin (which edits its latest revision) would lose its dates.
"""

from django.db import migrations

RENAMED = {"start_date": "plenary_start", "end_date": "plenary_end"}


def rename_in_revisions(renamed):
    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Revision = apps.get_model("wagtailcore", "Revision")
        content_type = ContentType.objects.filter(app_label="rounds", model="roundpage").first()
        if content_type is None:
            return
        for revision in Revision.objects.filter(content_type=content_type).iterator():
            content = revision.content
            if not any(old in content for old in renamed):
                continue
            revision.content = {renamed.get(key, key): value for key, value in content.items()}
            revision.save(update_fields=["content"])

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0003_introduction_length_limit"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RenameField("roundpage", "start_date", "plenary_start"),
        migrations.RenameField("roundpage", "end_date", "plenary_end"),
        migrations.RunPython(
            rename_in_revisions(RENAMED),
            rename_in_revisions({new: old for old, new in RENAMED.items()}),
        ),
    ]
