"""The skills map's entry in « Mes données » (intranet.personal_data): a person's skills with their
whole history (levels, wishes to learn, willingness to share, who validated what and when), their
skills profile (shown by name or counted only), and the validations they gave to others.

Leaving (`leave`) writes nothing here: every reader of the map counts and names only active people
(PersonSkill.objects.of_active_people(), who_is_due_a_reminder...), so once the core's leave makes the
directory entry inactive, the person is gone at once from « Qui sait faire ? », the map, the gaps (the
bus factor counts the people still there), the site's search and the CSV; their rows stay until the
anonymisation, and the cached counts are forgotten when the departure commits.

Anonymising (`anonymise`) deletes their rows, current and past, and their profile. The validations
they gave to others stay with their name: a validation counts only with its validator (the database
holds it: personskill_validation_has_validator), and it is part of the other person's record."""

from django.conf import settings
from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from intranet.caching import bump
from intranet.models import Departure, Person
from intranet.personal_data import Change, PersonalData, Table, change, table

from .models import PersonSkill, SkillProfile, Visibility
from .models.people import default_visibility
from .selectors.map import MAP_COUNTS_CACHE


def _name(person: Person | None) -> str:
    return person.full_name if person is not None else ""


def export(person: Person) -> list[Table]:
    """Three queries whatever the volume: the rows, the profile, the validations given."""
    rows = (PersonSkill.objects.filter(person=person)
            .select_related("skill__domain", "validated_by", "evidence_path", "changed_by")
            .order_by("skill__domain__sort_order", "skill__domain__name", "skill__name", "-valid_from", "-pk"))
    skills = table("skills", gettext_lazy("My skills and their history"), {
        "domain": gettext_lazy("Domain"), "skill": gettext_lazy("Skill"), "level": gettext_lazy("Level"),
        "wants_to_learn": gettext_lazy("Wants to learn"), "target_level": gettext_lazy("Target level"),
        "willing_to_share": gettext_lazy("Willing to share or train"),
        "validated_by": gettext_lazy("Validated by"), "validated_at": gettext_lazy("Validated at"),
        "validation_current": gettext_lazy("Validation still counts"), "evidence": gettext_lazy("Evidence"),
        "evidence_path": gettext_lazy("Path completed"), "evidence_note": gettext_lazy("Evidence note"),
        "confirmed_at": gettext_lazy("Last confirmed"), "valid_from": gettext_lazy("From"),
        "valid_until": gettext_lazy("Until"), "changed_by": gettext_lazy("Changed by"),
    }, ({"domain": row.skill.domain.name, "skill": row.skill.name, "level": str(row.get_level_display() or ""),
         "wants_to_learn": row.wants_to_learn,
         "target_level": str(row.get_target_level_display() or ""), "willing_to_share": row.willing_to_share,
         "validated_by": _name(row.validated_by), "validated_at": row.validated_at,
         "validation_current": row.is_validated if row.validated_at else None,
         "evidence": str(row.get_evidence_display() or ""),
         "evidence_path": row.evidence_path.title if row.evidence_path else "", "evidence_note": row.evidence_note,
         "confirmed_at": row.confirmed_at, "valid_from": row.valid_from, "valid_until": row.valid_until,
         "changed_by": _name(row.changed_by)} for row in rows))

    profile = SkillProfile.objects.filter(person=person).first()
    visibility = profile.visibility if profile is not None else default_visibility(person.kind)
    profiles = table("profile", gettext_lazy("How my skills are shown"), {
        "visibility": gettext_lazy("Visibility"), "chosen": gettext_lazy("Chosen by me"),
        "confirmed_at": gettext_lazy("Skills last confirmed"), "nudged_at": gettext_lazy("Last reminded"),
    }, [{"visibility": str(Visibility(visibility).label), "chosen": profile is not None,
         "confirmed_at": profile.confirmed_at if profile else None,
         "nudged_at": profile.nudged_at if profile else None}])

    given = (PersonSkill.objects.filter(validated_by=person).exclude(person=person)
             .select_related("person", "skill").order_by("validated_at", "pk"))
    validations = table("validations_given", gettext_lazy("Skills of others I validated"), {
        "person": gettext_lazy("Person"), "skill": gettext_lazy("Skill"), "level": gettext_lazy("Level"),
        "validated_at": gettext_lazy("Validated at"), "evidence": gettext_lazy("Evidence"),
        "current": gettext_lazy("Current"),
    }, ({"person": row.person.full_name, "skill": row.skill.name, "level": str(row.get_level_display() or ""),
         "validated_at": row.validated_at, "evidence": str(row.get_evidence_display() or ""),
         "current": row.valid_until is None} for row in given))
    return [skills, profiles, validations]


def _forget_counts() -> None:
    transaction.on_commit(lambda: bump(MAP_COUNTS_CACHE))


def leave(departure: Departure) -> list[Change]:
    person = departure.person
    shown = PersonSkill.objects.current().filter(person=person).count()
    _forget_counts()
    return change("skills_map.hidden", ngettext(
        "%(count)d skill no longer shown in the skills map, its searches and its exports",
        "%(count)d skills no longer shown in the skills map, its searches and its exports", shown)
        % {"count": shown}, shown)


def anonymise(person: Person) -> list[Change]:
    changes: list[Change] = []
    rows, _by_model = PersonSkill.objects.filter(person=person).delete()
    changes += change("skills_map.skills_erased", ngettext(
        "%(count)d skill record erased (levels, wishes and their history)",
        "%(count)d skill records erased (levels, wishes and their history)", rows) % {"count": rows}, rows)
    profiles, _by_model = SkillProfile.objects.filter(person=person).delete()
    changes += change("skills_map.profile_erased", _("Skills profile erased"), profiles)
    if rows or profiles:
        _forget_counts()
    return changes


PERSONAL_DATA_ENTRY = PersonalData(
    key="skills_map",
    title=gettext_lazy("Skills map"),
    holds=gettext_lazy(
        "Your skills and their history: the level you declared, what you want to learn and to which level, "
        "whether you share or train, who validated a level and when, with which evidence; how your skills "
        "are shown (by name or counted only) and when you last confirmed them; the skills of others you "
        "validated."),
    purpose=gettext_lazy(
        "Know who knows what in the network, find someone to help or train, and plan the training where a "
        "skill depends on too few people."),
    legal_basis=gettext_lazy(
        "Public task of the member authorities (GDPR art. 6.1.e): organising the network's service and "
        "training. Being shown by name is your choice (staff may opt out, volunteers opt in)."),
    retention=lazy(lambda: _(
        "While you are in the network. When you leave, your skills disappear at once from the map, the "
        "searches, the gaps and the exports; they and their history are erased %(days)d days after your "
        "departure. The validations you gave to others stay, with your name.")
        % {"days": settings.DEPARTED_RETENTION_DAYS}, str)(),
    export=export, leave=leave, anonymise=anonymise, order=50,
)
