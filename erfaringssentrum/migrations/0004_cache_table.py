"""The table of the shared cache (CACHES when there is no Redis), created by `migrate` whatever
the settings at migrate time say: `createcachetable` only creates the tables of the caches
configured when it runs, and `migrate` run with DEBUG=1 (local memory) left a production
database without it."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLE = "django_cache"  # LOCATION of the database cache in settings.CACHES


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    # Does nothing when the table is there (made by `createcachetable` before this migration).
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("erfaringssentrum", "0003_failed_mail")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table, elidable=False)]
