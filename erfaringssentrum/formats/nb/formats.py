"""Django's own date output in the site's style (erfaringssentrum/core/dates.py), for what
Django formats by itself: the admin's lists and read-only fields of dates and times."""

DATETIME_FORMAT = r"l j. F Y \k\l. H.i"
DATE_FORMAT = "j. F Y"
TIME_FORMAT = "H.i"
SHORT_DATETIME_FORMAT = r"j. F Y \k\l. H.i"
