from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import UserCreationForm
from django.http import HttpRequest

from .after_response import after_response
from .models import SECTION_MAX_CHARS
from .validators import no_control_characters, single_line

SEARCH_MAX_CHARS = 100


class SearchForm(forms.Form):
    """The library's search box and topic filter. A CharField refuses NUL, which
    PostgreSQL cannot compare with text; any other junk simply matches nothing."""

    q = forms.CharField(required=False)
    tag = forms.SlugField(required=False, max_length=50)

    def clean_q(self) -> str:
        # Spaces collapsed and cut to the box's length: a long paste still searches.
        return " ".join(self.cleaned_data["q"].split())[:SEARCH_MAX_CHARS]


class SectionForm(forms.Form):
    text = forms.CharField(
        required=False,
        strip=False,
        max_length=SECTION_MAX_CHARS,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "max_length": "This section is limited to %(limit_value)d characters; it has %(show_value)d. "
            "Shorten it to save it: your text is still here."
        },
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def clean_text(self) -> str:
        return self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n")


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
