from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import UserCreationForm
from django.core.validators import RegexValidator
from django.http import HttpRequest
from django.template.defaultfilters import pluralize
from django.utils.text import slugify

from . import widgets
from .after_response import after_response
from .frameworks import FRAMEWORK_STEPS
from .guide_format import (
    FILE_MAX_BYTES,
    FRAMEWORKS,
    GUIDANCE_MAX,
    INTRODUCTION_MAX,
    STEP_TITLE_MAX,
    TITLE_MAX,
    GuideData,
    GuideFormatError,
    check_size,
    step_title_key,
)
from .guide_parser import parse_guide
from .models import (
    COMMENT_MAX_CHARS,
    COMMENT_NAME_MAX_CHARS,
    MAX_ID,
    SECTION_MAX_CHARS,
    SHARE_LABEL_MAX_CHARS,
)
from .rehearsal import MAX_SECONDS, MIN_SECONDS, RATINGS
from .sharing import DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS
from .validators import no_control_characters, single_line

SEARCH_MAX_CHARS = 100


class SearchForm(forms.Form):
    """The library's search box and topic filter. A CharField refuses NUL, which
    PostgreSQL cannot compare with text; any other junk simply matches nothing."""

    q = forms.CharField(required=False)
    tag = forms.SlugField(required=False, max_length=50)
    framework = forms.ChoiceField(
        required=False, choices=[("", "All"), *((f, f) for f in FRAMEWORKS)]
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def clean_q(self) -> str:
        # Spaces collapsed and cut to the box's length: a long paste still searches.
        return " ".join(self.cleaned_data["q"].split())[:SEARCH_MAX_CHARS]


# Bounds for numbers that arrive in hidden fields: anything outside is tampering
# or a stale page, and gets a 422 before the database sees it.
MAX_VERSION = 2**31 - 1


def normalise_line_breaks(text: str) -> str:
    """Browsers send a line break as CRLF; the box and its counter show one character."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class SectionTextField(forms.CharField):
    """The text of a section: line breaks counted as the user sees them (one
    character each) before the length is checked, and present in every save: a
    request without the field is refused rather than saving an empty section."""

    def to_python(self, value: str | None) -> str:
        if value is None:
            raise forms.ValidationError(
                "The text did not arrive, so nothing was saved. Please try again.",
                code="missing",
            )
        return normalise_line_breaks(super().to_python(value))


class SectionForm(forms.Form):
    """A save of one section: its text, the section it was loaded for, and the
    version it was based on (see interview.answers.save_section)."""

    text = SectionTextField(
        required=False,
        strip=False,
        max_length=SECTION_MAX_CHARS,
        validators=[no_control_characters],
        widget=widgets.Textarea,
        error_messages={
            "max_length": "This section is limited to %(limit_value)d characters; it has %(show_value)d. "
            "Shorten it to save it: your text is still here."
        },
    )
    section = forms.IntegerField(
        min_value=1, max_value=MAX_ID, widget=widgets.HiddenInput
    )
    version = forms.IntegerField(
        min_value=0, max_value=MAX_VERSION, widget=widgets.HiddenInput
    )
    # "Keep my text" after a conflict: the version shown, to overwrite on purpose.
    # A button's value, never rendered as an input of its own.
    overwrite = forms.IntegerField(required=False, min_value=0, max_value=MAX_VERSION)

    def base_version(self) -> int:
        overwrite = self.cleaned_data["overwrite"]
        return self.cleaned_data["version"] if overwrite is None else overwrite


class AutosaveForm(SectionForm):
    # Which page the box is on decides what else the answer updates out of band.
    page = forms.ChoiceField(
        choices=[("step", "step"), ("review", "review")],
        required=False,
        widget=widgets.HiddenInput,
    )


GO_CHOICES = re.compile(r"^(?:next|back|stay|review|step-[1-9][0-9]{0,2})$")


class StepForm(SectionForm):
    """The step page's form: a save, then where to go (the button pressed)."""

    go = forms.CharField(
        required=False,
        validators=[RegexValidator(GO_CHOICES, "Unknown destination.")],
    )
    # The coach's hide/show button: without JavaScript it saves the step too.
    coach = forms.ChoiceField(
        choices=[("hide", "hide"), ("show", "show")], required=False
    )


class DraftTitleForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        validators=[single_line, no_control_characters],
        label="Draft title",
    )


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        required=False,
        help_text="Optional. We send it a link to confirm it; then it is used only to "
        "reset your password.",
    )

    # The address is not saved with the account: interview/signup.py mails it a link.
    field_order = ["username", "email", "password1", "password2"]

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username",)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: AbstractBaseUser, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "That is not your password.", code="wrong_password"
            )
        return password


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, answering alike whether or not the address has an account:
    the request only looks the address up; the link is made and mailed after the
    response."""

    def save(self, request: HttpRequest, **options: Any) -> None:
        self.users = list(super().get_users(self.cleaned_data["email"]))
        after_response(request, partial(super().save, request=request, **options))

    def get_users(self, email: str) -> Iterator[AbstractBaseUser]:
        return iter(self.users)


STEP_ROWS = 8  # an own question's steps, written on the site


class OwnQuestionForm(forms.Form):
    """An own question: its text, and a framework's steps or up to STEP_ROWS of the
    user's own (a title, and guidance if they like). Editing has no framework choice:
    the rows hold the question's current steps."""

    title = forms.CharField(
        max_length=TITLE_MAX,
        validators=[single_line, no_control_characters],
        label="The question",
    )
    introduction = forms.CharField(
        required=False,
        max_length=INTRODUCTION_MAX,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Notes (optional)",
        help_text="Why they may ask it, or what you want to remember.",
    )
    template = forms.ChoiceField(
        required=False,
        choices=[("", "My own steps, below")]
        + [(name, name) for name in FRAMEWORK_STEPS],
        label="Steps",
        help_text="A framework fills in its steps, with guidance, prompts and word ranges.",
    )

    def __init__(self, *args: Any, with_template: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_template:
            del self.fields["template"]
        for n in range(1, STEP_ROWS + 1):
            self.fields[f"step_{n}_title"] = forms.CharField(
                required=False,
                max_length=STEP_TITLE_MAX,
                validators=[single_line, no_control_characters],
                label=f"Step {n} title",
            )
            self.fields[f"step_{n}_guidance"] = forms.CharField(
                required=False,
                max_length=GUIDANCE_MAX,
                validators=[no_control_characters],
                widget=forms.Textarea(attrs={"rows": 2}),
                label=f"Step {n} guidance (optional)",
            )

    def step_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"step_{n}_title"], self[f"step_{n}_guidance"])
            for n in range(1, STEP_ROWS + 1)
        ]

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not slugify(title):
            raise forms.ValidationError(
                "The question needs at least one letter or digit.", code="no_letters"
            )
        return title

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        rows: list[tuple[str, str]] = []
        seen: set[str] = set()
        for n in range(1, STEP_ROWS + 1):
            title = " ".join(data.get(f"step_{n}_title", "").split())
            guidance = " ".join(data.get(f"step_{n}_guidance", "").split())
            if not title:
                if guidance:
                    self.add_error(f"step_{n}_title", "Give this step a title.")
                continue
            if step_title_key(title) in seen:
                self.add_error(f"step_{n}_title", "Another step has this title.")
            seen.add(step_title_key(title))
            rows.append((title, guidance))
        data["rows"] = rows
        if not data.get("template") and not rows:
            self.add_error(
                "step_1_title", "Add at least one step, or choose a framework."
            )
        return data


