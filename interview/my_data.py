"""The user's own data: everything we hold about them, exported, and deleted."""

from __future__ import annotations

import io
import json
import zipfile

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .answers import (
    answer_markdown,
    arrange_sections,
    assemble_answer,
    download_name,
    sections_with_steps,
)
from .guide_format import render_guide
from .own_questions import download_data
from .sharing import export_links

# What django-axes records about an account, by its username: log-ins, failed
# log-ins (one row per address and browser, with the count) and each failure.
ACCESS_RECORDS = (AccessLog, AccessAttempt, AccessFailureLog)


def access_records(user: User) -> dict[str, list[dict]]:
    common = ("attempt_time", "ip_address", "user_agent", "path_info")
    mine = {"username": user.username}
    return {
        "log_ins": list(
            AccessLog.objects.filter(**mine).values(*common, "logout_time")
        ),
        "failed_log_in_counts": list(
            AccessAttempt.objects.filter(**mine).values(*common, "failures_since_start")
        ),
        "failed_log_ins": list(AccessFailureLog.objects.filter(**mine).values(*common)),
    }


@transaction.atomic
def delete_user(user: User) -> None:
    """The account, its drafts with their sections and rehearsals (by cascade), and
    its access records."""
    for model in ACCESS_RECORDS:
        model.objects.filter(username=user.username).delete()
    # Drafts first: they protect their guide, and the user's own questions go too.
    user.drafts.all().delete()
    user.delete()


def user_export(user: User) -> bytes:
    drafts = user.drafts.select_related("guide").prefetch_related(
        sections_with_steps(),
        "sections__revisions",
        "share_links__comments__section__step",
        "rehearsals",
    )
    data = {
        "exported_at": timezone.now().isoformat(),
        "user": {
            "username": user.username,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        # Kept by the log-in throttling, with the address and browser of each.
        "access": access_records(user),
        "drafts": [],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for draft in drafts:
            sections = arrange_sections(list(draft.sections.all()))
            data["drafts"].append(
                {
                    "id": draft.pk,
                    "title": draft.title,
                    "question": draft.guide.title,
                    "question_slug": draft.guide.slug,
                    "created_at": draft.created_at.isoformat(),
                    "updated_at": draft.updated_at.isoformat(),
                    "sections": [
                        {
                            "step": s.step.title,
                            "text": s.text,
                            "version": s.version,
                            "updated_at": s.updated_at.isoformat(),
                            # Earlier versions, newest first (interview/history.py).
                            "revisions": [
                                {
                                    "text": r.text,
                                    "created_at": r.created_at.isoformat(),
                                    "updated_at": r.updated_at.isoformat(),
                                }
                                for r in s.revisions.all()
                            ],
                        }
                        for s in sections
                    ],
                    # Labels and dates of the draft's share links (never a token)
                    # and the comments left through them.
                    "share_links": export_links(draft),
                    "rehearsals": [
                        {
                            "seconds": r.seconds,
                            "rating": r.rating,
                            "created_at": r.created_at.isoformat(),
                        }
                        for r in draft.rehearsals.all()
                    ],
                }
            )
            markdown = answer_markdown(draft, assemble_answer(sections))
            archive.writestr(
                f"drafts/{draft.pk}-{download_name(draft, 'md')}", markdown
            )
        # Own questions as guide files: what the user wrote, uploadable again.
        for guide in user.own_questions.all():
            archive.writestr(
                f"questions/{guide.pk}.md", render_guide(download_data(guide))
            )
        archive.writestr(
            "data.json",
            json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder),
        )
    return buffer.getvalue()
