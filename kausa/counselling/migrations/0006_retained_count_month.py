from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("counselling", "0005_start_page_indexes"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="retainedcount", name="retained_count_unique"),
        migrations.AddField(
            model_name="retainedcount",
            name="month_closed",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="retainedcount",
            constraint=models.UniqueConstraint(
                fields=("office", "year_closed", "month_closed", "kind", "final_stage", "end_reason"),
                name="retained_count_unique",
            ),
        ),
    ]