class GuideUploadForm(forms.Form):
    """A guide file (docs/guide-format.md) to make an own question from."""

    file = forms.FileField(label="Guide file (.md or .txt)")

    def clean_file(self) -> GuideData:
        upload = self.cleaned_data["file"]
        # One byte more than the limit is enough to know a file is too big.
        raw = upload.read(FILE_MAX_BYTES + 1)
        encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
        try:
            check_size(raw)
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as error:
                line = raw[: error.start].count(b"\n") + 1
                raise GuideFormatError(
                    line, f"not {encoding.upper()} text: save the file as UTF-8"
                ) from error
            return parse_guide(text)
        except GuideFormatError as error:
            raise forms.ValidationError(
                "Line %(line)s: %(message)s",
                code="guide_format",
                params={"line": error.line, "message": error.message},
            ) from error


class ShareLinkForm(forms.Form):
    """A new share link: who it is for, and how long it lives."""

    label = forms.CharField(
        label="Who is it for?",
        max_length=SHARE_LABEL_MAX_CHARS,
        help_text="For you only, to tell your links apart, e.g. “Sam, my manager”.",
        validators=[no_control_characters, single_line],
    )
    days = forms.TypedChoiceField(
        label="Expires after",
        coerce=int,
        initial=DEFAULT_EXPIRY_DAYS,
        choices=[(days, f"{days} day{pluralize(days)}") for days in EXPIRY_DAYS],
        help_text="Revoke it any time before then.",
    )

    def clean_label(self) -> str:
        return " ".join(self.cleaned_data["label"].split())


