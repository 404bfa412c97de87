"""Forgiving search: synonyms kept by staff («betalt» → «lønn») on every database, and
«Mente du «lønn»?» for «lonn» and «lønnn» on PostgreSQL (trigram similarity, pg_trgm)."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from erfaringssentrum import services, site_search
from erfaringssentrum.core.search import similar_texts, with_synonyms
from erfaringssentrum.models import SearchSynonym
from resources.models import Resource

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram similarity needs PostgreSQL"
)


@pytest.fixture
def salary(resource_factory, salary_question):
    SearchSynonym.objects.update_or_create(word="betalt", defaults={"means": "lønn"})
    resource = resource_factory(
        title="Lønn og arbeidsvilkår for erfaringskonsulenter", summary="Hva du tjener."
    )
    return resource, salary_question


def test_a_synonym_is_searched_as_an_alternative():
    synonyms = {"betalt": ("lønn", "honorar")}
    assert with_synonyms("betalt", synonyms) == "betalt or lønn or honorar"
    assert (
        with_synonyms("Betalt arbeid", synonyms) == "Betalt arbeid or lønn arbeid or honorar arbeid"
    )
    assert with_synonyms("utdanning", synonyms) == "utdanning"
    # Never longer than a query may be.
    assert len(with_synonyms("betalt " + "x" * 190, synonyms)) <= 200


def test_betalt_finds_the_salary_pages_everywhere(client, salary):
    resource, question = salary
    hits = client.get("/sok/", {"q": "betalt"}).context["hits"]
    assert {hit.url for hit in hits} >= {resource.get_absolute_url(), question.get_absolute_url()}
    assert client.get("/sok/", {"q": "betalt"}).context["search_query"] == "betalt"

    faq = client.get(reverse("faq:index"), {"q": "betalt"})
    assert [q.pk for q in faq.context["results"]] == [question.pk]

    library = client.get(reverse("resources:index"), {"q": "betalt"})
    assert [r.pk for r in library.context["resources"]] == [resource.pk]


def test_without_the_synonym_betalt_finds_nothing(client, salary):
    SearchSynonym.objects.filter(word="betalt").delete()
    assert client.get("/sok/", {"q": "betalt"}).context["hits"] == []


def test_a_synonym_staff_add_or_delete_is_used_by_the_next_search(client, salary):
    """Each worker keeps the synonyms it read (models._synonyms) until they change."""
    SearchSynonym.objects.filter(word="betalt").delete()
    assert client.get("/sok/", {"q": "betalt"}).context["hits"] == []  # read and kept
    synonym = services.search_synonym_save(synonym=SearchSynonym(word="betalt", means="lønn"))
    assert client.get("/sok/", {"q": "betalt"}).context["hits"] != []
    services.search_synonym_delete(synonym=synonym)
    assert client.get("/sok/", {"q": "betalt"}).context["hits"] == []


def test_a_search_does_not_read_the_synonyms_again(client, salary):
    client.get("/sok/?q=betalt")
    with CaptureQueriesContext(connection) as queries:
        client.get("/sok/?q=betalt")
    assert not [q for q in queries if "searchsynonym" in q["sql"]]


def test_a_synonym_search_still_runs_a_constant_number_of_queries(client, salary, resource_factory):
    client.get("/sok/?q=betalt")  # warm the contact details cache
    with CaptureQueriesContext(connection) as few:
        client.get("/sok/?q=betalt")
    for number in range(30):
        resource_factory(title=f"Lønn {number}", summary="lønn")
    with CaptureQueriesContext(connection) as many:
        client.get("/sok/?q=betalt")
    assert len(many) == len(few)


def test_editors_keep_the_synonyms_in_admin(client, user_factory):
    editor = user_factory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Redaktør"))
    client.force_login(editor)
    response = client.post(
        reverse("admin:erfaringssentrum_searchsynonym_add"),
        {"word": " Gasje ", "means": "Lønn, , honorar"},
    )
    assert response.status_code == HTTPStatus.FOUND
    synonym = SearchSynonym.objects.get(word="gasje")
    assert synonym.means == "lønn, honorar"

    response = client.post(
        reverse("admin:erfaringssentrum_searchsynonym_add"), {"word": "to ord", "means": "lønn"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "Skriv ett ord, uten mellomrom." in response.content.decode()
    assert not SearchSynonym.objects.filter(word="to ord").exists()


def test_other_staff_groups_do_not_edit_the_synonyms(db):
    rights = set(
        Group.objects.get(name="Kursansvarlig").permissions.values_list("codename", flat=True)
    )
    assert "change_searchsynonym" not in rights
    editor_rights = set(
        Group.objects.get(name="Redaktør").permissions.values_list("codename", flat=True)
    )
    assert {"add_searchsynonym", "change_searchsynonym", "delete_searchsynonym"} <= editor_rights
    assert "change_user" not in editor_rights


@pytest.mark.postgres
@on_postgres
@pytest.mark.parametrize("typed", ["lonn", "lønnn", "LONN"])
def test_a_misspelt_word_gets_mente_du(client, salary, typed):
    response = client.get("/sok/", {"q": typed})
    assert response.context["hits"] == []
    assert response.context["did_you_mean"] == "lønn"
    html = response.content.decode()
    assert 'Mente du <a href="/sok/?q=l%C3%B8nn">«lønn»</a>?' in html
    # The suggestion finds what was meant.
    assert client.get("/sok/", {"q": "lønn"}).context["hits"]


@pytest.mark.postgres
@on_postgres
def test_the_faq_and_the_library_offer_mente_du_from_their_own_words(client, salary):
    library = client.get(reverse("resources:index"), {"q": "lønnn"})
    assert library.context["did_you_mean"] == "lønn"
    assert "Mente du" in library.content.decode()
    faq = client.get(reverse("faq:index"), {"q": "erfaringskonsulnet"})
    assert faq.context["did_you_mean"] == "erfaringskonsulent"
    assert "Mente du" in faq.content.decode()


@pytest.mark.postgres
@on_postgres
@pytest.mark.parametrize("typed", ["lonn", "lønnn"])
def test_the_faq_offers_its_topic_where_the_question_says_lonnen(client, salary_question, typed):
    """The salary question says «lønnen»; its category «Lønn og arbeidsvilkår» says «lønn»,
    which is what was meant (and «lønnn» is too far from «lønnen» to be offered at all)."""
    faq = client.get(reverse("faq:index"), {"q": typed})
    assert faq.context["did_you_mean"] == "lønn"
    assert [q.pk for q in client.get(reverse("faq:index"), {"q": "lønn"}).context["results"]] == [
        salary_question.pk
    ]


@pytest.mark.postgres
@on_postgres
def test_nothing_close_offers_no_mente_du(client, salary):
    response = client.get("/sok/", {"q": "sjiraff"})
    assert response.context["did_you_mean"] == ""
    assert "Mente du" not in response.content.decode()


def test_the_suggestion_runs_only_when_nothing_was_found(client, salary, monkeypatch):
    calls = []
    monkeypatch.setattr(site_search, "did_you_mean", lambda *args, **_: calls.append(args) or "")
    client.get("/sok/", {"q": "lønn"})
    assert calls == []
    client.get("/sok/", {"q": "sjiraff"})
    assert len(calls) == 1


def test_sqlite_offers_no_suggestion_but_does_not_fail(client, salary):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's behaviour")
    response = client.get("/sok/", {"q": "lonn"})
    assert response.status_code == HTTPStatus.OK
    assert response.context["did_you_mean"] == ""


@pytest.mark.postgres
@on_postgres
def test_the_suggestion_is_served_by_the_trigram_index(resource_factory):
    for number in range(200):
        resource_factory(title=f"Ressurs nummer {number}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SET enable_seqscan = off")
    try:
        plan = similar_texts(Resource.objects.all(), "title", "lonn").explain()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")
    assert "resource_title_trgm_idx" in plan, plan


@pytest.mark.parametrize(
    "typed", ["hva tjener en erfaringskonsulent", "Hva tjener en erfaringskonsulent?", "tjene"]
)
def test_asking_what_the_role_pays_finds_the_salary_answer_first(client, salary_question, typed):
    """The salary answer says «lønn», never «tjener»: the synonyms that come with the site
    (migrations) make the question people type find it, on the site search, in the FAQ and
    in the library."""
    hits = client.get("/sok/", {"q": typed}).context["hits"]
    assert hits and hits[0].url == salary_question.get_absolute_url()
    faq = client.get(reverse("faq:index"), {"q": typed}).context["results"]
    assert faq and faq[0].pk == salary_question.pk


def test_a_synonym_counts_when_the_question_ends_with_a_question_mark():
    """People type questions: «tjene?» is the word «tjene», and its synonym is searched too."""
    synonyms = {"tjene": ("lønn",), "betalt": ("lønn",)}
    assert with_synonyms("Hva kan jeg tjene?", synonyms) == "Hva kan jeg tjene? or Hva kan jeg lønn"
    assert with_synonyms("«Betalt», eller?", synonyms) == "«Betalt», eller? or lønn eller?"
    assert with_synonyms("kurs -betalt", synonyms) == "kurs -betalt"  # «not betalt»


@pytest.mark.postgres
@on_postgres
@pytest.mark.parametrize("typed", ["Hva kan jeg tjene?", "Hva tjener man?"])
def test_a_question_about_pay_with_a_question_mark_finds_the_salary_answer(
    client, salary_question, typed
):
    hits = client.get("/sok/", {"q": typed}).context["hits"]
    assert hits and hits[0].url == salary_question.get_absolute_url()


@pytest.mark.postgres
@on_postgres
@pytest.mark.parametrize("typed, meant", [("lonn", "lønn"), ("utdaning", "utdanning")])
def test_the_library_offers_mente_du_from_the_sites_words(
    client, resource_factory, salary_question, question_factory, typed, meant
):
    """As in the demo: no published resource has «lønn» or «utdanning» in its title, but the
    library has resources about them, and the site's topics and questions have the words."""
    question_factory(question="Må jeg ha utdanning for å bli erfaringskonsulent?")
    about = resource_factory(
        title="Hva gjør en erfaringskonsulent?",
        summary="Om rollen.",
        body="## Lønn\n\nOmtrent 350 000–550 000 kroner. Det er ikke krav om utdanning.",
    )
    library = client.get(reverse("resources:index"), {"q": typed})
    assert library.context["did_you_mean"] == meant
    assert f"«{meant}»</a>?" in library.content.decode()
    followed = client.get(reverse("resources:index"), {"q": meant})
    assert [r.pk for r in followed.context["resources"]] == [about.pk]


