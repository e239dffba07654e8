from django.db import migrations

from intranet.migration_helpers import add_section_under_home


def create_section(apps, schema_editor):
    """« Tutoriels & procédures » under the dashboard: the section that holds every tutorial page."""
    add_section_under_home(apps, app_label="tutorials", model_name="TutorialIndexPage",
                           title="Tutoriels & procédures", slug="tutoriels",
                           intro="Les tutoriels, procédures et fiches de référence du réseau.")


class Migration(migrations.Migration):
    dependencies = [
        ("tutorials", "0001_initial"),
        ("intranet", "0007_standard_index_page"),
    ]

    operations = [migrations.RunPython(create_section, migrations.RunPython.noop)]
