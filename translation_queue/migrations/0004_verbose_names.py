"""The models are named in the admin's language (the group editor lists the translation items)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("translation_queue", "0003_fingerprints_of_what_readers_see"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="pagetranslationrefresh",
            options={"verbose_name": "page translation refresh"},
        ),
        migrations.AlterModelOptions(
            name="sourcefingerprint",
            options={"verbose_name": "source fingerprint"},
        ),
        migrations.AlterModelOptions(
            name="translationitem",
            options={
                "ordering": ["page__path", "language", "position"],
                "verbose_name": "translation item",
            },
        ),
    ]