class CommentForm(forms.Form):
    """A reviewer's comment on one section of a shared draft."""

    section = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=MAX_ID
    )
    name = forms.CharField(
        label="Your name",
        max_length=COMMENT_NAME_MAX_CHARS,
        validators=[no_control_characters, single_line],
    )
    body = forms.CharField(
        label="Comment",
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_control_characters],
    )

    def clean_body(self) -> str:
        return normalise_line_breaks(self.cleaned_data["body"]).strip()


REHEARSAL_MODES = {"full": "Full text", "cues": "Cue cards", "blank": "Blank"}


class RehearsalModeForm(forms.Form):
    mode = forms.ChoiceField(required=False, choices=list(REHEARSAL_MODES.items()))

    def chosen(self) -> str:
        return (self.is_valid() and self.cleaned_data["mode"]) or "full"


class RehearsalForm(forms.Form):
    """A finished rehearsal: how long it took (the timer fills it in; without
    JavaScript the user does) and, if they like, how it went."""

    minutes = forms.IntegerField(
        required=False, min_value=0, max_value=MAX_SECONDS // 60, initial=0
    )
    seconds = forms.IntegerField(required=False, min_value=0, max_value=59, initial=0)
    rating = forms.TypedChoiceField(
        label="How did it go? (optional)",
        help_text="1 is rough, 5 is ready for the interview.",
        required=False,
        choices=[("", "No rating"), *((n, str(n)) for n in RATINGS)],
        coerce=int,
        empty_value=None,
        initial="",
        widget=forms.RadioSelect,
    )
    # The mode the page was in, so that the page comes back in it.
    mode = forms.ChoiceField(
        required=False,
        choices=list(REHEARSAL_MODES.items()),
        widget=forms.HiddenInput,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "minutes" in data and "seconds" in data:
            total = (data["minutes"] or 0) * 60 + (data["seconds"] or 0)
            if not MIN_SECONDS <= total <= MAX_SECONDS:
                raise forms.ValidationError(
                    "A rehearsal lasts from 1 second to 60 minutes: "
                    "enter how long yours took."
                )
            data["duration"] = total
        return data


class CoachForm(forms.Form):
    """Hide or show the coach: the button's choice, which page asks, and on the step
    page the section and the text in its box (the notes are on what is on screen)."""

    coach = forms.ChoiceField(choices=[("hide", "hide"), ("show", "show")])
    page = forms.ChoiceField(
        choices=[("step", "step"), ("review", "review")], required=False
    )
    section = forms.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    # Not limited: the notes read the first SECTION_MAX_CHARS of a longer text, which
    # the box keeps (and the save refuses) until the user shortens it.
    text = forms.CharField(required=False, strip=False, empty_value=None)
