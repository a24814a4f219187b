from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from .guide_format import ROLES

SECTION_MAX_CHARS = 5000
# The largest id a row can have (a BigAutoField's): a larger one in an address
# names no row.
MAX_ID = 2**63 - 1
# Mentor review (interview/sharing.py): a link's label, a reviewer's name and comment.
SHARE_LABEL_MAX_CHARS = 80
COMMENT_NAME_MAX_CHARS = 80
COMMENT_MAX_CHARS = 2000
# A library card's one-line teaser: the introduction's first sentence, up to its end
# mark before a word that is not lowercase ("e.g. for" goes on), or the paragraph's
# end, cut to fit.
FIRST_SENTENCE = re.compile(
    r".+?(?:[.!?](?=\s+[^a-z\s]|\s*$)|(?=\n\s*\n)|$)", re.DOTALL
)
TEASER_CHARS = 140


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name as people read it: "customer-focus" is "Customer focus"."""
        words = self.name.replace("-", " ")
        return words[:1].upper() + words[1:]


class GuideQuerySet(models.QuerySet):
    def library(self) -> GuideQuerySet:
        """The library's guides: never a user's (or a visitor's) own question."""
        return self.filter(owner__isnull=True, visitor_key="")

    def published(self) -> GuideQuerySet:
        return self.library().filter(published=True)


class Guide(models.Model):
    """A behavioural interview question and how to build an answer to it."""

    # Short enough that a new draft's default title, the question and the date,
    # fits Draft.title.
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    introduction = models.TextField(
        help_text="Why employers ask it. Paragraphs separated by a blank line."
    )
    closing_tips = models.TextField(blank=True)
    # The answer framework the steps follow (guide_format.FRAMEWORKS); "" is custom.
    framework = models.CharField(max_length=40, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="guides")
    published = models.BooleanField(default=True)
    # An own question (interview/own_questions.py) is private to a user, or to a
    # visitor's session token as a Draft is; both empty for the library's guides.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="own_questions",
        null=True,
        blank=True,
    )
    visitor_key = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Grows by one with every change to what the guide's pages show (save() bumps
    # it; so do the admin's bulk actions and tag edits): the pages' cached fragments
    # are keyed by it (interview/page_cache.py), so no cache is ever invalidated.
    content_version = models.PositiveIntegerField(default=1, editable=False)

    objects = GuideQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def content_key(self) -> str:
        """What the guide's cached fragments are keyed by: its id, its content
        version and when it last changed (so a database restored from a backup, or
        emptied and refilled, never meets a fragment cached for a namesake)."""
        return f"{self.pk}.{self.content_version}.{self.updated_at.timestamp():.6f}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, and bump content_version in the same UPDATE (in the database, so a
        save from a stale copy never writes an older version back)."""
        if bump := not self._state.adding:
            self.content_version = models.F("content_version") + 1
            # A save of some fields is a change too: the version goes with them.
            if (fields := kwargs.get("update_fields")) is not None:
                kwargs["update_fields"] = {*fields, "content_version"}
        super().save(*args, **kwargs)
        if bump:
            self.refresh_from_db(fields=["content_version"])

    @property
    def teaser(self) -> str:
        """The introduction's first sentence, short enough for one line of a card."""
        sentence = FIRST_SENTENCE.match(self.introduction.strip())
        text = " ".join((sentence[0] if sentence else "").split())
        if len(text) <= TEASER_CHARS:
            return text
        # Cut at a word's end, never inside one.
        return text[: TEASER_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"

    @property
    def is_own(self) -> bool:
        """A user's (or a visitor's) own question, not one of the library's."""
        return bool(self.owner_id or self.visitor_key)

    def get_absolute_url(self) -> str:
        if self.is_own:
            return reverse("own_question", args=[self.pk])
        return reverse("question", args=[self.slug])

    @property
    def lead_in(self) -> str:
        """The introduction's closing lead-in to the steps ("Here's how to answer
        this question:"), shown above the steps; "" when it has none."""
        last = self.introduction.rstrip().rsplit(". ", 1)[-1]
        return last if last.endswith(":") and last.lower().startswith("here") else ""

    @property
    def why_asked(self) -> str:
        """The introduction without its lead-in: why employers ask the question."""
        if not (lead_in := self.lead_in):
            return self.introduction
        return self.introduction.rstrip().removesuffix(lead_in).rstrip()


class Step(models.Model):
    """One part of the answer's structure.

    A step removed from a guide is retired, not deleted, while drafts hold text
    for it: users' sections keep pointing at it and stay visible.
    """

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=100)
    guidance = models.TextField()
    # Short questions that help the user write the step, one per line.
    prompts = models.TextField(blank=True)
    # The length to aim for, in words; both empty when the guide sets none.
    words_min = models.PositiveSmallIntegerField(null=True, blank=True)
    words_max = models.PositiveSmallIntegerField(null=True, blank=True)
    role = models.CharField(
        max_length=20, blank=True, choices=[(role, role) for role in ROLES]
    )
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "order"],
                condition=Q(retired=False),
                name="unique_active_step_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class ExampleAnswer(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="examples")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=100)
    body = models.TextField()
    label = models.CharField(max_length=60, blank=True)  # "As a mentee"
    # The example split by step: [[step title, paragraph], ...] in step order.
    parts = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "order"], name="unique_example_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class DraftQuerySet(models.QuerySet):
    def changed(self, **changes: object) -> int:
        """Record a change to what these drafts' pages show (and apply `changes`),
        in one UPDATE: their kept pages' keys change (interview/page_cache.py)."""
        return self.update(content_version=F("content_version") + 1, **changes)

    def delete(self) -> tuple[int, dict[str, int]]:
        """Delete with the drafts' rows and their sections' locked first, so that on
        PostgreSQL a save, rehearsal or comment in progress finishes (and its new
        rows are deleted with the rest) and a later one waits, then finds its draft
        gone; Django's cascade, collecting rows before deleting them, would fail on
        a row inserted in between. (SQLite's IMMEDIATE transactions queue anyway.)"""
        with transaction.atomic():
            # Sections, then drafts: the order a save locks them in, so the two
            # never wait for each other in a circle.
            sections = Section.objects.select_for_update().filter(draft__in=self)
            list(sections.values_list("pk", flat=True))
            list(self.select_for_update().values_list("pk", flat=True))
            return super().delete()


