import pytest

from erfaringssentrum.core.search import MAX_QUERY_LENGTH, clean_query, light_stem


@pytest.mark.parametrize(
    "word, stem",
    [
        ("erfaringskonsulenter", "erfaringskonsulent"),
        ("erfaringskonsulenten", "erfaringskonsulent"),
        ("lønnen", "lønn"),
        ("lønn", "lønn"),
        ("kursene", "kurs"),
    ],
)
def test_light_stem_strips_common_norwegian_endings(word, stem):
    assert light_stem(word) == stem


def test_clean_query_trims_collapses_and_caps():
    assert clean_query("  lønn \t og\n\x00 utdanning ") == "lønn og utdanning"
    assert clean_query(None) == ""
    assert len(clean_query("a" * 10_000)) == MAX_QUERY_LENGTH
