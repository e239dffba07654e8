"""meetings pages of governance."""

urlpatterns: list = []
