"""Reads behind the validation rule: who mentors a volunteer, and which completed paths bring a skill."""

from intranet.models import Person
from tutorials.models import Enrolment


def mentors_of(person: Person) -> set[int]:
    """The ids of a volunteer's mentors: their directory mentor and the mentors of their paths (in
    progress or completed, not withdrawn)."""
    mentors = set(Enrolment.objects.current().filter(person=person, mentor__isnull=False)
                  .values_list("mentor_id", flat=True))
    if person.mentor_id:
        mentors.add(person.mentor_id)
    return mentors


def completed_path_brings(person: Person, path, skill) -> bool:
    return Enrolment.objects.current().filter(
        person=person, path=path, completed_at__isnull=False, path__skills_brought__skill=skill).exists()