def test_a_library_search_without_hits_offers_the_site_search(client, resource_factory):
    """The answer may be in the FAQ: a search that finds no resource links to the same search
    on the whole site, as the FAQ's does."""
    resource_factory()
    html = client.get(reverse("resources:index"), {"q": "tariff avtale"}).content.decode()
    assert 'href="/sok/?q=tariff%20avtale"' in html
    assert "søk på hele nettstedet" in html


@pytest.mark.postgres
@on_postgres
def test_mente_du_keeps_the_words_after_the_third(client, salary):
    """Only the first three words are looked up, but the rest of the question is kept: «hva
    gjor en erfaringskonsulent» is not «hva gjør en»."""
    typed = "hva er lonnen for en erfaringskonsulent"
    response = client.get("/sok/", {"q": typed})
    # No page has every word: it shows those with «erfaringskonsulent», and offers the fix.
    assert response.context["some_words"] is True
    assert response.context["did_you_mean"] == "hva er lønnen for en erfaringskonsulent"
    assert "Mente du" in response.content.decode()
    _, question = salary
    meant = client.get("/sok/", {"q": response.context["did_you_mean"]}).context["hits"]
    assert meant[0].url == question.get_absolute_url()


@pytest.mark.postgres
@on_postgres
def test_mente_du_looks_up_the_long_words_of_a_question(client, salary):
    """A question's first words are short, common ones («hvordan blir man»); the misspelt
    word is often the long one at the end, and is the one looked up."""
    response = client.get("/sok/", {"q": "hvordan blir man erfaringskonsulnet"})
    assert response.context["hits"] == []
    assert response.context["did_you_mean"] == "hvordan blir man erfaringskonsulent"


