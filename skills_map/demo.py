"""Demo data of the skills map (`seed_demo`): a taxonomy of nine domains and about fifty skills inspired by
the Ministère de la Culture's national framework of library skills (ten of them the minimum base), the
tutorials that teach them and the skills the demo training paths bring; then the skills of the demo
people, in clusters that make the map and the gaps tell a story:

- the head office (Library.is_head_office) is the strongest in the digital domain;
- one library, Kerbréhat, holds the only RAMEAU expert of the network (nobody else masters RAMEAU:
  the bus factor, and a training need since several staff want to learn it);
- in Pors-Meur only two staff (the referent and one colleague, who chose « aggregates only ») said
  anything yet: its cells read « < 3 » to everyone;
- volunteers have a few skills, counted only (their default) but for a couple who opted in; a few
  staff chose « aggregates only » too;
- part of the rows validated by the library's referent (some more than three years ago: expired), by
  the mentor for volunteers, or by a completed path; wishes to learn with a target; experts willing to
  share; some people without skills and some who have not confirmed theirs for more than a year.

personnel@demo.test has no skills (the browser test has them set three). Everything is derived from
each person's email, so a run is the same on every machine and a second run adds nothing; --scale N
adds the skills of the new people (the taxonomy stays the same size). Rows are bulk-created."""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from intranet.caching import bump
from intranet.demo import DEMO_ACCOUNTS
from intranet.models import Library, Person, PersonKind
from intranet.roles import Role

from .models import Evidence, Level, PathSkill, PersonSkill, Skill, SkillDomain, SkillProfile, SkillTutorial, Visibility
from .models.people import default_visibility
from .selectors.map import MAP_COUNTS_CACHE
from .selectors.taxonomy import TAXONOMY_CACHE

