"""The staff pages of participation, one URL module per subdomain."""

from . import urls_consultations, urls_meetings, urls_supervision

app_name = "participation"

urlpatterns = [
    *urls_consultations.urlpatterns,
    *urls_supervision.urlpatterns,
    *urls_meetings.urlpatterns,
]
