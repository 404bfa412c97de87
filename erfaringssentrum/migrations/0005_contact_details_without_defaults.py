from django.db import migrations, models

# What the first migration put in the row, though the centre never gave them: a placeholder
# address and number, and opening hours nobody set.
INVENTED = {
    "email": "post@erfaringssentrum.example",
    "phone": "+47 000 00 000",
    "opening_hours": "Hverdager kl. 09.00–15.00",
}


def clear_invented_values(apps, schema_editor):
    ContactDetails = apps.get_model("erfaringssentrum", "ContactDetails")
    for field, value in INVENTED.items():
        ContactDetails.objects.filter(**{field: value}).update(**{field: ""})


class Migration(migrations.Migration):
    dependencies = [("erfaringssentrum", "0004_cache_table")]

    operations = [
        migrations.AlterField(
            model_name="contactdetails",
            name="email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="e-post"),
        ),
        migrations.AlterField(
            model_name="contactdetails",
            name="opening_hours",
            field=models.CharField(
                blank=True,
                help_text="Når vi svarer på telefonen, for eksempel «mandag–fredag kl. 10–14». "
                "Vises bare sammen med telefonnummeret.",
                max_length=200,
                verbose_name="telefontid",
            ),
        ),
        migrations.AlterField(
            model_name="contactdetails",
            name="phone",
            field=models.CharField(blank=True, max_length=40, verbose_name="telefon"),
        ),
        migrations.RunPython(clear_invented_values, migrations.RunPython.noop),
    ]
