from django.db import migrations
from django.db.models import F

# Stored bodies that now name their ``channel`` and ``mode`` (the web page detail, the
# WhatsApp and Telegram full renderings).
RESHAPED = ['web', 'whatsapp', 'telegram']


def mark_reshaped_renditions_stale(apps, schema_editor):
    """Raise the generation of the rows whose stored shape changed: the worker's sweep
    re-renders them (``refresh_stale``), and a reader asking meanwhile gets a fresh
    rendering made on request, as for any stale row; no manual command is needed."""
    ChannelRendition = apps.get_model('content_pages', 'ChannelRendition')
    ChannelRendition.objects.filter(channel__in=RESHAPED).update(generation=F('generation') + 1)


class Migration(migrations.Migration):

    dependencies = [
        ('content_pages', '0022_enquiry_privacy_notice_and_autocomplete'),
    ]

    operations = [
        migrations.RunPython(mark_reshaped_renditions_stale, migrations.RunPython.noop),
    ]
