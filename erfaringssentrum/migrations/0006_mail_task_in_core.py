"""The task that sends e-mail moved with the mail queue to erfaringssentrum/core/mailqueue.py.
E-mails queued (or failed) under the old path are renamed, so the worker still sends them and
staff still see the failed ones."""

from django.db import migrations

OLD_PATH = "erfaringssentrum.mailqueue.send_queued_mail"
NEW_PATH = "erfaringssentrum.core.mailqueue.send_queued_mail"


def rename(old, new):
    def run(apps, schema_editor):
        tasks = apps.get_model("django_tasks_database", "DBTaskResult")
        tasks.objects.using(schema_editor.connection.alias).filter(task_path=old).update(
            task_path=new
        )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("erfaringssentrum", "0005_contact_details_without_defaults"),
    ]

    operations = [
        migrations.RunPython(rename(OLD_PATH, NEW_PATH), rename(NEW_PATH, OLD_PATH), elidable=True)
    ]
