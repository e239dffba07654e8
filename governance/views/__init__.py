"""The site's pages of governance, one module per page family. Each module lists its own
`urlpatterns`; governance/urls.py puts them together."""
