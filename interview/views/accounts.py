"""Sign up, log out, and the user's own data: export and account deletion."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interview.forms import DeleteAccountForm, SignUpForm
from interview.http import (
    AuthedHttpRequest,
    HtmxHttpRequest,
    attachment,
    safe_next,
)
from interview.my_data import delete_user, user_export
from interview.signup import (
    confirmed_address,
    mail_address_confirmation,
    sign_up_allowed,
)


@require_http_methods(["GET", "POST"])
def signup(request: HtmxHttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("my_drafts")
    if request.method == "POST" and not sign_up_allowed(request):
        return render(request, "registration/too_many_signups.html", status=429)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # login() keeps the session's data: the drafts this browser started
        # without an account move to the new one (visitors.claim_visitor_drafts).
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        welcome = f"Welcome, {user.username}. Your account is ready."
        if email := form.cleaned_data["email"]:
            # Said the same whether or not the address has an account already.
            mail_address_confirmation(request, user, email)
            welcome += f" We have sent a link to {email} to confirm the address."
        messages.success(request, welcome)
        # Drafts a visitor wrote before signing up are now the user's: go to them.
        return redirect(
            safe_next(request, "my_drafts" if user.drafts.exists() else "library")
        )
    status = 422 if form.errors else 200
    return render(
        request,
        "registration/signup.html",
        {"form": form, "next": safe_next(request, "")},
        status=status,
    )


class LoginView(auth_views.LoginView):
    """Django's log-in; the drafts this browser started without an account join
    the account's (visitors.claim_visitor_drafts)."""

    redirect_authenticated_user = True


@require_http_methods(["GET", "POST"])
def confirm_email(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """A GET shows what the link confirms (mail scanners open links); a POST does it."""
    confirmed = confirmed_address(token)
    if confirmed is None:
        return render(request, "registration/confirm_email.html", status=400)
    user, email = confirmed
    if request.method == "POST":
        if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            messages.error(request, f"{email} is already used by another account.")
        else:
            user.email = email
            user.save(update_fields=["email"])
            messages.success(request, f"{email} is confirmed for password resets.")
        return redirect("account" if request.user == user else "library")
    context = {"account": user, "email": email}
    return render(request, "registration/confirm_email.html", context)


@require_POST
def logout_view(request: HtmxHttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You have logged out.")
    response = redirect("library")
    # Drops unsaved text kept in sessionStorage on this device.
    response["Clear-Site-Data"] = '"storage"'
    return response


@login_required
@require_GET
def account(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "registration/account.html",
        {"draft_count": request.user.drafts.count()},
    )


@login_required
@require_GET
def export_data(request: AuthedHttpRequest) -> HttpResponse:
    response = HttpResponse(user_export(request.user), content_type="application/zip")
    name = f"interview-answer-studio-{request.user.username}-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = attachment(name)
    return response


def password_lockout(
    request: AuthedHttpRequest, wrong_password: bool
) -> HttpResponse | None:
    """A wrong password typed into a logged-in form counts as a failed log-in, under
    the same rules (django-axes: AXES_FAILURE_LIMIT failures from one address, locked
    for the cool-off). Locked: the session ends and the lockout page answers."""
    credentials = {"username": request.user.get_username()}
    if wrong_password:
        user_login_failed.send(__name__, credentials=credentials, request=request)
    if not AxesProxyHandler.is_locked(request, credentials):
        return None
    logout(request)
    return get_lockout_response(request, credentials=credentials)


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: AuthedHttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST":
        valid = form.is_valid()
        wrong = form.has_error("password", "wrong_password")
        if locked := password_lockout(request, wrong):
            return locked
        if valid:
            user = request.user
            logout(request)  # first: logging out writes to the access log
            delete_user(user)
            messages.success(
                request, "Your account and all your drafts have been deleted."
            )
            response = redirect("library")
            response["Clear-Site-Data"] = '"storage"'
            return response
    status = 422 if form.errors else 200
    context = {"form": form, "draft_count": request.user.drafts.count()}
    return render(request, "registration/delete_account.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: AuthedHttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST":
        valid = form.is_valid()
        wrong = form.has_error("old_password", "password_incorrect")
        if locked := password_lockout(request, wrong):
            return locked
        if valid:
            form.save()
            update_session_auth_hash(request, form.user)
            return redirect("password_change_done")
    status = 422 if form.errors else 200
    return render(
        request, "registration/password_change_form.html", {"form": form}, status=status
    )
