from django.db import migrations

# The search does not split compounds, so «tariff» did not find the answer about
# «tariffavtale», nor «årslønn» the one about «lønn». Added only where staff have not already
# kept the word (they may have given it other meanings).
COMPOUND_SYNONYMS = {
    "tariff": "tariffavtale",
    "årslønn": "lønn",
    "månedslønn": "lønn",
    "timelønn": "lønn",
}


def add_compound_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("erfaringssentrum", "SearchSynonym")
    for word, means in COMPOUND_SYNONYMS.items():
        SearchSynonym.objects.get_or_create(word=word, defaults={"means": means})


class Migration(migrations.Migration):
    dependencies = [
        ("erfaringssentrum", "0010_search_synonyms_for_pay"),
    ]

    operations = [
        migrations.RunPython(add_compound_synonyms, migrations.RunPython.noop),
    ]
