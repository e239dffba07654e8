"""proposals pages of governance."""

urlpatterns: list = []
