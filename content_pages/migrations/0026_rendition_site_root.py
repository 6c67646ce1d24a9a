import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_site_roots(apps, schema_editor):
    """Give every stored row the root of the Site its path was made under, as rendering
    does: the deepest Site root above the page (Wagtail gives a page the path of its most
    specific Site). Rows are filled root by root, shallowest first, so a deeper root
    overwrites; one UPDATE per Site root, however many rows."""
    Site = apps.get_model('wagtailcore', 'Site')
    Page = apps.get_model('wagtailcore', 'Page')
    ChannelRendition = apps.get_model('content_pages', 'ChannelRendition')
    roots = Page.objects.filter(pk__in=Site.objects.values('root_page_id')).order_by('depth')
    for root in roots:
        pages = Page.objects.filter(path__startswith=root.path).values('pk')
        ChannelRendition.objects.filter(page_id__in=pages).update(site_root_id=root.pk)


class Migration(migrations.Migration):

    dependencies = [
        ('content_pages', '0025_outbox_event_web_pages'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='channelrendition',
            name='site_root',
            field=models.ForeignKey(blank=True, help_text='The root page of the Site that ``path`` is relative to (empty: no Site routes to the page).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL),
        ),
        migrations.AlterField(
            model_name='channelrendition',
            name='path',
            field=models.CharField(blank=True, help_text="The page's path on the website in this language, as a request sees it (decoded); the stored web page is found by it and ``site_root``.", max_length=400),
        ),
        migrations.RunPython(fill_site_roots, migrations.RunPython.noop),
    ]
