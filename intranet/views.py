from allauth.account.views import logout as site_logout
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Page

from . import selectors, services
from .caching import versioned_key
from .forms import DirectoryFilterForm, ProfileForm, SearchForm
from .models import Library, NetworkSettings, Person
from .page_permissions import pages_visible_to
from .people import person_sections
from .roles import Role, has_role
from .search import search_sources
from .sections import library_sections, profile_sections

SEARCH_RESULTS_PER_PAGE = 10


@login_not_required
@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except DatabaseError:
        database = "error"
    healthy = database == "ok"
    return JsonResponse({"status": "ok" if healthy else "error", "database": database},
                        status=200 if healthy else 503)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: say what happened in the site's words, and lead back to the form (the page
    that posted it, when the browser says so and it is one of ours)."""
    referer = request.headers.get("Referer", "")
    back_is_form = bool(referer) and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    response = render(request, "csrf_failure.html", {
        "back_url": referer if back_is_form else "/", "back_is_form": back_is_form,
    }, status=403)
    return response


@login_not_required
@never_cache
def admin_login(request: HttpRequest) -> HttpResponse:
    """Wagtail's own login page checks neither the second factor nor the login limits: every visit,
    GET or POST, goes to the site's login instead. A posted password is never looked at here; only a
    same-site `next` is kept (the admin's home page otherwise)."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("wagtailadmin_home")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


@login_not_required
def admin_logout(request: HttpRequest) -> HttpResponse:
    """The administration's "Log out" button posts here: log out as the site does; a visit goes to the
    site's logout page."""
    if request.method == "POST":
        return site_logout(request)
    return redirect("account_logout")


def directory(request: HttpRequest) -> HttpResponse:
    libraries = selectors.libraries_with_headcount()
    form = DirectoryFilterForm(request.GET or None, libraries=libraries)
    people_page = selectors.directory_page(page_number=request.GET.get("page"), **form.filters())
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "intranet/directory/people.html", {
        "form": form, "people_page": people_page, "query": query.urlencode(), "libraries": libraries,
        "libraries_cache_key": versioned_key("libraries"),
        "can_record_departure": has_role(request.user, Role.COORDINATION),
    }, status=400 if form.errors else 200)


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        person = selectors.person_detail(pk)
    except Person.DoesNotExist as exc:
        raise Http404(_("No such person in the directory.")) from exc
    return render(request, "intranet/directory/person.html", {
        "person": person, "sections": person_sections(person, request.user),
        "can_record_departure": has_role(request.user, Role.COORDINATION),
    })


def library_detail(request: HttpRequest, slug: str) -> HttpResponse:
    library = get_object_or_404(Library, slug=slug)
    return render(request, "intranet/directory/library.html", {
        "library": library, "people": selectors.library_people(library),
        "sections": library_sections(request, library),
    })


def profile(request: HttpRequest) -> HttpResponse:
    person = selectors.person_for_user(request.user)
    if person is None:
        return render(request, "intranet/profile.html", {"person": None, "sections": []})
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.profile_update(person=person, **form.cleaned_data)
        messages.success(request, _("Your profile has been updated."))
        return redirect("profile")
    return render(request, "intranet/profile.html", {
        "person": person, "form": form, "sections": profile_sections(request, person),
    }, status=400 if form.errors else 200)


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results_page = people = None
    records = []
    if text:
        pages = pages_visible_to(request.user, Page.objects.live().filter(depth__gt=1).specific())
        results = pages.search(text)
        results_page = Paginator(results, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        if results_page.number == 1:
            people = list(selectors.directory_people(text=text)[:5])
            records = search_sources(request.user, text)
    return render(request, "intranet/search.html", {
        "form": form, "search_query": text, "results_page": results_page, "people": people,
        "records": records,
    })


def _legal_page(request: HttpRequest, name: str, context: dict | None = None) -> HttpResponse:
    """Long legal texts are written per language rather than as hundreds of message ids."""
    language = (get_language() or "fr")[:2]
    template = select_template([f"intranet/legal/{name}_{language}.html", f"intranet/legal/{name}_fr.html"])
    return HttpResponse(template.render(context or {}, request))


def _data_protection_officer(request: HttpRequest) -> dict:
    """The DPO's contact from the network settings, for the privacy notices (empty strings when unset)."""
    network = NetworkSettings.for_request(request)
    return {"dpo_name": network.dpo_name, "dpo_email": network.dpo_email, "dpo_address": network.dpo_address,
            "retention_days": settings.DEPARTED_RETENTION_DAYS}


@login_not_required
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    # Public on purpose: the statement must be reachable from every page, the login page included.
    return _legal_page(request, "accessibility")


@login_not_required
def privacy_notice(request: HttpRequest) -> HttpResponse:
    # Public on purpose: people are told how their data is used before they log in.
    return _legal_page(request, "privacy", {"dpo": _data_protection_officer(request)})


@login_not_required
def privacy_volunteers(request: HttpRequest) -> HttpResponse:
    # Public like the main notice: a volunteer reads it before their account is opened.
    return _legal_page(request, "privacy_volunteers", {"dpo": _data_protection_officer(request)})
