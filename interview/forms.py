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

from .after_response import after_response
from .guide_format import FRAMEWORKS
from .models import SECTION_MAX_CHARS
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
MAX_ID = 2**63 - 1
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
        widget=forms.Textarea,
        error_messages={
            "max_length": "This section is limited to %(limit_value)d characters; it has %(show_value)d. "
            "Shorten it to save it: your text is still here."
        },
    )
    section = forms.IntegerField(
        min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    version = forms.IntegerField(
        min_value=0, max_value=MAX_VERSION, widget=forms.HiddenInput
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
        widget=forms.HiddenInput,
    )


GO_CHOICES = re.compile(r"^(?:next|back|stay|review|step-[1-9][0-9]{0,2})$")


class StepForm(SectionForm):
    """The step page's form: a save, then where to go (the button pressed)."""

    go = forms.CharField(
        required=False,
        validators=[RegexValidator(GO_CHOICES, "Unknown destination.")],
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
