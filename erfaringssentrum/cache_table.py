"""Creates the database cache's table on `migrate`, so a deployment without Redis has its
shared cache without an extra setup step (`createcachetable` does nothing when no cache is
kept in the database, and nothing when the table is already there)."""

from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(*, using="default", **kwargs):
    call_command("createcachetable", database=using, verbosity=0)


def connect(app_config):
    post_migrate.connect(
        create_cache_table, sender=app_config, dispatch_uid="erfaringssentrum-cache-table"
    )
