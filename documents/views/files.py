"""One document (its page, its preview) and adding documents and sub-folders."""

urlpatterns: list = []
