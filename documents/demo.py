"""Demo data of the document library (seed_demo): the folders of the network, its bodies and its
libraries (documents.services.folders_sync), then a small real library in them: in « Réseau »
a charter, procedures, a poster and the summer opening hours in three sub-folders and a fact sheet
in « Tutoriels et procédures »; in each body's folder its latest agenda and minutes; in the first
few libraries' folders one document each (a bounded number: the library does not grow with
--scale). Each file is a real PDF, Word, OpenDocument
or PNG file holding French text, so the search finds them by content; they are dated over the last
year and added by the demo accounts.

Idempotent: a document already in its folder (same content) is not added again. In development
(DEBUG), the demo Google Takeout is written to var/demo/takeout-demo.zip too, to try the import."""

import datetime
import io

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Collection

from governance.models import BodyPage
from intranet.demo import DEMO_ACCOUNTS
from intranet.models import Library, User
from intranet.roles import Role

from . import samples, services, uploads
from .models import FolderKey, NetworkDocument

LIBRARIES_WITH_DOCUMENTS = 3
TUTORIALS = "Tutoriels et procédures"  # the well-known folder under « Réseau » (FolderKey.TUTORIALS)
COTECH_SLUG = "comite-technique"


def _pdf(*lines: str) -> bytes:
    return samples.pdf_bytes(lines=lines)


def _docx(*paragraphs: str) -> bytes:
    return samples.docx_bytes(paragraphs=paragraphs)


def network_documents() -> dict[str, list]:
    """(sub-folder of « Réseau », or "" for « Réseau » itself) -> [(file name, title, bytes, tags, age in days)]."""
    return {
        "Chartes et règlements": [
            ("Charte d’accueil du public.pdf", "Charte d’accueil du public", _pdf(
                "Charte d’accueil du public",
                "Les médiathèques du réseau accueillent tous les publics, gratuitement.",
                "L’inscription est gratuite pour les habitants des quatorze communes.",
                "Chaque équipe s’engage à répondre à toute demande dans la journée.",
            ), ["charte", "accueil"], 330),
            ("Horaires d’été.odt", "Horaires d’été des médiathèques", samples.odf_bytes(
                "text", "Horaires d’été : du 7 juillet au 30 août, les médiathèques ouvrent du mardi au samedi, "
                        "de 10 h à 13 h et de 15 h à 18 h."), ["horaires", "été"], 160),
        ],
        "Procédures": [
            ("Procédure de prêt entre bibliothèques.docx", "Prêt entre bibliothèques", _docx(
                "Prêt entre bibliothèques",
                "Vérifiez dans le catalogue que le document n’est pas disponible sur place.",
                "Créez la réservation réseau depuis la fiche du lecteur et indiquez la médiathèque de retrait.",
                "La navette apporte le document sous huit jours ; prévenez le lecteur par courriel.",
            ), ["procédure", "navette"], 240),
            ("Inscription d’un lecteur.docx", "Inscrire un nouveau lecteur", _docx(
                "Inscrire un nouveau lecteur",
                "Demandez une pièce d’identité et, pour les mineurs, l’autorisation d’un parent.",
                "Remettez la carte et le guide du lecteur.",
            ), ["procédure", "inscription"], 90),
        ],
        "Communication": [
            ("Affiche Fête du livre.png", "Affiche de la Fête du livre", samples.png_bytes(),
             ["communication", "Fête du livre"], 45),
        ],
        TUTORIALS: [
            ("Fiche réflexe — Accueil d’un groupe scolaire.pdf", "Fiche réflexe : accueillir un groupe scolaire",
             _pdf("Fiche réflexe : accueillir un groupe scolaire",
                  "Réservez la salle d’animation une semaine avant la visite.",
                  "Préparez une sélection d’albums et une carte de groupe pour l’enseignant."),
             ["fiche réflexe", "accueil"], 130),
        ],
        "": [
            ("Annuaire des médiathèques.pdf", "Annuaire des médiathèques du réseau", _pdf(
                "Annuaire des médiathèques du réseau",
                "Quinze médiathèques, quatorze communes, un pôle lecture publique à Port-Ormeau.",
            ), ["annuaire"], 20),
        ],
    }