@pytest.fixture
def education(question_factory, category_factory, resource_factory):
    """The FAQ's question and topic never say «utdanning» (its answer does); a resource's
    title does. «rekruttering» is a word of the library only."""
    category = category_factory(name="Å bli erfaringskonsulent", slug="a-bli")
    question = question_factory(
        category=category,
        question="Trenger jeg papirer for å bli erfaringskonsulent?",
        answer="Nei. Det er ikke krav om formell utdanning.",
    )
    resource_factory(title="Utdanning for erfaringskonsulenter", summary="To tilbud.")
    resource_factory(title="Rekruttering i kommunen", summary="For arbeidsgivere.")
    return question


@pytest.mark.postgres
@on_postgres
def test_the_faq_offers_mente_du_from_the_sites_words(client, education):
    faq = client.get(reverse("faq:index"), {"q": "utdaning"})
    assert faq.context["did_you_mean"] == "utdanning"
    assert "«utdanning»</a>?" in faq.content.decode()
    followed = client.get(reverse("faq:index"), {"q": "utdanning"})
    assert [q.pk for q in followed.context["results"]] == [education.pk]


@pytest.mark.postgres
@on_postgres
def test_the_faq_offers_no_word_it_would_find_nothing_for(
    client, education, category_factory, question_factory
):
    """«rekruttering» is a word of the site, but no question says it: no «Mente du» that
    leads to another empty page; in a category, only what that category has."""
    faq = client.get(reverse("faq:index"), {"q": "rekrutering"})
    assert faq.context["did_you_mean"] == ""
    assert "Mente du" not in faq.content.decode()
    assert (
        client.get(reverse("resources:index"), {"q": "rekrutering"}).context["did_you_mean"]
        == "rekruttering"
    )

    other = category_factory(name="Å ansette", slug="a-ansette")
    question_factory(category=other, question="Hvordan ansetter vi?", answer="Les veilederen.")
    in_other = client.get(reverse("faq:index"), {"q": "utdaning", "kategori": other.slug})
    assert in_other.context["did_you_mean"] == ""


