"""actions pages of governance."""

urlpatterns: list = []
