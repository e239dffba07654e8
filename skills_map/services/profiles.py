"""A person's skills profile: their visibility choice, made once with the default of their kind."""

from django.db import transaction
from django.utils.translation import gettext as _

from intranet.models import Person

from ..errors import NotAllowed, Refused
from ..models import SkillProfile, Visibility
from ..models.people import default_visibility


def profile_for(person: Person) -> SkillProfile:
    """The person's profile, created with the default of their kind the first time it is needed."""
    profile, _created = SkillProfile.objects.get_or_create(
        person=person, defaults={"visibility": default_visibility(person.kind)})
    return profile


@transaction.atomic
def skill_profile_set_visibility(*, person: Person, visibility: str, by: Person) -> SkillProfile:
    if by is None or by.pk != person.pk:
        raise NotAllowed(_("Only the person concerned chooses how their skills are shown."))
    if visibility not in Visibility.values:
        raise Refused(_("Choose how your skills are shown."), field="visibility")
    profile = profile_for(person)
    if profile.visibility != visibility:
        profile.visibility = visibility
        profile.save(update_fields=["visibility"])
    return profile
