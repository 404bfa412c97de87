import logging
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from erfaringssentrum.models import ContactDetails
from resources.selfcheck import NO, PARTLY, QUESTIONS, YES

pytestmark = pytest.mark.django_db

URL = "/ressurser/passer-jeg/"


def answers(value):
    return {question.key: value for question in QUESTIONS}


def test_self_check_asks_six_questions_on_a_scale(client):
    response = client.get(URL)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<h1>Passer jeg til å bli erfaringskonsulent?</h1>" in html
    assert len(QUESTIONS) == 6
    for question in QUESTIONS:
        assert question.text in html
        for value in (YES, PARTLY, NO):
            assert f'name="{question.key}" value="{value}"' in html
    assert "Svarene dine lagres ikke." in html
    assert 'method="post"' in html


def test_submitting_reflects_the_answers_with_next_steps(client, resource_factory, audiences):
    suggested = resource_factory(
        title="Råd til deg som vurderer rollen", audiences=[audiences["vil-bli-erfaringskonsulent"]]
    )
    resource_factory(title="Bare for arbeidsgivere", audiences=[audiences["arbeidsgiver"]])
    data = answers(YES) | {"recovery": NO, "rettigheter": PARTLY}

    response = client.post(URL, data)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Dine svar" in html
    assert html.count("Du svarte: <strong>Ja</strong>") == 4
    assert "Du svarte: <strong>Nei, ikke ennå</strong>" in html
    assert "Du svarte: <strong>Delvis eller usikker</strong>" in html
    recovery = next(question for question in QUESTIONS if question.key == "recovery")
    assert recovery.feedback[NO] in html
    assert "gratis vurderingssamtale" in html
    assert 'href="/vurdering/"' in html
    assert f'href="/ressurser/{suggested.slug}/"' in html
    assert "Bare for arbeidsgivere" not in html


@pytest.mark.parametrize(
    "value, overall",
    [(YES, "Du har tenkt mye gjennom dette"), (NO, "Det er mye å tenke gjennom")],
)
def test_the_overall_feedback_follows_the_answers(client, value, overall):
    assert overall in client.post(URL, answers(value)).content.decode()


def test_missing_and_bad_answers_show_errors_and_keep_the_rest(client):
    data = answers(YES) | {"recovery": "kanskje"}
    del data["rettigheter"]

    response = client.post(URL, data)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Velg et svar på «Kjenner jeg" in html
    assert "Dine svar" not in html
    form = response.context["form"]
    assert form["generalisere"].value() == YES
    assert set(form.errors) == {"recovery", "rettigheter"}


def test_self_check_stores_and_logs_nothing(client, caplog):
    ContactDetails.load()  # the footer's contact details are created on first use
    caplog.set_level(logging.DEBUG)
    secret_marker = "egen-historie"

    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, answers(NO))

    assert response.status_code == HTTPStatus.OK
    writes = [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert "sessionid" not in response.cookies
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert all(secret_marker not in record.getMessage() for record in caplog.records)
    assert all("Nei, ikke ennå" not in record.getMessage() for record in caplog.records)


def test_answers_are_hidden_from_error_reports(rf):
    from django.views.debug import SafeExceptionReporterFilter

    from resources.views import SelfCheckView

    request = rf.post(URL, answers(YES))
    SelfCheckView.as_view()(request)
    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)
    assert all(value != YES for value in cleansed.values())


def test_missing_answers_are_listed_at_the_top_with_links_to_the_questions(client):
    data = answers(YES)
    del data["rettigheter"], data["tenke-nytt"]

    html = client.post(URL, data).content.decode()

    summary = html.split('id="feilsammendrag"')[1].split("</section>")[0]
    assert "Du må rette dette før du kan gå videre" in summary
    assert summary.count("<li>") == 2
    # Each link leads to the question's first answer, which takes the focus.
    assert '<a href="#id_tenke-nytt_0">Velg et svar på «Kan jeg tenke nytt' in summary
    assert '<a href="#id_rettigheter_0">Velg et svar på «Kjenner jeg' in summary
    assert "generalisere" not in summary
    assert 'id="id_tenke-nytt_0"' in html and 'id="id_rettigheter_0"' in html


def test_a_complete_answer_shows_no_error_summary(client):
    assert "feilsammendrag" not in client.post(URL, answers(YES)).content.decode()
