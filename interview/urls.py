from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from .forms import PasswordResetForm
from .views import (
    accounts,
    coach_panel,
    history_pages,
    library,
    my_drafts,
    rehearse,
    review,
    sharing,
    steps,
    your_questions,
)


class ExtensionConverter:
    regex = "md|txt"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExtensionConverter, "ext")

account_patterns = [
    path("signup/", accounts.signup, name="signup"),
    path("email/confirm/<str:token>/", accounts.confirm_email, name="confirm_email"),
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", accounts.logout_view, name="logout"),
    path("", accounts.account, name="account"),
    path("export/", accounts.export_data, name="export_data"),
    path("delete/", accounts.delete_account, name="delete_account"),
    path("password/", accounts.password_change, name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

draft_patterns = [
    path("", my_drafts.my_drafts, name="my_drafts"),
    path("<int:draft_id>/steps/<int:number>/", steps.step, name="step"),
    path(
        "<int:draft_id>/autosave/",
        steps.autosave,
        name="autosave",
    ),
    path("<int:draft_id>/review/", review.review, name="review"),
    path(
        "<int:draft_id>/review/sections/<int:number>/",
        review.review_section,
        name="review_section",
    ),
    path("<int:draft_id>/download.<ext:extension>", review.download, name="download"),
    # The rehearsal room and its log.
    path("<int:draft_id>/rehearse/", rehearse.rehearse, name="rehearse"),
    path("<int:draft_id>/rehearsals/", rehearse.log, name="rehearsals"),
    path("<int:draft_id>/coach/", coach_panel.coach_visibility, name="coach"),
    path("<int:draft_id>/rename/", my_drafts.rename, name="rename"),
    path("<int:draft_id>/duplicate/", my_drafts.duplicate, name="duplicate"),
    path("<int:draft_id>/delete/", my_drafts.delete, name="delete"),
    # Mentor review: the owner's side (interview/views/sharing.py).
    path("<int:draft_id>/share/", sharing.share, name="share"),
    path(
        "<int:draft_id>/share/<int:link_id>/revoke/",
        sharing.revoke_share,
        name="revoke_share",
    ),
    path(
        "<int:draft_id>/comments/<int:comment_id>/resolve/",
        sharing.resolve_comment,
        name="resolve_comment",
    ),
    path(
        "<int:draft_id>/comments/<int:comment_id>/delete/",
        sharing.delete_comment,
        name="delete_comment",
    ),
    # Revision history (interview/history.py)
    path("<int:draft_id>/history/", history_pages.draft_history, name="draft_history"),
    path(
        "<int:draft_id>/sections/<int:section_id>/history/",
        history_pages.section_history,
        name="section_history",
    ),
    path(
        "<int:draft_id>/sections/<int:section_id>/history/<int:revision_id>/restore/",
        history_pages.restore_revision,
        name="restore_revision",
    ),
]

handler400 = "interview.views.errors.bad_request"
handler403 = "interview.views.errors.permission_denied"
handler404 = "interview.views.errors.page_not_found"
handler500 = "interview.views.errors.server_error"

question_patterns = [
    path("", your_questions.your_questions, name="your_questions"),
    path("new/", your_questions.new_question, name="new_question"),
    path("upload/", your_questions.upload_question, name="upload_question"),
    path("<int:question_id>/", your_questions.own_question, name="own_question"),
    path("<int:question_id>/start/", your_questions.start_own, name="start_own"),
    path("<int:question_id>/edit/", your_questions.edit_question, name="edit_question"),
    path(
        "<int:question_id>/delete/",
        your_questions.delete_question,
        name="delete_question",
    ),
    path(
        "<int:question_id>/download.md",
        your_questions.download_question,
        name="download_question",
    ),
]

urlpatterns = [
    path("", library.library, name="library"),
    path("healthz", library.healthz, name="healthz"),
    path("frameworks/", library.frameworks, name="frameworks"),
    # Before the question page: "mine" would read as a slug.
    path("questions/mine/", include(question_patterns)),
    path("questions/<slug:slug>/", library.question, name="question"),
    path("questions/<slug:slug>/start/", steps.start, name="start"),
    path("drafts/", include(draft_patterns)),
    # Mentor review: the link holder's side, no login.
    path("shared/<str:token>/", sharing.shared, name="shared"),
    path("shared/<str:token>/comments/", sharing.shared_comment, name="shared_comment"),
    path("accounts/", include(account_patterns)),
    path("admin/", admin.site.urls),
]
