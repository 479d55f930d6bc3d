"""The database cache table (rate limits shared by every process), created by `migrate` so no
deployment can forget it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_user_links_person")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
