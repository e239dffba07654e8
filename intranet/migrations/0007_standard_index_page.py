import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from intranet.migration_helpers import add_section_under_home

SECTION_TITLE = "Pages du réseau"
SECTION_SLUG = "pages-du-reseau"


def create_section(apps, schema_editor):
    """« Pages du réseau » under the dashboard, so that referents have a section to edit (their page
    permissions are granted on it after migrate, see intranet.roles). Standard pages already under
    the dashboard stay there: move them into the section from the admin (Wagtail keeps redirects)."""
    add_section_under_home(apps, app_label="intranet", model_name="StandardIndexPage",
                           title=SECTION_TITLE, slug=SECTION_SLUG)


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
