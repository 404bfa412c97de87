from django.db import migrations, models
from django.db.models import F


def date_earlier_cancellations(apps, schema_editor):
    # When a course was cancelled was not recorded before; retention used its creation.
    Course = apps.get_model("courses", "Course")
    Course.objects.filter(status="cancelled", cancelled_at__isnull=True).update(
        cancelled_at=F("created")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0004_coursetype_rank_vector'),
    ]

    operations = [
        migrations.AddField(
            model_name='course',
            name='cancelled_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='avlyst'),
        ),
        migrations.RunPython(date_earlier_cancellations, migrations.RunPython.noop),
    ]
