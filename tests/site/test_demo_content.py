"""The demo content says only what the centre stands behind (issue #20): the claims a read
against the facts sheet found to say more than the sources, or the opposite, stay out."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from courses.models import CourseType
from faq.models import Question
from resources import demo as resources_demo
from resources.models import Resource
from resources.selfcheck import NO, PARTLY, QUESTIONS, YES, reflect

pytestmark = pytest.mark.django_db

PAGES = ["/", "/om-oss/", "/personvern/", "/tilgjengelighet/", "/vurdering/", "/kurs/"]

# Each phrase, and what the sources say instead.
NOT_IN_THE_SOURCES = [
    "dører til brukerorganisasjonene",  # the services' doors are opened *for* them
    "hos utgiveren",  # the brochure is not someone else's publication
    "revet med",  # the source: without being traumatised
    "kompetansesenter",  # suggests an official status
    "selv erfaring som erfaringskonsulent",  # said of the chair only
    "forhandle",  # salary: the range, no tariff, contact us
    "avtales derfor",
    "vi kjenner til",
    "hverdager",  # opening hours nobody set
    "fellessamling for ledere",  # a course the centre does not offer
    "godt grunnlag for å bruke",  # the programmes may help understand the role
    "styrer",  # user representatives sit in councils and committees
    "finnes det blant annet tilbud",  # Recovery College *was* run there
    "faste stillinger og ordnede",  # the video: orderly working conditions
    "rusfeltserfaring",  # a substance-use background
    "sist talt",
    "pr. nå",
    "en av våre konsulenter",  # who takes part comes from the booking, not fixed text
    "bokstav e",  # no public task for a private centre
    "brett",  # life stories on stage: the source says do not expect it, not how
]


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False


def all_text() -> dict[str, str]:
    """Every seeded text and every fixed page text, by where it is."""
    texts = {
        f"ressurs {r.slug}": f"{r.title}\n{r.summary}\n{r.body}" for r in Resource.objects.all()
    }
    texts |= {f"spørsmål {q.slug}": f"{q.question}\n{q.answer}" for q in Question.objects.all()}
    texts |= {
        f"kurs {c.slug}": f"{c.title}\n{c.summary}\n{c.description}\n{c.audience}"
        for c in CourseType.objects.all()
    }
    texts["sjekkliste (PDF)"] = "\n".join(resources_demo.CHECKLIST_LINES)
    for question in QUESTIONS:
        texts[f"egenvurdering {question.key}"] = "\n".join(
            [question.text, question.hint, *question.feedback.values()]
        )
    for answer in (YES, PARTLY, NO):
        texts[f"egenvurdering samlet {answer}"] = reflect({q.key: answer for q in QUESTIONS})[1]
    for url in PAGES:
        html = Client().get(url).content.decode()
        texts[url] = re.sub(r"<[^>]+>", " ", html)
    return texts


def test_no_demo_text_says_what_the_sources_do_not(seeded):
    for where, text in all_text().items():
        for phrase in NOT_IN_THE_SOURCES:
            assert phrase not in text.lower(), (where, phrase)


def test_figures_say_when_they_are_from(seeded):
    for where, text in all_text().items():
        for match in re.finditer(r"178 årsverk", text):
            assert text[: match.start()].endswith("SINTEF 2020: "), where


def test_the_self_check_keeps_the_sources_cautions():
    history = next(q for q in QUESTIONS if q.key == "egen-historie")
    assert "uten å bli retraumatisert selv" in history.text
    overall = reflect({q.key: YES for q in QUESTIONS})[1]
    assert "ikke er sikkert du kommer først i køen" in overall


def test_salary_answers_give_the_range_and_invite_contact(seeded):
    salary = Question.objects.get(slug="hva-er-lonnen").answer
    assert "350 000 og 550 000 kroner" in salary
    assert "ingen tariffavtale" in salary
    assert "Ta kontakt med oss" in salary


def test_user_organisations_get_the_doors_opened_for_them(seeded):
    body = Resource.objects.get(slug="hva-gjor-en-erfaringskonsulent").body
    assert "Åpne tjenestens dører for brukerorganisasjonene." in body


def test_the_demo_offers_only_the_course_the_centre_runs(seeded):
    (course_type,) = CourseType.objects.all()
    assert course_type.audience == "Veiledere i NAV og arbeidsmarkedstiltak"
    assert course_type.price == "Gratis"  # data staff can change, not fixed text
