from erfaringssentrum.core.search import SearchHit


def site_search(query, *, limit):
    return [SearchHit(title="Fra en ny app", url="/ny/", summary="", kind="Ny", rank=1.0)]
