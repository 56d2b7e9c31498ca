"""Fingerprints are now taken of a text as a parser reads it, without Draftail's paragraph ids
(translation_queue.markup.canonical): recompute the stored ones from the texts they keep."""

from django.db import migrations


def recompute(apps, schema_editor):
    from translation_queue.models import fingerprint

    SourceFingerprint = apps.get_model("translation_queue", "SourceFingerprint")
    changed = []
    for row in SourceFingerprint.objects.only("pk", "source_text", "source_hash").iterator():
        value = fingerprint(row.source_text)
        if row.source_hash != value:
            row.source_hash = value
            changed.append(row)
    SourceFingerprint.objects.bulk_update(changed, ["source_hash"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("translation_queue", "0002_import_translation_files_permission")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
