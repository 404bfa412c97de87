from datetime import datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
# A Monday at noon, Oslo time: services get this as `now`.
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=OSLO)
