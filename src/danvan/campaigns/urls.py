"""The staff pages of campaigns, funds, households supported and community teams, one URL
module per subdomain."""

from . import urls_campaigns, urls_funds, urls_households, urls_teams

app_name = "campaigns"

urlpatterns = [
    *urls_campaigns.urlpatterns,
    *urls_funds.urlpatterns,
    *urls_households.urlpatterns,
    *urls_teams.urlpatterns,
]
