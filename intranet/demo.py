"""The demo network built by `manage.py seed_demo`: the reference network of the project (15
libraries around a bay, 90 professionals, 40 volunteers, 6 elected officials) and, with --scale N,
N times as many libraries and people for benchmarks.

Feature apps add their own demo data with a seeder declared in their `wagtail_hooks.py`
(`intranet.hooks.DEMO_SEEDERS`; the core's own, order 0, runs first). Every seeder must be
idempotent: running seed_demo twice gives the same counts.
"""

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Site

from .caching import bump
from .models import HomePage, Library, NetworkSettings, Person, PersonKind, StandardIndexPage, StandardPage, User
from .roles import Role, sync_role_permissions

DEMO_PASSWORD = "demo-intranet"
DEMO_DOMAIN = "demo.test"
NETWORK_NAME = "Réseau des médiathèques de la Baie d'Ormeau"

# The five accounts the README lists, one per role.
DEMO_ACCOUNTS = {
    Role.COORDINATION: f"coordination@{DEMO_DOMAIN}",
    Role.REFERENTS: f"referent@{DEMO_DOMAIN}",
    Role.STAFF: f"personnel@{DEMO_DOMAIN}",
    Role.VOLUNTEERS: f"benevole@{DEMO_DOMAIN}",
    Role.ELECTED: f"elu@{DEMO_DOMAIN}",
}

COMMUNES = [
    ("Port-Ormeau", "2 quai des Terre-Neuvas"), ("Kerbréhat", "5 rue de l'Église"),
    ("Saint-Aubin-des-Grèves", "14 avenue de la Plage"), ("Plouvenec", "1 place du Marché"),
    ("Lanmarec", "8 rue des Écoles"), ("Pléhouarn", "3 rue du Stade"),
    ("Sainte-Anne-du-Havre", "22 rue du Port"), ("Pors-Meur", "6 chemin des Dunes"),
    ("Kervigen", "11 rue de la Mairie"), ("Landévoc", "4 place de la Liberté"),
    ("Saint-Quay-des-Dunes", "9 boulevard de la Mer"), ("Tréduan", "17 rue du Moulin"),
    ("Penhir-la-Baie", "2 rue des Goélands"), ("Locronan-sur-Ormeau", "1 rue du Calvaire"),
]
HEAD_OFFICE = ("Pôle lecture publique — Agglomération de la Baie d'Ormeau", "Port-Ormeau",
               "Hôtel d'agglomération, 30 rue Jean-Jaurès")
OPENING_HOURS = "Mardi : 14 h – 18 h\nMercredi : 10 h – 18 h\nVendredi : 14 h – 19 h\nSamedi : 10 h – 17 h"

FIRST_NAMES = [
    "Anne", "Bernard", "Camille", "Denis", "Élodie", "François", "Gaëlle", "Hervé", "Isabelle", "Jérôme",
    "Katell", "Loïc", "Maëlle", "Nicolas", "Océane", "Pierre", "Quentin", "Rozenn", "Sylvie", "Thomas",
    "Ursula", "Valérie", "Yann", "Zoé", "Nolwenn", "Erwan", "Soizic", "Gwenaël", "Mathilde", "Ronan",
    "Claire", "Julien", "Léa", "Mickaël", "Nathalie", "Olivier", "Pauline", "Sébastien", "Tiphaine", "Hugo",
]
LAST_NAMES = [
    "Le Gall", "Tanguy", "Le Goff", "Morvan", "Guivarc'h", "Le Bihan", "Kerjean", "Riou", "Cariou", "Prigent",
    "Le Roux", "Jaouen", "Quéré", "Le Floch", "Bouvier", "Martin", "Bernard", "Dubois", "Lefèvre", "Moreau",
    "Girard", "Fournier", "Lambert", "Bonnet", "Mercier", "Blanchard", "Rolland", "Perrot", "Marchand", "Colin",
    "Henry", "Lemoine", "Barbier", "Gautier", "Roussel", "Guillou", "Le Corre", "Hamon", "Salaün", "Pérès",
]
PROFESSIONAL_TITLES = [
    "Bibliothécaire", "Assistante de conservation", "Adjoint du patrimoine", "Médiatrice numérique",
    "Responsable jeunesse", "Chargé des collections adultes", "Animatrice lecture", "Agent d'accueil",
]
COORDINATION_TITLES = [
    "Coordinatrice du réseau", "Chargé de mission numérique", "Responsable des ressources partagées",
    "Chargée de formation",
]
ELECTED_TITLES = ["Maire", "Adjointe à la culture", "Conseiller délégué à la lecture publique",
                  "Vice-présidente culture de l'agglomération", "Maire", "Adjoint à la jeunesse"]

