"""A site's readiness and whether it is open now, as the badges every AED page shows.

Written here rather than as included templates: an include costs about 0.1 ms, and the
finder's list shows two per site, twenty sites a page.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Readiness

register = template.Library()

# (CSS class, symbol, word); the colour only adds to the word and the symbol.
READINESS_BADGES = {
    Readiness.READY: ("status-ready", "✓", _("ready")),
    Readiness.CHECK_OVERDUE: ("status-warn", "!", _("check overdue")),
    Readiness.OUT_OF_SERVICE: ("status-off", "✕", _("out of service")),
}
# By `open_now`: True, False, or None when the opening hours cannot be read.
OPEN_STATES = {
    True: ("open-state is-open", "●", _("open now")),
    False: ("open-state is-closed", "○", _("closed now")),
}


@register.simple_tag
def readiness_badge(readiness):
    """Ready, check overdue, or out of service (anything else counts as out of service)."""
    css, symbol, word = READINESS_BADGES.get(readiness, READINESS_BADGES[Readiness.OUT_OF_SERVICE])
    return format_html(
        '<span class="badge {}"><span aria-hidden="true">{}</span> {}</span>', css, symbol, word
    )


@register.simple_tag
def open_state(open_now):
    """Open now, closed now, or opening hours unclear (`open_now` None)."""
    if open_now is None:
        return format_html('<span class="open-state">{}</span>', _("opening hours unclear"))
    css, symbol, word = OPEN_STATES[bool(open_now)]
    return format_html(
        '<span class="{}"><span aria-hidden="true">{}</span> {}</span>', css, symbol, word
    )