class Draft(models.Model):
    """A user's draft, or a visitor's: then `visitor_key` is the random token kept in
    their session (not the session key, which logging in rotates) and owner is empty."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="drafts",
        null=True,
        blank=True,
    )
    visitor_key = models.CharField(max_length=64, blank=True, db_index=True)
    guide = models.ForeignKey(Guide, on_delete=models.PROTECT, related_name="drafts")
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Grows by one with every change to what the draft's own pages show: its text,
    # title, comments and rehearsals (bumped in the same statement or transaction
    # as the change, by DraftQuerySet.changed, or for a save by the same UPDATE in
    # SQL, answers.write_text). The pages kept for their owner are
    # keyed by it (interview/page_cache.py), as a guide's fragments are by Guide's.
    content_version = models.PositiveBigIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-updated_at"], name="draft_owner_recent")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner__isnull=False) & Q(visitor_key=""))
                | (Q(owner__isnull=True) & ~Q(visitor_key="")),
                name="draft_has_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.title

    objects = DraftQuerySet.as_manager()

    def get_absolute_url(self) -> str:
        return reverse("review", args=[self.pk])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        return Draft.objects.filter(pk=self.pk).delete()


class Section(models.Model):
    """The user's text for one step of one draft.

    `version` grows by one on every change, so a save based on an older version
    (another tab saved first) can be detected and refused instead of overwriting.
    """

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="sections")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="sections")
    text = models.TextField(blank=True, max_length=SECTION_MAX_CHARS)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "step"], name="unique_section_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.draft} / {self.step.title}"

    @property
    def is_written(self) -> bool:
        return bool(self.text.strip())


# Which of a section's revisions is the newest: the last started, and of two started
# at once the later row. History's queries order by it, the revision_newest index
# serves it, and history.extend_newest writes the same order in SQL.
NEWEST_FIRST = ["-created_at", "-pk"]


class Revision(models.Model):
    """An earlier (or the current) text of a section: interview/history.py decides
    when one starts and when an autosave extends the newest in place.

    `closed` marks a revision an explicit save, a step change or a restore ended:
    the next change starts a new one however soon it comes."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="revisions"
    )
    text = models.TextField(blank=True)
    # Set by the code from timezone.now(), not auto_now: the backfill keeps the
    # section's own time, and tests move the clock.
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    closed = models.BooleanField(default=False)

    class Meta:
        ordering = NEWEST_FIRST
        indexes = [
            models.Index(
                fields=["section", "-created_at", "-id"], name="revision_newest"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section_id} @ {self.created_at:%Y-%m-%d %H:%M}"


class SignUpAttempt(models.Model):
    """One sign-up form sent from a client address, kept for an hour to limit how
    many accounts one client can make or names it can try."""

    address = models.CharField(max_length=64)
    attempted_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["address"], name="signup_attempt_address")]


class ShareLink(models.Model):
    """A private link a draft's owner gives a reviewer (interview/sharing.py).

    Only the SHA-256 of the link's token is kept: the token itself is shown to the
    owner once, when the link is made, and cannot be read back from the database."""

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="share_links"
    )
    label = models.CharField(max_length=SHARE_LABEL_MAX_CHARS)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.label


class Comment(models.Model):
    """A reviewer's comment on one section, left through a share link."""

    share_link = models.ForeignKey(
        ShareLink, on_delete=models.CASCADE, related_name="comments"
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="comments"
    )
    name = models.CharField(max_length=COMMENT_NAME_MAX_CHARS)
    body = models.TextField(max_length=COMMENT_MAX_CHARS)
    # A keyed hash of the reviewer's address, to limit comments per client; never
    # shown or exported, and not the address itself.
    client_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["client_key", "created_at"], name="comment_client")
        ]

    def __str__(self) -> str:
        return f"{self.name} on {self.section}"


class Rehearsal(models.Model):
    """One time the user said a draft's answer aloud: how long it took and, if they
    chose, how it went (1-5). interview/rehearsal.py keeps the last few per draft."""

    draft = models.ForeignKey(
        Draft, on_delete=models.CASCADE, related_name="rehearsals"
    )
    seconds = models.PositiveIntegerField()
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["draft", "-created_at"], name="rehearsal_draft_recent")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="rehearsal_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(seconds__gte=1, seconds__lte=3600),
                name="rehearsal_seconds_1_to_3600",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draft} / {self.seconds} s"
