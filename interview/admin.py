from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify

from .guide_format import render_guide, step_title_key
from .guide_sync import add_missing_sections, guide_data
from .models import Draft, ExampleAnswer, Guide, Step, Tag
from .page_cache import bump_content_versions


class StepFormSet(BaseInlineFormSet):
    """The guide's current steps have titles of their own, as in a guide file."""

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if not data.get("title") or data.get("retired"):
                continue
            key = step_title_key(data["title"])
            if key in seen:
                form.add_error(
                    "title",
                    "Another current step has this title (ignoring case and "
                    "spacing): an import matches steps by title.",
                )
            seen.add(key)


class StepInline(admin.StackedInline):
    """Steps are added or retired here, never deleted: drafts hold text for them.
    Saving the guide gives existing drafts a section for every current step, as an
    import does (interview.guide_sync.add_missing_sections)."""

    model = Step
    formset = StepFormSet
    extra = 0
    can_delete = False
    fields = [
        "order",
        "title",
        "guidance",
        "prompts",
        ("words_min", "words_max"),
        "role",
        "retired",
    ]
    verbose_name_plural = (
        "Steps (to remove one, tick retired: drafts keep its text; or import a new "
        "version of the guide)"
    )


class ExampleInline(admin.StackedInline):
    model = ExampleAnswer
    extra = 0
    fields = ["order", "title", "label", "body", "parts"]


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["title", "published", "updated_at"]
    list_editable = ["published"]
    list_filter = ["published", "framework", "tags"]
    search_fields = ["title", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tags"]
    inlines = [StepInline, ExampleInline]
    actions = ["export_guides", "publish", "unpublish"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Guide]:
        # Users' own questions are their private text, like their drafts' text.
        return super().get_queryset(request).library()

    def save_related(
        self, request: HttpRequest, form: Any, formsets: Any, change: bool
    ) -> None:
        # save_model has bumped the guide's content_version (Guide.save), in the
        # same transaction as its steps, examples and tags saved here.
        super().save_related(request, form, formsets, change)
        add_missing_sections(form.instance)

    @admin.action(description="Export selected guides in the guide file format")
    def export_guides(
        self, request: HttpRequest, queryset: QuerySet[Guide]
    ) -> HttpResponse:
        guides = list(queryset)
        text = "\n\n".join(render_guide(guide_data(guide)) for guide in guides)
        name = f"{slugify(guides[0].title)}.md" if len(guides) == 1 else "guides.md"
        response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @admin.action(description="Publish selected guides")
    def publish(self, request: HttpRequest, queryset: QuerySet[Guide]) -> None:
        count = bump_content_versions(queryset, published=True)
        self.message_user(request, f"Published {count} guide(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected guides")
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Guide]) -> None:
        count = bump_content_versions(queryset, published=False)
        self.message_user(request, f"Unpublished {count} guide(s).", messages.SUCCESS)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    # A tag's name shows on its guides' pages: a change is a change to them.
    def save_model(
        self, request: HttpRequest, obj: Tag, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        bump_content_versions(Guide.objects.filter(tags=obj))

    def delete_model(self, request: HttpRequest, obj: Tag) -> None:
        bump_content_versions(Guide.objects.filter(tags=obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Tag]) -> None:
        bump_content_versions(Guide.objects.filter(tags__in=queryset))
        super().delete_queryset(request, queryset)


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin):
    """Metadata only: drafts are personal, so their text is not shown here."""

    list_display = ["title", "guide", "owner", "updated_at"]
    list_select_related = ["guide", "owner"]
    fields = ["title", "guide", "owner", "created_at", "updated_at"]
    readonly_fields = fields
    search_fields = ["owner__username"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
