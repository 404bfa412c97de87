"""Contrast of controls and focus (WCAG 1.4.11, issue #16), read from the browser's computed
styles, besides axe (which does not check either): every input, select, textarea, radio
button, checkbox and button has a boundary of at least 3:1 against what is behind it, and
every element Tab reaches shows an outline of at least 3:1 – not Bootstrap's pale glow."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.helpers import label

MINIMUM = 3.0

# For each visible control: its border colour and width, its own fill, and the colour behind
# it (the first ancestor with a background that is not transparent).
CONTROLS_JS = """
() => {
  const behind = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (!/rgba\\(.*, 0\\)$/.test(colour) && colour !== "transparent") return colour;
    }
    return "rgb(255, 255, 255)";
  };
  return [...document.querySelectorAll("input, select, textarea, button, .btn")]
    .filter((el) => el.type !== "hidden" && !el.disabled && el.getClientRects().length
            && getComputedStyle(el).visibility !== "hidden")
    .filter((el) => !el.classList.contains("btn-link") && !el.classList.contains("nav-link"))
    .map((el) => {
      const style = getComputedStyle(el);
      return {
        what: el.outerHTML.slice(0, 90),
        border: style.borderTopColor,
        borderWidth: parseFloat(style.borderTopWidth),
        fill: style.backgroundColor,
        behind: behind(el),
      };
    });
}
"""

FOCUS_JS = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  let behind = "rgb(255, 255, 255)";
  for (let node = el.parentElement; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if (!/rgba\\(.*, 0\\)$/.test(colour) && colour !== "transparent") { behind = colour; break; }
  }
  return {
    what: el.outerHTML.slice(0, 90),
    tag: el.tagName,
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    outlineColour: style.outlineColor,
    behind,
  };
}
"""


def rgb(colour: str) -> tuple[float, float, float, float]:
    parts = [float(part) for part in re.findall(r"[\d.]+", colour)]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)


def luminance(colour: str) -> float:
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b, _ = rgb(colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_arithmetic():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert round(contrast("rgb(222, 226, 230)", "rgb(255, 255, 255)"), 1) == 1.3  # Bootstrap's


def assert_boundaries(page):
    controls = page.evaluate(CONTROLS_JS)
    assert controls, f"{page.url}: no controls found"
    for control in controls:
        # The boundary is the border when there is one, or a filled button's own colour.
        border = (
            contrast(control["border"], control["behind"])
            if control["borderWidth"] >= 1 and rgb(control["border"])[3] > 0
            else 0
        )
        fill = (
            contrast(control["fill"], control["behind"]) if rgb(control["fill"])[3] > 0 else 0
        )
        assert max(border, fill) >= MINIMUM, (page.url, control)


def assert_focus_rings(page, *, stops=60):
    page.locator("body").focus()
    seen = 0
    for _ in range(stops):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_JS)
        if focused["tag"] == "BODY":
            break
        seen += 1
        assert focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2, (
            page.url,
            focused,
        )
        assert contrast(focused["outlineColour"], focused["behind"]) >= MINIMUM, (
            page.url,
            focused,
        )
    assert seen > 3


@pytest.fixture
def form_pages(db, adviser_factory, slot_factory, course_factory):
    adviser = adviser_factory()
    slot = slot_factory(starts_at=timezone.now() + timedelta(days=3))
    course = course_factory()
    return adviser, [
        f"/vurdering/book/{slot.pk}/",
        f"/kurs/{course.slug}/pamelding/",
        "/ressurser/passer-jeg/",
        "/ressurser/",
        "/sporsmal-og-svar/",
        "/min-side/slett-konto/",
    ]


@pytest.mark.parametrize("width", [360, 1280])
def test_controls_and_focus_rings_stand_out(page, live_server, form_pages, width):
    adviser, urls = form_pages
    page.set_viewport_size({"width": width, "height": 900})
    for url in ["/konto/login/", "/konto/signup/"]:
        page.goto(url)
        assert_boundaries(page)
        assert_focus_rings(page)
    page.goto("/konto/login/")
    page.get_by_label(label("E-post")).fill(adviser.email)
    page.get_by_label(label("Passord")).fill("et-godt-passord-123")
    page.locator("main").get_by_role("button").last.click()
    page.wait_for_url("**/min-side/")
    for url in urls:
        page.goto(url)
        assert_boundaries(page)
        assert_focus_rings(page)
    # With mistakes: the red boundaries and the error summary's links too.
    page.goto(urls[0])
    page.get_by_role("button", name="Book samtalen").click()
    page.locator("#feilsammendrag").wait_for()
    # The summary is in the HTML before the style sheets are applied: read styles after load.
    page.wait_for_load_state("load")
    assert_boundaries(page)
    assert_focus_rings(page)
