from __future__ import annotations

from django.apps import AppConfig


class InterviewConfig(AppConfig):
    name = "interview"
    verbose_name = "Interview Answer Studio"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import visitors  # noqa: F401  (connects the log-in signal)
