from django.db import migrations, models

# The audiences the front page and the self-check link to, by the slug they were made with
# (0002_default_audiences); their key stays when staff change the slug.
KEYED_SLUGS = ["vil-bli-erfaringskonsulent", "arbeidsgiver"]


def set_keys(apps, schema_editor):
    Audience = apps.get_model("resources", "Audience")
    for slug in KEYED_SLUGS:
        Audience.objects.filter(slug=slug).update(key=slug)


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0007_former_slugs"),
    ]

    operations = [
        migrations.AddField(
            model_name="audience",
            name="key",
            field=models.CharField(
                blank=True,
                choices=[
                    ("vil-bli-erfaringskonsulent", "Forsiden og egenvurderingen lenker hit"),
                    ("arbeidsgiver", "Forsiden lenker hit"),
                ],
                editable=False,
                help_text="Lenkene følger med om du endrer navnet eller nettadressen.",
                max_length=40,
                null=True,
                unique=True,
                verbose_name="brukt av nettstedet",
            ),
        ),
        migrations.RunPython(set_keys, migrations.RunPython.noop),
    ]