@pytest.mark.postgres
@on_postgres
def test_the_library_offers_no_word_it_would_find_nothing_for(
    client, education, course_type_factory
):
    """«fellessamling» is a course type's word, which no resource has; a suggestion keeps the
    type chosen, and no video is about «utdanning»."""
    course_type_factory(title="Fellessamling for veiledere")
    library = client.get(reverse("resources:index"), {"q": "fellessamlng"})
    assert library.context["did_you_mean"] == ""
    assert "Mente du" not in library.content.decode()
    as_video = client.get(reverse("resources:index"), {"q": "utdaning", "type": "video"})
    assert as_video.context["did_you_mean"] == ""
    anything = client.get(reverse("resources:index"), {"q": "utdaning"})
    assert anything.context["did_you_mean"] == "utdanning"


@pytest.mark.postgres
@on_postgres
def test_the_site_search_offers_no_word_it_would_find_nothing_for(
    client, education, course_type_factory
):
    """A course type with no course taking signups is not found by /sok/: its title's
    words lead nowhere."""
    course_type_factory(title="Fellessamling for veiledere")
    response = client.get("/sok/", {"q": "fellessamlng"})
    assert response.context["did_you_mean"] == ""
    assert client.get("/sok/", {"q": "utdaning"}).context["did_you_mean"] == "utdanning"


@pytest.mark.parametrize(
    "typed, slug",
    [
        ("tariff", "finnes-det-en-tariffavtale"),
        ("årslønn", "hva-er-lonnen"),
        ("månedslønn", "hva-er-lonnen"),
        ("timelønn", "hva-er-lonnen"),
    ],
)
def test_a_word_the_content_only_has_in_a_compound_finds_the_answer(
    client, question_factory, category_factory, typed, slug
):
    """The search does not split compounds: «tariff» is not «tariffavtale», «årslønn» not
    «lønn». The synonyms that come with the site (migrations) bridge the ones people type."""
    from faq.demo import QUESTIONS

    category = category_factory(name="Lønn og arbeidsvilkår", slug="lonn-og-arbeidsvilkar")
    for _, demo_slug, question, answer in QUESTIONS:
        if demo_slug in {"finnes-det-en-tariffavtale", "hva-er-lonnen"}:
            question_factory(category=category, question=question, slug=demo_slug, answer=answer)
    hits = client.get("/sok/", {"q": typed}).context["hits"]
    assert hits and hits[0].url == f"/sporsmal-og-svar/{slug}/"
    faq = client.get(reverse("faq:index"), {"q": typed}).context["results"]
    assert faq and faq[0].slug == slug


@pytest.mark.postgres
@on_postgres
def test_a_word_left_out_with_a_minus_is_not_suggested_back(client, salary, question_factory):
    """«lønn -utdanning» is lønn without utdanning (websearch syntax): nothing is misspelt,
    so no «Mente du «lønn utdanning»?», which asks for the opposite."""
    question_factory(question="Må jeg ha utdanning for å bli erfaringskonsulent?")
    faq = client.get(reverse("faq:index"), {"q": "lønn -utdanning"})
    assert faq.context["results"] == []
    assert faq.context["did_you_mean"] == ""
    assert client.get(reverse("faq:index"), {"q": "lonn -utdanning"}).context["did_you_mean"] == (
        ""
    )
