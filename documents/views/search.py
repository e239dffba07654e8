"""Searching the library: title, tags and the text read from the files."""

urlpatterns: list = []
