"""How long ago something happened, as the drafts list says it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()

# Under a minute, timesince says "0 minutes"; people say "just now".
JUST_NOW = timedelta(minutes=1)


@register.filter
def ago(value: datetime) -> str:
    if timezone.now() - value < JUST_NOW:
        return "just now"
    return f"{timesince(value)} ago"
