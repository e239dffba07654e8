"""The skills map's demo data (skills_map/demo.py, run by `seed_demo`): the taxonomy, the skills the
demo paths bring, and the people's skills telling their story (one RAMEAU expert, the head office
strongest in digital, a small library, volunteers counted only, personnel@ without skills)."""

import pytest
from django.db.models import Count

from intranet.demo import DEMO_ACCOUNTS
from intranet.hooks import DEMO_SEEDERS, registered
from intranet.models import Library, Person, PersonKind
from intranet.roles import Role
from skills_map.demo import RAMEAU, seed_skills_map
from skills_map.models import PathSkill, PersonSkill, Skill, SkillDomain, SkillProfile, SkillTutorial, Visibility
from skills_map.models.people import validation_cutoff

pytestmark = pytest.mark.django_db


def test_the_seeder_runs_after_the_tutorials_seeders():
    orders = {seeder.name: seeder.order for seeder in registered(DEMO_SEEDERS)}
    assert orders["skills_map"] > max(orders["tutorials_content"], orders["paths"], orders["tutorials_procedures"])


@pytest.mark.usefixtures("demo_network_of_the_class")
class TestTheDemoSkills:
    def test_the_taxonomy_is_about_fifty_skills_in_nine_domains_with_a_minimum_base(self):
        assert SkillDomain.objects.count() == 9
        assert 45 <= Skill.objects.count() <= 55
        assert 8 <= Skill.objects.filter(minimum_base=True).count() <= 12
        assert not Skill.objects.filter(description="").exists()
        assert {"Indexation RAMEAU", "Catalogage UNIMARC", "Classification Dewey", "Médiation numérique",
                "Administration du SIGB", "Réseaux sociaux", "Langue des signes française"} <= set(
            Skill.objects.values_list("name", flat=True))

    def test_skills_link_to_the_tutorials_that_teach_them(self):
        links = SkillTutorial.objects.filter(skill__slug=RAMEAU).values_list("page__title", flat=True)
        assert list(links) == ["Cataloguer avec RAMEAU"]
        assert SkillTutorial.objects.count() >= 30

    def test_the_demo_paths_bring_their_skills_on_their_published_revision(self):
        def brought(slug):
            return sorted(PathSkill.objects.filter(path__slug=slug).values_list("skill__slug", "level"))

        assert brought("benevole-premiers-pas") == [("accueil-des-publics", 2), ("inscription-des-usagers", 2),
                                                    ("pret-et-retour", 2)]
        assert ("indexation-rameau", 3) in brought("catalogage-rameau")
        assert ("mediation-numerique", 2) in brought("mediation-numerique")
        path = PathSkill.objects.get(skill__slug=RAMEAU).path
        latest = path.get_latest_revision_as_object()
        assert [row.skill.slug for row in latest.skills_brought.all()] == [
            row.skill.slug for row in path.skills_brought.order_by("sort_order")]

    def test_seeding_again_adds_nothing(self):
        def counts():
            return (SkillDomain.objects.count(), Skill.objects.count(), SkillTutorial.objects.count(),
                    PathSkill.objects.count(), PersonSkill.objects.count(), SkillProfile.objects.count())

        before = counts()
        seed_skills_map(scale=1)
        assert counts() == before

    def test_one_library_holds_the_only_rameau_expert_and_nobody_else_masters_rameau(self):
        masters = PersonSkill.objects.current().of_active_people().mastered().filter(skill__slug=RAMEAU)
        assert list(masters.values_list("person__library__name", "level")) == [("Médiathèque de Kerbréhat", 4)]
        expert = masters.get()
        assert expert.willing_to_share and expert.is_validated
        assert expert.validated_by.library_id == expert.person.library_id
        learners = PersonSkill.objects.current().filter(skill__slug=RAMEAU, wants_to_learn=True)
        assert learners.count() >= 3 and not learners.filter(target_level__isnull=True).exists()

    def test_the_head_office_is_the_strongest_in_the_digital_domain(self):
        by_library = dict(PersonSkill.objects.current().of_active_people().mastered()
                          .filter(skill__domain__slug="numerique").values("person__library_id")
                          .annotate(count=Count("pk")).values_list("person__library_id", "count"))
        head_office = Library.objects.get(is_head_office=True)
        assert by_library[head_office.pk] > 2 * max(count for pk, count in by_library.items() if pk != head_office.pk)

    def test_personnel_has_no_skills_and_their_referent_is_referent_at_demo(self):
        personnel = Person.objects.get(user__email=DEMO_ACCOUNTS[Role.STAFF])
        assert not PersonSkill.objects.filter(person=personnel).exists()
        assert not SkillProfile.objects.filter(person=personnel).exists()
        referent = Person.objects.get(user__email=DEMO_ACCOUNTS[Role.REFERENTS])
        assert referent.library_id == personnel.library_id

    def test_in_the_small_library_two_staff_speak_and_one_is_counted_only(self):
        rows = PersonSkill.objects.current().filter(person__library__slug="mediatheque-de-pors-meur")
        people = Person.objects.filter(pk__in=rows.values("person_id"))
        assert people.count() == 2
        assert sorted(people.values_list("skill_profile__visibility", flat=True)) == [Visibility.AGGREGATE,
                                                                                       Visibility.NAMED]

    def test_volunteers_are_counted_only_but_a_couple_who_opted_in(self):
        profiles = SkillProfile.objects.filter(person__kind=PersonKind.VOLUNTEER)
        assert profiles.filter(visibility=Visibility.NAMED).count() == 2
        assert profiles.filter(visibility=Visibility.AGGREGATE).count() >= 8
        staff = SkillProfile.objects.exclude(person__kind=PersonKind.VOLUNTEER)
        assert 2 <= staff.filter(visibility=Visibility.AGGREGATE).count() < staff.count() / 4
        rows = PersonSkill.objects.current().filter(person__kind=PersonKind.VOLUNTEER)
        per_volunteer = rows.values("person_id").annotate(count=Count("pk")).values_list("count", flat=True)
        assert per_volunteer and max(per_volunteer) <= 6

    def test_validations_are_by_the_right_people_and_some_have_expired(self):
        validated = PersonSkill.objects.current().filter(validated_at__isnull=False).select_related(
            "person", "validated_by")
        assert validated.count() > 100
        assert validated.filter(validated_at__lt=validation_cutoff()).count() > 10
        for row in validated.exclude(person__kind=PersonKind.VOLUNTEER):
            assert row.validated_by.library_id == row.person.library_id and row.validated_by_id != row.person_id
        assert validated.filter(evidence="path", evidence_path__slug="benevole-premiers-pas").exists()

    def test_some_people_have_no_skills_and_some_have_not_confirmed_for_a_year(self, clock):
        staff = Person.objects.filter(kind__in=[PersonKind.PROFESSIONAL, PersonKind.COORDINATION])
        with_skills = PersonSkill.objects.current().values("person_id")
        assert staff.exclude(pk__in=with_skills).count() >= 5
        stale = SkillProfile.objects.filter(confirmed_at__lt=clock.now().replace(year=clock.now().year - 1))
        assert stale.count() >= 5
        assert PersonSkill.objects.filter(valid_until__isnull=False).exists()  # some history
        assert PersonSkill.objects.current().filter(willing_to_share=True, level=4).exists()
