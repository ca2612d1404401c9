"""Bar charts drawn on the server as SVG, each with the table of its values behind it."""

from decimal import Decimal

from django import template

register = template.Library()

WIDTH, HEIGHT, GAP, TOP = 320, 160, 8, 16


@register.inclusion_tag("includes/bar_chart.html")
def bar_chart(series, caption, kind="count", label_header="", value_header=""):
    """`series` is a list of (label, value) pairs, drawn in that order."""
    points = [(str(label), value or 0) for label, value in series]
    top = max((Decimal(value) for _, value in points), default=Decimal(0))
    slot = WIDTH / max(len(points), 1)
    bars = []
    for index, (label, value) in enumerate(points):
        height = float(Decimal(value) / top * (HEIGHT - TOP)) if top else 0.0
        bars.append(
            {
                "label": label,
                "value": value,
                "x": round(index * slot + GAP / 2, 1),
                "y": round(HEIGHT - height, 1),
                "width": round(slot - GAP, 1),
                "height": round(height, 1),
                "text_x": round(index * slot + slot / 2, 1),
            }
        )
    return {
        "bars": bars,
        "caption": caption,
        "kind": kind,
        "label_header": label_header,
        "value_header": value_header,
        "width": WIDTH,
        "height": HEIGHT,
        "axis_y": HEIGHT + 14,
    }