# (slug, name, description, [(slug, name, one-line description, minimum base, [tutorial slugs])])
DOMAINS = [
    ("accueil-et-mediation", "Accueil et médiation", "Accueillir, orienter et conseiller tous les publics.", [
        ("accueil-des-publics", "Accueil des publics", "Accueillir, orienter et renseigner les usagers sur place "
         "et au téléphone.", True, ["ouvrir-la-mediatheque"]),
        ("inscription-des-usagers", "Inscription des usagers", "Inscrire, renouveler et mettre à jour les comptes "
         "des lecteurs.", True, ["inscrire-un-nouvel-usager", "renouveler-une-inscription"]),
        ("pret-et-retour", "Prêt et retour", "Enregistrer prêts, retours, prolongations et réservations.", True,
         ["prolonger-un-pret", "retour-de-documents", "gerer-les-reservations", "boite-de-retour"]),
        ("conseil-aux-lecteurs", "Conseil aux lecteurs", "Recommander des lectures et répondre aux demandes de "
         "renseignement.", False, []),
        ("publics-empeches", "Accueil des publics empêchés", "Portage à domicile, publics en situation de handicap, "
         "établissements de santé.", False, ["portage-a-domicile"]),
        ("gestion-des-tensions", "Gestion des situations tendues", "Désamorcer un conflit à l'accueil et appliquer "
         "le règlement.", False, []),
    ]),
    ("politique-documentaire", "Politique documentaire", "Construire, faire vivre et évaluer les collections.", [
        ("acquisitions", "Acquisitions et veille éditoriale", "Sélectionner et commander les documents selon la "
         "politique du réseau.", False, []),
        ("desherbage", "Désherbage", "Retirer les documents usés ou obsolètes selon des critères partagés.", True,
         ["desherber-les-collections"]),
        ("plan-de-developpement", "Plan de développement des collections", "Rédiger et suivre la charte des "
         "collections et ses objectifs.", False, []),
        ("circuit-du-document", "Circuit du document", "Réception, équipement et navette des documents.", False,
         ["creer-un-exemplaire", "couvrir-un-livre", "recevoir-la-navette"]),
        ("rangement-en-rayon", "Rangement et classement en rayon", "Ranger selon la cote et tenir les rayons "
         "lisibles.", True, ["ranger-les-documents"]),
        ("inventaire", "Inventaire et récolement", "Préparer et conduire l'inventaire annuel des collections.", False,
         ["inventaire-annuel"]),
    ]),
    ("catalogage-et-signalement", "Catalogage et signalement", "Décrire et indexer les documents pour qu'on les "
     "trouve.", [
        ("indexation-rameau", "Indexation RAMEAU", "Indexer les documents avec le langage d'indexation RAMEAU.",
         False, ["cataloguer-avec-rameau"]),
        ("catalogage-unimarc", "Catalogage UNIMARC", "Créer et corriger des notices bibliographiques au format "
         "UNIMARC.", False, []),
        ("classification-dewey", "Classification Dewey", "Attribuer une cote Dewey adaptée au fonds local.", False,
         []),
        ("derivation-de-notices", "Dérivation de notices", "Récupérer des notices de la BnF ou d'autres réservoirs "
         "et les adapter.", False, ["deriver-une-notice-bnf"]),
        ("transition-bibliographique", "Transition bibliographique", "Appliquer le code RDA-FR et le modèle "
         "IFLA LRM.", False, []),
    ]),
    ("numerique", "Numérique", "Services numériques, outils du réseau et accompagnement des usagers.", [
        ("mediation-numerique", "Médiation numérique", "Accompagner les usagers dans leurs usages numériques, en "
         "ateliers ou seul à seul.", True, ["atelier-numerique-debutants"]),
        ("demarches-en-ligne", "Accompagnement aux démarches en ligne", "Aider aux démarches administratives "
         "dématérialisées sans faire à la place.", False, ["aide-aux-demarches-en-ligne"]),
        ("administration-sigb", "Administration du SIGB", "Paramétrer le système intégré de gestion de bibliothèque "
         "du réseau.", False, []),
        ("portail-du-reseau", "Portail du réseau", "Publier sur le portail et tenir ses pages à jour.", False,
         ["publier-une-actualite-sur-le-portail"]),
        ("ressources-numeriques", "Ressources numériques et liseuses", "Faire connaître la presse en ligne, la VOD "
         "et prêter des liseuses.", False, ["preter-des-liseuses"]),
        ("postes-publics", "Maintenance des postes publics", "Dépanner les postes et imprimantes publics et "
         "signaler les pannes.", True,
         ["redemarrer-un-poste-public", "declarer-une-panne-informatique", "changer-le-toner-de-l-imprimante"]),
        ("donnees-personnelles", "Données personnelles et RGPD", "Protéger les données des usagers et répondre à "
         "leurs demandes.", True,
         ["declarer-un-traitement-cnil", "repondre-a-une-demande-d-acces", "duree-de-conservation-des-donnees"]),
        ("jeux-video", "Jeux vidéo en bibliothèque", "Constituer un fonds de jeux et animer des séances de jeu.",
         False, []),
    ]),
    ("action-culturelle", "Action culturelle", "Programmer et accueillir la vie culturelle de la médiathèque.", [
        ("programmation-culturelle", "Programmation culturelle", "Construire une saison d'animations cohérente "
         "avec le projet d'établissement.", False, []),
        ("rencontres-d-auteurs", "Rencontres d'auteurs", "Inviter un auteur, préparer et animer la rencontre.",
         False, ["organiser-une-rencontre-d-auteur"]),
        ("expositions", "Expositions", "Accueillir, monter et faire vivre une exposition.", False,
         ["exposition-itinerante"]),
        ("partenariats", "Partenariats culturels locaux", "Travailler avec les associations, écoles et services "
         "de la commune.", False, []),
        ("education-artistique", "Éducation artistique et culturelle", "Monter des projets d'éducation artistique "
         "avec les établissements scolaires.", False, []),
    ]),
    ("jeunesse", "Jeunesse", "Les publics de la petite enfance à l'adolescence.", [
        ("lecture-a-voix-haute", "Lecture à voix haute", "Lire et raconter des histoires, animer l'heure du conte.",
         False, ["heure-du-conte"]),
        ("accueil-des-classes", "Accueil des classes", "Préparer et animer l'accueil d'une classe ou d'une crèche.",
         True, ["accueillir-une-classe"]),
        ("litterature-jeunesse", "Littérature jeunesse", "Connaître l'édition jeunesse et conseiller enfants et "
         "parents.", False, []),
        ("petite-enfance", "Petite enfance", "Animer des séances bébés lecteurs et accueillir les assistantes "
         "maternelles.", False, []),
        ("ateliers-ados", "Ateliers pour adolescents", "Proposer des ateliers et des clubs de lecture aux "
         "adolescents.", False, []),
    ]),
    ("communication", "Communication", "Faire connaître les services et les animations.", [
        ("redaction-web", "Rédaction web", "Écrire pour le web : clair, court, accessible.", False, []),
        ("reseaux-sociaux", "Réseaux sociaux", "Animer les comptes du réseau et répondre aux usagers.", False, []),
        ("charte-graphique", "Supports imprimés et charte graphique", "Concevoir affiches et flyers selon la charte "
         "du réseau.", False, ["charte-graphique"]),
        ("agenda-des-animations", "Agenda des animations", "Annoncer les animations dans l'agenda du réseau.",
         False, ["annoncer-une-animation"]),
        ("relations-presse", "Relations presse", "Rédiger un communiqué et accueillir la presse locale.", False,
         []),
    ]),
    ("management-et-projet", "Management et gestion de projet", "Encadrer, organiser et conduire les projets.", [
        ("encadrement", "Encadrement d'équipe", "Organiser le travail, les plannings et les entretiens d'une "
         "équipe.", False, []),
        ("gestion-de-projet", "Gestion de projet", "Conduire un projet avec un calendrier, un budget et des "
         "partenaires.", False, []),
        ("tutorat-des-benevoles", "Tutorat des bénévoles", "Accueillir, former et accompagner les bénévoles.",
         False, ["accueil-benevole-premiers-jours", "charte-du-benevole"]),
        ("budget-et-marches", "Budget et marchés publics", "Préparer un budget, passer commande dans le cadre des "
         "marchés.", False, ["commander-des-fournitures"]),
        ("securite-des-publics", "Sécurité des publics et du bâtiment", "Appliquer les consignes d'ouverture, de "
         "fermeture et d'évacuation.", True,
         ["securite-incendie", "ouvrir-la-mediatheque", "fermer-la-mediatheque"]),
        ("regie", "Régie et encaissements", "Tenir la régie de recettes et encaisser les pénalités.", False,
         ["encaisser-une-amende"]),
        ("evaluation-et-statistiques", "Évaluation et statistiques", "Produire les statistiques d'activité et le "
         "rapport annuel.", False, []),
    ]),
    ("langues", "Langues", "Accueillir et animer dans d'autres langues que le français.", [
        ("anglais", "Anglais", "Accueillir et renseigner en anglais.", False, []),
        ("breton", "Breton", "Accueillir et animer en breton.", False, []),
        ("langue-des-signes", "Langue des signes française", "Accueillir les usagers sourds en LSF.", False, []),
        ("espagnol", "Espagnol", "Accueillir et renseigner en espagnol.", False, []),
        ("francais-langue-etrangere", "Français langue étrangère", "Animer des ateliers de conversation pour les "
         "personnes qui apprennent le français.", False, []),
    ]),
]

