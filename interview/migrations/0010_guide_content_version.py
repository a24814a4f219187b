from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interview", "0009_revisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="guide",
            name="content_version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
