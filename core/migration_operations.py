"""Migration operations for models that moved here from another app (quito_portal, translations).

Databases created before the move keep their rows: the old table is renamed and the content types
are relabelled, so pages, revisions, permissions and log entries (which point at content type ids)
stay as they were. On a new database the models are simply created.
"""

from django.db import migrations


class AdoptOrCreateModel(migrations.CreateModel):
    """CreateModel, except that when the table the model's previous app created (`old_table`)
    exists, it is renamed to this model's table instead."""

    def __init__(self, *args, old_table, **kwargs):
        self.old_table = old_table
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, args, {**kwargs, "old_table": self.old_table}

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.name)
        if self.old_table in schema_editor.connection.introspection.table_names():
            schema_editor.alter_db_table(model, self.old_table, model._meta.db_table)
        else:
            super().database_forwards(app_label, schema_editor, from_state, to_state)


def relabel_content_types(old_app_label, new_app_label, model_names):
    """A RunPython operation giving the old app's content types of these models the new label."""

    def forwards(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in model_names:
            if not ContentType.objects.filter(app_label=new_app_label, model=model).exists():
                ContentType.objects.filter(app_label=old_app_label, model=model).update(
                    app_label=new_app_label
                )

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)
