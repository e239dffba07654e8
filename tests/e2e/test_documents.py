"""The document library in a real browser: coordination@demo.test imports the demo Google Takeout from
the administration (in the background, with its report), browses the rebuilt folder tree on the site
and opens a PDF whose preview shows in the page; benevole@demo.test does not see the COTECH folder, and
its address answers 404. Screenshots on a desktop and on a 390 px phone.

As in the other browser tests, assertions rely on the demo data, URLs, the page structure and the
records, not on the UI's wording.
"""

from django.urls import reverse
from playwright.sync_api import expect

from documents.demo_takeout import build_demo_takeout
from documents.models import DriveImport, FolderAccess, FolderKey, ImportStatus, NetworkDocument
from documents.services import well_known_folder
from intranet.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from intranet.roles import Role
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_journeys import log_in
from tests.e2e.test_paths import DESKTOP, PHONE, assert_fits_phone

COORDINATION_EMAIL = DEMO_ACCOUNTS[Role.COORDINATION]
VOLUNTEER_EMAIL = DEMO_ACCOUNTS[Role.VOLUNTEERS]


def _folder_url(collection) -> str:
    return reverse("documents:folder", args=[collection.pk])


def test_coordination_imports_the_demo_takeout_browses_the_tree_and_opens_a_pdf(demo_network, live_server, page,
                                                                                 screenshots, tmp_path):
    archive = build_demo_takeout(tmp_path / "takeout-demo.zip")
    network = well_known_folder(FolderKey.NETWORK)

    # 1. The import, from the administration: the archive, the folder path, then the report.
    log_in(page, COORDINATION_EMAIL, DEMO_PASSWORD)
    page.goto(reverse("documents_import:new"))
    page.locator("input[type=file][name=archive]").set_input_files(str(archive))
    page.locator("input[name=folder]").fill(f"{network.name}/Archives Drive")
    screenshots.take(page, "drive-import-form")
    page.locator("main form [type=submit]").last.click()
    drive_import = DriveImport.objects.get()
    expect(page).to_have_url(f"{live_server.url}{reverse('documents_import:status', args=[drive_import.pk])}")
    drive_import.refresh_from_db()
    assert drive_import.status == ImportStatus.DONE, drive_import.error
    totals = drive_import.report["totals"]
    assert totals["imported"] >= 8 and totals["refused"] >= 1 and totals["calendar"] == 1
    expect(page.locator("main table").first).to_contain_text("rapport.pdf")
    screenshots.take(page, "drive-import-report")

    # 2. The rebuilt tree on the site: Documents › Réseau › Archives Drive › Réseau lecture publique.
    page.goto(reverse("documents:index"))
    assert_accessible(page)
    screenshots.take(page, "documents-index")
    page.locator(f"main a[href='{_folder_url(network)}']").first.click()
    archives = network.get_children().get(name="Archives Drive")
    page.locator(f"main a[href='{_folder_url(archives)}']").first.click()
    tree_root = archives.get_children().get()
    page.locator(f"main a[href='{_folder_url(tree_root)}']").first.click()
    expect(page.locator("main table")).to_be_visible()
    assert_accessible(page)
    screenshots.take(page, "documents-folder")

    # 3. A PDF's page: its preview in the page, served inline to who may read it.
    charter = NetworkDocument.objects.get(collection=tree_root, title__startswith="Charte d")
    assert charter.modified_at is not None
    page.locator(f"main a[href='{reverse('documents:document', args=[charter.pk])}']").first.click()
    preview = page.locator("main iframe")
    expect(preview).to_have_attribute("src", reverse("documents:preview", args=[charter.pk]))
    answer = page.request.get(live_server.url + reverse("documents:preview", args=[charter.pk]))
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF-")
    assert_accessible(page)
    screenshots.take(page, "documents-pdf-desktop")
    page.set_viewport_size(PHONE)
    assert_fits_phone(page)
    screenshots.take(page, "documents-pdf-390")
    page.goto(_folder_url(tree_root))
    assert_fits_phone(page)
    screenshots.take(page, "documents-folder-390")
    page.set_viewport_size(DESKTOP)


def test_a_volunteer_does_not_see_the_cotech_folder_and_its_address_answers_404(demo_network, live_server, page,
                                                                                screenshots):
    cotech = FolderAccess.objects.select_related("collection").get(is_home=True, body__short_name="COTECH").collection
    bodies = well_known_folder(FolderKey.BODIES)

    log_in(page, VOLUNTEER_EMAIL, DEMO_PASSWORD)
    page.goto(reverse("documents:folder", args=[bodies.pk]))
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator(f"main a[href='{_folder_url(cotech)}']")).to_have_count(0)
    assert_accessible(page)
    screenshots.take(page, "volunteer-bodies-folder")
    response = page.goto(_folder_url(cotech))
    assert response.status == 404
    screenshots.take(page, "volunteer-cotech-404")
    cotech_file = NetworkDocument.objects.filter(collection=cotech).first()
    assert cotech_file is not None
    assert page.request.get(live_server.url + cotech_file.url).status == 404
