from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("counselling", "0007_referral_recorded_status"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="casestagechange",
            index=models.Index(fields=["stage", "changed_at"], name="stage_change_stage_at"),
        ),
    ]
