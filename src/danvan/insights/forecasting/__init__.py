"""Weekly forecasts per topic and province with intervals, back-tested on the platform's own
history (decision 0029): `series` reads the counts, `model` forecasts and back-tests one
series, `chart` draws history, forecast and interval band as inline SVG."""
