"""Trigram index of the name search: pg_trgm GIN index on PostgreSQL, FTS5 table with
triggers on SQLite (see kausa.core.search_index)."""

from django.db import migrations

from kausa.core.search_index import migration_operations


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0003_company_source"),
    ]

    operations = migration_operations("companies_company")
