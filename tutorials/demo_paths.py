"""Demo data of training paths (`seed_demo`): three paths of the network, volunteers and staff enrolled
at different stages, and benevole@demo.test following « Bénévole : premiers pas » with
referent@demo.test as mentor (some steps done, one waiting for validation). Idempotent; --scale N
enrols the people of every unit of the network (each mentor's list stays paginated)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from intranet.caching import bump
from intranet.demo import DEMO_ACCOUNTS
from intranet.models import HomePage, Person, PersonKind
from intranet.roles import Role

from .models import (
    Audience,
    Enrolment,
    PathIndexPage,
    PathStep,
    StepKind,
    StepProgress,
    StepStatus,
    TrainingPathPage,
    TutorialPage,
)
from .selectors.paths import PATHS_CACHE

S = StepKind

# (title, kind, description, needs validation, words of a tutorial title to link, or "")
PATHS = [
    {
        "slug": "benevole-premiers-pas", "title": "Bénévole : premiers pas", "audience": Audience.VOLUNTEERS,
        "duration_weeks": 12, "self_enrolment": False,
        "introduction": "Le parcours d'accueil des bénévoles du réseau, en quatre temps : l'informatisation "
                        "(votre compte, le SIGB, le portail), la formation (l'accueil, le prêt, l'inscription), "
                        "le suivi avec votre tuteur ou tutrice, puis les points spécifiques de votre médiathèque.",
        "steps": [
            ("Informatisation : activer son compte et se connecter au SIGB", S.PRACTICE,
             "Activez le compte reçu par courriel, choisissez votre mot de passe et ouvrez une session sur le "
             "poste professionnel de l'accueil.", False, ""),
            ("Informatisation : découvrir le portail et le catalogue", S.READ,
             "Repérez les rubriques du portail, faites trois recherches dans le catalogue et réservez un "
             "document pour un usager fictif.", False, "catalogue"),
            ("Formation : atelier d'accueil des nouveaux bénévoles", S.SESSION,
             "Une demi-journée au pôle lecture publique avec les autres nouveaux bénévoles : le réseau, la charte, "
             "les gestes de l'accueil.", True, ""),
            ("Formation : prêter et rendre un document", S.PRACTICE,
             "Avec votre tuteur à côté de vous, enregistrez dix prêts et dix retours, dont une réservation "
             "et un document en retard.", True, "prolonger"),
            ("Formation : inscrire un nouvel usager", S.READ,
             "Lisez la procédure d'inscription puis inscrivez un usager avec votre tuteur.", False, "inscrire"),
            ("Suivi : premier point avec son tuteur", S.MEETING,
             "Un quart d'heure pour faire le bilan du premier mois : ce qui va, ce qui reste à voir.", True, ""),
            ("Suivi : tenir l'accueil en autonomie une demi-journée", S.PRACTICE,
             "Votre tuteur reste joignable mais n'est pas à l'accueil.", True, ""),
            ("Points spécifiques : ranger et équiper les documents", S.CHECKLIST,
             "Cotes, plastification, étiquettes antivol, bacs de retour : la liste de votre médiathèque.", False,
             ""),
            ("Points spécifiques : accueillir une classe", S.READ,
             "Lisez la procédure d'accueil des classes puis assistez à un accueil.", True, "classe"),
            ("Bilan du parcours avec son tuteur", S.MEETING,
             "Le point final : ce que vous faites seul·e, ce que vous aimeriez apprendre ensuite.", True, ""),
        ],
    },
    {
        "slug": "catalogage-rameau", "title": "Catalogage RAMEAU", "audience": Audience.STAFF,
        "duration_weeks": 8, "self_enrolment": True,
        "introduction": "Indexer les documents avec le langage RAMEAU comme les autres médiathèques du "
                        "réseau, pour un catalogue commun cohérent.",
        "steps": [
            ("Lire la procédure de catalogage RAMEAU", S.READ, "Les règles communes du réseau.", False, "rameau"),
            ("Journée de formation RAMEAU", S.SESSION,
             "Au pôle lecture publique, avec la chargée des collections.", False, ""),
            ("Indexer dix notices de documentaires adultes", S.PRACTICE,
             "Votre référent·e relit les dix notices.", True, ""),
            ("Contrôle qualité d'une notice", S.CHECKLIST,
             "Vedettes, subdivisions, ordre des sujets, liens d'autorité.", False, ""),
            ("Point avec le ou la référente", S.MEETING, "Les questions restées ouvertes.", True, ""),
        ],
    },
    {
        "slug": "mediation-numerique", "title": "Médiation numérique", "audience": Audience.EVERYONE,
        "duration_weeks": 6, "self_enrolment": True,
        "introduction": "Accompagner les usagers dans leurs premiers pas numériques : démarches en ligne, "
                        "tablettes, ressources numériques de la médiathèque.",
        "steps": [
            ("Lire le guide des ateliers numériques", S.READ, "Le déroulé type et le matériel.", False,
             "numérique"),
            ("Atelier de prise en main des tablettes", S.SESSION, "Deux heures en salle de formation.", False, ""),
            ("Co-animer un atelier « premiers pas sur internet »", S.PRACTICE,
             "Avec un médiateur ou une médiatrice du réseau.", True, ""),
            ("Préparer le matériel d'un atelier", S.CHECKLIST, "Tablettes chargées, comptes de démonstration, "
             "fiches imprimées.", False, ""),
            ("Bilan avec son tuteur", S.MEETING, "Ce qui a marché, ce qui est à revoir.", True, ""),
        ],
    },
]


def _section() -> PathIndexPage:
    section = PathIndexPage.objects.first()
    if section is None:  # the migration creates it; a database restored without it gets one here
        section = PathIndexPage(title="Parcours", slug="parcours",
                                intro="Les parcours de formation du réseau, étape par étape.")
        HomePage.objects.first().add_child(instance=section)
        section.save_revision().publish()
    return section


def _tutorial(words: str):
    if not words:
        return None
    return TutorialPage.objects.live().filter(title__icontains=words).order_by("pk").first()


def _seed_path(section: PathIndexPage, spec: dict) -> TrainingPathPage:
    page = TrainingPathPage.objects.filter(slug=spec["slug"]).first()
    if page is not None:
        return page
    page = TrainingPathPage(title=spec["title"], slug=spec["slug"], introduction=spec["introduction"],
                            audience=spec["audience"], duration_weeks=spec["duration_weeks"],
                            self_enrolment=spec["self_enrolment"])
    page.steps = [PathStep(title=title, kind=kind, description=description, needs_validation=validates,
                           tutorial=_tutorial(words), sort_order=number)
                  for number, (title, kind, description, validates, words) in enumerate(spec["steps"])]
    section.add_child(instance=page)
    page.save_revision().publish()
    return page


def _progress_rows(enrolment: Enrolment, steps: list[PathStep], finished: int, *, waiting: bool,
                   start: dt.datetime) -> list[StepProgress]:
    """The first `finished` steps finished (validated by the mentor where they must be), and the next
    one waiting for validation when `waiting` and it needs it, else marked done."""
    rows = []
    for number, step in enumerate(steps[:finished + 1]):
        done_at = start + dt.timedelta(days=4 * (number + 1))
        if number < finished:
            validated = step.needs_validation
            rows.append(StepProgress(
                enrolment=enrolment, step=step, status=StepStatus.VALIDATED if validated else StepStatus.DONE,
                done_at=done_at, reviewed_at=done_at + dt.timedelta(days=1) if validated else None,
                reviewed_by=enrolment.mentor if validated else None))
        elif waiting and step.needs_validation:
            rows.append(StepProgress(enrolment=enrolment, step=step, status=StepStatus.WAITING, done_at=done_at))
    return rows


def _mentor_for(person: Person, referents: dict[int, Person]) -> Person | None:
    return person.mentor or referents.get(person.library_id)


@transaction.atomic
def seed_paths(*, scale: int) -> dict:
    section = _section()
    paths = [_seed_path(section, spec) for spec in PATHS]
    steps = {page.pk: list(page.steps.order_by("sort_order", "pk")) for page in paths}
    first_steps, rameau, numeric = paths
    now = timezone.now()
    existing = set(Enrolment.objects.current().values_list("person_id", "path_id"))
    referents = {person.library_id: person for person in
                 Person.objects.filter(user__groups__name=Role.REFERENTS.value).order_by("pk")}
    plans: list[tuple[Person, TrainingPathPage, Person | None, int, bool]] = []

    volunteer = Person.objects.filter(user__email=DEMO_ACCOUNTS[Role.VOLUNTEERS]).first()
    referent = Person.objects.filter(user__email=DEMO_ACCOUNTS[Role.REFERENTS]).first()
    if volunteer is None or referent is None:  # no demo network (the core seeder did not run): paths only
        return {"training paths": len(paths), "enrolments": Enrolment.objects.count()}
    plans.append((volunteer, first_steps, referent, 3, True))  # 3 finished, the 4th waiting for validation

    volunteers = list(Person.objects.filter(kind=PersonKind.VOLUNTEER, user__isnull=False)
                      .exclude(pk=volunteer.pk).select_related("mentor").order_by("pk"))
    per_unit = 16
    for index, person in enumerate(volunteers[:per_unit * scale]):
        total = len(steps[first_steps.pk])
        finished = [0, 1, 2, 4, 5, 6, 8, total][index % 8]  # every stage, some completed
        plans.append((person, first_steps, _mentor_for(person, referents), finished, index % 3 == 0))
        if index % 5 == 0:
            plans.append((person, numeric, _mentor_for(person, referents), index % 4, index % 2 == 0))
    professionals = list(Person.objects.filter(kind=PersonKind.PROFESSIONAL, user__groups__name=Role.STAFF.value)
                         .order_by("pk")[:6 * scale])
    for index, person in enumerate(professionals):
        plans.append((person, rameau, referents.get(person.library_id), index % 5, index % 2 == 1))

    new = []
    for number, (person, page, mentor, finished, waiting) in enumerate(plans):
        if (person.pk, page.pk) in existing or (mentor is not None and mentor.pk == person.pk):
            continue
        started = now - dt.timedelta(days=7 * (finished + 2))
        if number % 6 == 5:  # some started long ago and are past their target date
            started = now - dt.timedelta(weeks=page.duration_weeks + 3)
        enrolment = Enrolment(person=person, path=page, mentor=mentor, enrolled_by=referent, enrolled_at=started,
                              target_date=(started + dt.timedelta(weeks=page.duration_weeks)).date())
        new.append((enrolment, finished, waiting))
    Enrolment.objects.bulk_create([enrolment for enrolment, _finished, _waiting in new], batch_size=500)
    progress = []
    for enrolment, finished, waiting in new:
        path_steps = steps[enrolment.path_id]
        progress.extend(_progress_rows(enrolment, path_steps, min(finished, len(path_steps)), waiting=waiting,
                                       start=enrolment.enrolled_at))
        if finished >= len(path_steps):
            enrolment.completed_at = enrolment.enrolled_at + dt.timedelta(days=4 * len(path_steps) + 1)
    StepProgress.objects.bulk_create(progress, batch_size=1000)
    Enrolment.objects.bulk_update([enrolment for enrolment, _f, _w in new if enrolment.completed_at],
                                  ["completed_at"], batch_size=500)
    bump(PATHS_CACHE)  # bulk_create sends no signal: the dashboard panels forget what they kept
    return {"training paths": len(paths), "enrolments": Enrolment.objects.count(),
            "step progress": StepProgress.objects.count()}
