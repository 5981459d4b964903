from django.db import migrations

# The starting list of counselling topics; offices can add their own afterwards.
TOPICS = [
    ("career-orientation", "Berufsorientierung"),
    ("applications", "Bewerbung"),
    ("language-courses", "Deutsch- und Sprachkurse (inkl. Azubi-BSK)"),
    ("recognition", "Anerkennung ausländischer Abschlüsse"),
    ("residence-work-permit", "Aufenthalt und Arbeitserlaubnis"),
    ("funding", "Förderung (z. B. AsA flex, BAB)"),
    ("housing", "Wohnen"),
    ("family", "Familie"),
    ("training-company", "Ausbildungsbetrieb werden"),
    ("entry-qualification", "Einstiegsqualifizierung (EQ)"),
    ("school", "Schule und Schulabschluss"),
]


def add_topics(apps, schema_editor):
    Topic = apps.get_model("partners", "Topic")
    db = schema_editor.connection.alias  # the database being migrated, not always "default"
    for code, name in TOPICS:
        Topic.objects.using(db).get_or_create(code=code, defaults={"name": name})


def remove_topics(apps, schema_editor):
    Topic = apps.get_model("partners", "Topic")
    db = schema_editor.connection.alias
    Topic.objects.using(db).filter(code__in=[code for code, _name in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(add_topics, remove_topics)]
