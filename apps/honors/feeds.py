from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.timezone import get_current_timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from .selectors import published_honors

LATEST = 20


class LatestHonorsFeed(Feed):
    """The latest published honors as an Atom feed."""

    feed_type = Atom1Feed
    title = _("Honors of the Wuxi Red Cross Society")
    subtitle = _("The latest honors conferred on the society and its units.")

    def link(self):
        return reverse("honors:index")

    def feed_url(self):
        return reverse("honors:feed")

    def items(self):
        return published_honors()[:LATEST]

    def item_title(self, honor):
        return honor.title

    def item_description(self, honor):
        """The summary, as HTML (Atom readers take it so): level, date, conferring bodies and
        recipient, each escaped. Built here rather than from a template, which the feed would
        render once per entry with every context processor."""
        label = pgettext("label separator", ": ")
        bodies = pgettext("list separator", ", ").join(b.name for b in honor.conferred_by.all())
        return format_html(
            "{} · {} · {}{}{} · {}{}{}",
            honor.get_level_display(),
            date_format(honor.conferred_on, "Y-m-d"),
            gettext("Conferred by"),
            label,
            bodies,
            gettext("Recipient"),
            label,
            honor.recipient_display,
        )

    def item_link(self, honor):
        return reverse("honors:detail", args=[honor.pk])

    def item_pubdate(self, honor):
        return datetime.combine(honor.conferred_on, time.min, tzinfo=get_current_timezone())

    def item_updateddate(self, honor):
        return honor.updated_at

    def item_categories(self, honor):
        return [honor.get_level_display()]
