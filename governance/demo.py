"""The demo governance of seed_demo: the bodies of the reference network (Conférence des maires,
COPIL, COTECH, Cellule de coordination, four working groups) as pages of « Instances », their
members, a year of past meetings (N years with --scale N, ten at most) with agenda, convocations, answers,
attendance, approved minutes, numbered decisions - some referred to the parent body and ruled on
there - and actions, then the upcoming meetings with proposals waiting for review.

Written directly with the models, in bulk (the services' rules are for what people do, and a demo
at 10x must seed in seconds). Idempotent: bodies by slug, memberships by (body, person); meetings
are seeded once, and a later run tops up the upcoming meetings of a body that has none left.

What the five demo accounts meet: `elu@` chairs the conference of mayors and sits on COPIL;
`referent@` sits on COTECH (with no proposal of their own on its next meeting, so a visitor can
make one); `personnel@` is in the working group Numérique; `coordination@` chairs COTECH and the
coordination cell; `benevole@` sits on no body and sees only what the whole network reads."""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from intranet.demo import DEMO_ACCOUNTS
from intranet.models import HomePage, Person
from intranet.roles import Role, sync_role_permissions

from . import rules
from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaItemKind,
    Answer,
    AnswerResponse,
    Attendance,
    AttendanceStatus,
    BodyKind,
    BodyPage,
    Convocation,
    ConvocationMethod,
    ConvocationRecipient,
    Decision,
    DecisionOutcome,
    GovernanceIndexPage,
    ItemMinutes,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
    Minutes,
    MinutesStatus,
    Proposal,
    ProposalStatus,
    QuorumRule,
    ReadingRule,
)
from .models.bodies import VOTING_ROLES

BATCH = 2000
MAX_HISTORY_YEARS = 10
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
HEAD_OFFICE_PLACE = "Salle du conseil, hôtel d'agglomération, Port-Ormeau"

INFO, DISCUSSION, DECISION = AgendaItemKind.INFORMATION, AgendaItemKind.DISCUSSION, AgendaItemKind.DECISION
CHAIR, SECRETARY, MEMBER, REFERENT, GUEST = (MembershipRole.CHAIR, MembershipRole.SECRETARY, MembershipRole.MEMBER,
                                             MembershipRole.REFERENT, MembershipRole.GUEST)


@dataclass(frozen=True)
class Topic:
    """An agenda item of the demo, with what the body decides on it and the action that follows."""

    kind: str
    minutes: int
    title: str
    description: str
    decision: str = ""
    action: str = ""


def topic(kind, minutes, title, description, decision="", action="") -> Topic:
    return Topic(kind, minutes, title, f"<p>{description}</p>", decision, action)


