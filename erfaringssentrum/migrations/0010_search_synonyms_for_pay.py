from django.db import migrations

# «Hva tjener en erfaringskonsulent?» is how many ask about pay; the content says «lønn».
# Added only where staff have not already kept the word (they may have given it other meanings).
PAY_SYNONYMS = {"tjener": "lønn", "tjene": "lønn", "tjent": "lønn", "inntekt": "lønn"}


def add_pay_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("erfaringssentrum", "SearchSynonym")
    for word, means in PAY_SYNONYMS.items():
        SearchSynonym.objects.get_or_create(word=word, defaults={"means": means})


class Migration(migrations.Migration):

    dependencies = [
        ("erfaringssentrum", "0009_contact_phone_is_a_number"),
    ]

    operations = [
        migrations.RunPython(add_pay_synonyms, migrations.RunPython.noop),
    ]
