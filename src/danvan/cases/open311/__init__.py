"""Open311 GeoReport v2: the standard interface for civic issue trackers."""
