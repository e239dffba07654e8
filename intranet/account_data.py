"""The core's own entry in « Mes données » (intranet.personal_data): the directory entry, the account,
the mentees and the pages one owns; what leaving closes of them, and what is erased afterwards."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Page

from .departures import DepartureRefused
from .models import Departure, Person
from .personal_data import Change, PersonalData, Table, change, table


def export(person: Person) -> list[Table]:
    person = Person.objects.select_related("library", "mentor", "photo", "user").get(pk=person.pk)
    user = person.user
    tables = [table("profile", _("Directory entry"), {
        "first_name": _("First name"), "last_name": _("Last name"), "library": _("Library"),
        "kind": _("Kind"), "job_title": _("Job title"), "phone": _("Phone"), "bio": _("Short bio"),
        "photo": _("Photo"), "mentor": _("Mentor"), "active": _("Active"),
    }, [{
        "first_name": person.first_name, "last_name": person.last_name,
        "library": person.library.name if person.library else "", "kind": person.get_kind_display(),
        "job_title": person.job_title, "phone": person.phone, "bio": person.bio,
        "photo": person.photo.title if person.photo else "", "mentor": person.mentor.full_name if person.mentor else "",
        "active": person.active,
    }])]
    account_rows, addresses, factors = [], [], []
    if user is not None:
        account_rows = [{
            "email": user.email, "date_joined": user.date_joined, "last_login": user.last_login,
            "roles": sorted(user.groups.values_list("name", flat=True)), "is_active": user.is_active,
        }]
        addresses = EmailAddress.objects.filter(user=user).order_by("email").values("email", "verified", "primary")
        factors = [{"type": authenticator.get_type_display(), "created_at": authenticator.created_at,
                    "last_used_at": authenticator.last_used_at}
                   for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")]
    tables.append(table("account", _("Account"), {
        "email": _("Email"), "date_joined": _("Created on"), "last_login": _("Last login"), "roles": _("Roles"),
        "is_active": _("Open"),
    }, account_rows))
    tables.append(table("email_addresses", _("Email addresses"), {
        "email": _("Email"), "verified": _("Verified"), "primary": _("Primary")}, addresses))
    tables.append(table("second_factors", _("Second factors (their secrets are not exported)"), {
        "type": _("Type"), "created_at": _("Created on"), "last_used_at": _("Last used on")}, factors))
    tables.append(table("mentees", _("Volunteers I mentor"), {
        "name": _("Name"), "library": _("Library")},
        ({"name": mentee.full_name, "library": mentee.library.name if mentee.library else ""}
         for mentee in Person.objects.filter(mentor=person).select_related("library"))))
    pages = Page.objects.filter(owner_id=user.pk).order_by("path") if user is not None else Page.objects.none()
    tables.append(table("pages", _("Pages I own"), {
        "title": _("Title"), "url": _("Address"), "live": _("Published"), "last_published_at": _("Last published")},
        ({"title": page.title, "url": page.url_path, "live": page.live, "last_published_at": page.last_published_at}
         for page in pages.only("title", "url_path", "live", "last_published_at"))))
    departure = Departure.objects.filter(person=person).select_related("successor").first()
    tables.append(table("departure", _("Departure"), {
        "left_at": _("Left on"), "successor": _("Handed over to"), "anonymised_at": _("Anonymised on")},
        [{"left_at": departure.left_at, "successor": departure.successor.full_name if departure.successor else "",
          "anonymised_at": departure.anonymised_at}] if departure else []))
    return tables


def leave(departure: Departure) -> list[Change]:
    person, successor = departure.person, departure.successor
    changes: list[Change] = []
    mentees = Person.objects.filter(mentor=person)
    if successor is not None:
        count = mentees.update(mentor=successor)
        changes += change("intranet.mentees_handed", ngettext(
            "%(count)d mentee handed to %(name)s", "%(count)d mentees handed to %(name)s", count)
            % {"count": count, "name": successor.full_name}, count)
    user = person.user
    if user is not None:
        pages = Page.objects.filter(owner_id=user.pk)
        if successor is not None and pages.exists():
            if successor.user_id is None:
                raise DepartureRefused(_("%(name)s has no account and cannot own pages: name someone with one.")
                                       % {"name": successor.full_name})
            count = pages.update(owner_id=successor.user_id)
            changes += change("intranet.pages_handed", ngettext(
                "%(count)d page handed to %(name)s", "%(count)d pages handed to %(name)s", count)
                % {"count": count, "name": successor.full_name}, count)
        factors, _by_type = Authenticator.objects.filter(user=user).delete()
        changes += change("intranet.second_factors_removed", ngettext(
            "%(count)d second factor removed", "%(count)d second factors removed", factors) % {"count": factors},
            factors)
        if user.is_active:
            user.is_active = False
            user.set_unusable_password()
            user.save(update_fields=["is_active", "password"])
            changes += change("intranet.account_closed", _("Account %(email)s closed") % {"email": user.email}, 1)
    if person.active:
        person.active = False
        person.save(update_fields=["active"])
        changes += change("intranet.directory_entry_hidden", _("Removed from the directory"), 1)
    return changes


def anonymise(person: Person) -> list[Change]:
    changes: list[Change] = []
    cleared = [name for name in ("phone", "bio", "job_title") if getattr(person, name)]
    if person.photo_id:
        cleared.append("photo")
    if cleared or person.mentor_id:
        Person.objects.filter(pk=person.pk).update(phone="", bio="", job_title="", photo=None, mentor=None)
        changes += change("intranet.profile_erased", _("Phone, job title, bio and photo erased"), 1)
    user = person.user
    if user is not None and not user.email.endswith("@departed.invalid"):
        EmailAddress.objects.filter(user=user).delete()
        user.email = f"compte-{user.pk}@departed.invalid"
        user.first_name = user.last_name = ""
        user.set_unusable_password()
        user.is_active = False
        user.save(update_fields=["email", "first_name", "last_name", "password", "is_active"])
        changes += change("intranet.account_erased", _("Account email address erased"), 1)
    return changes


PERSONAL_DATA_ENTRY = PersonalData(
    key="intranet",
    title=_("Directory and account"),
    holds=_("Your directory entry (name, library, job title, phone, bio, photo, mentor), your account (email "
            "address, roles, last login, second factors without their secrets), the volunteers you mentor and "
            "the pages you own."),
    purpose=_("Identify the people of the network, let them log in, and let colleagues reach them."),
    legal_basis=_("Public task of the member authorities (GDPR art. 6.1.e), and the employment relationship for "
                  "staff."),
    retention=_("While you work in or for the network. When you leave, your account is closed at once; your "
                "phone, bio, photo and email address are erased after the retention period. Your name stays "
                "where a record needs it (minutes, decisions, bookings history)."),
    export=export, leave=leave, anonymise=anonymise, order=10,
)
