from django import template
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_item(context, url_name, label):
    """A menu entry, marked as the current page for every page below its URL."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return ""
    request = context.get("request")
    current = request is not None and request.path.startswith(url)
    return format_html(
        '<li><a href="{}"{}>{}</a></li>',
        url,
        mark_safe(' aria-current="page"') if current else "",
        label,
    )


@register.simple_tag(takes_context=True)
def language_url(context, code):
    """This page in another language (its query string kept)."""
    return translate_url(context["request"].get_full_path(), code)
