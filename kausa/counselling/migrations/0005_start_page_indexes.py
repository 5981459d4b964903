from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("counselling", "0004_session_and_consent_date_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="case", name="counselling_office__34f111_idx"),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["office", "closed_at", "opened_on"], name="case_office_open"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["opened_on"], name="case_opened_on"),
        ),
        migrations.RemoveIndex(model_name="consent", name="consent_withdrawn_on"),
        migrations.AddIndex(
            model_name="consent",
            index=models.Index(
                condition=models.Q(("withdrawn_on__isnull", False)),
                fields=["withdrawn_on"],
                name="consent_withdrawn_on",
            ),
        ),
    ]
