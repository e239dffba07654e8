"""The rules of a person's skills, at the services (every page and command goes through them): only what
changed is written, a change closes a row and opens one, validations expire, nobody validates their own."""


import pytest

from intranet.models import PersonKind
from intranet.roles import Role
from skills_map.errors import NotAllowed, Refused
from skills_map.models import Evidence, PersonSkill, Visibility
from skills_map.models.people import named_q
from skills_map.services.people import Declaration, person_skill_validate, person_skills_confirm, person_skills_declare
from skills_map.services.profiles import profile_for, skill_profile_set_visibility
from tests.skills_map.factories import LibraryFactory, PersonSkillFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryFactory(name="Médiathèque de Lannilis", commune="Lannilis")


@pytest.fixture
def katell(member, library):
    return member(Role.STAFF, first_name="Katell", library=library)


def test_declaring_writes_only_the_skills_that_changed(katell, clock):
    rameau, dewey, portail = SkillFactory(name="RAMEAU"), SkillFactory(name="Dewey"), SkillFactory(name="Portail")
    person_skills_declare(person=katell, by=katell, declarations={
        rameau: Declaration(level=2), dewey: Declaration(level=3), portail: Declaration()})
    first_ids = set(PersonSkill.objects.values_list("pk", flat=True))
    clock.shift(days=1)

    changed = person_skills_declare(person=katell, by=katell, declarations={
        rameau: Declaration(level=2), dewey: Declaration(level=4, willing_to_share=True), portail: Declaration()})

    assert changed == 1
    rows = PersonSkill.objects.filter(person=katell)
    assert rows.count() == 3  # RAMEAU untouched, Dewey closed and reopened
    old_dewey = rows.get(skill=dewey, valid_until__isnull=False)
    new_dewey = rows.current().get(skill=dewey)
    assert (old_dewey.level, new_dewey.level, new_dewey.willing_to_share) == (3, 4, True)
    assert old_dewey.valid_until == new_dewey.valid_from
    assert rows.get(skill=rameau).pk in first_ids


def test_an_empty_declaration_withdraws_the_skill_and_keeps_its_history(katell):
    rameau = SkillFactory(name="RAMEAU")
    person_skills_declare(person=katell, by=katell, declarations={rameau: Declaration(level=2)})
    person_skills_declare(person=katell, by=katell, declarations={rameau: Declaration()})
    assert not PersonSkill.objects.current().filter(person=katell).exists()
    assert PersonSkill.objects.filter(person=katell, valid_until__isnull=False).count() == 1


@pytest.mark.parametrize("declaration", [Declaration(level=5),
                                         Declaration(level=3, wants_to_learn=True, target_level=2),
                                         Declaration(level=4, wants_to_learn=True)])
def test_a_wrong_declaration_is_refused_and_changes_nothing(katell, declaration):
    rameau, dewey = SkillFactory(name="RAMEAU"), SkillFactory(name="Dewey")
    with pytest.raises(Refused):
        person_skills_declare(person=katell, by=katell, declarations={dewey: Declaration(level=1), rameau: declaration})
    assert not PersonSkill.objects.exists()


def test_nobody_declares_for_someone_else(katell, member, library):
    colleague = member(Role.REFERENTS, library=library)
    with pytest.raises(NotAllowed):
        person_skills_declare(person=katell, by=colleague, declarations={SkillFactory(): Declaration(level=2)})


def test_still_true_confirms_every_skill_without_new_rows(katell, clock):
    row = PersonSkillFactory(person=katell, level=3)
    clock.shift(days=400)
    assert person_skills_confirm(person=katell, by=katell) == 1
    row.refresh_from_db()
    assert row.valid_until is None and row.confirmed_at.date() == clock.today()
    assert PersonSkill.objects.count() == 1