def body_documents() -> dict[str, list]:
    """Body slug (governance.demo.BODIES) -> its documents; the body's folder reads as its minutes do."""
    return {
        "conference-des-maires": [
            ("Ordre du jour — Conférence des maires.pdf", "Ordre du jour de la Conférence des maires", _pdf(
                "Conférence des maires — ordre du jour",
                "1. Budget de la lecture publique", "2. Adhésion de nouvelles communes au réseau",
            ), ["ordre du jour"], 120),
        ],
        "comite-de-pilotage": [
            ("Ordre du jour — COPIL.pdf", "Ordre du jour du comité de pilotage", _pdf(
                "Comité de pilotage — ordre du jour", "1. Recrutement d’un médiateur numérique",
                "2. Partenariat avec le conservatoire",
            ), ["ordre du jour"], 100),
            ("Compte rendu — COPIL.docx", "Compte rendu du comité de pilotage", _docx(
                "Compte rendu du comité de pilotage",
                "Le comité valide le recrutement d’un médiateur numérique à temps plein.",
            ), ["compte rendu"], 95),
        ],
        COTECH_SLUG: [
            ("Ordre du jour — COTECH.pdf", "Ordre du jour du comité technique", _pdf(
                "Comité technique — ordre du jour", "1. Bilan de la navette documentaire",
                "2. Horaires d’été des médiathèques", "3. Désherbage partagé",
            ), ["ordre du jour", "COTECH"], 35),
            ("Compte rendu — COTECH.docx", "Compte rendu du comité technique", _docx(
                "Compte rendu du comité technique",
                "La navette documentaire passe désormais le mardi et le vendredi.",
                "Les horaires d’été sont harmonisés du 7 juillet au 30 août.",
            ), ["compte rendu", "COTECH"], 28),
            ("Tableau de suivi de la navette.xlsx", "Tableau de suivi de la navette", samples.xlsx_bytes(),
             ["navette", "COTECH"], 14),
        ],
        "cellule-de-coordination": [
            ("Compte rendu — Cellule de coordination.docx", "Compte rendu de la cellule de coordination", _docx(
                "Compte rendu de la cellule de coordination",
                "Préparation du comité technique et du budget de l’année.",
            ), ["compte rendu"], 10),
        ],
        "groupe-jeunesse": [
            ("Programme Partir en livre.odt", "Programme « Partir en livre »", samples.odf_bytes(
                "text", "Partir en livre : lectures dans les parcs et sur les plages, en juillet."),
             ["jeunesse", "été"], 200),
        ],
        "groupe-numerique": [
            ("Compte rendu — GT Numérique.docx", "Compte rendu du groupe Numérique", _docx(
                "Compte rendu du groupe de travail Numérique",
                "Ateliers tablettes pour les seniors le jeudi ; prêt de liseuses à l’essai.",
            ), ["compte rendu", "numérique"], 60),
        ],
        "groupe-action-culturelle": [
            ("Ordre du jour — GT Action culturelle.pdf", "Ordre du jour du groupe Action culturelle", _pdf(
                "Groupe Action culturelle — ordre du jour", "1. Fête du livre", "2. Résidence d’auteur",
            ), ["ordre du jour"], 75),
        ],
        "groupe-politique-documentaire": [
            ("Charte documentaire.pdf", "Charte documentaire du réseau", _pdf(
                "Charte documentaire du réseau", "Acquisitions, désherbage et conservation partagée des collections.",
            ), ["charte", "collections"], 280),
        ],
    }


def _library_document(library: Library) -> tuple[str, str, bytes, list[str], int]:
    return (f"Planning des permanences — {library.commune}.docx", f"Planning des permanences de {library.name}",
            _docx(f"Planning des permanences de {library.name}",
                  "Accueil du public : deux personnes au moins aux heures d’ouverture.",
                  "Horaires d’été : permanence réduite le samedi après-midi."), ["planning"], 55)


def _uploaders() -> dict[Role, User]:
    by_email = {user.email: user for user in User.objects.filter(email__in=DEMO_ACCOUNTS.values())}
    return {role: by_email[email] for role, email in DEMO_ACCOUNTS.items() if email in by_email}


def _stored(collection: Collection, name: str, title: str, data: bytes, tags, age_days: int, *, by, now,
            existing: set[tuple[int, str]]) -> bool:
    upload = SimpleUploadedFile(name, data)
    content_hash = services.file_hash(io.BytesIO(data))
    if (collection.pk, content_hash) in existing:
        return False
    services.store_document(collection=collection, checked=uploads.check(upload), title=title, tags=tags, by=by,
                            modified_at=now - datetime.timedelta(days=age_days, hours=age_days % 7))
    existing.add((collection.pk, content_hash))
    return True


def seed_documents(*, scale: int) -> dict:
    made = services.folders_sync()
    now = timezone.now()
    uploaders = _uploaders()
    coordination = uploaders.get(Role.COORDINATION)
    network = services.well_known_folder(FolderKey.NETWORK)
    plan: list[tuple[Collection, tuple, User | None]] = []
    for sub_folder, documents in network_documents().items():
        if sub_folder == TUTORIALS:
            folder = services.well_known_folder(FolderKey.TUTORIALS)
        elif sub_folder:
            folder, new = services.folder_child(network, sub_folder)
            made["network"] += new
        else:
            folder = network
        plan += [(folder, document, coordination) for document in documents]
    by_body = body_documents()
    bodies = {body.slug: body for body in BodyPage.objects.filter(slug__in=by_body)}
    for slug, documents in by_body.items():
        if slug in bodies:
            by = uploaders.get(Role.REFERENTS) if slug == COTECH_SLUG else coordination
            folder = services.home_folder_of(body=bodies[slug])
            plan += [(folder, document, by) for document in documents]
    # The first branches made (the same at every --scale; personnel@demo.test works in the first).
    libraries = Library.objects.filter(is_head_office=False).order_by("pk")[:LIBRARIES_WITH_DOCUMENTS]
    for library in libraries:
        plan.append((services.home_folder_of(library=library), _library_document(library),
                     uploaders.get(Role.STAFF) or coordination))
    existing = set(NetworkDocument.objects.filter(collection__in={folder.pk for folder, _doc, _by in plan})
                   .values_list("collection_id", "file_hash"))
    added = sum(_stored(folder, *document, by=by, now=now, existing=existing) for folder, document, by in plan)
    takeout = _write_demo_takeout()
    return {"folders": sum(made.values()), "documents": added,
            **({"demo Takeout": 1} if takeout else {})}


def _write_demo_takeout() -> bool:
    """In development only: tests and production have no use for the file."""
    if not settings.DEBUG:
        return False
    from .demo_takeout import build_demo_takeout

    build_demo_takeout()
    return True