# The skills the demo training paths (tutorials/demo_paths.py) bring, at a level.
PATH_SKILLS = {
    "benevole-premiers-pas": [("accueil-des-publics", Level.PRACTICE), ("pret-et-retour", Level.PRACTICE),
                              ("inscription-des-usagers", Level.PRACTICE)],
    "catalogage-rameau": [("indexation-rameau", Level.MASTERY), ("derivation-de-notices", Level.PRACTICE)],
    "mediation-numerique": [("mediation-numerique", Level.PRACTICE), ("demarches-en-ligne", Level.PRACTICE)],
}

RAMEAU = "indexation-rameau"
RAMEAU_LIBRARY = "mediatheque-de-kerbrehat"  # the library of the network's only RAMEAU expert
SMALL_LIBRARY_COMMUNE = "Pors-Meur"  # where only two staff have said anything yet
BASICS = ["accueil-des-publics", "inscription-des-usagers", "pret-et-retour", "rangement-en-rayon",
          "securite-des-publics"]
SHARED_BASE = ["desherbage", "mediation-numerique", "postes-publics", "donnees-personnelles", "accueil-des-classes"]
VOLUNTEER_SKILLS = ["accueil-des-publics", "pret-et-retour", "rangement-en-rayon", "lecture-a-voix-haute",
                    "circuit-du-document", "mediation-numerique", "breton", "anglais", "portail-du-reseau"]
