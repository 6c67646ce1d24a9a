import content_pages.models.fields
from django.db import migrations


class Migration(migrations.Migration):
    """The rendition's body becomes a ``LargeTextField``: the same text column, inserted
    with one parameter per value. Nothing changes in the database, so only the state
    moves: an AlterField would make SQLite copy the whole table."""

    dependencies = [
        ("content_pages", "0033_sitemap_entries"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="channelrendition",
                    name="body",
                    field=content_pages.models.fields.LargeTextField(
                        help_text="The exact JSON the API returns for this page (HTML for the web page)."
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