PEOPLE_PER_UNIT = {"coordination": 4, "referents": 15, "professionals": 71, "volunteers": 40, "elected": 6}


@dataclass(frozen=True)
class Seeder:
    name: str
    run: Callable[..., dict]  # run(*, scale: int) -> {label: count}
    order: int = 100

    @property
    def key(self) -> str:
        return self.name


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return plain.replace(" ", "-").replace("'", "")


def _library_specs(scale: int) -> list[dict]:
    specs = [{"name": HEAD_OFFICE[0], "slug": "pole-lecture-publique", "commune": HEAD_OFFICE[1],
              "address": f"{HEAD_OFFICE[2]}\n29900 {HEAD_OFFICE[1]}", "is_head_office": True}]
    for unit in range(scale):
        for index, (commune, street) in enumerate(COMMUNES):
            suffix = "" if unit == 0 else f" — annexe {unit + 1}"
            name = f"Médiathèque de {commune}{suffix}"
            specs.append({"name": name, "slug": slugify(name), "commune": commune,
                          "address": f"{street}\n299{10 + index} {commune}", "is_head_office": False})
    return specs


def seed_libraries(*, scale: int) -> list[Library]:
    specs = _library_specs(scale)
    existing = set(Library.objects.values_list("slug", flat=True))
    Library.objects.bulk_create([
        Library(name=spec["name"], slug=spec["slug"], commune=spec["commune"], address=spec["address"],
                is_head_office=spec["is_head_office"],
                phone=f"02 98 {10 + number % 90:02d} {number % 100:02d} {(number * 7) % 100:02d}",
                email=f"{spec['slug'][:40]}@{DEMO_DOMAIN}", opening_hours=OPENING_HOURS)
        for number, spec in enumerate(specs) if spec["slug"] not in existing
    ])
    by_slug = {library.slug: library for library in Library.objects.all()}
    return [by_slug[spec["slug"]] for spec in specs]


@dataclass
class PersonSpec:
    email: str
    first_name: str
    last_name: str
    kind: str
    role: Role
    library: Library | None
    job_title: str
    mentor_email: str = ""


