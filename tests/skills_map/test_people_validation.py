"""Validation from the skill page and « À valider »: who may validate whom, what a guessed POST gets, the
offers of a path completed, expired validations, the dashboard panel and the query counts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from intranet.roles import Role
from skills_map.models import Evidence, PersonSkill, Visibility
from skills_map.permissions import validator_kind
from skills_map.selectors.people import ValidationScope, mentee_ids
from tests.skills_map.factories import (
    LibraryFactory,
    PathSkillFactory,
    PersonFactory,
    PersonSkillFactory,
    SkillFactory,
    SkillProfileFactory,
)
from tests.tutorials.factories import PathFactory
from tutorials.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def skill():
    return SkillFactory(name="UNIMARC")


@pytest.fixture
def library():
    return LibraryFactory(name="Médiathèque de Lannilis")


@pytest.fixture
def referent(member, library):
    return member(Role.REFERENTS, first_name="Rozenn", last_name="Référente", library=library)


@pytest.fixture
def colleague(member, library):
    return member(Role.STAFF, first_name="Katell", last_name="Morvan", library=library)


def validate_url(skill, person):
    return reverse("skills_map:validate", kwargs={"slug": skill.slug, "person_id": person.pk})


def current(person, skill):
    return PersonSkill.objects.current().get(person=person, skill=skill)


def enrol(volunteer, path, *, mentor=None, completed_at=None):
    now = timezone.now()
    return Enrolment.objects.create(person=volunteer, path=path, mentor=mentor, enrolled_at=now - dt.timedelta(days=30),
                                    completed_at=completed_at)


def test_referent_validates_a_colleague_of_their_library_from_the_skill_page(client_as, referent, colleague, skill):
    PersonSkillFactory(person=colleague, skill=skill, level=3)
    client = client_as(referent)
    page = client.get(skill.get_absolute_url()).content.decode()
    assert validate_url(skill, colleague) in page
    assert "Je traite les cas difficiles" in page  # the level's descriptor in the level choice
    response = client.post(validate_url(skill, colleague), {"level": 3, "note": "Vu en catalogage"})
    assert response.status_code == 302
    row = current(colleague, skill)
    assert row.is_validated and row.validated_by == referent and row.evidence == Evidence.REFERENT
    assert row.evidence_note == "Vu en catalogage" and row.level == 3
    followed = client.get(response.url)
    assert "« UNIMARC » validée au niveau « Maîtrise »" in followed.content.decode()


def test_a_validator_can_validate_a_different_level(client_as, referent, colleague, skill):
    PersonSkillFactory(person=colleague, skill=skill, level=4)
    client_as(referent).post(validate_url(skill, colleague), {"level": 2})
    assert current(colleague, skill).level == 2


@pytest.mark.parametrize("who", ["other_referent", "colleague", "self", "volunteer"])
def test_guessed_posts_are_403_and_change_nothing(member, client_as, referent, colleague, skill, who):
    PersonSkillFactory(person=colleague, skill=skill, level=3)
    readers = {
        "other_referent": lambda: member(Role.REFERENTS, first_name="Autre", library=LibraryFactory()),
        "colleague": lambda: member(Role.STAFF, first_name="Collègue", library=colleague.library),
        "self": lambda: colleague,
        "volunteer": lambda: member(Role.VOLUNTEERS, first_name="Bénévole", library=colleague.library),
    }
    reader = readers[who]()
    page = client_as(reader).get(colleague.skill_rows.get().skill.get_absolute_url()).content.decode()
    assert validate_url(skill, colleague) not in page
    response = client_as(reader).post(validate_url(skill, colleague), {"level": 3})
    assert response.status_code == 403
    assert not current(colleague, skill).validated_at
    assert PersonSkill.objects.filter(person=colleague).count() == 1


def test_mentor_validates_their_volunteer_but_not_anothers(member, client_as, library, skill):
    mentor = member(Role.STAFF, first_name="Mentor", library=library)
    other_mentor = member(Role.STAFF, first_name="AutreMentor", library=library)
    mine = PersonFactory(first_name="Gwen", kind="volunteer", library=library, mentor=mentor)
    theirs = PersonFactory(first_name="Yves", kind="volunteer", library=library, mentor=other_mentor)
    for volunteer in (mine, theirs):
        PersonSkillFactory(person=volunteer, skill=skill, level=2)
    client = client_as(mentor)
    assert client.post(validate_url(skill, mine), {"level": 2}).status_code == 302
    assert current(mine, skill).evidence == Evidence.MENTOR
    assert client.post(validate_url(skill, theirs), {"level": 2}).status_code == 403
    assert not current(theirs, skill).validated_at


def test_mentor_of_a_path_validates_too(member, client_as, library, skill):
    mentor = member(Role.STAFF, first_name="Mentor", library=library)
    volunteer = PersonFactory(first_name="Gwen", kind="volunteer", library=library)
    enrol(volunteer, PathFactory(), mentor=mentor)
    PersonSkillFactory(person=volunteer, skill=skill, level=2)
    assert client_as(mentor).post(validate_url(skill, volunteer), {"level": 2}).status_code == 302


def test_bad_input_is_400_and_nothing_changes(client_as, referent, colleague, skill):
    PersonSkillFactory(person=colleague, skill=skill, level=3)
    response = client_as(referent).post(validate_url(skill, colleague), {"level": 9})
    assert response.status_code == 400
    assert "pas été enregistrée" in response.content.decode()
    assert not current(colleague, skill).validated_at


def test_a_path_that_does_not_bring_the_skill_is_refused(member, client_as, library, skill):
    mentor = member(Role.STAFF, first_name="Mentor", library=library)
    volunteer = PersonFactory(first_name="Gwen", kind="volunteer", library=library, mentor=mentor)
    path = PathFactory()
    enrol(volunteer, path, mentor=mentor, completed_at=timezone.now())
    PersonSkillFactory(person=volunteer, skill=skill, level=2)
    response = client_as(mentor).post(validate_url(skill, volunteer), {"level": 2, "path": path.pk})
    assert response.status_code == 400
    assert not current(volunteer, skill).validated_at


def test_scope_agrees_with_the_rule(member, referent, colleague, library):
    """The bulk answer of the pages (ValidationScope) is validator_kind's, person by person."""
    volunteer = PersonFactory(kind="volunteer", library=library, mentor=referent)
    stranger_volunteer = PersonFactory(kind="volunteer", library=library)
    elsewhere = PersonFactory(library=LibraryFactory())
    scope = ValidationScope(referent.pk, library.pk, mentee_ids(referent))
    for person in (referent, colleague, volunteer, stranger_volunteer, elsewhere):
        assert scope.kind_for(person) == validator_kind(referent, person), person


