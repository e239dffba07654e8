from django.db import migrations

from intranet.migration_helpers import add_section_under_home


def create_section(apps, schema_editor):
    """« Instances » under the dashboard: the section that holds one page per body."""
    add_section_under_home(apps, app_label="governance", model_name="GovernanceIndexPage",
                           title="Instances", slug="instances",
                           intro="Les instances du réseau : réunions, ordres du jour, comptes rendus et décisions.")


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_initial"),
        ("intranet", "0007_standard_index_page"),
    ]

    operations = [migrations.RunPython(create_section, migrations.RunPython.noop)]