COTECH_TOPICS = [
    topic(DECISION, 30, "Migration du SIGB : calendrier de bascule",
          "Rétroplanning de la migration vers le nouveau SIGB et choix de la semaine de fermeture du réseau.",
          "Le réseau fermera ses portes une semaine pour la bascule vers le nouveau SIGB ; les retours restent "
          "possibles en boîte.", "Envoyer le rétroplanning de la migration aux équipes"),
    topic(DISCUSSION, 20, "Navette documentaire : bilan des tournées",
          "Délais constatés entre la réservation et la mise à disposition, caisses perdues, horaires de passage."),
    topic(DECISION, 20, "Horaires d'ouverture d'été harmonisés",
          "Proposition d'horaires communs du 14 juillet au 20 août pour les quinze médiathèques.",
          "Les médiathèques adoptent des horaires d'été communs, affichés sur le portail un mois avant.",
          "Publier les horaires d'été sur le portail"),
    topic(INFO, 15, "Portail du réseau : fréquentation",
          "Statistiques de visites, recherches sans résultat et comptes lecteurs créés en ligne."),
    topic(DECISION, 25, "Plan de formation des équipes",
          "Les besoins recensés auprès des référents : catalogage, accueil des publics, médiation numérique.",
          "Le plan de formation retient quatre sessions de catalogage et deux de médiation numérique.",
          "Ouvrir les inscriptions aux sessions de formation"),
    topic(DISCUSSION, 20, "Désherbage concerté des collections adultes",
          "Critères communs (IOUPI), calendrier et circuit des documents retirés vers les associations."),
    topic(DECISION, 20, "Réservation des nouveautés",
          "Faut-il limiter les réservations de nouveautés à trois par carte pendant leurs deux premiers mois ?",
          "Les nouveautés sont réservables à raison de trois par carte pendant deux mois.",
          "Paramétrer la règle de réservation des nouveautés dans le SIGB"),
    topic(DISCUSSION, 30, "Accueil des classes : charte commune",
          "Durée des accueils, nombre de classes par semaine, prêt de documents aux enseignants."),
    topic(DECISION, 20, "Tarifs des impressions et photocopies",
          "Harmonisation des tarifs d'impression des postes publics entre les communes.",
          "L'impression est facturée 0,15 € la page en noir et 0,50 € en couleur dans tout le réseau.",
          "Mettre à jour l'affichage des tarifs dans les médiathèques"),
    topic(INFO, 10, "Travaux de la médiathèque de Plouvenec",
          "Point d'étape du chantier et solutions de dépôt pendant la fermeture."),
    topic(DECISION, 25, "Carte unique : inscription des non-résidents",
          "Conditions d'inscription des lecteurs qui n'habitent pas l'agglomération.",
          "Les non-résidents s'inscrivent gratuitement sur présentation d'un justificatif d'activité "
          "dans l'agglomération.", "Modifier le formulaire d'inscription du portail"),
    topic(DISCUSSION, 20, "Retours des usagers sur le nouveau portail",
          "Synthèse des messages reçus : connexion, prolongations, suggestions d'achat."),
]
COPIL_TOPICS = [
    topic(DECISION, 30, "Budget d'acquisition mutualisé",
          "Répartition du budget d'acquisition entre les fonds communs et les médiathèques.",
          "Un tiers du budget d'acquisition est mutualisé pour les fonds communs du réseau.",
          "Notifier aux communes leur part du budget d'acquisition"),
    topic(INFO, 20, "Bilan d'activité du semestre",
          "Prêts, inscriptions, fréquentation et animations, comparés au semestre précédent."),
    topic(DECISION, 25, "Recrutement d'un médiateur numérique",
          "Poste mutualisé financé en partie par l'État pour les ateliers d'inclusion numérique.",
          "Le COPIL valide le recrutement d'un médiateur numérique mutualisé pour trois ans.",
          "Publier l'offre d'emploi du médiateur numérique"),
    topic(DISCUSSION, 25, "Ouverture élargie du samedi",
          "Étude d'une ouverture jusqu'à 18 h le samedi dans les quatre plus grandes médiathèques."),
    topic(DECISION, 20, "Contrat territoire lecture avec la DRAC",
          "Dossier de candidature et engagements du réseau sur trois ans.",
          "Le réseau dépose sa candidature au contrat territoire lecture.",
          "Déposer le dossier de contrat territoire lecture"),
    topic(INFO, 15, "Marché de la navette documentaire",
          "Résultat de la consultation et nouveau calendrier des tournées."),
]
MAYORS_TOPICS = [
    topic(INFO, 30, "Rapport d'activité du réseau",
          "Le réseau en chiffres : 600 000 documents, un million de prêts, quinze médiathèques."),
    topic(DECISION, 30, "Orientations budgétaires de la lecture publique",
          "Les grandes masses du budget de la lecture publique pour l'exercice à venir.",
          "La conférence approuve les orientations budgétaires de la lecture publique.",
          "Transmettre les orientations budgétaires aux conseils municipaux"),
    topic(DECISION, 25, "Schéma de développement de la lecture publique",
          "Les axes du schéma 2026-2030 : proximité, numérique, publics éloignés, patrimoine.",
          "La conférence adopte le schéma de développement de la lecture publique 2026-2030.",
          "Publier le schéma de développement sur le site de l'agglomération"),
    topic(DISCUSSION, 20, "Adhésion de nouvelles communes au réseau",
          "Deux communes voisines ont demandé à rejoindre le réseau : conditions et calendrier."),
]
COORDINATION_TOPICS = [
    topic(INFO, 20, "Préparation du prochain COTECH", "Ordre du jour, documents à envoyer, intervenants."),
    topic(DISCUSSION, 20, "Suivi budgétaire", "Consommation des crédits d'acquisition et de formation."),
    topic(DECISION, 15, "Lettre d'information du réseau",
          "Sommaire et calendrier de la prochaine lettre aux équipes.",
          "La lettre d'information paraîtra le premier lundi de chaque mois.", "Rédiger la lettre d'information"),
    topic(INFO, 15, "Planning des formations", "Salles, formateurs et inscriptions des sessions du trimestre."),
    topic(DISCUSSION, 20, "Remplacements et renforts d'été", "Les besoins des médiathèques pour juillet et août."),
]
YOUTH_TOPICS = [
    topic(DECISION, 30, "Prix des lecteurs ados", "Sélection des six romans en lice et calendrier des votes.",
          "Le groupe retient six romans pour le prix des lecteurs ados.", "Commander les exemplaires du prix"),
    topic(DISCUSSION, 25, "Albums pour les crèches", "Une malle commune d'albums qui circule entre les crèches."),
    topic(DECISION, 25, "Partir en Livre : programmation commune",
          "Lectures en plein air dans les parcs des communes pendant l'été.",
          "Le réseau organise une lecture en plein air dans chaque commune pendant Partir en Livre.",
          "Établir le planning des lectures en plein air"),
    topic(INFO, 15, "Accueil des assistantes maternelles", "Bilan des matinées d'éveil dans les médiathèques."),
]
DIGITAL_TOPICS = [
    topic(DECISION, 30, "Prêt de liseuses", "Un parc de vingt liseuses à prêter, chargées de titres du domaine public.",
          "Le réseau prête des liseuses pour trois semaines, réservables sur le portail.",
          "Préparer les liseuses et leur notice de prêt"),
    topic(DISCUSSION, 25, "Ateliers d'inclusion numérique",
          "Démarches en ligne, messagerie, smartphone : le programme des ateliers du trimestre."),
    topic(DECISION, 20, "Charte d'usage du Wi-Fi public", "Conditions d'accès, durée des sessions, filtrage.",
          "Le groupe adopte une charte d'usage du Wi-Fi public commune aux médiathèques.",
          "Afficher la charte Wi-Fi dans les médiathèques"),
    topic(INFO, 15, "Ressources numériques en ligne",
          "Presse, autoformation et films : bilan d'usage et renouvellement."),
    topic(DISCUSSION, 20, "Renouvellement des postes publics", "État du parc et priorités de remplacement."),
]
CULTURE_TOPICS = [
    topic(DECISION, 25, "Mois du film documentaire", "Choix des films et des séances dans les médiathèques.",
          "Le réseau programme huit séances du Mois du film documentaire.", "Réserver les films auprès du diffuseur"),
    topic(DISCUSSION, 25, "Programmation commune de l'automne",
          "Un fil rouge pour les animations d'octobre à décembre."),
    topic(DECISION, 30, "Résidence d'auteur", "Accueil d'une autrice jeunesse pendant six semaines dans le réseau.",
          "Le groupe propose d'accueillir une résidence d'autrice jeunesse au printemps.",
          "Préparer la convention de résidence"),
    topic(INFO, 15, "Nuits de la lecture", "Bilan de la fréquentation et des retours du public."),
]
COLLECTIONS_TOPICS = [
    topic(DECISION, 30, "Charte des collections", "Les principes communs d'acquisition et de désherbage du réseau.",
          "Le groupe adopte la charte des collections du réseau.", "Diffuser la charte des collections aux équipes"),
    topic(DISCUSSION, 25, "Critères communs de désherbage", "Âge, usure, dernier prêt : des seuils par fonds."),
    topic(DECISION, 25, "Conservation partagée des périodiques",
          "Quelle médiathèque garde quel titre, et combien de temps.",
          "Chaque titre de périodique est conservé cinq ans par une médiathèque désignée.",
          "Publier le plan de conservation des périodiques"),
    topic(INFO, 15, "Fonds local et patrimoine", "Signalement des fonds locaux dans le catalogue commun."),
    topic(DECISION, 20, "Acquisitions concertées de bandes dessinées",
          "Répartir les séries entre les médiathèques pour éviter les doublons.",
          "Les séries de bande dessinée sont réparties entre les médiathèques par genre.",
          "Répartir la liste des séries suivies"),
]

