"""attachments pages of governance."""

urlpatterns: list = []