def test_the_referent_validates_their_library_staff_and_the_validation_expires(katell, member, library, clock):
    referent = member(Role.REFERENTS, first_name="Soizic", library=library)
    row = PersonSkillFactory(person=katell, level=3, wants_to_learn=True, target_level=4)
    validated = person_skill_validate(person=katell, skill=row.skill, by=referent)
    assert validated.is_validated and validated.evidence == Evidence.REFERENT and validated.validated_by == referent
    assert (validated.level, validated.wants_to_learn, validated.target_level) == (3, True, 4)
    assert PersonSkill.objects.current().validated().filter(pk=validated.pk).exists()
    clock.shift(days=3 * 366)
    validated.refresh_from_db()
    assert not validated.is_validated
    assert not PersonSkill.objects.current().validated().filter(pk=validated.pk).exists()


def test_nobody_validates_their_own_skills(member, library):
    referent = member(Role.REFERENTS, library=library)
    row = PersonSkillFactory(person=referent, level=3)
    with pytest.raises(NotAllowed):
        person_skill_validate(person=referent, skill=row.skill, by=referent)


def test_a_referent_of_another_library_and_a_colleague_may_not_validate(katell, member):
    other_referent = member(Role.REFERENTS, library=LibraryFactory(name="Médiathèque de Plouguerneau"))
    colleague = member(Role.STAFF, library=katell.library)
    row = PersonSkillFactory(person=katell, level=3)
    for who in (other_referent, colleague):
        with pytest.raises(NotAllowed):
            person_skill_validate(person=katell, skill=row.skill, by=who)
    assert PersonSkill.objects.get().validated_at is None


def test_a_mentor_validates_their_volunteer(member, library, katell):
    volunteer = member(Role.VOLUNTEERS, first_name="Gwen", library=library, mentor=katell)
    row = PersonSkillFactory(person=volunteer, level=2)
    validated = person_skill_validate(person=volunteer, skill=row.skill, by=katell)
    assert validated.evidence == Evidence.MENTOR
    referent = member(Role.REFERENTS, library=library)
    with pytest.raises(NotAllowed):  # a volunteer's referent is not their mentor
        person_skill_validate(person=volunteer, skill=row.skill, by=referent)


def test_changing_the_level_drops_the_validation_but_a_new_wish_keeps_it(katell, member, library):
    referent = member(Role.REFERENTS, library=library)
    row = PersonSkillFactory(person=katell, level=3)
    person_skill_validate(person=katell, skill=row.skill, by=referent)
    person_skills_declare(person=katell, by=katell,
                          declarations={row.skill: Declaration(level=3, willing_to_share=True)})
    assert PersonSkill.objects.current().get().is_validated
    person_skills_declare(person=katell, by=katell, declarations={row.skill: Declaration(level=4)})
    assert not PersonSkill.objects.current().get().is_validated


def test_visibility_defaults_by_kind_and_the_person_changes_it(katell, member, library):
    volunteer = member(Role.VOLUNTEERS, library=library)
    assert volunteer.kind == PersonKind.VOLUNTEER
    from intranet.models import Person

    assert set(Person.objects.filter(named_q()).filter(pk__in=[katell.pk, volunteer.pk])) == {katell}
    assert profile_for(volunteer).visibility == Visibility.AGGREGATE
    skill_profile_set_visibility(person=volunteer, visibility=Visibility.NAMED, by=volunteer)
    skill_profile_set_visibility(person=katell, visibility=Visibility.AGGREGATE, by=katell)
    assert set(Person.objects.filter(named_q()).filter(pk__in=[katell.pk, volunteer.pk])) == {volunteer}
    with pytest.raises(NotAllowed):
        skill_profile_set_visibility(person=katell, visibility=Visibility.NAMED, by=volunteer)


def test_validation_years_follow_the_setting(katell, member, library, settings, clock):
    settings.SKILLS_VALIDATION_YEARS = 1
    referent = member(Role.REFERENTS, library=library)
    row = PersonSkillFactory(person=katell, level=3)
    validated = person_skill_validate(person=katell, skill=row.skill, by=referent)
    clock.shift(days=366)
    assert not validated.is_validated