# --- « À valider » -------------------------------------------------------------------------------------


def to_validate(client, **query):
    return client.get(reverse("skills_map:to_validate"), query)


def test_to_validate_lists_the_library_staff_not_validated_and_expired(member, client_as, referent, colleague, skill,
                                                                       library):
    other_skill = SkillFactory(name="Dewey")
    third = SkillFactory(name="RAMEAU")
    PersonSkillFactory(person=colleague, skill=skill, level=3)
    now = timezone.now()
    PersonSkillFactory(person=colleague, skill=other_skill, level=2, validated_by=referent,
                       validated_at=now - dt.timedelta(days=10))
    PersonSkillFactory(person=colleague, skill=third, level=2, validated_by=referent,
                       validated_at=now - dt.timedelta(days=4 * 365))
    PersonSkillFactory(person=PersonFactory(first_name="Loin", library=LibraryFactory()), skill=skill, level=3)
    PersonSkillFactory(person=referent, skill=skill, level=3)  # not their own
    response = to_validate(client_as(referent))
    listed = [(item["row"].person.first_name, item["row"].skill.name) for item in response.context["rows"]]
    assert listed == [("Katell", "RAMEAU"), ("Katell", "UNIMARC")]
    assert "expirée" in response.content.decode()


def test_to_validate_shows_hidden_people_to_their_own_validator(client_as, referent, colleague, skill):
    SkillProfileFactory(person=colleague, visibility=Visibility.AGGREGATE)
    PersonSkillFactory(person=colleague, skill=skill, level=3)
    assert [item["row"].person for item in to_validate(client_as(referent)).context["rows"]] == [colleague]


def test_to_validate_is_for_staff_and_shows_the_tab_to_validators(client_volunteer, client_elected, client_staff,
                                                                  client_as, referent):
    assert to_validate(client_volunteer).status_code == 403
    assert to_validate(client_elected).status_code == 403
    assert "Vous ne validez les compétences de personne" in to_validate(client_staff).content.decode()
    index = reverse("skills_map:index")
    assert reverse("skills_map:to_validate") not in client_staff.get(index).content.decode()
    assert reverse("skills_map:to_validate") in client_as(referent).get(index).content.decode()


def test_path_offer_and_its_one_click_validation(member, client_as, library, skill):
    mentor = member(Role.STAFF, first_name="Mentor", library=library)
    volunteer = PersonFactory(first_name="Gwen", last_name="Le Bihan", kind="volunteer", library=library,
                              mentor=mentor)
    path = PathFactory(title="Parcours catalogage")
    PathSkillFactory(path=path, skill=skill, level=3)
    enrol(volunteer, path, mentor=mentor, completed_at=timezone.now() - dt.timedelta(days=2))
    PersonSkillFactory(person=volunteer, skill=skill, level=2)
    client = client_as(mentor)
    response = to_validate(client)
    offers = response.context["offers"]
    assert [(offer.person, offer.skill_name, offer.level) for offer in offers] == [(volunteer, "UNIMARC", 3)]
    html = response.content.decode()
    assert "Parcours catalogage" in html and "8 mars 2026" in html
    posted = client.post(validate_url(skill, volunteer),
                         {"level": 3, "path": path.pk, "next": reverse("skills_map:to_validate")})
    assert posted.status_code == 302
    row = current(volunteer, skill)
    assert row.level == 3 and row.evidence == Evidence.PATH and row.evidence_path_id == path.pk
    assert to_validate(client).context["offers"] == []


