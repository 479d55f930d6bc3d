from typing import Any

from django import template

register = template.Library()


@register.filter
def yuan(value: Any) -> str:
    """Whole yuan with thousands separators, whatever the locale's grouping says."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)
