"""Office contact fields, opening hours and the districts an office serves.

The districts served start as each office's own district, so the district -> office mapping
is never empty; where two offices of one organisation sit in the same district, the older
office (lower id) takes it, because a district has at most one office per organisation.
"""

from django.db import migrations, models


def serve_own_district(apps, schema_editor):
    Office = apps.get_model("core", "Office")
    taken = set()
    for office in Office.objects.order_by("pk"):
        key = (office.organisation_id, office.district_id)
        if key in taken:
            continue
        taken.add(key)
        office.districts_served.add(office.district_id)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_organisation_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="office",
            name="districts_served",
            field=models.ManyToManyField(
                blank=True,
                related_name="serving_offices",
                to="core.district",
                verbose_name="districts served",
            ),
        ),
        migrations.AddField(
            model_name="office",
            name="opening_hours",
            field=models.CharField(blank=True, max_length=300, verbose_name="opening hours"),
        ),
        migrations.AddField(
            model_name="office",
            name="place",
            field=models.CharField(blank=True, max_length=100, verbose_name="place"),
        ),
        migrations.AddField(
            model_name="office",
            name="postal_code",
            field=models.CharField(blank=True, max_length=5, verbose_name="postal code"),
        ),
        migrations.AddField(
            model_name="office",
            name="street",
            field=models.CharField(blank=True, max_length=200, verbose_name="street and number"),
        ),
        migrations.RunPython(serve_own_district, migrations.RunPython.noop),
    ]
