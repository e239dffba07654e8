"""Searching the library: title, tags and the text read from the files."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils.http import urlencode

from .. import selectors
from ..forms_site import DocumentSearchForm


def search(request):
    form = DocumentSearchForm(request.GET or None)
    text = kind = ""
    if form.is_valid():
        text, kind = form.cleaned_data["q"].strip(), form.cleaned_data["kind"]
    hits_page, hits = None, []
    if text:
        hits_page = Paginator(selectors.search_documents(request.user, text, kind=kind),
                              selectors.SEARCH_PER_PAGE).get_page(request.GET.get("page"))
        hits = [selectors.row(document) for document in selectors.with_details(hits_page.object_list)]
    return render(request, "documents/search.html", {
        "form": form, "text": text, "page_obj": hits_page, "hits": hits,
        "query": urlencode({key: value for key, value in (("q", text), ("kind", kind)) if value}),
    }, status=400 if form.errors else 200)


urlpatterns = [
    path("recherche/", search, name="search"),
]
