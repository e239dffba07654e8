"""decisions pages of governance."""

urlpatterns: list = []
