"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): the standard interface for
civic issue trackers, JSON only, at /open311/v2/.

- `params`: the query and form parameters, parsed and checked;
- `places`: the commune nearest to a latitude and longitude;
- `submit`: a posted service request made into a citizen matter through the intake service;
- `selectors`: the public list of requests;
- `serializers`: matters, fields and errors in GeoReport's shapes;
- `views`, `urls`: thin HTTP glue.

A service is a field of public life (`CaseField`); a service request is a matter (`Case`),
identified by its tracking code. See `submit` for who is responsible for the citizen's
consent, and `serializers` for what the public list never shows.
"""