WISHES = [RAMEAU, "reseaux-sociaux", "mediation-numerique", "langue-des-signes", "donnees-personnelles",
          "gestion-de-projet", "breton", "jeux-video", "transition-bibliographique", "education-artistique"]

# Domains each job title works in (the rest: now and then, at a low level).
FOCUS = {
    "Bibliothécaire": ["politique-documentaire", "catalogage-et-signalement", "accueil-et-mediation"],
    "Assistante de conservation": ["catalogage-et-signalement", "politique-documentaire"],
    "Adjoint du patrimoine": ["accueil-et-mediation", "politique-documentaire"],
    "Médiatrice numérique": ["numerique", "communication"],
    "Responsable jeunesse": ["jeunesse", "action-culturelle"],
    "Chargé des collections adultes": ["politique-documentaire", "catalogage-et-signalement"],
    "Animatrice lecture": ["action-culturelle", "jeunesse", "accueil-et-mediation"],
    "Agent d'accueil": ["accueil-et-mediation", "langues"],
    "Référent·e réseau": ["management-et-projet", "accueil-et-mediation", "politique-documentaire"],
}
HEAD_OFFICE_FOCUS = ["numerique", "management-et-projet", "communication"]


def seed_taxonomy() -> dict[str, Skill]:
    """The domains, skills, their tutorials and the paths' skills, found by slug (idempotent)."""
    domains = {domain.slug: domain for domain in SkillDomain.objects.all()}
    SkillDomain.objects.bulk_create([
        SkillDomain(name=name, slug=slug, description=description, sort_order=(number + 1) * 10)
        for number, (slug, name, description, _skills) in enumerate(DOMAINS) if slug not in domains])
    domains = {domain.slug: domain for domain in SkillDomain.objects.all()}
    existing = set(Skill.objects.values_list("slug", flat=True))
    Skill.objects.bulk_create([
        Skill(domain=domains[domain_slug], name=name, slug=slug, description=description, minimum_base=base)
        for domain_slug, _name, _description, skills in DOMAINS
        for slug, name, description, base, _tutorials in skills if slug not in existing])
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    _seed_tutorial_links(skills)
    _seed_path_skills(skills)
    bump(TAXONOMY_CACHE)  # bulk_create sends no signal
    return skills


def _seed_tutorial_links(skills: dict[str, Skill]) -> None:
    from tutorials.models import TutorialPage

    wanted = [(slug, tutorial) for _domain, _name, _description, entries in DOMAINS
              for slug, _skill_name, _text, _base, tutorials in entries for tutorial in tutorials]
    pages = dict(TutorialPage.objects.filter(slug__in={tutorial for _slug, tutorial in wanted})
                 .values_list("slug", "pk"))
    existing = set(SkillTutorial.objects.values_list("skill_id", "page_id"))
    SkillTutorial.objects.bulk_create([
        SkillTutorial(skill=skills[slug], page_id=pages[tutorial], sort_order=number)
        for number, (slug, tutorial) in enumerate(wanted)
        if tutorial in pages and (skills[slug].pk, pages[tutorial]) not in existing])


def _seed_path_skills(skills: dict[str, Skill]) -> None:
    """On the path's latest revision, then published: the rows would otherwise vanish the next time an
    editor publishes the page from the admin (which edits the revision, not the table)."""
    from tutorials.models import TrainingPathPage

    for page in TrainingPathPage.objects.filter(slug__in=PATH_SKILLS):
        latest = page.get_latest_revision_as_object()
        brought = list(latest.skills_brought.all())
        have = {row.skill_id for row in brought}
        missing = [(slug, level) for slug, level in PATH_SKILLS[page.slug] if skills[slug].pk not in have]
        if not missing:
            continue
        latest.skills_brought = brought + [PathSkill(skill=skills[slug], level=level, sort_order=len(brought) + index)
                                           for index, (slug, level) in enumerate(missing)]
        latest.save_revision().publish()


