import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

SECTION_TITLE = "Pages du réseau"
SECTION_SLUG = "pages-du-reseau"


def create_section(apps, schema_editor):
    """« Pages du réseau » under the dashboard, so that referents have a section to edit (their page
    permissions are granted on it after migrate, see intranet.roles). Standard pages already under
    the dashboard stay there: move them into the section from the admin (Wagtail keeps redirects)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("intranet", "HomePage")
    StandardIndexPage = apps.get_model("intranet", "StandardIndexPage")

    home = HomePage.objects.order_by("path").first()
    if home is None or StandardIndexPage.objects.exists():
        return
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    slug = SECTION_SLUG
    if children.filter(slug=slug).exists():
        slug = f"{SECTION_SLUG}-2"
    last_child = children.order_by("-path").first()
    step = int(last_child.path[-4:], 36) + 1 if last_child else 1
    now = timezone.now()
    StandardIndexPage.objects.create(
        title=SECTION_TITLE, draft_title=SECTION_TITLE, slug=slug, path=home.path + _base36(step),
        depth=home.depth + 1, numchild=0, url_path=f"{home.url_path}{slug}/", locale_id=home.locale_id,
        live=True, first_published_at=now, last_published_at=now,
        content_type=ContentType.objects.get_or_create(app_label="intranet", model="standardindexpage")[0],
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())


def _base36(number: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    while number:
        number, remainder = divmod(number, 36)
        digits = alphabet[remainder] + digits
    return digits.rjust(4, "0")


class Migration(migrations.Migration):

    dependencies = [
        ('intranet', '0006_user_email_unique_ci'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='StandardIndexPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', models.CharField(blank=True, max_length=250, verbose_name='introduction')),
            ],
            options={
                'verbose_name': 'network pages section',
            },
            bases=('wagtailcore.page',),
        ),
        migrations.RunPython(create_section, migrations.RunPython.noop),
    ]
