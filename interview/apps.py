from __future__ import annotations

from django.apps import AppConfig


class InterviewConfig(AppConfig):
    name = "interview"
    verbose_name = "Interview Answer Studio"
    default_auto_field = "django.db.models.BigAutoField"
