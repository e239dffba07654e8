# CalDAVObject.link had related_name "objects", which hid CalDAVLink.objects (the manager).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("calendar_sync", "0005_network_agenda"),
    ]

    operations = [
        migrations.AlterField(
            model_name="caldavobject",
            name="link",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="dav_objects",
                                    to="calendar_sync.caldavlink", verbose_name="CalDAV calendar"),
        ),
    ]
