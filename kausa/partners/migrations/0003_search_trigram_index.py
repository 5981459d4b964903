"""Trigram index of the name search: pg_trgm GIN index on PostgreSQL, FTS5 table with
triggers on SQLite (see kausa.core.search_index)."""

from django.db import migrations

from kausa.core.search_index import migration_operations


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_seed_counselling_topics"),
    ]

    operations = migration_operations("partners_partner")
