import pytest

from erfaringssentrum.core.markdown import markdown_to_plain_text, render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[klikk](javascript:alert(1))",
    '<a href="javascript:alert(1)">klikk</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    "<details open ontoggle=alert(1)>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_script_or_event_handler_gets_through(payload):
    html = str(render_markdown(f"Tekst før.\n\n{payload}\n\nTekst etter."))
    lowered = html.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered
    assert "onerror" not in lowered and "onload" not in lowered and "onclick" not in lowered
    assert "ontoggle" not in lowered
    assert "<iframe" not in lowered and "<svg" not in lowered and "style=" not in lowered
    assert "Tekst før." in html and "Tekst etter." in html


def test_markdown_is_rendered_with_safe_links():
    html = str(render_markdown("## Overskrift\n\n- **viktig**\n- [NAV](https://www.nav.no)"))
    assert "<h2>Overskrift</h2>" in html
    assert "<strong>viktig</strong>" in html
    assert '<a href="https://www.nav.no" rel="noopener noreferrer">NAV</a>' in html


def test_an_image_becomes_a_link_to_it_so_nothing_is_loaded_from_elsewhere():
    html = str(render_markdown("Se ![Diagram over lønn](https://x.example/d.png) og ![](/a.png)"))
    assert "<img" not in html
    assert '<a href="https://x.example/d.png" rel="noopener noreferrer">' in html
    assert "Diagram over lønn (bilde)</a>" in html
    assert ">Bilde</a>" in html  # one without a text still says what it is
    linked = str(render_markdown("[![Logo for NAV](/logo.png)](https://www.nav.no)"))
    assert linked == (
        '<p><a href="https://www.nav.no" rel="noopener noreferrer">Logo for NAV</a></p>'
    )
    image_script = str(render_markdown("![x](javascript:alert(1))")).lower()
    assert "javascript:" not in image_script


def test_plain_text_has_no_tags():
    assert markdown_to_plain_text("**Hei** <b>der</b>") == "Hei der"


def test_summary_is_plain_text_from_markdown_without_rendering():
    from erfaringssentrum.core.markdown import markdown_summary

    text = "## Lønn\n\n**Lønnen** varierer, se [tariffen](https://x.example) og `kode`.\n\n- a\n- b"
    assert markdown_summary(text) == "Lønn Lønnen varierer, se tariffen og kode. a b"
    assert markdown_summary("<script>alert(1)</script>ord") == "alert(1)ord"
    assert markdown_summary("en to tre fire", words=2) == "en to…"


def test_summary_of_a_long_text_reads_only_its_start():
    from erfaringssentrum.core.markdown import markdown_summary

    long_answer = "**Lønn** " + "ord " * 5000
    assert markdown_summary(long_answer, words=3) == "Lønn ord ord…"
    assert markdown_summary("kort " * 3, words=3) == "kort kort kort"


def test_a_summary_written_again_is_kept_and_still_knows_whether_the_text_went_on():
    """The site search summarises the same FAQ answers again and again (core/markdown.py)."""
    from erfaringssentrum.core import markdown

    markdown._summary.cache_clear()
    start = "Lønn og ferie".ljust(3 * 40, "!")  # all that a three-word summary reads
    assert markdown.markdown_summary(start, words=3) == start
    assert markdown.markdown_summary(start, words=3) == start
    assert markdown._summary.cache_info().hits == 1
    assert markdown.markdown_summary(start + " mer", words=3).endswith("!…")


def test_a_text_rendered_again_comes_out_the_same_and_sanitised():
    """Each worker keeps the texts it rendered last (core/markdown.py)."""
    from erfaringssentrum.core import markdown

    markdown._render_kept.cache_clear()
    text = "Før <script>alert(1)</script> **etter**"
    first, again = str(render_markdown(text)), str(render_markdown(text))
    assert first == again
    assert markdown._render_kept.cache_info().hits == 1
    render_markdown("x" * (markdown.KEPT_TEXT_LENGTH + 1))  # too long to keep
    assert markdown._render_kept.cache_info().currsize == 1
    assert "<script" not in again and "<strong>etter</strong>" in again
    assert "<strong>endret</strong>" in str(render_markdown(text.replace("etter", "endret")))