def test_no_offer_when_already_validated_at_that_level_or_path_not_completed(member, client_as, library, skill):
    mentor = member(Role.STAFF, first_name="Mentor", library=library)
    done = PersonFactory(kind="volunteer", library=library, mentor=mentor)
    going = PersonFactory(kind="volunteer", library=library, mentor=mentor)
    path = PathFactory()
    PathSkillFactory(path=path, skill=skill, level=2)
    enrol(done, path, mentor=mentor, completed_at=timezone.now())
    enrol(going, path, mentor=mentor)
    PersonSkillFactory(person=done, skill=skill, level=3, validated_by=mentor, validated_at=timezone.now())
    assert to_validate(client_as(mentor)).context["offers"] == []


def test_another_mentors_volunteer_gets_no_offer(member, client_as, library, skill):
    mentor = member(Role.STAFF, first_name="Mentor", library=library)
    volunteer = PersonFactory(kind="volunteer", library=library, mentor=PersonFactory())
    path = PathFactory()
    PathSkillFactory(path=path, skill=skill, level=2)
    enrol(volunteer, path, completed_at=timezone.now())
    assert to_validate(client_as(mentor)).context["offers"] == []


def test_to_validate_is_paginated(client_as, referent, library, skill):
    for number in range(35):
        PersonSkillFactory(person=PersonFactory(first_name=f"P{number:02d}", library=library), skill=skill, level=2)
    client = client_as(referent)
    assert len(to_validate(client).context["rows"]) == 30
    assert len(to_validate(client, page=2).context["rows"]) == 5


@pytest.mark.parametrize("scale", [1, 10])
def test_to_validate_queries_do_not_grow(member, client_as, referent, library, scale,
                                         django_assert_max_num_queries):
    skills = [SkillFactory() for _ in range(3)]
    path = PathFactory()
    for skill in skills:
        PathSkillFactory(path=path, skill=skill, level=3)
    for _number in range(3 * scale):
        colleague = PersonFactory(library=library)
        volunteer = PersonFactory(kind="volunteer", library=library, mentor=referent)
        enrol(volunteer, path, mentor=referent, completed_at=timezone.now())
        for skill in skills:
            PersonSkillFactory(person=colleague, skill=skill, level=2)
            PersonSkillFactory(person=volunteer, skill=skill, level=1)
    client = client_as(referent)
    client.get(reverse("skills_map:index"))
    with django_assert_max_num_queries(16):
        response = to_validate(client)
    assert response.status_code == 200 and response.context["offers"]


# --- the dashboard panel ------------------------------------------------------------------------------


def test_dashboard_panel_for_validators_only(client_as, client_staff, referent, colleague, skill,
                                             django_assert_max_num_queries):
    PersonSkillFactory(person=colleague, skill=skill, level=3)
    html = client_as(referent).get("/").content.decode()
    assert "Compétences à valider" in html and "Katell Morvan" in html
    assert "Compétences à valider" not in client_staff.get("/").content.decode()


def test_dashboard_panel_costs_volunteers_nothing(rf, volunteer_user, django_assert_num_queries):
    from intranet.roles import has_role
    from skills_map.hooks_people import to_validate_panel

    request = rf.get("/")
    request.user = volunteer_user
    has_role(volunteer_user, Role.STAFF)  # the roles are read once a request, for every panel
    with django_assert_num_queries(0):
        assert to_validate_panel(request) is None


def test_dashboard_panel_costs_a_non_mentor_one_query(rf, staff_user, django_assert_max_num_queries):
    from intranet.roles import has_role
    from intranet.selectors import person_for_user
    from skills_map.hooks_people import to_validate_panel

    request = rf.get("/")
    request.user = staff_user
    has_role(staff_user, Role.STAFF)
    person_for_user(staff_user)  # the dashboard reads both once a request, for every panel
    with django_assert_max_num_queries(1):
        assert to_validate_panel(request) is None


def test_dashboard_panel_counts_the_offers_of_a_mentor(member, client_as, library, skill):
    mentor = member(Role.STAFF, first_name="Mentor", library=library)
    volunteer = PersonFactory(first_name="Gwen", last_name="Le Bihan", kind="volunteer", library=library,
                              mentor=mentor)
    path = PathFactory(title="Parcours catalogage")
    PathSkillFactory(path=path, skill=skill, level=2)
    enrol(volunteer, path, mentor=mentor, completed_at=timezone.now())
    html = client_as(mentor).get("/").content.decode()
    assert "1 compétence acquise en parcours de formation à valider" in html
    assert "Gwen Le Bihan · UNIMARC" in html


def test_validation_never_redirects_off_site(client_as, referent, colleague, skill):
    PersonSkillFactory(person=colleague, skill=skill, level=3)
    response = client_as(referent).post(validate_url(skill, colleague), {"level": 3, "next": "https://evil.test/"})
    assert response.status_code == 302 and response.url == skill.get_absolute_url()


def test_to_validate_says_how_long_a_validation_counts(client_as, referent, settings):
    settings.SKILLS_VALIDATION_YEARS = 2
    assert "Une validation compte pendant 2 ans." in to_validate(client_as(referent)).content.decode()
