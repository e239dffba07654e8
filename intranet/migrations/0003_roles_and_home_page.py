from django.db import migrations

from intranet.migration_helpers import base36 as _base36

ROLE_NAMES = ["Coordination", "Référents", "Personnel", "Bénévoles", "Élus"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)
    # Their permissions are applied after migrate by intranet.roles.sync_role_permissions.
    # Wagtail's default "Moderators" approval goes to the coordination, and its two default groups,
    # which mean nothing here, go away.
    coordination = Group.objects.get(name="Coordination")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    for task in GroupApprovalTask.objects.all():
        if task.groups.filter(name="Moderators").exists():
            task.groups.add(coordination)
            task.groups.remove(*task.groups.filter(name="Moderators"))
    Group.objects.filter(name__in=["Moderators", "Editors"]).delete()


def create_home_page(apps, schema_editor):
    """Replace Wagtail's welcome page by the dashboard, so a fresh install works before seed_demo."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("intranet", "HomePage")
    Locale = apps.get_model("wagtailcore", "Locale")

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    root = Page.objects.get(depth=1)
    home_type, _created = ContentType.objects.get_or_create(model="homepage", app_label="intranet")
    locale = Locale.objects.first()
    last_child = Page.objects.filter(depth=2).order_by("-path").first()
    if last_child:
        path = root.path + _base36(int(last_child.path[4:8], 36) + 1)
    else:
        path = root.path + _base36(1)
    home = HomePage.objects.create(
        title="Accueil", draft_title="Accueil", slug="accueil", content_type=home_type, path=path,
        depth=2, numchild=0, url_path="/accueil/", locale=locale, live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                        site_name="Intranet du réseau")


class Migration(migrations.Migration):
    dependencies = [
        ("intranet", "0002_directory_and_pages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_groups, migrations.RunPython.noop),
        migrations.RunPython(create_home_page, migrations.RunPython.noop),
    ]
