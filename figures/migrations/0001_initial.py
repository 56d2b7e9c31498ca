# Figures as records, before the pages' own figure fields are removed.

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('home', '0002_regional_figure'),
        ('members', '0002_memberstatepage_r4v_platform_name_and_more'),
    ]

    operations = [
        migrations.CreateModel(
            name='RegionalFigure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('measure', models.CharField(choices=[('hosted', 'Refugees and migrants from Venezuela hosted'), ('regularisation_permits', 'Residence and regularisation permits granted'), ('asylum_claims', 'Pending asylum claims')], default='hosted', max_length=40, verbose_name='what it counts')),
                ('value', models.PositiveBigIntegerField(verbose_name='figure')),
                ('as_of', models.DateField(help_text='When the source gives only a month, use the first day of that month.', verbose_name='reference date')),
                ('source_name', models.CharField(default='R4V', max_length=255, verbose_name='source')),
                ('source_url', models.URLField(blank=True, verbose_name='address of the source')),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='regional_figures', to='home.homepage')),
            ],
            options={
                'verbose_name': 'regional figure',
                'verbose_name_plural': 'regional figures',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='StateFigure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('measure', models.CharField(choices=[('hosted', 'Refugees and migrants from Venezuela hosted'), ('regularisation_permits', 'Residence and regularisation permits granted'), ('asylum_claims', 'Pending asylum claims')], default='hosted', max_length=40, verbose_name='what it counts')),
                ('value', models.PositiveBigIntegerField(verbose_name='figure')),
                ('as_of', models.DateField(help_text='When the source gives only a month, use the first day of that month.', verbose_name='reference date')),
                ('source_name', models.CharField(default='R4V', max_length=255, verbose_name='source')),
                ('source_url', models.URLField(blank=True, verbose_name='address of the source')),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='figures', to='members.memberstatepage')),
            ],
            options={
                'verbose_name': 'figure',
                'verbose_name_plural': 'figures',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
    ]
