import io

import pytest
from playwright.sync_api import expect

from resources import demo
from resources.models import Resource
from tests.browser.helpers import label, log_in_as


@pytest.fixture
def library(transactional_db):
    demo.seed(stdout=io.StringIO())


def test_job_seeker_filters_searches_reads_and_takes_the_self_check(
    page, library, assert_accessible, assert_fits_small_screen
):
    page.goto("/")
    assert page.get_by_role("heading", name="Anbefalt lesning").is_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Ressurser", exact=True
    ).click()
    page.get_by_role("heading", name="Ressurser", level=1).wait_for()
    assert_accessible(page)
    assert_fits_small_screen(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Filter by audience with the plain GET form (no JavaScript involved).
    page.get_by_label(label("Målgruppe")).select_option(label="Vil bli erfaringskonsulent")
    page.get_by_role("button", name="Vis ressurser").click()
    page.wait_for_url("**malgruppe=vil-bli-erfaringskonsulent**")
    titles = page.locator(".resource-card h3").all_inner_texts()
    assert "Vurderer du å bli erfaringskonsulent?" in titles
    assert "Ti råd til arbeidsgivere som vil ansette en erfaringskonsulent" not in titles
    assert_accessible(page)

    # Search within that audience: the filter stays.
    page.get_by_label(label("Søk i ressursene")).fill("opplæringstilbud")
    page.get_by_role("button", name="Vis ressurser").click()
    page.wait_for_url("**q=opp**")
    assert "malgruppe=vil-bli-erfaringskonsulent" in page.url
    assert page.locator(".resource-card h3").all_inner_texts() == [
        "To opplæringstilbud vi anbefaler"
    ]
    assert_accessible(page)

    page.get_by_role("link", name="To opplæringstilbud vi anbefaler").click()
    page.get_by_role("heading", name="To opplæringstilbud vi anbefaler", level=1).wait_for()
    expect(page.get_by_text("Erfaringsskolen").first).to_be_visible()
    expect(page.get_by_role("heading", name="Relaterte ressurser")).to_be_visible()
    assert_accessible(page)
    assert "Utkast" not in page.content()  # read once the page has loaded
    assert_fits_small_screen(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/ressurser/")
    page.get_by_role("link", name="Ta egenvurderingen «Passer jeg?»").click()
    page.get_by_role("heading", name="Passer jeg til å bli erfaringskonsulent?").wait_for()
    expect(page.get_by_text("Svarene dine lagres ikke.")).to_be_visible()
    assert_accessible(page)
    assert_fits_small_screen(page)

    # Submitting with nothing chosen shows errors next to the questions.
    page.get_by_role("button", name="Se tilbakemeldingen").click()
    summary = page.get_by_role("region", name="Du må rette dette før du kan gå videre")
    expect(summary.get_by_role("link")).to_have_count(6)
    summary.get_by_role("link").last.click()
    expect(page.locator("#id_rettigheter_0")).to_be_focused()
    assert_accessible(page)

    groups = page.get_by_role("group")
    assert groups.count() == 6
    for index in range(6):
        choice = "Ja" if index % 2 == 0 else "Delvis eller usikker"
        groups.nth(index).get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Se tilbakemeldingen").click()
    page.get_by_role("heading", name="Dine svar").wait_for()
    expect(page.get_by_text("Du svarte:")).to_have_count(6)
    expect(page.get_by_role("link", name="booke en gratis vurderingssamtale")).to_be_visible()
    assert_accessible(page)
    assert_fits_small_screen(page)


def test_keyboard_user_filters_by_type(page, library):
    page.goto("/ressurser/")
    page.get_by_label(label("Type")).focus()
    page.keyboard.press("End")  # the last type: "Lenke"
    page.get_by_role("button", name="Vis ressurser").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**type=lenke**")
    assert page.locator(".resource-card h3").all_inner_texts() == [
        "Ledige stillinger som erfaringskonsulent"
    ]


def test_video_pdf_and_paging_pages_are_accessible(
    page, library, resource_factory_browser, assert_accessible, assert_fits_small_screen
):
    # The demo has no address for the video (it invents none); staff add the real one.
    video = Resource.objects.get(slug="samtale-om-rollen-som-erfaringskonsulent")
    video.external_url = "https://video.test/rop-snakk"
    video.save()
    page.goto("/ressurser/samtale-om-rollen-som-erfaringskonsulent/")
    assert page.get_by_text("26. juni 2018").first.is_visible()
    video_link = page.get_by_role("link", name="Se videoen")
    assert video_link.get_attribute("href").startswith("https://")
    assert page.locator("iframe, video").count() == 0
    assert_accessible(page)

    page.goto("/ressurser/sjekkliste-for-arbeidsgivere/")
    assert page.get_by_role("link", name="Last ned PDF").inner_text().endswith("KB)")
    assert_accessible(page)

    resource_factory_browser(25)
    page.goto("/ressurser/?type=artikkel")
    page.get_by_role("navigation", name="Sider i ressurslista").get_by_role(
        "link", name="Neste"
    ).click()
    page.wait_for_url("**type=artikkel&page=2")
    assert page.get_by_role("link", name="Side 2").get_attribute("aria-current") == "page"
    assert_accessible(page)
    assert_fits_small_screen(page)


def test_staff_see_a_draft_with_a_banner(page, live_server, library, staff_user, assert_accessible):
    log_in_as(page, live_server, staff_user)

    page.goto("/ressurser/lonn-og-arbeidsvilkar/")
    banner = page.get_by_role("note").filter(has_text="Utkast")
    assert banner.is_visible()
    assert "ikke publisert" in banner.inner_text()
    assert_accessible(page)


@pytest.fixture
def resource_factory_browser(transactional_db):
    def create(count):
        for number in range(count):
            Resource.objects.create(
                title=f"Ekstra artikkel {number}",
                slug=f"ekstra-artikkel-{number}",
                summary="Fyll for å få flere sider.",
                is_published=True,
            )

    return create


def test_filters_search_and_self_check_work_without_javascript(browser, live_server, library):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    page = context.new_page()
    try:
        page.goto("/ressurser/")
        page.get_by_label(label("Type")).select_option(label="Video")
        page.get_by_label(label("Søk i ressursene")).fill("arbeidsforhold")
        page.get_by_role("button", name="Vis ressurser").click()
        page.wait_for_url("**type=video**")
        assert page.locator(".resource-card h3").all_inner_texts() == [
            "Video: samtale om rollen som erfaringskonsulent"
        ]

        page.goto("/ressurser/passer-jeg/")
        for index in range(6):
            page.get_by_role("group").nth(index).get_by_label("Ja", exact=True).check()
        page.get_by_role("button", name="Se tilbakemeldingen").click()
        page.get_by_role("heading", name="Dine svar").wait_for()
    finally:
        context.close()


def test_the_self_check_result_prints_as_a_summary_to_bring_to_the_adviser(
    page, library, assert_accessible
):
    page.goto("/ressurser/passer-jeg/")
    groups = page.get_by_role("group")
    for index in range(groups.count()):
        groups.nth(index).get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Se tilbakemeldingen").click()
    page.get_by_role("heading", name="Ta med til veilederen").wait_for()
    button = page.get_by_role("button", name="Skriv ut oppsummeringen")
    expect(button).to_be_visible()  # shown by our script; the browser's own print works without
    assert_accessible(page)

    page.emulate_media(media="print")
    expect(page.locator("header.site-header")).to_be_hidden()
    expect(page.locator("footer")).to_be_hidden()
    expect(button).to_be_hidden()
    expect(page.get_by_text("Du svarte:")).to_have_count(6)
    expect(page.get_by_text("Du svarte:").first).to_be_visible()
    expect(page.get_by_role("heading", name="Neste steg")).to_be_visible()
    expect(page.locator("form").first).to_be_hidden()
