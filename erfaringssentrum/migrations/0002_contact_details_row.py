from django.db import migrations


def create_row(apps, schema_editor):
    # The single row exists from the start, so the first visitor does not create it (which
    # would count as a content change and empty the page cache).
    apps.get_model("erfaringssentrum", "ContactDetails").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("erfaringssentrum", "0001_initial")]

    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