def _people_specs(libraries: list[Library], scale: int) -> list[PersonSpec]:
    head_office, branches = libraries[0], libraries[1:]
    rng = random.Random(20261125)  # deterministic: the same people on every run
    used_emails: set[str] = set()
    counter = iter(range(10**9))

    def name_and_email(preferred_email: str = "") -> tuple[str, str, str]:
        number = next(counter)
        first = FIRST_NAMES[number % len(FIRST_NAMES)]
        last = LAST_NAMES[(number * 7 + number // len(FIRST_NAMES)) % len(LAST_NAMES)]
        email = preferred_email or f"{_ascii(first)}.{_ascii(last)}@{DEMO_DOMAIN}"
        if email in used_emails:
            email = f"{_ascii(first)}.{_ascii(last)}.{number}@{DEMO_DOMAIN}"
        used_emails.add(email)
        return first, last, email

    specs: list[PersonSpec] = []
    for unit in range(scale):
        unit_branches = branches[unit * len(COMMUNES):(unit + 1) * len(COMMUNES)]
        unit_libraries = [head_office, *unit_branches]
        first_unit = unit == 0
        for index in range(PEOPLE_PER_UNIT["coordination"]):
            preferred = DEMO_ACCOUNTS[Role.COORDINATION] if first_unit and index == 0 else ""
            first, last, email = name_and_email(preferred)
            specs.append(PersonSpec(email, first, last, PersonKind.COORDINATION, Role.COORDINATION, head_office,
                                    COORDINATION_TITLES[index % len(COORDINATION_TITLES)]))
        for index, library in enumerate(unit_libraries):  # one referent per library
            preferred = DEMO_ACCOUNTS[Role.REFERENTS] if first_unit and index == 1 else ""
            first, last, email = name_and_email(preferred)
            specs.append(PersonSpec(email, first, last, PersonKind.PROFESSIONAL, Role.REFERENTS, library,
                                    "Référent·e réseau"))
        professionals_by_library: dict[int, list[str]] = {}
        for index in range(PEOPLE_PER_UNIT["professionals"]):
            library = unit_branches[index % len(unit_branches)]
            preferred = DEMO_ACCOUNTS[Role.STAFF] if first_unit and index == 0 else ""
            first, last, email = name_and_email(preferred)
            specs.append(PersonSpec(email, first, last, PersonKind.PROFESSIONAL, Role.STAFF, library,
                                    rng.choice(PROFESSIONAL_TITLES)))
            professionals_by_library.setdefault(library.pk, []).append(email)
        for index in range(PEOPLE_PER_UNIT["volunteers"]):
            library = unit_branches[index % len(unit_branches)]
            preferred = DEMO_ACCOUNTS[Role.VOLUNTEERS] if first_unit and index == 0 else ""
            first, last, email = name_and_email(preferred)
            mentors = professionals_by_library.get(library.pk, [])
            specs.append(PersonSpec(email, first, last, PersonKind.VOLUNTEER, Role.VOLUNTEERS, library,
                                    "Bénévole", mentor_email=mentors[index % len(mentors)] if mentors else ""))
        for index in range(PEOPLE_PER_UNIT["elected"]):
            library = unit_libraries[index % len(unit_libraries)] if index else head_office
            preferred = DEMO_ACCOUNTS[Role.ELECTED] if first_unit and index == 0 else ""
            first, last, email = name_and_email(preferred)
            title = ELECTED_TITLES[index % len(ELECTED_TITLES)]
            commune = library.commune
            specs.append(PersonSpec(email, first, last, PersonKind.ELECTED, Role.ELECTED, library,
                                    f"{title} ({commune})" if index else title + " de l'agglomération"))
    return specs


def seed_people(*, libraries: list[Library], scale: int) -> int:
    specs = _people_specs(libraries, scale)
    existing_users = dict(User.objects.values_list("email", "pk"))
    demo_hash = make_password(DEMO_PASSWORD)  # hashed once: hashing 1,300 passwords would take minutes
    demo_emails = set(DEMO_ACCOUNTS.values())
    new_users = [
        User(email=spec.email, first_name=spec.first_name, last_name=spec.last_name,
             password=demo_hash if spec.email in demo_emails else make_password(None))
        for spec in specs if spec.email not in existing_users
    ]
    User.objects.bulk_create(new_users, batch_size=500)
    users = dict(User.objects.filter(email__in=[spec.email for spec in specs]).values_list("email", "pk"))
    # The demo accounts always work with the documented password, even after someone changed it.
    User.objects.filter(email__in=demo_emails).update(password=demo_hash, is_active=True)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user_id=users[spec.email], email=spec.email, verified=True, primary=True)
         for spec in specs if spec.email not in existing_users],
        batch_size=500, ignore_conflicts=True,
    )
    people_with_user = set(Person.objects.filter(user__isnull=False).values_list("user_id", flat=True))
    Person.objects.bulk_create([
        Person(user_id=users[spec.email], first_name=spec.first_name, last_name=spec.last_name, kind=spec.kind,
               library=spec.library, job_title=spec.job_title,
               phone=f"06 {(index * 37) % 90 + 10:02d} {(index * 13) % 100:02d} {(index * 71) % 100:02d} "
                     f"{index % 100:02d}")
        for index, spec in enumerate(specs) if users[spec.email] not in people_with_user
    ], batch_size=500)
    person_ids = dict(Person.objects.filter(user_id__in=users.values()).values_list("user_id", "pk"))
    mentees = [Person(pk=person_ids[users[spec.email]], mentor_id=person_ids[users[spec.mentor_email]])
               for spec in specs if spec.mentor_email]
    Person.objects.bulk_update(mentees, ["mentor"], batch_size=500)
    groups = {group.name: group.pk for group in Group.objects.all()}
    through = User.groups.through
    memberships = set(through.objects.filter(user_id__in=users.values()).values_list("user_id", "group_id"))
    through.objects.bulk_create([
        through(user_id=users[spec.email], group_id=groups[spec.role.value])
        for spec in specs if (users[spec.email], groups[spec.role.value]) not in memberships
    ], batch_size=1000)
    return len(specs)