ITEM_NOTES = [
    "Les échanges ont porté sur le calendrier et les moyens nécessaires.",
    "Plusieurs médiathèques ont fait part de leur expérience ; une synthèse sera diffusée.",
    "Les participants ont souligné l'intérêt d'une démarche commune à tout le réseau.",
    "Des questions restent en suspens et seront reprises à la prochaine réunion.",
]
# What each member answered to the convocation, by what the minutes record (the absent did not answer).
ANSWER_OF_ATTENDANCE = {
    AttendanceStatus.PRESENT: AnswerResponse.ATTENDING, AttendanceStatus.REMOTE: AnswerResponse.ATTENDING,
    AttendanceStatus.EXCUSED: AnswerResponse.EXCUSED, AttendanceStatus.REPRESENTED: AnswerResponse.PROXY,
}
REJECTION_REASON = "Ce point relève d'un groupe de travail, à qui il est transmis pour examen."


@dataclass(frozen=True)
class BodySpec:
    slug: str
    title: str
    short_name: str
    prefix: str  # of the decision numbers: COTECH-2026-03
    kind: str
    reading_rule: str
    parent: str  # slug of the parent body, "" for none
    notice_days: int
    quorum_rule: str
    mission: str
    every_months: int  # how often it meets
    next_in_days: int  # when its next meeting is, from today (on the next `weekday`)
    weekday: int  # 0 = Monday
    start: dt.time
    end: dt.time
    place: str
    topics: list[Topic]
    video_url: str = ""
    upcoming: int = 1  # how many meetings ahead are planned
    refers_every: int = 0  # every nth held meeting refers a decision to the parent body
    convened_ahead: bool = False  # the next meeting's convocation is already sent
    demo_owner: Role | None = None  # the demo account given actions of the latest meetings
    cancelled: tuple[int, ...] = ()  # positions (from the oldest) of past meetings that were cancelled


WORKING_GROUP = {"kind": BodyKind.WORKING_GROUP, "reading_rule": ReadingRule.STAFF, "parent": "comite-technique",
                 "notice_days": 3, "quorum_rule": QuorumRule.NONE, "every_months": 2, "weekday": 1,
                 "start": dt.time(14), "end": dt.time(16), "refers_every": 3}

BODIES = [
    BodySpec("conference-des-maires", "Conférence des maires", "Conférence", "CDM", BodyKind.MAYORS,
             ReadingRule.NETWORK, "", 5, QuorumRule.MAJORITY,
             "<p>Les maires des communes du réseau et les élus de l'agglomération fixent les orientations de "
             "la lecture publique et adoptent son budget.</p>",
             every_months=6, next_in_days=90, weekday=3, start=dt.time(18), end=dt.time(20),
             place="Salle du conseil communautaire, hôtel d'agglomération, Port-Ormeau", topics=MAYORS_TOPICS),
    BodySpec("comite-de-pilotage", "Comité de pilotage", "COPIL", "COPIL", BodyKind.STEERING, ReadingRule.STAFF,
             "conference-des-maires", 5, QuorumRule.THIRD,
             "<p>Les élus référents et la coordination pilotent le projet du réseau : budget, recrutements, "
             "partenariats. Il saisit la conférence des maires de ce qui engage les communes.</p>",
             every_months=3, next_in_days=35, weekday=1, start=dt.time(10), end=dt.time(12),
             place=HEAD_OFFICE_PLACE, topics=COPIL_TOPICS, refers_every=4),
    BodySpec("comite-technique", "Comité technique", "COTECH", "COTECH", BodyKind.TECHNICAL, ReadingRule.STAFF,
             "comite-de-pilotage", 5, QuorumRule.THIRD,
             "<p>Les référents des quinze médiathèques et la coordination préparent et suivent le "
             "fonctionnement commun du réseau. Il arbitre les propositions des groupes de travail et saisit "
             "le comité de pilotage.</p>",
             every_months=1, next_in_days=14, weekday=3, start=dt.time(14), end=dt.time(17),
             place=HEAD_OFFICE_PLACE, topics=COTECH_TOPICS, video_url="https://visio.demo.test/cotech",
             upcoming=2, refers_every=4, demo_owner=Role.REFERENTS),
    BodySpec("cellule-de-coordination", "Cellule de coordination", "Cellule", "CELLULE", BodyKind.COORDINATION,
             ReadingRule.MEMBERS, "comite-de-pilotage", 2, QuorumRule.NONE,
             "<p>L'équipe de coordination du pôle lecture publique prépare les instances et suit les "
             "projets du réseau.</p>",
             every_months=1, next_in_days=6, weekday=0, start=dt.time(9, 30), end=dt.time(11, 30),
             place="Bureau de la coordination, hôtel d'agglomération", topics=COORDINATION_TOPICS,
             convened_ahead=True, demo_owner=Role.COORDINATION),
    BodySpec("groupe-jeunesse", "Groupe de travail Jeunesse", "GT Jeunesse", "GT-JEUNESSE", **WORKING_GROUP,
             mission="<p>Les projets communs en direction des enfants, des adolescents et des familles.</p>",
             next_in_days=20, place="Médiathèque de Kerbréhat, salle d'animation", topics=YOUTH_TOPICS),
    BodySpec("groupe-numerique", "Groupe de travail Numérique", "GT Numérique", "GT-NUM", **WORKING_GROUP,
             mission="<p>Services et médiation numériques : ressources en ligne, ateliers, équipements.</p>",
             next_in_days=24, place="Médiathèque de Saint-Aubin-des-Grèves, espace numérique",
             video_url="https://visio.demo.test/gt-numerique", topics=DIGITAL_TOPICS, demo_owner=Role.STAFF),
    BodySpec("groupe-action-culturelle", "Groupe de travail Action culturelle", "GT Action culturelle", "GT-AC",
             **WORKING_GROUP,
             mission="<p>La programmation culturelle partagée : festivals, résidences, animations.</p>",
             next_in_days=31, place="Médiathèque de Lanmarec, salle d'animation", topics=CULTURE_TOPICS,
             cancelled=(1,)),
    BodySpec("groupe-politique-documentaire", "Groupe de travail Politique documentaire", "GT Politique documentaire",
             "GT-PD", **WORKING_GROUP,
             mission="<p>Acquisitions, désherbage et conservation partagée des collections du réseau.</p>",
             next_in_days=38, place="Médiathèque de Port-Ormeau, salle de réunion", topics=COLLECTIONS_TOPICS),
]

