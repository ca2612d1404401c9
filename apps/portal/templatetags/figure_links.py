"""The small "how is this counted" link beside a public figure."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from apps.portal.figures import BY_KEY

register = template.Library()


@register.simple_tag
def how_counted(key):
    """A link to the figure's explanation page; the figure's label keeps each link's name apart."""
    figure = BY_KEY[key]  # an unknown key is a typo in a template: let it fail loudly
    return format_html(
        '<a class="figure-how" href="{}">{}<span class="visually-hidden"> — {}</span></a>',
        reverse("portal:figure", args=[key]),
        gettext("How is this counted?"),
        figure.label,
    )
