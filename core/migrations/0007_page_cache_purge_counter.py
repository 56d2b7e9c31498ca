from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_portuguese"),
    ]

    operations = [
        migrations.CreateModel(
            name="PageCachePurgeCounter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("purges", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "page cache purge counter",
            },
        ),
    ]