# Working groups: (chair, secretary, other members) as indexes in the referents (R) and the staff (S)
# of the first unit of the network, and in the coordination (C).
WORKING_GROUP_MEMBERS = {
    "groupe-jeunesse": (("R", 4), ("S", 5), [("R", 6), ("R", 9), ("S", 10), ("S", 17), ("C", 3)]),
    "groupe-numerique": (("R", 3), ("S", 2), [("S", 0), ("R", 7), ("R", 12), ("S", 8), ("C", 1)]),
    "groupe-action-culturelle": (("R", 5), ("S", 11), [("R", 10), ("R", 13), ("S", 14), ("S", 21), ("C", 2)]),
    "groupe-politique-documentaire": (("R", 8), ("S", 3), [("R", 11), ("R", 14), ("S", 6), ("S", 25), ("C", 2)]),
}
# Referents (indexes) who have proposals waiting on the next COTECH: not referent@demo.test (index 1),
# who is left free to make one.
PENDING_PROPOSERS = (3, 6, 9)
PENDING_TOPICS = [
    topic(DISCUSSION, 20, "Boîtes de retour extérieures",
          "Plusieurs communes souhaitent une boîte de retour accessible la nuit : coût, assurance, relève."),
    topic(DECISION, 15, "Prolongation automatique des prêts",
          "Prolonger d'office une fois les documents non réservés, pour éviter des retards inutiles."),
    topic(INFO, 10, "Fête de la médiathèque de Tréduan", "Invitation du réseau aux vingt ans de la médiathèque."),
]
STAFF_PROPOSAL = topic(DISCUSSION, 20, "Tablettes pour les ateliers seniors",
                       "Emprunter des tablettes à la médiathèque de Pléhouarn pour les ateliers du jeudi.")


@dataclass
class Roster:
    coordination: list[Person]
    referents: list[Person]
    staff: list[Person]
    elected: list[Person]
    accounts: dict[Role, Person]

    def pick(self, code: tuple[str, int]) -> Person:
        group = {"R": self.referents, "S": self.staff, "C": self.coordination}[code[0]]
        return group[code[1] % len(group)]


def load_roster() -> Roster | None:
    people = (Person.objects.active().filter(user__isnull=False).select_related("user")
              .prefetch_related("user__groups").order_by("pk"))
    by_role: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        for group in person.user.groups.all():
            by_role[group.name].append(person)
    accounts = {role: person for person in people for role, email in DEMO_ACCOUNTS.items()
                if person.user.email == email}
    if len(accounts) < len(DEMO_ACCOUNTS):
        return None

    def first_the_account(role: Role) -> list[Person]:
        demo = accounts[role]
        return [demo, *[person for person in by_role[role.value] if person.pk != demo.pk]]

    # The demo referent second, as in the network's first unit (the head office's referent first).
    referents = first_the_account(Role.REFERENTS)
    referents = [*referents[1:2], referents[0], *referents[2:]]
    roster = Roster(coordination=first_the_account(Role.COORDINATION), referents=referents,
                    staff=first_the_account(Role.STAFF), elected=first_the_account(Role.ELECTED), accounts=accounts)
    if len(roster.coordination) < 4 or len(roster.referents) < 15 or len(roster.staff) < 26 or len(roster.elected) < 4:
        return None
    return roster


def members_of(spec: BodySpec, roster: Roster) -> list[tuple[Person, str]]:
    """(person, role) of a body, the chair first and the secretary second."""
    coordination, referents, elected = roster.coordination, roster.referents, roster.elected
    if spec.kind == BodyKind.MAYORS:
        return [(roster.accounts[Role.ELECTED], CHAIR), (coordination[1], SECRETARY),
                *[(person, MEMBER) for person in elected[1:]]]
    if spec.kind == BodyKind.STEERING:
        return [(elected[3], CHAIR), (coordination[1], SECRETARY), (roster.accounts[Role.ELECTED], MEMBER),
                (elected[1], MEMBER), (coordination[0], MEMBER), (coordination[2], MEMBER),
                (referents[0], GUEST)]
    if spec.kind == BodyKind.TECHNICAL:
        secretary = referents[2]
        return [(coordination[0], CHAIR), (secretary, SECRETARY),
                *[(person, REFERENT) for person in referents if person.pk != secretary.pk],
                *[(person, MEMBER) for person in coordination[1:]]]
    if spec.kind == BodyKind.COORDINATION:
        return [(coordination[0], CHAIR), (coordination[3], SECRETARY),
                *[(person, MEMBER) for person in coordination[1:] if person.pk != coordination[3].pk]]
    chair, secretary, others = WORKING_GROUP_MEMBERS[spec.slug]
    return [(roster.pick(chair), CHAIR), (roster.pick(secretary), SECRETARY),
            *[(roster.pick(code), MEMBER) for code in others]]


# --- Pages and memberships -------------------------------------------------------------------------

def ensure_section() -> GovernanceIndexPage:
    """« Instances »: the migration creates it; a database restored without it gets one here, with
    Coordination's page permissions on it."""
    section = GovernanceIndexPage.objects.first()
    if section is None:
        home = HomePage.objects.first() or Page.get_first_root_node()
        section = GovernanceIndexPage(title="Instances", slug="instances",
                                      intro="Les instances du réseau : réunions, ordres du jour, comptes rendus "
                                            "et décisions.")
        home.add_child(instance=section)
        section.save_revision().publish()
        sync_role_permissions()
    return section


def ensure_bodies(section: GovernanceIndexPage) -> dict[str, BodyPage]:
    existing = {body.slug: body for body in BodyPage.objects.child_of(section)}
    for spec in BODIES:  # parents come first in BODIES
        if spec.slug in existing:
            continue
        body = BodyPage(title=spec.title, slug=spec.slug, short_name=spec.short_name, kind=spec.kind,
                        mission=spec.mission, reading_rule=spec.reading_rule, notice_days=spec.notice_days,
                        quorum_rule=spec.quorum_rule, parent_body=existing.get(spec.parent))
        section.add_child(instance=body)
        body.save_revision().publish()
        existing[spec.slug] = BodyPage.objects.get(pk=body.pk)
    return existing


