"""Pages rendered for one request are gzipped at zlib's fastest level, pages the page cache
keeps at its smallest; otherwise as Django's GZipMiddleware does it: padded randomly against
BREACH, `Vary: Accept-Encoding`, strong ETags made weak."""

import gzip

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from erfaringssentrum.core.compression import GZipMiddleware

pytestmark = pytest.mark.django_db

SEARCH = "/sok/?q=l%C3%B8nn"
# The gzip header's XFL byte (RFC 1952): 4 for the fastest level, 2 for the smallest.
FASTEST, SMALLEST = 4, 2


def test_a_page_is_compressed_fast_and_unpacks_to_the_page(client):
    plain = client.get(SEARCH)
    packed = client.get(SEARCH, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert packed.content[8] == FASTEST
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content) / 2
    assert gzip.decompress(packed.content) == plain.content


def test_a_page_the_cache_keeps_is_compressed_once_at_the_smallest_size(client):
    stored = client.get("/sporsmal-og-svar/", HTTP_ACCEPT_ENCODING="gzip")
    assert stored["X-Page-Cache"] == "miss"  # rendered, and kept
    assert stored["Content-Encoding"] == "gzip" and stored.content[8] == SMALLEST


def test_the_compressed_length_varies_against_breach(client):
    lengths = {
        len(client.get(SEARCH, HTTP_ACCEPT_ENCODING="gzip").content) for _ in range(10)
    }
    assert len(lengths) > 1


def respond(content=b"x" * 1000, **headers):
    middleware = GZipMiddleware(lambda request: None)
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    response = HttpResponse(content, headers=headers)
    return middleware.process_response(request, response)


def test_a_strong_etag_becomes_weak():
    response = respond(ETag='"abc"')
    assert response["ETag"] == 'W/"abc"' and response["Content-Encoding"] == "gzip"


def test_no_padding_when_the_middleware_asks_for_none():
    middleware = GZipMiddleware(lambda request: None)
    middleware.max_random_bytes = 0
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    response = middleware.process_response(request, HttpResponse(b"x" * 1000))
    assert gzip.decompress(response.content) == b"x" * 1000
    assert response.content[3] == 0  # no file name in the header


def test_short_and_already_encoded_responses_are_left_alone():
    assert "Content-Encoding" not in respond(b"kort")
    encoded = respond(b"y" * 1000, **{"Content-Encoding": "br"})
    assert encoded.content == b"y" * 1000 and encoded["Content-Encoding"] == "br"
