from django.db import migrations

AUDIENCES = [
    ("vil-bli-erfaringskonsulent", "Vil bli erfaringskonsulent"),
    ("nav-og-tiltak", "NAV og tiltak"),
    ("arbeidsgiver", "Arbeidsgiver"),
    ("tjenester-og-kompetansesentre", "Tjenester og kompetansesentre"),
]


def create_audiences(apps, schema_editor):
    Audience = apps.get_model("resources", "Audience")
    for position, (slug, name) in enumerate(AUDIENCES, start=1):
        Audience.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):

    dependencies = [
        ("resources", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_audiences, migrations.RunPython.noop),
    ]