def ensure_memberships(bodies: dict[str, BodyPage], roster: Roster, since: dt.date) -> None:
    present = set(Membership.objects.filter(body__in=bodies.values()).values_list("body_id", "person_id"))
    Membership.objects.bulk_create([
        Membership(body=bodies[spec.slug], person=person, role=role, since=since)
        for spec in BODIES for person, role in members_of(spec, roster)
        if (bodies[spec.slug].pk, person.pk) not in present
    ], batch_size=BATCH)


# --- Meetings ----------------------------------------------------------------------------------------

def aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def long_date(day: dt.date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def on_weekday(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def meeting_days(spec: BodySpec, *, today: dt.date, past: int) -> list[dt.date]:
    """The days a body meets: its next meeting on the first `spec.weekday` after `spec.next_in_days`,
    the others on the same weekday of the same week of their month (the 4th Thursday...), `past`
    of them back and `spec.upcoming` ahead in all; no meeting in August (September instead for a
    body that meets every few months)."""
    anchor = on_weekday(today + dt.timedelta(days=spec.next_in_days), spec.weekday)
    week = min((anchor.day - 1) // 7, 3)  # the 5th Thursday of a month is not in every month
    days = []
    for step in range(-past, spec.upcoming):
        month = anchor.replace(day=1) + relativedelta(months=spec.every_months * step)
        if month.month == 8:
            if spec.every_months == 1:
                continue
            month += relativedelta(months=1)
        day = anchor if step == 0 else on_weekday(month, spec.weekday) + dt.timedelta(weeks=week)
        while is_holiday(day):  # a week earlier; later for what is ahead, so it stays ahead
            day += dt.timedelta(weeks=1 if step >= 0 else -1)
        days.append(day)
    return days


FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}


def is_holiday(day: dt.date) -> bool:
    """A French public holiday, or the days between Christmas and New Year: no body meets then."""
    if (day.month, day.day) in FIXED_HOLIDAYS or (day.month == 12 and day.day >= 22):
        return True
    return (day - easter(day.year)).days in (1, 39, 50)  # Easter Monday, Ascension, Whit Monday


@dataclass
class Referral:
    """A decision referred to the parent body, and the parent's meeting that takes it up."""

    decision: Decision
    origin: "BodyPlan"
    topic: Topic


@dataclass
class BodyPlan:
    spec: BodySpec
    body: BodyPage
    members: list[tuple[Person, str]]
    meetings: list[Meeting] = field(default_factory=list)

    @property
    def chair(self) -> Person:
        return self.members[0][0]

    @property
    def secretary(self) -> Person:
        return self.members[1][0]

    @property
    def voting(self) -> list[Person]:
        return [person for person, role in self.members if role in VOTING_ROLES]


class Seeding:
    """One run of the demo governance: plans every body's meetings, then writes each body's records
    in bulk, the working groups first so that their referred decisions reach the parent bodies."""

    def __init__(self, *, plans: dict[str, BodyPlan], roster: Roster, now: dt.datetime):
        self.plans, self.roster, self.now = plans, roster, now
        self.today = timezone.localdate(now)
        self.incoming: dict[int, list[Referral]] = defaultdict(list)  # parent meeting pk -> referrals
        self.counter = 0  # a running number that varies outcomes, people and statuses deterministically

    def tick(self) -> int:
        self.counter += 1
        return self.counter

    def create_meetings(self, plan: BodyPlan, days: list[dt.date]) -> None:
        spec = plan.spec
        meetings = []
        for position, day in enumerate(days):
            start, end = aware(day, spec.start), aware(day, spec.end)
            past = end <= self.now
            cancelled = past and position in spec.cancelled
            meetings.append(Meeting(
                body=plan.body, title=f"{spec.title} du {long_date(day)}", start=start, end=end,
                place=spec.place, video_url=spec.video_url,
                status=MeetingStatus.CANCELLED if cancelled else MeetingStatus.HELD if past else MeetingStatus.PLANNED,
                proposal_deadline=rules.default_proposal_deadline(start), created_by=plan.secretary,
                sequence=1 if cancelled else 0,
            ))
        plan.meetings = Meeting.objects.bulk_create(meetings, batch_size=BATCH)

    def parent_meeting_for(self, plan: BodyPlan, meeting: Meeting) -> Meeting | None:
        """The parent body's first meeting whose proposal deadline had not passed when the minutes
        referring the decision were written (two days after the meeting)."""
        parent = self.plans.get(plan.spec.parent)
        if parent is None:
            return None
        written = meeting.end + dt.timedelta(days=2)
        return next((candidate for candidate in parent.meetings
                     if candidate.proposal_deadline > written and not candidate.is_cancelled), None)

    def write(self, plan: BodyPlan) -> None:
        spec, now = plan.spec, self.now
        meetings = plan.meetings
        held = [meeting for meeting in meetings if meeting.status == MeetingStatus.HELD]
        upcoming = [meeting for meeting in meetings if meeting.end > now]
        next_held = {held[n].pk: held[n + 1] if n + 1 < len(held) else None for n in range(len(held))}
        previous_held: dict[int, Meeting] = {}
        last = None
        for meeting in meetings:
            if last is not None:
                previous_held[meeting.pk] = last
            if meeting.status == MeetingStatus.HELD:
                last = meeting

        # Proposals: referrals from the child bodies, members' own, and those waiting for review.
        proposals: list[tuple[Meeting, Proposal, Topic | None]] = []
        voting = plan.voting
        for index, meeting in enumerate(meetings):
            decided = meeting.end <= now
            for referral in self.incoming.get(meeting.pk, []):
                origin = referral.origin
                proposals.append((meeting, Proposal(
                    meeting=meeting, proposer=origin.chair, kind=DECISION, duration_minutes=20,
                    title=f"{referral.topic.title} (saisine du {origin.spec.short_name})",
                    description=f"<p>Décision {referral.decision.number} du {origin.spec.title}, transmise "
                                f"pour arbitrage : {referral.decision.text}</p>",
                    status=ProposalStatus.ACCEPTED if decided else ProposalStatus.PENDING,
                    decided_by=plan.chair if decided else None,
                    decided_at=meeting.proposal_deadline + dt.timedelta(hours=2) if decided else None,
                    origin_decision=referral.decision), referral.topic))
            if meeting.is_cancelled:
                continue
            if decided and index % 3 == 1 and len(voting) > 2:
                chosen = spec.topics[(index * 5 + 1) % len(spec.topics)]
                proposer = voting[2 + self.tick() % (len(voting) - 2)]
                proposals.append((meeting, Proposal(
                    meeting=meeting, proposer=proposer, title=chosen.title, kind=chosen.kind,
                    duration_minutes=chosen.minutes, description=chosen.description,
                    status=ProposalStatus.ACCEPTED, decided_by=plan.secretary,
                    decided_at=meeting.proposal_deadline + dt.timedelta(hours=1)), chosen))
            if decided and index % 6 == 4 and len(voting) > 2:
                proposer = voting[2 + self.tick() % (len(voting) - 2)]
                proposals.append((meeting, Proposal(
                    meeting=meeting, proposer=proposer, title="Achat groupé de mobilier pour les espaces ados",
                    kind=DISCUSSION, duration_minutes=15,
                    description="<p>Un achat commun ferait baisser les prix des poufs et des étagères.</p>",
                    status=ProposalStatus.REJECTED, decision_reason=REJECTION_REASON, decided_by=plan.chair,
                    decided_at=meeting.proposal_deadline + dt.timedelta(hours=1)), None))
        if upcoming:
            proposals += self.pending_proposals(plan, upcoming[0])
        Proposal.objects.bulk_create([proposal for _meeting, proposal, _topic in proposals], batch_size=BATCH)
        accepted = defaultdict(list)
        for meeting, proposal, chosen in proposals:
            if proposal.status == ProposalStatus.ACCEPTED:
                accepted[meeting.pk].append((proposal, chosen))

        # The agenda: the follow-up of actions first, the minutes to approve, the topics, accepted proposals.
        items: list[tuple[AgendaItem, Topic | None]] = []
        for index, meeting in enumerate(meetings):
            agenda = [(AgendaItem(meeting=meeting, title="Suivi des actions", kind=INFO, duration_minutes=15,
                                  is_action_review=True,
                                  description="<p>Point sur les actions ouvertes de l'instance.</p>"), None)]
            if previous := previous_held.get(meeting.pk):
                day = long_date(timezone.localdate(previous.start))
                agenda.append((AgendaItem(meeting=meeting, kind=DECISION, duration_minutes=5, presenter=plan.chair,
                                          title=f"Approbation du compte rendu de la réunion du {day}"), None))
            # The topics: all of them once held; the secretary's first one on the next meeting.
            held_topics = 2 if len(spec.topics) < 5 else 3
            count = held_topics if meeting.end <= now else int(meeting is upcoming[0])
            for offset in range(count):
                chosen = spec.topics[(index * 3 + offset) % len(spec.topics)]
                agenda.append((AgendaItem(meeting=meeting, title=chosen.title, kind=chosen.kind,
                                          duration_minutes=chosen.minutes, description=chosen.description,
                                          presenter=voting[(index + offset) % len(voting)]), chosen))
            for proposal, chosen in accepted.get(meeting.pk, []):
                agenda.append((AgendaItem(meeting=meeting, title=proposal.title, kind=proposal.kind,
                                          duration_minutes=proposal.duration_minutes, presenter=proposal.proposer,
                                          description=proposal.description, proposal=proposal), chosen))
            if meeting.end <= now:
                agenda.append((AgendaItem(meeting=meeting, title="Questions diverses", kind=INFO,
                                          duration_minutes=10), None))
            for position, (item, _topic) in enumerate(agenda):
                item.position = position
            items += agenda
        AgendaItem.objects.bulk_create([item for item, _topic in items], batch_size=BATCH)

        decisions = self.write_decisions(plan, items)
        self.write_actions(plan, decisions)
        self.write_minutes(plan, held, next_held, items)
        self.write_attendance(plan, meetings)

    def pending_proposals(self, plan: BodyPlan, meeting: Meeting) -> list[tuple[Meeting, Proposal, Topic | None]]:
        """What waits for review on a body's next meeting: the referents' on COTECH (not the demo
        referent's), the demo staff member's on the working group Numérique."""
        if meeting.proposal_deadline <= self.now:
            return []
        if plan.spec.kind == BodyKind.TECHNICAL:
            proposers = [self.roster.referents[index] for index in PENDING_PROPOSERS]
            return [(meeting, Proposal(meeting=meeting, proposer=proposer, title=chosen.title, kind=chosen.kind,
                                       duration_minutes=chosen.minutes, description=chosen.description), None)
                    for proposer, chosen in zip(proposers, PENDING_TOPICS, strict=True)]
        staff = self.roster.accounts[Role.STAFF]
        if any(person.pk == staff.pk for person, _role in plan.members):
            return [(meeting, Proposal(meeting=meeting, proposer=staff, title=STAFF_PROPOSAL.title,
                                       kind=STAFF_PROPOSAL.kind, duration_minutes=STAFF_PROPOSAL.minutes,
                                       description=STAFF_PROPOSAL.description), None)]
        return []

    def write_decisions(self, plan: BodyPlan, items) -> list[tuple[Decision, Topic | None]]:
        spec = plan.spec
        decisions: list[tuple[Decision, Topic | None]] = []
        numbers: dict[int, int] = defaultdict(int)
        outgoing: list[tuple[Decision, Meeting, Topic]] = []
        held_index: dict[int, int] = {}
        for item, chosen in items:
            meeting = item.meeting
            if meeting.status != MeetingStatus.HELD:
                continue
            held_index.setdefault(meeting.pk, len(held_index))
            if item.proposal is not None and item.proposal.origin_decision is not None:
                origin = item.proposal.origin_decision
                rejected = self.tick() % 4 == 3
                text = (f"Sur saisine ({origin.number}) : la proposition n'est pas retenue en l'état ; elle sera "
                        f"retravaillée avec le groupe." if rejected else
                        f"Sur saisine ({origin.number}) : {chosen.decision if chosen else origin.text}")
                outcome = DecisionOutcome.REJECTED if rejected else DecisionOutcome.ADOPTED
            elif chosen is not None and chosen.decision:
                first_of_meeting = not any(decision.meeting_id == meeting.pk for decision, _ in decisions)
                refers = (spec.parent and spec.refers_every and first_of_meeting
                          and held_index[meeting.pk] % spec.refers_every == spec.refers_every - 1)
                turn = self.tick()
                if refers:
                    outcome, text = DecisionOutcome.REFERRED, (
                        f"{chosen.decision} La décision est soumise à l'arbitrage de l'instance supérieure.")
                elif turn % 8 == 5:
                    outcome, text = DecisionOutcome.POSTPONED, (
                        f"La décision sur « {chosen.title} » est reportée, dans l'attente d'éléments chiffrés.")
                elif turn % 13 == 7:
                    outcome, text = DecisionOutcome.REJECTED, f"La proposition « {chosen.title} » n'est pas retenue."
                else:
                    outcome, text = DecisionOutcome.ADOPTED, chosen.decision
            else:
                continue
            year = timezone.localdate(meeting.start).year
            numbers[year] += 1
            decision = Decision(meeting=meeting, item=item, number=f"{spec.prefix}-{year}-{numbers[year]:02d}",
                                text=text, outcome=outcome)
            if outcome == DecisionOutcome.REFERRED:
                target = self.parent_meeting_for(plan, meeting)
                if target is None:
                    decision.escalation_blocked = "Aucune réunion de l'instance supérieure n'est prévue."
                else:
                    outgoing.append((decision, target, chosen))
            decisions.append((decision, chosen))
        Decision.objects.bulk_create([decision for decision, _ in decisions], batch_size=BATCH)
        for decision, target, chosen in outgoing:
            self.incoming[target.pk].append(Referral(decision=decision, origin=plan, topic=chosen))
        return decisions

    def write_actions(self, plan: BodyPlan, decisions) -> None:
        today, voting = self.today, plan.voting
        demo = self.roster.accounts.get(plan.spec.demo_owner) if plan.spec.demo_owner else None
        recent = {meeting.pk for meeting in [m for m in plan.meetings if m.status == MeetingStatus.HELD][-3:]}
        given_to_demo: set[int] = set()
        actions = []
        for decision, chosen in decisions:
            if decision.outcome != DecisionOutcome.ADOPTED:
                continue
            meeting = decision.meeting
            proposal = decision.item.proposal
            if proposal is not None and proposal.origin_decision is not None:  # a ruling goes back down
                title = f"Informer l'instance d'origine de l'arbitrage ({proposal.origin_decision.number})"
            elif chosen is not None and chosen.action:
                title = chosen.action
            else:
                continue
            turn = self.tick()
            owner = voting[turn % len(voting)]
            if demo is not None and meeting.pk in recent and meeting.pk not in given_to_demo:
                owner = demo
                given_to_demo.add(meeting.pk)
            due = timezone.localdate(meeting.start) + dt.timedelta(days=30 + 15 * (turn % 4))
            if due < today - dt.timedelta(days=45):  # long past: done, a few cancelled or forgotten
                status = {3: ActionStatus.CANCELLED, 7: ActionStatus.OPEN}.get(turn % 12, ActionStatus.DONE)
            elif due < today:  # recently due: two in three still open, overdue
                status = ActionStatus.DONE if turn % 3 == 0 else ActionStatus.OPEN
            else:
                status = ActionStatus.OPEN
            if owner is demo and due < today:  # the demo account has an overdue action to show
                status = ActionStatus.OPEN
            done = status == ActionStatus.DONE
            actions.append(ActionItem(
                body=plan.body, meeting=meeting, decision=decision, title=title, owner=owner, due_date=due,
                status=status, done_at=aware(min(due, today) - dt.timedelta(days=3), dt.time(17)) if done else None,
                done_note="Fait, information transmise aux équipes." if done else ""))
        ActionItem.objects.bulk_create(actions, batch_size=BATCH)

    def write_minutes(self, plan: BodyPlan, held: list[Meeting], next_held: dict, items) -> None:
        minutes = []
        for meeting in held:
            following = next_held[meeting.pk]
            approved = following is not None and following.end <= self.now
            written = meeting.end + dt.timedelta(days=2)
            minutes.append(Minutes(
                meeting=meeting, version=1, written_by=plan.secretary, submitted_at=written,
                status=MinutesStatus.APPROVED if approved else MinutesStatus.SUBMITTED,
                summary=f"<p>Séance ouverte par {plan.chair.full_name}, qui préside ; "
                        f"{plan.secretary.full_name} assure le secrétariat.</p>",
                approved_on=timezone.localdate(following.start) if approved else None,
                approved_by=plan.chair if approved else None,
                approved_at_meeting=following if approved else None))
        Minutes.objects.bulk_create(minutes, batch_size=BATCH)
        by_meeting = {version.meeting_id: version for version in minutes}
        texts = []
        for item, chosen in items:
            version = by_meeting.get(item.meeting_id)
            if version is None:
                continue
            if item.is_action_review:
                text = "<p>Les actions ouvertes ont été passées en revue ; les actions échues ont été relancées.</p>"
            elif item.title.startswith("Approbation du compte rendu"):
                text = "<p>Le compte rendu est approuvé sans modification.</p>"
            elif chosen is None:
                text = "<p>Aucune question diverse.</p>" if item.proposal_id is None else (
                    f"<p>{ITEM_NOTES[self.tick() % len(ITEM_NOTES)]}</p>")
            else:
                text = f"<p>{ITEM_NOTES[self.tick() % len(ITEM_NOTES)]}</p>"
            texts.append(ItemMinutes(minutes=version, item=item, text=text))
        ItemMinutes.objects.bulk_create(texts, batch_size=BATCH)

    def write_attendance(self, plan: BodyPlan, meetings: list[Meeting]) -> None:
        """For each past meeting: the convocation sent within the notice period to every member,
        their answers and who was there; a cancelled one also has its cancellation. The next
        meeting of a body that convenes early is convened already, with a few answers."""
        spec, now = plan.spec, self.now
        convocations: list[tuple[Convocation, Meeting]] = []
        attendance, answers = [], []
        upcoming = [meeting for meeting in meetings if meeting.end > now]
        for meeting in meetings:
            sent = aware(timezone.localdate(meeting.start) - dt.timedelta(days=spec.notice_days + 3), dt.time(10))
            if meeting.end > now:
                if not (spec.convened_ahead and meeting is upcoming[0]):
                    continue
                sent = min(sent, aware(self.today - dt.timedelta(days=1), dt.time(10)))
            convocations.append((Convocation(meeting=meeting, method=ConvocationMethod.REQUEST, sequence=0,
                                             sent_at=sent, sent_by=plan.secretary), meeting))
            if meeting.is_cancelled:
                convocations.append((Convocation(meeting=meeting, method=ConvocationMethod.CANCEL, sequence=1,
                                                 sent_at=sent + dt.timedelta(days=2), sent_by=plan.secretary),
                                     meeting))
                continue
            rng = random.Random(f"{spec.slug}-{meeting.start.isoformat()}")
            if meeting.end > now:
                for person in plan.voting[:3]:
                    answers.append(Answer(meeting=meeting, person=person, response=AnswerResponse.ATTENDING,
                                          answered_at=sent + dt.timedelta(hours=3), by_link=True))
                continue
            # Who was there (ids rather than objects: tens of thousands of rows at 10x).
            rows, present = [], []
            for person, role in plan.members:
                draw = rng.random()
                status = (AttendanceStatus.PRESENT if draw < 0.74 or person.pk == plan.chair.pk else
                          AttendanceStatus.REMOTE if draw < 0.84 else AttendanceStatus.EXCUSED if draw < 0.92
                          else AttendanceStatus.ABSENT if draw < 0.96 or role not in VOTING_ROLES
                          else AttendanceStatus.REPRESENTED)
                rows.append([person.pk, status, None])
                if status == AttendanceStatus.PRESENT and role in VOTING_ROLES:
                    present.append(person.pk)
            for row in rows:
                if row[1] == AttendanceStatus.REPRESENTED:
                    candidates = [person_id for person_id in present if person_id != row[0]]
                    if candidates:
                        row[2] = candidates[rng.randrange(len(candidates))]
                    else:
                        row[1] = AttendanceStatus.EXCUSED
                person_id, status, by_id = row
                attendance.append(Attendance(meeting_id=meeting.pk, person_id=person_id, status=status,
                                             represented_by_id=by_id))
                if response := ANSWER_OF_ATTENDANCE.get(status):
                    answers.append(Answer(meeting_id=meeting.pk, person_id=person_id, response=response,
                                          proxy_to_id=by_id, by_link=rng.random() < 0.5,
                                          answered_at=sent + dt.timedelta(hours=4 + rng.randrange(72))))
        for convocation, meeting in convocations:
            convocation.within_notice = rules.within_notice(notice_days=spec.notice_days, sent=convocation.sent_at,
                                                            start=meeting.start)
        Convocation.objects.bulk_create([convocation for convocation, _ in convocations], batch_size=BATCH)
        recipients = [(person.pk, person.full_name, person.user.email) for person, _role in plan.members]
        ConvocationRecipient.objects.bulk_create([
            ConvocationRecipient(convocation_id=convocation.pk, person_id=person_id, name=name, email=email)
            for convocation, _meeting in convocations for person_id, name, email in recipients
        ], batch_size=BATCH)
        Attendance.objects.bulk_create(attendance, batch_size=BATCH)
        Answer.objects.bulk_create(answers, batch_size=BATCH)


def body_order(spec: BodySpec) -> int:
    """How far a body is from the top of the escalation path: the working groups are written first."""
    depth, parent = 0, spec.parent
    by_slug = {candidate.slug: candidate for candidate in BODIES}
    while parent:
        depth, parent = depth + 1, by_slug[parent].parent
    return -depth


@transaction.atomic
def seed_governance(*, scale: int) -> dict:
    section = ensure_section()
    roster = load_roster()
    bodies = ensure_bodies(section)
    if roster is None:  # the core's people are missing: nothing to sit on the bodies
        return {"bodies": len(bodies)}
    now = timezone.now()
    today = timezone.localdate(now)
    # N years of meetings at --scale N (10x data at 10x), bounded: the members grow with the scale too.
    years = min(scale, MAX_HISTORY_YEARS)
    history = relativedelta(years=years)
    ensure_memberships(bodies, roster, since=today - history - dt.timedelta(days=30))
    members = defaultdict(list)
    for membership in (Membership.objects.current(today).filter(body__in=bodies.values())
                       .select_related("person__user").order_by("pk")):
        members[membership.body_id].append((membership.person, membership.role))
    plans = {}
    for spec in BODIES:
        body = bodies[spec.slug]
        # The chair and the secretary first, as members_of() gives them (an edited body keeps its own).
        ranked = sorted(members[body.pk], key=lambda pair: {CHAIR: 0, SECRETARY: 1}.get(pair[1], 2))
        if len(ranked) >= 2:
            plans[spec.slug] = BodyPlan(spec=spec, body=body, members=ranked)
    seeded = set(Meeting.objects.filter(body__in=bodies.values()).values_list("body_id", flat=True).distinct())
    with_upcoming = set(Meeting.objects.upcoming(now).filter(body__in=bodies.values())
                        .values_list("body_id", flat=True).distinct())
    run = Seeding(plans=plans, roster=roster, now=now)
    to_write = []
    for plan in plans.values():
        spec = plan.spec
        if plan.body.pk not in seeded:
            past = (12 * years) // spec.every_months
            run.create_meetings(plan, meeting_days(spec, today=today, past=past))
        elif plan.body.pk not in with_upcoming:  # a run on a later day: plan the next meetings again
            run.create_meetings(plan, meeting_days(spec, today=today, past=0))
        else:
            continue
        to_write.append(plan)
    for plan in sorted(to_write, key=lambda plan: body_order(plan.spec)):
        run.write(plan)
    demo_bodies = BodyPage.objects.filter(pk__in=[body.pk for body in bodies.values()])
    return {
        "bodies": demo_bodies.count(),
        "memberships": Membership.objects.filter(body__in=demo_bodies).count(),
        "meetings": Meeting.objects.filter(body__in=demo_bodies).count(),
        "decisions": Decision.objects.filter(meeting__body__in=demo_bodies).count(),
        "actions": ActionItem.objects.filter(body__in=demo_bodies).count(),
    }
