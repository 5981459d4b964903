"""Move people's wishes and places from replaced occupations to their successors.

The post-migrate sync does the same after every migrate; running it here as well means an
upgrade moves the rows at once. During this migration the successor rows may not exist yet
(the sync that inserts them runs after migrate): the move works from the shipped reference
data and creates a successor row only when something has to move to it, and does nothing on
a fresh database. It uses the historical models, never the current ones. Not reversible in
meaning (the old occupations are no longer offered), so the reverse step does nothing.
"""

from django.db import migrations


def move_forward(apps, schema_editor):
    from kausa.core.reference_sync import move_replaced_occupations

    move_replaced_occupations(using=schema_editor.connection.alias, apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_occupation_validity"),
        ("people", "0003_personsensitive_gender"),
        ("vacancies", "0002_vacancy_ba_import_fields"),
    ]

    operations = [
        migrations.RunPython(move_forward, migrations.RunPython.noop),
    ]