STANDARD_PAGES = [
    {
        "slug": "charte-informatique", "title": "Charte informatique du réseau",
        "summary": "Les règles d'usage des postes, des comptes et des données personnelles dans les médiathèques.",
        "body": [
            ("heading", "Vos comptes"),
            ("paragraph", "<p>Votre compte est personnel : ne communiquez jamais votre mot de passe, "
                          "même à la coordination. Activez la double authentification depuis votre profil.</p>"),
            ("heading", "Les postes publics"),
            ("paragraph", "<p>Les postes publics sont réinitialisés chaque soir. Les usagers s'identifient avec "
                          "leur carte de lecteur ; les sessions durent une heure et peuvent être prolongées à "
                          "l'accueil.</p>"),
            ("callout", {"kind": "warning", "text": "<p>Signalez tout incident de sécurité à la coordination "
                                                    "dans l'heure, par téléphone.</p>"}),
        ],
    },
    {
        "slug": "reglement-interieur", "title": "Règlement intérieur du réseau",
        "summary": "Le règlement commun aux quinze médiathèques : inscription, prêts, retards, accueil des groupes.",
        "body": [
            ("heading", "Inscription"),
            ("paragraph", "<p>L'inscription est gratuite pour les habitants de l'agglomération. Une carte unique "
                          "donne accès aux quinze médiathèques du réseau.</p>"),
            ("heading", "Prêts"),
            ("paragraph", "<p>Chaque carte permet d'emprunter 20 documents pour quatre semaines, dont 4 jeux "
                          "vidéo. Les réservations sont limitées à 10 par carte.</p>"),
        ],
    },
    {
        "slug": "informations-pratiques", "title": "Informations pratiques de la coordination",
        "summary": "Qui joindre à la coordination, la navette documentaire, les commandes de fournitures.",
        "body": [
            ("heading", "Navette documentaire"),
            ("paragraph", "<p>La navette passe le mardi et le vendredi dans chaque médiathèque. Préparez les "
                          "caisses la veille avant 17 h.</p>"),
            ("callout", {"kind": "info", "text": "<p>Les commandes de fournitures partent le premier lundi du "
                                                 "mois.</p>"}),
        ],
    },
]


def seed_site() -> dict:
    home = HomePage.objects.first()
    if home is None:  # the migration creates it; a database restored without it gets one here
        from wagtail.models import Page

        home = Page.get_first_root_node().add_child(instance=HomePage(title="Accueil", slug="accueil"))
    if not home.intro:
        home.intro = "L'intranet des quinze médiathèques : tutoriels, instances, salles, annuaire."
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    site.site_name = NETWORK_NAME
    site.root_page = home
    site.save()
    network = NetworkSettings.for_site(site)
    network.network_name = NETWORK_NAME
    network.short_name = "Baie d'Ormeau"
    network.mailbox = f"reseau@{DEMO_DOMAIN}"
    network.support_email = f"coordination@{DEMO_DOMAIN}"
    network.dpo_name = "Délégué à la protection des données de l'agglomération"
    network.dpo_email = f"dpo@{DEMO_DOMAIN}"
    network.dpo_address = "Hôtel d'agglomération, 1 place de la Baie, Port-Ormeau"
    network.save()
    section = seed_network_pages_section(home)
    existing = set(StandardPage.objects.child_of(section).values_list("slug", flat=True))
    for spec in STANDARD_PAGES:
        if spec["slug"] in existing:
            continue
        page = StandardPage(title=spec["title"], slug=spec["slug"], summary=spec["summary"], body=spec["body"])
        section.add_child(instance=page)
        page.save_revision().publish()
    return {"pages": StandardPage.objects.count()}


def seed_network_pages_section(home: HomePage) -> StandardIndexPage:
    """« Pages du réseau », where referents edit the standard pages. The migration creates it; a
    database restored without it gets one here, with the referents' permissions on it. Demo pages
    seeded under the dashboard before the section existed move into it (Wagtail redirects their
    old addresses)."""
    section = StandardIndexPage.objects.first()
    if section is None:
        section = StandardIndexPage(title="Pages du réseau", slug="pages-du-reseau")
        home.add_child(instance=section)
        section.save_revision().publish()
        sync_role_permissions()
    if not section.intro:
        section.intro = "Charte, règlement et informations pratiques communs aux médiathèques du réseau."
        section.save_revision().publish()
    demo_slugs = [spec["slug"] for spec in STANDARD_PAGES]
    for page in StandardPage.objects.child_of(home).filter(slug__in=demo_slugs):
        if not StandardPage.objects.child_of(section).filter(slug=page.slug).exists():
            page.move(section, pos="last-child")
    return StandardIndexPage.objects.get(pk=section.pk)


@transaction.atomic
def seed_core(*, scale: int) -> dict:
    libraries = seed_libraries(scale=scale)
    people = seed_people(libraries=libraries, scale=scale)
    pages = seed_site()
    # bulk_create sends no signals: forget what the caches hold about libraries and people.
    bump("libraries")
    bump("network")
    return {"libraries": len(libraries), "people": people, **pages}

