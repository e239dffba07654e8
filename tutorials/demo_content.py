"""Demo tutorials, procedures and reference pages of the network (`seed_demo`): the topics and
about forty pages written as the libraries' people would, with real steps, owners among the demo
staff, some due for review, several for volunteers and for everyone. `--scale N` adds the local
series (one numbered sheet per base page and per extra unit of the network, « fiche n° 2 »...), so
lists and search are measured on 400 pages at 10x. Idempotent: pages are found by slug."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify
from modelsearch.signal_handlers import post_save_signal_handler

from intranet.caching import bump
from intranet.demo import COMMUNES, DEMO_ACCOUNTS
from intranet.models import Person
from intranet.roles import Role

from .models import Audience, Kind, Topic, TutorialIndexPage, TutorialPage
from .services.content import ensure_review_workflow

NAVETTE_SLUG = "preparer-une-navette-documentaire"

TOPICS = [
    ("Accueil et inscriptions", "accueil-et-inscriptions"), ("SIGB et catalogage", "sigb-et-catalogage"),
    ("Informatique et maintenance", "informatique-et-maintenance"), ("Médiation numérique", "mediation-numerique"),
    ("Communication", "communication"), ("Administratif et CNIL", "administratif-et-cnil"),
    ("Action culturelle", "action-culturelle"), ("Jeunesse", "jeunesse"),
    ("Circulation des documents", "circulation-des-documents"),
]

T, P, R = Kind.TUTORIAL, Kind.PROCEDURE, Kind.REFERENCE
ALL, STAFF, VOL = Audience.EVERYONE, Audience.STAFF, Audience.VOLUNTEERS


def step(title: str, text: str) -> tuple[str, dict]:
    return ("step", {"title": title, "text": f"<p>{text}</p>", "image": None})


def callout(kind: str, text: str) -> tuple[str, dict]:
    return ("callout", {"kind": kind, "text": f"<p>{text}</p>"})


def checklist(title: str, *items: str) -> tuple[str, dict]:
    return ("checklist", {"title": title, "items": list(items)})


def text(html: str) -> tuple[str, str]:
    return ("text", html)


# (slug, title, kind, audience, topic slug, summary, tags, body)
PAGES = [
    ("inscrire-un-nouvel-usager", "Inscrire un nouvel usager", P, ALL, "accueil-et-inscriptions",
     "Créer la fiche d'un lecteur dans le SIGB et lui remettre sa carte unique du réseau.",
     ["inscription", "SIGB", "accueil"], [
         step("Vérifier les justificatifs", "Demandez une pièce d'identité et un justificatif de domicile de moins "
              "de trois mois. Les habitants hors agglomération s'inscrivent aussi, au même tarif."),
         step("Chercher un doublon", "Dans le SIGB, menu <b>Lecteurs &gt; Rechercher</b>, tapez le nom et la date de "
              "naissance : un usager déjà inscrit dans une autre médiathèque garde sa carte."),
         step("Créer la fiche", "Saisissez nom, prénom, date de naissance, adresse, courriel et téléphone. Cochez la "
              "catégorie (adulte, jeune, collectivité) et la médiathèque de rattachement."),
         step("Remettre la carte", "Scannez une carte vierge, associez-la à la fiche et remettez-la avec le guide du "
              "lecteur. Expliquez le compte en ligne et la réservation."),
         callout("info", "Les mineurs de moins de 14 ans s'inscrivent avec l'autorisation signée d'un parent."),
         checklist("Avant de valider", "Pièce d'identité vue", "Adresse complète", "Catégorie cochée",
                   "Consentement aux courriels recueilli"),
     ]),
    ("renouveler-une-inscription", "Renouveler une inscription", P, ALL, "accueil-et-inscriptions",
     "Prolonger l'abonnement d'un usager arrivé à échéance, sans recréer sa fiche.",
     ["inscription", "accueil"], [
         step("Ouvrir la fiche", "Scannez la carte : un bandeau orange signale l'abonnement échu."),
         step("Mettre à jour les coordonnées", "Demandez si l'adresse, le courriel ou le téléphone ont changé."),
         step("Prolonger", "Bouton <b>Renouveler</b> : la nouvelle échéance est calculée à un an."),
     ]),
    ("prolonger-un-pret", "Prolonger un prêt", P, ALL, "circulation-des-documents",
     "Prolonger un document emprunté, au guichet ou pour un usager au téléphone.",
     ["prêt", "SIGB", "accueil"], [
         step("Retrouver le lecteur", "Scannez sa carte ou cherchez-le par son nom dans <b>Circulation</b>."),
         step("Sélectionner le document", "Cochez le document à prolonger dans la liste des prêts en cours."),
         step("Prolonger", "Cliquez sur <b>Prolonger</b> : quatre semaines de plus, une seule fois par document."),
         callout("warning", "Un document réservé par un autre lecteur ne peut pas être prolongé : proposez de le "
                            "rapporter et de réserver à nouveau."),
     ]),
    ("retour-de-documents", "Enregistrer les retours de documents", P, ALL, "circulation-des-documents",
     "Faire les retours au guichet ou à la boîte de retour, et traiter les réservations qui arrivent.",
     ["retour", "prêt", "réservation"], [
         step("Passer en mode retour", "Dans <b>Circulation</b>, choisissez <b>Retours</b> : pas besoin de carte."),
         step("Scanner chaque document", "Une alerte sonne pour un document réservé ou d'une autre médiathèque."),
         step("Ranger selon l'alerte", "Document réservé : étagère des réservations ; autre médiathèque : caisse de "
              "navette ; sinon, chariot de rangement."),
     ]),
    ("gerer-les-reservations", "Gérer les réservations en attente", T, STAFF, "circulation-des-documents",
     "Sortir la liste des réservations à satisfaire et prévenir les lecteurs.",
     ["réservation", "SIGB"], [
         step("Éditer la liste", "Chaque matin, <b>Rapports &gt; Réservations à satisfaire</b>."),
         step("Chercher en rayon", "Prenez les documents disponibles, scannez-les en mode retour."),
         step("Prévenir le lecteur", "Le courriel part tout seul ; appelez ceux qui n'ont pas de courriel."),
         callout("tip", "Gardez les réservations dix jours ouvrés, puis remettez le document en circulation."),
     ]),
    (NAVETTE_SLUG, "Préparer une navette documentaire", P, STAFF, "circulation-des-documents",
     "Préparer les caisses de la navette du mardi et du vendredi : documents réservés et retours des autres "
     "médiathèques.",
     ["navette", "circulation", "réservation"], [
         text("<p>La navette documentaire passe dans chaque médiathèque du réseau le <b>mardi</b> et le "
              "<b>vendredi</b> matin. Elle transporte les documents réservés et les retours des autres sites.</p>"),
         step("Éditer la liste de navette", "La veille avant 17 h, <b>Rapports &gt; Documents en transit</b> : la "
              "liste donne, par médiathèque de destination, les documents à envoyer."),
         step("Remplir les caisses", "Une caisse par destination, étiquette de couleur du site visible. Au plus "
              "25 documents par caisse, les plus lourds au fond."),
         step("Mettre en transit", "Scannez chaque document en mode <b>Transit</b> : le lecteur voit « en route » "
              "sur son compte."),
         step("Signer le bordereau", "Le chauffeur compte les caisses ; vous signez ensemble le bordereau, un "
              "exemplaire reste à la médiathèque."),
         callout("warning", "Pas de caisse prête : la navette ne revient qu'au passage suivant. Prévenez la "
                            "coordination si un lecteur attend un document urgent."),
         checklist("Avant le passage du chauffeur", "Liste de transit éditée", "Caisses étiquetées",
                   "Documents scannés en transit", "Bordereau imprimé"),
     ]),
    ("recevoir-la-navette", "Recevoir la navette et ranger les documents arrivés", P, STAFF,
     "circulation-des-documents", "Dépouiller les caisses de la navette et prévenir les lecteurs qui attendent.",
     ["navette", "réservation"], [
         step("Compter les caisses", "Vérifiez le nombre de caisses avec le bordereau du chauffeur."),
         step("Scanner à l'arrivée", "Mode <b>Retours</b> : chaque document réservé part sur l'étagère des "
              "réservations, le courriel au lecteur part tout seul."),
         step("Rendre les caisses vides", "Empilez-les près de l'entrée pour le passage suivant."),
     ]),
    ("declarer-une-panne-informatique", "Déclarer une panne informatique selon le circuit d'alerte", P, STAFF,
     "informatique-et-maintenance",
     "Qui appeler, dans quel ordre et avec quelles informations quand un poste, le SIGB ou le réseau tombe.",
     ["panne", "informatique", "alerte"], [
         step("Qualifier la panne", "Un poste seul, toute la médiathèque, ou le SIGB pour tout le réseau ? Essayez "
              "un autre poste et le portail avant d'appeler."),
         step("Premier niveau : le référent informatique", "Appelez le référent de votre médiathèque. Il redémarre "
              "le matériel et vérifie les câbles et la box."),
         step("Deuxième niveau : le support de l'agglomération", "Si la panne dure plus de 30 minutes, ouvrez un "
              "ticket sur le portail du support en donnant le site, le poste, l'heure et le message d'erreur."),
         step("Passer en mode dégradé", "Prêts sur la feuille papier de secours, retours mis de côté pour être "
              "scannés au retour du SIGB."),
         callout("warning", "Une panne du SIGB touche les quinze médiathèques : la coordination prévient tout le "
                            "réseau, inutile d'appeler l'éditeur vous-même."),
         checklist("Dans le ticket", "Médiathèque et poste", "Heure du début", "Message d'erreur exact",
                   "Ce que vous avez déjà essayé"),
     ]),
    ("redemarrer-un-poste-public", "Redémarrer un poste public bloqué", T, ALL, "informatique-et-maintenance",
     "Remettre en service un poste public figé sans perdre la session d'un usager.",
     ["poste public", "informatique"], [
         step("Prévenir l'usager", "Demandez-lui d'enregistrer ce qui peut l'être sur sa clé."),
         step("Fermer la session", "Ctrl+Alt+Suppr puis <b>Fermer la session</b> ; sinon bouton d'alimentation "
              "cinq secondes."),
         step("Vérifier au redémarrage", "Le poste se réinitialise tout seul ; testez l'impression."),
     ]),
    ("changer-le-toner-de-l-imprimante", "Changer le toner de l'imprimante publique", T, ALL,
     "informatique-et-maintenance", "Remplacer la cartouche et commander la suivante.",
     ["imprimante", "matériel"], [
         step("Ouvrir le capot", "Capot avant, levier bleu vers le bas."),
         step("Remplacer la cartouche", "Secouez la nouvelle cartouche, retirez la bande de protection."),
         step("Commander la suivante", "Demandez-la à la coordination avec la commande mensuelle de fournitures."),
     ]),
    ("cataloguer-avec-rameau", "Cataloguer avec RAMEAU", T, STAFF, "sigb-et-catalogage",
     "Indexer un document avec les vedettes matière RAMEAU dans la notice du SIGB.",
     ["RAMEAU", "catalogage", "indexation"], [
         step("Chercher la notice", "Dérivez d'abord la notice de la BnF : l'indexation RAMEAU y est souvent "
              "déjà."),
         step("Choisir la tête de vedette", "Sur le site de RAMEAU, cherchez le sujet principal ; retenez la forme "
              "retenue, jamais un renvoi."),
         step("Ajouter les subdivisions", "Géographique, chronologique puis de forme, dans cet ordre : "
              "<i>Bretagne -- Histoire -- 20e siècle</i>."),
         step("Enregistrer en zone 606", "Une vedette par zone, avec le lien d'autorité."),
         callout("tip", "Deux ou trois vedettes suffisent pour un roman ; un documentaire en demande davantage."),
     ]),
    ("deriver-une-notice-bnf", "Dériver une notice de la BnF", T, STAFF, "sigb-et-catalogage",
     "Importer une notice bibliographique de la BnF plutôt que de la saisir.",
     ["catalogage", "SIGB", "BnF"], [
         step("Chercher par ISBN", "Module <b>Catalogage &gt; Z39.50</b>, cible BnF, ISBN sans tirets."),
         step("Importer", "Vérifiez le titre et l'édition, puis <b>Importer</b>."),
         step("Compléter l'exemplaire", "Cote, site, section, code-barres."),
     ]),
    ("creer-un-exemplaire", "Créer un exemplaire et l'équiper", T, STAFF, "sigb-et-catalogage",
     "Rattacher un exemplaire à sa notice et équiper le document pour le prêt.",
     ["catalogage", "équipement"], [
         step("Coller le code-barres", "En haut à gauche de la quatrième de couverture."),
         step("Créer l'exemplaire", "Sur la notice, <b>Ajouter un exemplaire</b> : cote, section, statut."),
         step("Équiper", "Couvrir, coller l'étiquette de cote, tamponner."),
     ]),
    ("desherber-les-collections", "Désherber les collections", R, STAFF, "sigb-et-catalogage",
     "Les critères IOUPI du réseau et le circuit des documents retirés.",
     ["désherbage", "collections"], [
         text("<p>Un document se retire s'il est <b>I</b>ncorrect, <b>O</b>rdinaire, <b>U</b>sé, <b>P</b>érimé ou "
              "<b>I</b>nadapté. Le réseau garde un exemplaire de chaque titre local.</p>"),
         step("Éditer la liste", "Documents non empruntés depuis trois ans, par section."),
         step("Décider en rayon", "Vérifiez l'état et l'existence d'un autre exemplaire dans le réseau."),
         step("Retirer du catalogue", "Statut <b>Retiré</b>, motif, puis don ou recyclage."),
     ]),
    ("inventaire-annuel", "Préparer l'inventaire annuel", P, STAFF, "sigb-et-catalogage",
     "Les étapes de l'inventaire de juin, médiathèque fermée deux jours.",
     ["inventaire", "collections"], [
         step("Annoncer la fermeture", "Affiche et actualité sur le portail trois semaines avant."),
         step("Scanner les rayons", "Douchette en mode inventaire, rayon par rayon."),
         step("Traiter les manquants", "Liste des documents non vus : recherche, puis statut <b>Manquant</b>."),
     ]),
    ("declarer-un-traitement-cnil", "Déclarer un traitement de données à la CNIL", P, STAFF, "administratif-et-cnil",
     "Inscrire un nouveau fichier de données personnelles au registre des traitements du réseau.",
     ["CNIL", "RGPD", "données personnelles"], [
         step("Décrire le traitement", "Finalité, données collectées, personnes concernées, durée de conservation."),
         step("Contacter le délégué à la protection des données", "Le DPO de l'agglomération valide la fiche avant "
              "toute collecte."),
         step("Informer les personnes", "Mention d'information sur le formulaire et affichage à l'accueil."),
         step("Inscrire au registre", "La coordination ajoute la fiche au registre commun."),
         callout("warning", "Pas de fichier de contacts sur un tableur personnel ou un service en ligne gratuit."),
     ]),
    ("repondre-a-une-demande-d-acces", "Répondre à une demande d'accès aux données d'un usager", P, STAFF,
     "administratif-et-cnil", "Ce qu'un usager peut demander sur ses données et les délais à tenir.",
     ["CNIL", "RGPD", "usager"], [
         step("Vérifier l'identité", "Demande écrite, pièce d'identité."),
         step("Extraire les données", "Fiche lecteur et historique des prêts s'il est conservé."),
         step("Répondre sous un mois", "Par courriel ou courrier, copie à la coordination."),
     ]),
    ("duree-de-conservation-des-donnees", "Durées de conservation des données des usagers", R, STAFF,
     "administratif-et-cnil", "Combien de temps le réseau garde fiches lecteurs, historiques et listes d'inscription.",
     ["CNIL", "RGPD"], [
         text("<ul><li>Fiche lecteur : un an après la fin de l'abonnement.</li><li>Historique des prêts : effacé "
              "au retour, sauf accord du lecteur.</li><li>Listes d'inscription aux animations : trois mois après "
              "l'animation.</li></ul>"),
     ]),
    ("publier-une-actualite-sur-le-portail", "Publier une actualité sur le portail", T, STAFF, "communication",
     "Rédiger et publier une actualité sur le portail des médiathèques, avec une image libre de droits.",
     ["portail", "communication", "actualité"], [
         step("Se connecter à l'administration du portail", "Avec votre compte du réseau, menu <b>Contenus</b>."),
         step("Rédiger", "Un titre court, un chapeau de deux lignes, la date et le lieu en premier."),
         step("Ajouter une image", "Image de 1200 × 630 pixels, libre de droits, avec un texte alternatif."),
         step("Soumettre", "Une actualité part en relecture à la coordination, publiée sous 48 h."),
         callout("tip", "Publiez au moins dix jours avant une animation pour qu'elle apparaisse dans la lettre "
                        "d'information."),
     ]),
    ("annoncer-une-animation", "Annoncer une animation dans l'agenda du réseau", T, STAFF, "communication",
     "Faire paraître une animation dans l'agenda commun et sur les réseaux sociaux.",
     ["agenda", "communication", "animation"], [
         step("Créer l'événement", "Portail, <b>Agenda &gt; Ajouter</b> : date, lieu, public, inscription."),
         step("Prévenir la communication", "Courriel à la chargée de communication avec l'affiche."),
         step("Relayer", "Affiche à l'accueil et sur l'écran de la médiathèque."),
     ]),
    ("charte-graphique", "Charte graphique du réseau", R, STAFF, "communication",
     "Logos, couleurs et polices à utiliser sur les affiches et documents du réseau.",
     ["communication", "affiche"], [
         text("<p>Le logo du réseau figure en bas à droite de chaque affiche, avec celui de la commune. Police : "
              "Marianne ; couleurs : bleu baie et sable. Les modèles sont dans le dossier partagé « Communication »."
              "</p>"),
     ]),
    ("accueillir-une-classe", "Accueillir une classe", P, ALL, "jeunesse",
     "Préparer et mener l'accueil d'une classe, de la réservation du créneau au bilan avec l'enseignant.",
     ["classe", "jeunesse", "école"], [
         step("Fixer le créneau", "L'enseignant réserve par courriel ; confirmez la date, l'heure et l'effectif."),
         step("Préparer la séance", "Sélection d'albums ou de documentaires selon le projet de la classe, "
              "coussins et tapis installés."),
         step("Accueillir", "Présentation des lieux, lecture à voix haute, temps libre de découverte."),
         step("Prêt à la classe", "Carte collectivité : jusqu'à 40 documents pour six semaines."),
         callout("info", "L'enseignant reste responsable de sa classe pendant toute la séance."),
         checklist("Le matin de l'accueil", "Sélection prête", "Carte collectivité valide", "Espace dégagé",
                   "Bénévole prévenu"),
     ]),
    ("heure-du-conte", "Animer une heure du conte", T, VOL, "jeunesse",
     "Choisir les histoires, installer l'espace et tenir l'attention des enfants de 3 à 6 ans.",
     ["conte", "jeunesse", "animation"], [
         step("Choisir trois histoires", "Une courte, une à répétition, une à participation."),
         step("Installer l'espace", "Tapis en demi-cercle, vous assis légèrement plus haut."),
         step("Raconter", "Montrez les images, laissez les enfants répondre, terminez par une comptine."),
         callout("tip", "Prévoyez une histoire de secours très courte si le groupe s'agite."),
     ]),
    ("portage-a-domicile", "Organiser le portage de livres à domicile", P, VOL, "action-culturelle",
     "Le service de portage pour les lecteurs qui ne peuvent plus se déplacer, assuré par les bénévoles.",
     ["portage", "bénévoles", "lecteurs empêchés"], [
         step("Recueillir les envies", "Appelez le lecteur une semaine avant : genres, gros caractères, livres "
              "lus."),
         step("Préparer le sac", "Six documents au plus, enregistrés sur sa carte par un agent."),
         step("Passer chez le lecteur", "Rapportez les documents précédents, notez ses demandes."),
         callout("warning", "Ne laissez jamais vos coordonnées personnelles : donnez le numéro de la médiathèque."),
     ]),
    ("ranger-les-documents", "Ranger les documents en rayon", T, VOL, "circulation-des-documents",
     "Lire une cote et remettre chaque document à sa place, adultes et jeunesse.",
     ["rangement", "bénévoles", "cote"], [
         step("Trier le chariot", "Par section d'abord : romans, documentaires, albums, BD."),
         step("Lire la cote", "Documentaires : indice Dewey puis trois lettres de l'auteur ; romans : lettres de "
              "l'auteur."),
         step("Ranger de gauche à droite", "Et de haut en bas, étagère par étagère."),
     ]),
    ("couvrir-un-livre", "Couvrir un livre", T, VOL, "sigb-et-catalogage",
     "Poser un film plastique sur un livre neuf sans bulle ni pli.",
     ["équipement", "bénévoles"], [
         step("Mesurer", "Laissez trois centimètres de marge de chaque côté."),
         step("Poser", "Décollez le dos du film petit à petit en lissant avec la raclette."),
         step("Rabattre", "Coupez en biais aux coins, rabattez à l'intérieur de la couverture."),
     ]),
    ("accueil-benevole-premiers-jours", "Vos premiers jours de bénévole", R, VOL, "accueil-et-inscriptions",
     "Ce qu'il faut savoir pour commencer : horaires, référent, tâches et règles de la médiathèque.",
     ["bénévoles", "accueil"], [
         text("<p>Bienvenue dans le réseau ! Votre référent vous accompagne pendant vos premières semaines. Vous "
              "signez la charte du bénévole et recevez un badge.</p>"),
         checklist("Votre première semaine", "Visite de la médiathèque", "Charte du bénévole signée",
                   "Rencontre avec votre référent", "Premier rangement accompagné"),
     ]),
    ("charte-du-benevole", "Charte du bénévole", R, VOL, "administratif-et-cnil",
     "Les engagements réciproques des bénévoles et du réseau.",
     ["bénévoles", "charte"], [
         text("<p>Le bénévole respecte la confidentialité des lectures et des données des usagers, les horaires "
              "convenus et les consignes de sécurité. Le réseau lui assure formation, assurance et "
              "accompagnement.</p>"),
     ]),
    ("atelier-numerique-debutants", "Animer un atelier numérique pour débutants", T, STAFF, "mediation-numerique",
     "Déroulé type d'un atelier « premiers pas sur l'ordinateur » de 1 h 30 pour six personnes.",
     ["atelier", "numérique", "inclusion"], [
         step("Inscrire six personnes", "Pas plus : un poste chacun, un animateur."),
         step("Commencer par la souris", "Jeux de clic et de glisser, sans pression."),
         step("Créer une adresse courriel", "Chacun repart avec son adresse notée sur un papier."),
         callout("tip", "Laissez un pense-bête imprimé : ce qui est vu une fois s'oublie vite."),
     ]),
    ("aide-aux-demarches-en-ligne", "Aider aux démarches administratives en ligne", P, STAFF,
     "mediation-numerique", "Jusqu'où accompagner un usager sur un site administratif, et quand l'orienter.",
     ["démarches", "numérique", "inclusion"], [
         step("Écouter la demande", "Quel organisme, quelle démarche, a-t-il ses identifiants ?"),
         step("Faire avec, pas à la place", "L'usager tient la souris et tape ses mots de passe."),
         step("Orienter si besoin", "Vers France services pour les dossiers complexes."),
         callout("warning", "Ne notez jamais un mot de passe d'usager et ne gardez aucun document."),
     ]),
    ("preter-des-liseuses", "Prêter des liseuses", T, STAFF, "mediation-numerique",
     "Préparer, prêter et réinitialiser les liseuses du réseau.",
     ["liseuse", "numérique", "prêt"], [
         step("Charger la liseuse", "Batterie pleine, livres du fonds commun installés."),
         step("Prêter", "Exemplaire « liseuse » dans le SIGB, étui et câble vérifiés."),
         step("Réinitialiser au retour", "Supprimez les annotations et les livres personnels."),
     ]),
    ("organiser-une-rencontre-d-auteur", "Organiser une rencontre d'auteur", P, STAFF, "action-culturelle",
     "Du premier contact avec l'auteur à la facture : le circuit d'une rencontre dans le réseau.",
     ["auteur", "animation", "budget"], [
         step("Vérifier le budget", "Tarifs de la Charte des auteurs ; accord de la coordination au-delà de "
              "400 euros."),
         step("Convenir de la date", "Au moins deux mois avant ; réservez la salle."),
         step("Commander les livres", "Auprès de la librairie partenaire, en dépôt."),
         step("Payer l'auteur", "Note de droits d'auteur transmise au service financier."),
     ]),
    ("exposition-itinerante", "Accueillir une exposition itinérante", P, STAFF, "action-culturelle",
     "Réserver, recevoir, monter et renvoyer une exposition du réseau.",
     ["exposition", "animation"], [
         step("Réserver", "Calendrier des expositions, six mois à l'avance."),
         step("Recevoir", "Constat d'état à l'arrivée, photos."),
         step("Renvoyer", "Même emballage, constat au départ, par la navette."),
     ]),
    ("securite-incendie", "Consignes de sécurité incendie", R, ALL, "administratif-et-cnil",
     "Que faire quand l'alarme sonne : évacuation, point de rassemblement, appel des secours.",
     ["sécurité", "incendie"], [
         step("Donner l'alerte", "Déclencheur manuel le plus proche, puis le 18."),
         step("Évacuer le public", "Par les issues de secours, sans courir, sans ascenseur."),
         step("Se rassembler", "Au point de rassemblement affiché ; comptez les personnes."),
         callout("warning", "Ne revenez jamais chercher un objet dans le bâtiment."),
     ]),
    ("ouvrir-la-mediatheque", "Ouvrir la médiathèque le matin", P, ALL, "accueil-et-inscriptions",
     "La liste des gestes d'ouverture, pour les agents comme pour les bénévoles de permanence.",
     ["ouverture", "accueil"], [
         checklist("Avant d'ouvrir les portes", "Alarme désactivée", "Lumières et postes allumés",
                   "Boîte de retour vidée", "Caisse de l'accueil vérifiée", "Affichage du jour à jour"),
     ]),
    ("fermer-la-mediatheque", "Fermer la médiathèque le soir", P, ALL, "accueil-et-inscriptions",
     "Les gestes de fermeture : public, postes, caisse, alarme.",
     ["fermeture", "accueil"], [
         step("Annoncer la fermeture", "Un quart d'heure avant, au micro ou de vive voix."),
         step("Éteindre", "Postes publics, écrans, lumières des espaces."),
         step("Fermer", "Portes, fenêtres, alarme ; remplissez le cahier de liaison."),
     ]),
    ("encaisser-une-amende", "Encaisser une pénalité ou un document perdu", P, STAFF, "accueil-et-inscriptions",
     "Enregistrer un paiement dans le SIGB et remettre le reçu.",
     ["régie", "paiement"], [
         step("Afficher le solde", "Fiche lecteur, onglet <b>Finances</b>."),
         step("Encaisser", "Espèces ou carte, montant exact, reçu imprimé."),
         step("Clôturer la régie", "Le soir, état de caisse signé et déposé au coffre."),
     ]),
    ("commander-des-fournitures", "Commander des fournitures", P, STAFF, "administratif-et-cnil",
     "La commande mensuelle groupée de fournitures et d'équipement des documents.",
     ["fournitures", "commande"], [
         step("Remplir le bon", "Tableau partagé, avant le premier lundi du mois."),
         step("Livraison", "Par la navette du mardi suivant."),
     ]),
    ("utiliser-la-salle-de-formation", "Réserver la salle de formation du réseau", T, STAFF,
     "informatique-et-maintenance", "Réserver la salle et son matériel pour une formation ou une réunion.",
     ["salle", "réservation"], [
         step("Vérifier les disponibilités", "Page <b>Salles &amp; agenda</b> de l'intranet."),
         step("Réserver", "Indiquez le nombre de personnes et le matériel."),
         step("Rendre la salle", "Tables remises, vidéoprojecteur éteint."),
     ]),
    ("lexique-du-reseau", "Lexique du réseau", R, ALL, "accueil-et-inscriptions",
     "SIGB, navette, carte unique, COTECH : les mots du réseau expliqués.",
     ["lexique", "accueil"], [
         text("<dl><dt>SIGB</dt><dd>Le logiciel de gestion des prêts et du catalogue.</dd><dt>Navette</dt><dd>Le "
              "transport des documents entre médiathèques, deux fois par semaine.</dd><dt>COTECH</dt><dd>Le comité "
              "technique des référents.</dd></dl>"),
     ]),
    ("boite-de-retour", "Vider la boîte de retour", T, VOL, "circulation-des-documents",
     "Relever la boîte de retour extérieure et préparer les documents pour le retour informatique.",
     ["retour", "bénévoles"], [
         step("Ouvrir la boîte", "Clé au tableau de l'accueil."),
         step("Trier", "Documents abîmés à part, avec un mot pour l'agent."),
         step("Déposer au guichet", "Sur le chariot « à scanner »."),
     ]),
]

# Owners: demo staff by email (the first accounts of the README), the rest among the network's people.
OWNER_EMAILS = [DEMO_ACCOUNTS[Role.REFERENTS], DEMO_ACCOUNTS[Role.STAFF], DEMO_ACCOUNTS[Role.COORDINATION]]
# Months since the last review, by page number: most fresh, some due, a few past the grace period.
REVIEW_AGES = [1, 3, 13, 6, 2, 8, 15, 4, 11, 5, 18, 7, 9, 12, 2, 14, 3, 10]


def seed_topics() -> dict[str, Topic]:
    for order, (name, slug) in enumerate(TOPICS):
        Topic.objects.get_or_create(slug=slug, defaults={"name": name, "order": order * 10})
    bump("tutorial_topics")
    return {topic.slug: topic for topic in Topic.objects.all()}


def _owners() -> list[Person]:
    demo = {person.user.email: person for person in
            Person.objects.filter(user__email__in=OWNER_EMAILS).select_related("user")}
    others = list(Person.objects.filter(user__groups__name__in=[Role.REFERENTS, Role.COORDINATION], active=True)
                  .exclude(user__email__in=OWNER_EMAILS).order_by("pk")[:12])
    return [demo[email] for email in OWNER_EMAILS if email in demo] + others


def _specs(scale: int):
    for unit in range(scale):
        for index, (slug, title, kind, audience, topic, summary, tags, body) in enumerate(PAGES):
            if unit == 0:
                yield index, slug, title, kind, audience, topic, summary, tags, body
                continue
            commune = COMMUNES[(index + unit) % len(COMMUNES)][0]
            yield (index + unit * len(PAGES), f"{slug}-fiche-{unit + 1}",
                   f"{title} — fiche locale n° {unit + 1} ({commune})", kind, audience, topic,
                   f"{summary} Variante de {commune}.", tags, body)


@transaction.atomic
def seed_content(*, scale: int) -> dict:
    topics = seed_topics()
    section = TutorialIndexPage.objects.first()
    if section is None:
        return {"tutorials": 0}
    ensure_review_workflow()
    owners = _owners()
    existing = set(TutorialPage.objects.child_of(section).values_list("slug", flat=True))
    # seed_demo indexes everything once its seeders are done: one index update per page would
    # double the time at 10x.
    post_save.disconnect(post_save_signal_handler, sender=TutorialPage)
    try:
        _add_pages(section, topics, owners, existing, scale)
    finally:
        post_save.connect(post_save_signal_handler, sender=TutorialPage)
    bump("tutorial_tags")
    return {"topics": len(topics), "tutorials": TutorialPage.objects.count()}


def _add_pages(section, topics, owners, existing, scale) -> None:
    today = timezone.localdate()
    now = timezone.now()
    for number, slug, title, kind, audience, topic, summary, tags, body in _specs(scale):
        if slug in existing:
            continue
        age = REVIEW_AGES[number % len(REVIEW_AGES)]
        published = now - relativedelta(months=age, days=number % 20)
        page = TutorialPage(
            title=title, slug=slugify(slug)[:255], kind=kind, audience=audience, topic=topics[topic],
            summary=summary, body=body, owner_person=owners[number % len(owners)] if owners else None,
            last_reviewed=today - relativedelta(months=age) - dt.timedelta(days=number % 9),
            first_published_at=published, last_published_at=published, live=True,
        )
        page.tags.add(*tags)
        section.add_child(instance=page)
