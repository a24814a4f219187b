"""Your questions: the page listing a user's (or a visitor's) own questions, and
adding, editing, starting, downloading and deleting one. Private to the owner:
anyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interview.answers import create_draft, draft_summary, with_progress
from interview.forms import STEP_ROWS, GuideUploadForm, OwnQuestionForm
from interview.frameworks import FRAMEWORK_STEPS
from interview.guide_format import render_guide
from interview.http import HtmxHttpRequest, attachment
from interview.models import Guide
from interview.own_questions import (
    create_own_question,
    delete_own_question,
    download_data,
    may_add_question,
    own_questions,
    owned_question,
    question_data,
    update_own_question,
    written_steps,
)
from interview.visitors import (
    TOO_MANY_DRAFTS,
    draft_owner,
    draft_owner_required,
    may_add_draft,
    new_draft_owner,
)


@draft_owner_required
@require_GET
def your_questions(request: HtmxHttpRequest) -> HttpResponse:
    questions = own_questions(draft_owner(request))
    return render(request, "questions/your_questions.html", {"questions": questions})


def too_many(request: HtmxHttpRequest, template: str, context: dict) -> HttpResponse:
    form = context["form"]
    form.add_error(
        None, "You have as many questions as one can keep: delete one first."
    )
    return render(request, template, context, status=403)


@require_http_methods(["GET", "POST"])
def new_question(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "GET":
        form = OwnQuestionForm(initial={"template": "STAR"})
        return render(request, "questions/edit.html", {"form": form})
    form = OwnQuestionForm(request.POST)
    if not form.is_valid():
        return render(request, "questions/edit.html", {"form": form}, status=422)
    template = form.cleaned_data["template"]
    steps = (
        FRAMEWORK_STEPS[template]
        if template
        else written_steps(form.cleaned_data["rows"])
    )
    data = question_data(
        form.cleaned_data["title"], form.cleaned_data["introduction"], template, steps
    )
    owner = new_draft_owner(request)
    with transaction.atomic():
        if not may_add_question(owner):
            return too_many(request, "questions/edit.html", {"form": form})
        guide = create_own_question(owner, data)
    messages.success(request, "Question added. Only you can see it.")
    return redirect(guide)


@require_http_methods(["GET", "POST"])
def upload_question(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "questions/upload.html", {"form": GuideUploadForm()})
    form = GuideUploadForm(request.POST, request.FILES)
    if form.is_valid() and len(form.cleaned_data["file"].steps) > STEP_ROWS:
        form.add_error("file", f"An own question has at most {STEP_ROWS} steps.")
    if not form.is_valid():
        return render(request, "questions/upload.html", {"form": form}, status=422)
    owner = new_draft_owner(request)
    with transaction.atomic():
        if not may_add_question(owner):
            return too_many(request, "questions/upload.html", {"form": form})
        guide = create_own_question(owner, form.cleaned_data["file"])
    messages.success(request, "Question added from the file. Only you can see it.")
    return redirect(guide)


@draft_owner_required
@require_GET
def own_question(request: HtmxHttpRequest, question_id: int) -> HttpResponse:
    owner = draft_owner(request)
    guide = owned_question(owner, question_id)
    drafts = with_progress(guide.drafts.filter(**owner))
    context = {
        "guide": guide,
        "steps": guide.steps.filter(retired=False),
        "my_drafts": [draft_summary(draft) for draft in drafts],
    }
    return render(request, "questions/question.html", context)


@draft_owner_required
@require_POST
def start_own(request: HtmxHttpRequest, question_id: int) -> HttpResponse:
    owner = draft_owner(request)
    guide = owned_question(owner, question_id)
    with transaction.atomic():  # as steps.start: the visitor's limit holds
        if not may_add_draft(owner):
            messages.error(request, TOO_MANY_DRAFTS)
            return redirect(guide)
        draft = create_draft(
            owner.get("owner"), guide, visitor_key=owner.get("visitor_key", "")
        )
    return redirect("step", draft.pk, 1)


@draft_owner_required
@require_http_methods(["GET", "POST"])
def edit_question(request: HtmxHttpRequest, question_id: int) -> HttpResponse:
    guide = owned_question(draft_owner(request), question_id)
    current = list(guide.steps.filter(retired=False))
    if request.method == "GET":
        initial = {"title": guide.title, "introduction": guide.introduction}
        for n, step in enumerate(current, 1):
            initial[f"step_{n}_title"] = step.title
            initial[f"step_{n}_guidance"] = step.guidance
        form = OwnQuestionForm(initial=initial, with_template=False)
        return render(request, "questions/edit.html", {"form": form, "guide": guide})
    form = OwnQuestionForm(request.POST, with_template=False)
    if not form.is_valid():
        context = {"form": form, "guide": guide}
        return render(request, "questions/edit.html", context, status=422)
    steps = written_steps(form.cleaned_data["rows"], current)
    data = question_data(
        form.cleaned_data["title"],
        form.cleaned_data["introduction"],
        guide.framework,
        steps,
    )
    changes = update_own_question(guide, data)
    messages.success(request, "Question saved." if changes else "Nothing changed.")
    return redirect(guide)


@draft_owner_required
@require_http_methods(["GET", "POST"])
def delete_question(request: HtmxHttpRequest, question_id: int) -> HttpResponse:
    guide = owned_question(draft_owner(request), question_id)
    if request.method == "POST":
        drafts = delete_own_question(guide)
        messages.success(
            request,
            f"Deleted “{guide.title}” and its {drafts} draft{'s' if drafts != 1 else ''}.",
        )
        return redirect("your_questions")
    context = {"guide": guide, "draft_count": guide.drafts.count()}
    return render(request, "questions/delete.html", context)


@draft_owner_required
@require_GET
def download_question(request: HtmxHttpRequest, question_id: int) -> HttpResponse:
    guide: Guide = owned_question(draft_owner(request), question_id)
    response = HttpResponse(
        render_guide(download_data(guide)), content_type="text/markdown; charset=utf-8"
    )
    name = slugify(guide.title)[:80] or "question"
    response["Content-Disposition"] = attachment(f"{name}.md")
    return response
