"""Slot formats are stored with English codes, as every other choice in the project; the
labels people see (Digitalt, Telefon, Oppmøte) stay. Rewrites the stored rows both ways."""

from django.db import migrations, models

# Norwegian code -> English code. "digital" was the same in both.
ENGLISH_CODES = {"telefon": "phone", "oppmote": "in_person"}


def rewrite_codes(Slot, mapping):
    for old, new in mapping.items():
        Slot.objects.filter(format=old).update(format=new)


def forwards(apps, schema_editor):
    rewrite_codes(apps.get_model("assessments", "Slot"), ENGLISH_CODES)


def backwards(apps, schema_editor):
    reverse = {new: old for old, new in ENGLISH_CODES.items()}
    rewrite_codes(apps.get_model("assessments", "Slot"), reverse)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0006_booking_phone_call_and_adaptation"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="slot",
            name="format",
            field=models.CharField(
                choices=[("digital", "Digitalt"), ("phone", "Telefon"), ("in_person", "Oppmøte")],
                max_length=10,
                verbose_name="form",
            ),
        ),
    ]
