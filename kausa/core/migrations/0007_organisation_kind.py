from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_move_replaced_occupations"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("landesstelle", "KAUSA state office (KAUSA-Landesstelle)"),
                    ("koordinierungsstelle", "coordination office (Koordinierungsstelle)"),
                    ("regionalstelle", "regional office (Regionalstelle)"),
                    ("other", "other (named by its name only)"),
                ],
                default="other",
                max_length=30,
                verbose_name="kind",
            ),
        ),
    ]
