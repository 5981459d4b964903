from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_guardian"),
    ]

    operations = [
        migrations.AddField(
            model_name="personsensitive",
            name="gender",
            field=models.CharField(
                blank=True,
                choices=[
                    ("female", "female"),
                    ("male", "male"),
                    ("diverse", "diverse"),
                    ("not_stated", "prefers not to say"),
                ],
                max_length=12,
                verbose_name="gender",
            ),
        ),
    ]
