"""Sign-up without telling anyone whether an address is registered, and with a limit on
attempts per client.

An account's email address is used only once its owner confirms it: sign-up mails a
link to the address and answers the same whether the address is free or taken. The
owner of a taken address is told instead that someone tried to use it, and given a
way back into the account they have.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .after_response import after_response
from .models import SignUpAttempt

CONFIRM_SALT = "interview.confirm-email"
CONFIRM_DAYS = 3
ATTEMPT_WINDOW = timedelta(hours=1)


def sign_up_allowed(request: HttpRequest) -> bool:
    """Count this attempt if the client has attempts left in the hour; False if not,
    and then nothing is written."""
    address = get_client_ip_address(request) or ""
    now = timezone.now()
    SignUpAttempt.objects.filter(attempted_at__lt=now - ATTEMPT_WINDOW).delete()
    if (
        SignUpAttempt.objects.filter(address=address).count()
        >= settings.SIGNUP_ATTEMPTS_PER_HOUR
    ):
        return False
    SignUpAttempt.objects.create(address=address)
    return True


def confirmation_token(user: User, email: str) -> str:
    # Bound to the address the account has now, so a link works until one is confirmed.
    return signing.dumps([user.pk, email, user.email], salt=CONFIRM_SALT)


def confirmed_address(token: str) -> tuple[User, str] | None:
    """The account and the address a valid, unused link confirms; None otherwise."""
    try:
        pk, email, current = signing.loads(
            token, salt=CONFIRM_SALT, max_age=timedelta(days=CONFIRM_DAYS)
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or user.email != current:
        return None
    return user, email


def mail_address_confirmation(request: HttpRequest, user: User, email: str) -> None:
    """Mail the address after the response: a link to confirm it for `user`, or, if
    another account has it, a note to that account's owner. The request itself does
    the same either way: one lookup."""
    owner = User.objects.filter(email__iexact=email).first()
    after_response(request, partial(send_address_mail, request, user, email, owner))


def send_address_mail(
    request: HttpRequest, user: User, email: str, owner: User | None
) -> None:
    context = {
        "user": user,
        "owner": owner,
        "site": request.build_absolute_uri("/"),
        "days": CONFIRM_DAYS,
    }
    if owner is None:
        path = reverse("confirm_email", args=[confirmation_token(user, email)])
        template = "registration/email_confirm.txt"
    else:
        uid = urlsafe_base64_encode(force_bytes(owner.pk))
        token = default_token_generator.make_token(owner)
        path = reverse("password_reset_confirm", args=[uid, token])
        template = "registration/email_taken.txt"
    context["link"] = request.build_absolute_uri(path)
    send_mail(
        "Your email address at Interview Answer Studio",
        render_to_string(template, context),
        None,
        [email],
    )