# --- the people's skills ---------------------------------------------------------------------------


class _Plan:
    """The rows of one person, as (skill slug) -> dict of PersonSkill fields."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.rows: dict[str, dict] = {}

    def level(self, slug: str, level: int, *, share: float = 0.0) -> None:
        if slug in self.rows and (self.rows[slug].get("level") or 0) >= level:
            return
        self.rows[slug] = {"level": level, "willing_to_share": level >= Level.MASTERY and self.rng.random() < share}

    def wish(self, slug: str, target: int) -> None:
        row = self.rows.setdefault(slug, {"level": None, "willing_to_share": False})
        level = row["level"] or 0
        if level >= Level.EXPERTISE:
            return
        row["wants_to_learn"] = True
        row["target_level"] = max(target, level + 1)


def _weighted_level(rng: random.Random, weights=(15, 35, 35, 15)) -> int:
    return rng.choices(Level.values, weights=weights)[0]


def _staff_plan(person: Person, domain_skills: dict[str, list[str]], rng: random.Random, *, head_office: bool,
                learning_rameau: bool) -> _Plan:
    plan = _Plan(rng)
    for slug in BASICS:  # every professional does the counter, most of them well
        plan.level(slug, _weighted_level(rng, (5, 35, 45, 15)), share=0.3)
    for slug in SHARED_BASE:  # the rest of the minimum base: most teams have someone, not all
        if rng.random() < 0.5:
            plan.level(slug, rng.choices([Level.PRACTICE, Level.MASTERY, Level.EXPERTISE], weights=(40, 50, 10))[0],
                       share=0.5)
    focus = HEAD_OFFICE_FOCUS if head_office else FOCUS.get(person.job_title, ["accueil-et-mediation"])
    for domain_slug, slugs in domain_skills.items():
        for slug in slugs:
            if head_office and domain_slug == "numerique":
                if rng.random() < 0.85:  # the head office carries the network's digital services
                    plan.level(slug, rng.choice([Level.MASTERY, Level.EXPERTISE, Level.EXPERTISE]), share=0.8)
            elif domain_slug in focus:
                if rng.random() < 0.55:
                    level = _weighted_level(rng)
                    if domain_slug == "numerique":
                        level = min(level, Level.MASTERY)
                    plan.level(slug, level, share=0.6)
            elif rng.random() < 0.07:
                plan.level(slug, rng.choice([Level.NOTIONS, Level.PRACTICE]))
    if RAMEAU in plan.rows:  # one expert in the whole network (see _rameau_expert): the others practise
        plan.rows[RAMEAU]["level"] = min(plan.rows[RAMEAU]["level"], Level.PRACTICE)
        plan.rows[RAMEAU]["willing_to_share"] = False
    if learning_rameau:
        plan.wish(RAMEAU, Level.MASTERY)
    for slug in rng.sample(WISHES, k=rng.choice([0, 1, 1, 2])):
        plan.wish(slug, rng.choice([Level.PRACTICE, Level.MASTERY]))
    return plan


def _volunteer_plan(rng: random.Random) -> _Plan:
    plan = _Plan(rng)
    for slug in rng.sample(VOLUNTEER_SKILLS, k=rng.choice([1, 2, 3, 4])):
        plan.level(slug, rng.choice([Level.NOTIONS, Level.PRACTICE, Level.PRACTICE, Level.MASTERY]), share=0.3)
    if rng.random() < 0.4:
        plan.wish(rng.choice(["mediation-numerique", "lecture-a-voix-haute", "accueil-des-publics"]),
                  Level.PRACTICE)
    return plan


def _demo_people() -> list[Person]:
    return list(Person.objects.filter(active=True, library__isnull=False,
                                      kind__in=[PersonKind.PROFESSIONAL, PersonKind.COORDINATION,
                                                PersonKind.VOLUNTEER])
                .exclude(user__email=DEMO_ACCOUNTS[Role.STAFF])
                .select_related("library", "user").order_by("pk"))


def _rameau_expert(people: list[Person], referents: dict[int, Person]) -> Person | None:
    library = Library.objects.filter(slug=RAMEAU_LIBRARY).first()
    if library is None:
        return None
    referent = referents.get(library.pk)
    return next((person for person in people if person.library_id == library.pk
                 and person.kind == PersonKind.PROFESSIONAL and person != referent), None)


def _small_library_speakers(people: list[Person], referents: dict[int, Person]) -> tuple[set[int], set[int]]:
    """(everyone of the small libraries, the two of each who have skills: the referent and one colleague)."""
    everyone: dict[int, list[Person]] = {}
    for person in people:
        if person.library.commune == SMALL_LIBRARY_COMMUNE and not person.library.is_head_office:
            everyone.setdefault(person.library_id, []).append(person)
    speakers = set()
    for library_id, members in everyone.items():
        referent = referents.get(library_id)
        colleague = next((person for person in members
                          if person.kind == PersonKind.PROFESSIONAL and person != referent), None)
        speakers |= {person.pk for person in (referent, colleague) if person is not None}
    return {person.pk for members in everyone.values() for person in members}, speakers


@transaction.atomic
def seed_person_skills(skills: dict[str, Skill], *, scale: int) -> dict:
    from tutorials.models import Enrolment

    now = timezone.now()
    people = _demo_people()
    referents = {person.library_id: person for person in
                 Person.objects.filter(user__groups__name=Role.REFERENTS.value).order_by("pk")}
    done = set(PersonSkill.objects.values_list("person_id", flat=True).distinct())
    profiles = set(SkillProfile.objects.values_list("person_id", flat=True))
    enrolments = list(Enrolment.objects.filter(path__slug__in=PATH_SKILLS, withdrawn_at__isnull=True)
                      .values_list("person_id", "path__slug", "mentor_id", "completed_at", "path_id"))
    learning_rameau = {person for person, slug, _mentor, completed, _path in enrolments
                       if slug == "catalogage-rameau" and completed is None}
    completed_paths: dict[int, list[tuple[str, int | None, dt.datetime, int]]] = {}
    for person, slug, mentor, completed, path_id in enrolments:
        if completed is not None:
            completed_paths.setdefault(person, []).append((slug, mentor, completed, path_id))
    domain_skills = {domain_slug: [slug for slug, *_rest in entries] for domain_slug, _n, _d, entries in DOMAINS}
    expert = _rameau_expert(people, referents)
    small_everyone, small_speakers = _small_library_speakers(people, referents)
    # A couple of volunteers (per unit of the network) opted in to be shown by name.
    opted_in_volunteers = SkillProfile.objects.filter(person__kind=PersonKind.VOLUNTEER,
                                                      visibility=Visibility.NAMED).count()

    rows: list[PersonSkill] = []
    new_profiles: list[SkillProfile] = []
    for person in people:
        if person.pk in done:
            continue
        rng = random.Random(f"skills:{person.user.email if person.user_id else person.pk}")
        referent = referents.get(person.library_id)
        volunteer = person.kind == PersonKind.VOLUNTEER
        if person.pk in small_everyone and person.pk not in small_speakers:
            continue  # the small library: the others have said nothing yet
        storyteller = person.pk in small_speakers or (expert is not None and person.pk == expert.pk)
        if not storyteller and rng.random() < (0.5 if volunteer else 0.12):
            continue  # no skills yet (the dashboard nudges them)
        if volunteer:
            plan = _volunteer_plan(rng)
        else:
            plan = _staff_plan(person, domain_skills, rng, head_office=person.library.is_head_office,
                               learning_rameau=person.pk in learning_rameau)
        if expert is not None and person.pk == expert.pk:
            plan.rows[RAMEAU] = {"level": Level.EXPERTISE, "willing_to_share": True}
            plan.level("catalogage-unimarc", Level.EXPERTISE, share=1)
            plan.level("derivation-de-notices", Level.MASTERY, share=1)

        # When they last looked: most this year, one in five more than a year ago.
        stale = rng.random() < 0.2
        confirmed = now - dt.timedelta(days=rng.randint(400, 900) if stale else rng.randint(3, 330))
        own_rows: list[PersonSkill] = []
        validator = person.mentor_id if volunteer else (referent.pk if referent and referent.pk != person.pk else None)
        for slug, fields in plan.rows.items():
            row = PersonSkill(person=person, skill=skills[slug], level=fields.get("level"),
                              wants_to_learn=fields.get("wants_to_learn", False),
                              target_level=fields.get("target_level"),
                              willing_to_share=fields.get("willing_to_share", False),
                              confirmed_at=confirmed, valid_from=confirmed - dt.timedelta(days=rng.randint(0, 60)),
                              changed_by=person)
            expert_row = slug == RAMEAU and row.level == Level.EXPERTISE
            if row.level and validator and (rng.random() < 0.35 or expert_row):
                expired = rng.random() < 0.25 and not expert_row
                row.validated_by_id = validator
                row.validated_at = now - dt.timedelta(days=rng.randint(1150, 1600) if expired
                                                      else rng.randint(20, 700))
                row.evidence = Evidence.MENTOR if volunteer else Evidence.REFERENT
                row.valid_from = min(row.valid_from, row.validated_at - dt.timedelta(days=7))
            elif row.level and row.level >= Level.PRACTICE and rng.random() < 0.15:
                # Climbed a level since first saying so: the closed row keeps the history exact.
                own_rows.append(PersonSkill(
                    person=person, skill=row.skill, level=row.level - 1, confirmed_at=row.valid_from,
                    valid_until=row.valid_from, changed_by=person,
                    valid_from=row.valid_from - dt.timedelta(days=rng.randint(200, 500))))
            own_rows.append(row)
        _validate_by_paths(person, own_rows, skills, completed_paths.get(person.pk, []), confirmed)
        rows.extend(own_rows)

        if person.pk not in profiles:
            visibility = default_visibility(person.kind)
            if volunteer and opted_in_volunteers < 2 * scale and rng.random() < 0.3:
                visibility, opted_in_volunteers = Visibility.NAMED, opted_in_volunteers + 1
            elif person.pk in small_speakers:
                # The referent is shown; their colleague chose « counted only »: the cells read « < 3 ».
                visibility = Visibility.NAMED if person == referent else Visibility.AGGREGATE
            elif not volunteer and rng.random() < 0.08:
                visibility = Visibility.AGGREGATE  # chose « counted only »
            new_profiles.append(SkillProfile(person=person, visibility=visibility, confirmed_at=confirmed))

    PersonSkill.objects.bulk_create(rows, batch_size=1000)
    SkillProfile.objects.bulk_create(new_profiles, batch_size=1000)
    bump(MAP_COUNTS_CACHE)  # bulk_create sends no signal (and the core's people came in bulk too)
    return {"person skills": PersonSkill.objects.current().count(), "skill profiles": SkillProfile.objects.count()}


def _validate_by_paths(person: Person, rows: list[PersonSkill], skills: dict[str, Skill],
                       completed: list, confirmed: dt.datetime) -> None:
    """A volunteer who completed a path has its skills at the path's level, validated by the path's mentor
    with the path as evidence (what the mentor is offered when the path is completed)."""
    own = {row.skill_id: row for row in rows if row.valid_until is None}
    for path_slug, mentor_id, completed_at, path_id in completed:
        if mentor_id is None or mentor_id == person.pk:
            continue
        for slug, level in PATH_SKILLS[path_slug]:
            skill = skills[slug]
            row = own.get(skill.pk)
            if row is None:
                row = PersonSkill(person=person, skill=skill, level=level, confirmed_at=confirmed,
                                  valid_from=min(confirmed, completed_at), changed_by=person)
                rows.append(row)
                own[skill.pk] = row
            elif row.level is None or row.level < level:
                row.level = level
                if row.target_level is not None and row.target_level <= level:
                    row.wants_to_learn, row.target_level = False, None
            if row.level == level:
                row.validated_by_id, row.validated_at = mentor_id, max(completed_at, row.valid_from)
                row.evidence, row.evidence_path_id = Evidence.PATH, path_id


def seed_skills_map(*, scale: int) -> dict:
    skills = seed_taxonomy()
    counts = seed_person_skills(skills, scale=scale)
    return {"skill domains": SkillDomain.objects.count(), "skills": len(skills), **counts}
