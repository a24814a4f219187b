"""import_guide and export_guide: guide files in, guide files out, drafts kept."""

from __future__ import annotations

import tracemalloc
from dataclasses import replace
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from interview import guide_format
from interview.answers import create_draft, default_title, draft_sections
from interview.guide_parser import parse_guide
from interview.guide_sync import guide_data, save_guide
from interview.models import Draft, ExampleAnswer, Guide, Section, Step, Tag

from .factories import GUIDES_DIR, SEED_SLUG, make_draft, make_guide
from .factories import guide_data as fake_guide_data

pytestmark = pytest.mark.django_db

BUNDLED = sorted(GUIDES_DIR.glob("*.md"))
# The seed with its tags, as it was bundled before the guides gained prompts: the
# edits below are made to this text. The bundled guides are tested as they are.
SEED_FILE = Path(__file__).parent / "fixtures" / "seed_with_tags.md"
SEED_TEXT = SEED_FILE.read_text(encoding="utf-8")


def import_guides(*paths: Path | str, dry_run: bool = False) -> tuple[str, str]:
    """Run import_guide; return (stdout, stderr). A failure raises CommandError."""
    out, err = StringIO(), StringIO()
    args = [str(path) for path in paths] + (["--dry-run"] if dry_run else [])
    call_command("import_guide", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_failing(*paths: Path | str) -> tuple[str, str, CommandError]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_guide", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), caught.value


def export(slug: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("export_guide", slug, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]


def snapshot() -> list[list[tuple]]:
    """Everything an import could change, to compare before and after."""
    return [
        list(
            Guide.objects.values_list(
                "pk", "title", "introduction", "closing_tips", "updated_at"
            )
        ),
        list(
            Step.objects.values_list(
                "pk", "guide_id", "order", "title", "guidance", "retired"
            )
        ),
        list(
            ExampleAnswer.objects.values_list(
                "pk", "guide_id", "order", "title", "body"
            )
        ),
        list(Tag.objects.values_list("pk", "name")),
        list(
            Guide.tags.through.objects.values_list("guide_id", "tag_id").order_by(
                "guide_id", "tag_id"
            )
        ),
        list(
            Section.objects.values_list("pk", "draft_id", "step_id", "text", "version")
        ),
    ]


# Importing the bundled guides


def test_importing_the_bundled_guides_creates_every_one() -> None:
    out, err = import_guides(*BUNDLED)
    n = len(BUNDLED)
    assert Guide.objects.count() == n >= 40
    assert f"{n} guide file(s): {n} created, 0 updated, 0 unchanged, 0 failed." in out
    assert err == ""


def test_the_imported_seed_has_its_steps_examples_tips_and_tags() -> None:
    import_guides(SEED_FILE)
    guide = Guide.objects.get(slug=SEED_SLUG)
    assert guide.title == "What Kind Of Mentoring Experience Do You Have?"
    assert guide.published
    assert list(guide.steps.values_list("order", "title")) == [
        (1, "Provide context"),
        (2, "Discuss your approach"),
        (3, "Highlight the outcome"),
        (4, "Show willingness to learn"),
    ]
    assert list(guide.examples.values_list("title", flat=True)) == [
        "Example 1",
        "Example 2",
    ]
    assert guide.closing_tips.startswith("Remember, when answering")
    assert sorted(guide.tags.values_list("name", flat=True)) == [
        "growth",
        "leadership",
        "mentoring",
    ]
    assert guide_data(guide) == replace(
        parse_guide(SEED_TEXT), tags=("growth", "leadership", "mentoring")
    )


def test_the_created_guide_is_reported_with_its_counts() -> None:
    out, _ = import_guides(SEED_FILE)
    assert f"{SEED_FILE}: {SEED_SLUG}: created with 4 steps and 2 examples" in out


def test_guides_sharing_a_tag_share_one_tag() -> None:
    import_guides(*BUNDLED)
    assert Tag.objects.filter(name="leadership").count() == 1
    assert Tag.objects.get(name="leadership").guides.count() >= 2


def test_importing_again_changes_nothing_and_writes_nothing() -> None:
    import_guides(*BUNDLED)
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        out, err = import_guides(*BUNDLED)
    n = len(BUNDLED)
    assert f"{n} guide file(s): 0 created, 0 updated, {n} unchanged, 0 failed." in out
    assert err == ""
    assert writes(queries) == []
    assert snapshot() == before


def test_unchanged_files_are_named_at_higher_verbosity() -> None:
    import_guides(SEED_FILE)
    out = StringIO()
    call_command(
        "import_guide", str(SEED_FILE), verbosity=2, stdout=out, stderr=StringIO()
    )
    assert f"{SEED_FILE}: unchanged" in out.getvalue()


def test_importing_again_with_drafts_writes_nothing(user: User) -> None:
    import_guides(SEED_FILE)
    make_draft(
        user, Guide.objects.get(slug=SEED_SLUG), ["My context.", "", "My outcome."]
    )
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        import_guides(SEED_FILE)
    assert writes(queries) == []
    assert snapshot() == before


def test_a_dry_run_of_new_guides_reports_them_and_writes_nothing() -> None:
    out, _ = import_guides(*BUNDLED, dry_run=True)
    assert "created with 4 steps and 2 examples" in out
    n = len(BUNDLED)
    assert f"Dry run, nothing written: {n} guide file(s): {n} created" in out
    assert Guide.objects.count() == 0
    assert Step.objects.count() == 0
    assert Tag.objects.count() == 0


# Editing a guide file and importing it again


@pytest.fixture
def guide_file(tmp_path: Path) -> Path:
    """The bundled seed, copied where a test may edit it, and imported."""
    path = tmp_path / "mentoring.md"
    path.write_text(SEED_TEXT, encoding="utf-8")
    import_guides(path)
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def seed_guide_in_db() -> Guide:
    return Guide.objects.get(slug=SEED_SLUG)


def active_steps() -> list[tuple[int, str]]:
    return list(
        seed_guide_in_db().steps.filter(retired=False).values_list("order", "title")
    )


def step(title: str) -> Step:
    return Step.objects.get(guide__slug=SEED_SLUG, title=title)


STEP_2 = "2. **Discuss your approach:** Discuss your approach to mentoring, highlighting specific strategies or techniques you used to provide guidance and support.\n"
STEP_3 = "3. **Highlight the outcome:** Highlight the outcome of the mentoring relationship, including any successes or challenges and any lessons you learned from the experience.\n"
ALL_WRITTEN = ["Context.", "Approach.", "Outcome.", "Learning."]

# Edits to the seed's file, as (old, new), that more than one test makes.
REWORD_STEP_2 = ("Discuss your approach to mentoring,", "Explain how you mentored,")
RENAME_STEP_1 = ("**Provide context:**", "**Set the scene:**")
SWAP_STEPS_2_AND_3 = (
    STEP_2 + STEP_3,
    STEP_3.replace("3.", "2.", 1) + STEP_2.replace("2.", "3.", 1),
)
ADD_STEP_5 = (
    "\n\nSample Answers",
    "\n5. **Ask for questions:** Invite the interviewer's questions.\n\nSample Answers",
)


def remove_step_2(path: Path) -> None:
    """Take "Discuss your approach" out of the file and number the later steps down."""
    edit(path, STEP_2, "")
    edit(path, "3. **High", "2. **High")
    edit(path, "4. **Show", "3. **Show")


def texts(draft: Draft) -> list[str]:
    return [section.text for section in draft_sections(draft)]


def step_titles(draft: Draft) -> list[str]:
    return [section.step.title for section in draft_sections(draft)]


@pytest.mark.parametrize(
    ("change", "reports"),
    [
        pytest.param(
            REWORD_STEP_2,
            ['step 2 "Discuss your approach" guidance changed'],
            id="rewording a step",
        ),
        pytest.param(
            RENAME_STEP_1,
            ['step 1 renamed "Provide context" -> "Set the scene"'],
            id="renaming a step",
        ),
        pytest.param(
            (
                "**Provide context:** Provide context for",
                "**Set the scene:** Set the scene for",
            ),
            [
                'step 1 renamed "Provide context" -> "Set the scene"',
                'step 1 "Set the scene" guidance changed',
            ],
            id="renaming and rewording a step",
        ),
        pytest.param(
            SWAP_STEPS_2_AND_3,
            [
                'step "Highlight the outcome" moved from 3 to 2',
                'step "Discuss your approach" moved from 2 to 3',
            ],
            id="swapping two steps",
        ),
        pytest.param(
            ADD_STEP_5,
            ['step 5 "Ask for questions" added'],
            id="adding a step",
        ),
    ],
)
def test_an_edit_is_reported_as_one_updated_guide(
    guide_file: Path, change: tuple[str, str], reports: list[str]
) -> None:
    edit(guide_file, *change)
    out, _ = import_guides(guide_file)
    for report in reports:
        assert report in out
    assert "0 created, 1 updated, 0 unchanged" in out


def test_rewording_a_step_updates_it_in_place(guide_file: Path) -> None:
    before = step("Discuss your approach").pk
    edit(guide_file, *REWORD_STEP_2)
    import_guides(guide_file)
    assert step("Discuss your approach").pk == before
    assert step("Discuss your approach").guidance.startswith(
        "Explain how you mentored,"
    )


def test_an_update_marks_the_guide_as_updated(guide_file: Path) -> None:
    updated_at = seed_guide_in_db().updated_at
    edit(guide_file, *REWORD_STEP_2)
    import_guides(guide_file)
    assert seed_guide_in_db().updated_at > updated_at


def test_renaming_a_step_keeps_its_sections(guide_file: Path, user: User) -> None:
    draft = make_draft(user, seed_guide_in_db(), ["My context.", "My approach."])
    section = draft.sections.get(step__title="Provide context")
    edit(guide_file, *RENAME_STEP_1)
    import_guides(guide_file)
    section.refresh_from_db()
    assert section.step.title == "Set the scene"
    assert section.step.order == 1
    assert section.text == "My context."
    assert Step.objects.filter(guide__slug=SEED_SLUG).count() == 4


def test_reordering_steps_keeps_their_sections(guide_file: Path, user: User) -> None:
    draft = make_draft(user, seed_guide_in_db(), ALL_WRITTEN)
    edit(guide_file, *SWAP_STEPS_2_AND_3)
    import_guides(guide_file)
    assert active_steps() == [
        (1, "Provide context"),
        (2, "Highlight the outcome"),
        (3, "Discuss your approach"),
        (4, "Show willingness to learn"),
    ]
    assert texts(draft) == ["Context.", "Outcome.", "Approach.", "Learning."]


def test_a_step_title_typed_in_the_admin_with_other_case_and_spacing_still_matches(
    guide_file: Path, user: User
) -> None:
    draft = make_draft(user, seed_guide_in_db(), ALL_WRITTEN)
    Step.objects.filter(title="Discuss your approach").update(
        title="Discuss  your APPROACH"
    )
    edit(guide_file, *SWAP_STEPS_2_AND_3)
    out, _ = import_guides(guide_file)
    assert 'step 3 renamed "Discuss  your APPROACH" -> "Discuss your approach"' in out
    assert "added" not in out
    assert texts(draft) == ["Context.", "Outcome.", "Approach.", "Learning."]


def test_adding_a_step_gives_existing_drafts_an_empty_section(
    guide_file: Path, user: User
) -> None:
    draft = make_draft(user, seed_guide_in_db(), ALL_WRITTEN)
    edit(guide_file, *ADD_STEP_5)
    import_guides(guide_file)
    assert step_titles(draft)[-1] == "Ask for questions"
    assert texts(draft) == [
        "Context.",
        "Approach.",
        "Outcome.",
        "Learning.",
        "",
    ]


def test_adding_a_step_in_the_middle_moves_none_of_the_others(
    guide_file: Path, user: User
) -> None:
    draft = make_draft(user, seed_guide_in_db(), ALL_WRITTEN)
    new_steps = (
        STEP_2
        + "3. **Name the people:** Say who was involved.\n"
        + STEP_3.replace("3.", "4.", 1)
    )
    text = (
        guide_file.read_text()
        .replace(STEP_2 + STEP_3, new_steps)
        .replace("\n4. **Show", "\n5. **Show")
    )
    guide_file.write_text(text)
    out, _ = import_guides(guide_file)
    assert 'step 3 "Name the people" added' in out
    assert "moved" not in out
    assert texts(draft) == [
        "Context.",
        "Approach.",
        "",
        "Outcome.",
        "Learning.",
    ]


def test_removing_a_step_with_text_retires_it_and_keeps_the_text(
    guide_file: Path, user: User
) -> None:
    draft = make_draft(
        user, seed_guide_in_db(), ["Context.", "My approach, in detail."]
    )
    remove_step_2(guide_file)
    out, _ = import_guides(guide_file)
    assert 'step "Discuss your approach" retired (drafts keep its text)' in out
    assert "moved" not in out
    retired = step("Discuss your approach")
    assert retired.retired
    assert (
        Section.objects.get(draft=draft, step=retired).text == "My approach, in detail."
    )
    assert active_steps() == [
        (1, "Provide context"),
        (2, "Highlight the outcome"),
        (3, "Show willingness to learn"),
    ]
    # The draft shows the current steps, then the retired one that holds the user's text.
    assert step_titles(draft) == [
        "Provide context",
        "Highlight the outcome",
        "Show willingness to learn",
        "Discuss your approach",
    ]


def test_removing_a_step_nobody_wrote_in_deletes_it(
    guide_file: Path, user: User
) -> None:
    draft = make_draft(user, seed_guide_in_db(), ["Context.", "   \n"])
    remove_step_2(guide_file)
    out, _ = import_guides(guide_file)
    assert 'step "Discuss your approach" removed' in out
    assert not Step.objects.filter(title="Discuss your approach").exists()
    assert step_titles(draft) == [
        "Provide context",
        "Highlight the outcome",
        "Show willingness to learn",
    ]
    assert draft_sections(draft)[0].text == "Context."


def test_a_new_draft_after_a_step_was_retired_has_no_section_for_it(
    guide_file: Path, user: User
) -> None:
    make_draft(user, seed_guide_in_db(), ["", "Kept."])
    remove_step_2(guide_file)
    import_guides(guide_file)
    draft = make_draft(user, seed_guide_in_db())
    assert step_titles(draft) == [
        "Provide context",
        "Highlight the outcome",
        "Show willingness to learn",
    ]


def test_a_retired_step_that_comes_back_brings_its_text_back(
    guide_file: Path, user: User
) -> None:
    original = guide_file.read_text()
    draft = make_draft(user, seed_guide_in_db(), ["Context.", "My approach."])
    remove_step_2(guide_file)
    import_guides(guide_file)
    later = make_draft(user, seed_guide_in_db())
    guide_file.write_text(original)
    out, _ = import_guides(guide_file)
    assert 'step 2 "Discuss your approach" restored (drafts get back their text)' in out
    assert active_steps()[1] == (2, "Discuss your approach")
    assert Step.objects.filter(guide__slug=SEED_SLUG).count() == 4
    assert texts(draft) == [
        "Context.",
        "My approach.",
        "",
        "",
    ]
    assert step_titles(later)[1] == "Discuss your approach"


def test_changes_to_title_introduction_tips_examples_and_tags_are_reported(
    guide_file: Path,
) -> None:
    edit(guide_file, "Do You Have?", "do you have?")
    edit(guide_file, "Mentoring can be", "Mentoring is")
    edit(guide_file, "Remember, when answering", "Remember: when answering")
    edit(guide_file, "As a senior manager", "As a senior engineer")
    edit(guide_file, "Tags: mentoring, leadership, growth", "Tags: mentoring, coaching")
    out, _ = import_guides(guide_file)
    for change in [
        "title changed",
        "introduction changed",
        "closing tips changed",
        'example 1 "Example 1" changed',
        "tags changed to coaching, mentoring",
    ]:
        assert change in out
    guide = seed_guide_in_db()
    assert guide.title == "What Kind Of Mentoring Experience do you have?"
    assert sorted(guide.tags.values_list("name", flat=True)) == [
        "coaching",
        "mentoring",
    ]
    assert guide.examples.get(order=1).body.startswith("As a senior engineer")


def test_adding_and_removing_examples_is_reported(guide_file: Path) -> None:
    edit(
        guide_file,
        "\nRemember, when",
        "\n### Example 3\n\nA third answer.\n\nRemember, when",
    )
    out, _ = import_guides(guide_file)
    assert 'example 3 "Example 3" added' in out
    assert seed_guide_in_db().examples.count() == 3
    guide_file.write_text(
        SEED_TEXT.replace(
            SEED_TEXT[
                SEED_TEXT.index("### Example 2") : SEED_TEXT.index("Remember, when")
            ],
            "",
        )
    )
    out, _ = import_guides(guide_file)
    assert 'example 2 "Example 2" removed' in out
    assert 'example 3 "Example 3" removed' in out
    assert seed_guide_in_db().examples.count() == 1


def test_an_import_keeps_the_published_flag_an_editor_set(guide_file: Path) -> None:
    Guide.objects.filter(slug=SEED_SLUG).update(published=False)
    edit(guide_file, "Mentoring can be", "Mentoring is")
    import_guides(guide_file)
    assert not seed_guide_in_db().published


def test_a_dry_run_of_an_edit_reports_it_and_writes_nothing(
    guide_file: Path, user: User
) -> None:
    make_draft(user, seed_guide_in_db(), ["Context.", "Approach."])
    before = snapshot()
    remove_step_2(guide_file)
    out, _ = import_guides(guide_file, dry_run=True)
    assert 'step "Discuss your approach" retired (drafts keep its text)' in out
    assert "Dry run, nothing written: 1 guide file(s): 0 created, 1 updated" in out
    assert snapshot() == before


def test_tags_are_matched_by_their_slug(guide_file: Path) -> None:
    Tag.objects.filter(name="leadership").update(name="Leadership")
    out, _ = import_guides(guide_file)
    assert "0 created, 0 updated, 1 unchanged" in out


def test_a_tag_named_like_an_existing_one_with_another_slug_reuses_it() -> None:
    Tag.objects.create(name="team work", slug="teamwork-and-collaboration")
    save_guide(fake_guide_data(tags=("team work",)))
    assert Tag.objects.count() == 1


# Files that cannot be imported


def bad_copy(tmp_path: Path) -> Path:
    """The seed with step 2 missing its bold title, and a reworded introduction."""
    path = tmp_path / "broken.md"
    text = SEED_TEXT.replace("**Discuss your approach:**", "Discuss your approach:")
    path.write_text(text.replace("Mentoring can be", "Mentoring is"), encoding="utf-8")
    return path


def test_a_malformed_file_among_good_ones(tmp_path: Path) -> None:
    import_guides(SEED_FILE)
    before = list(Guide.objects.values_list("introduction", "updated_at"))
    good = [BUNDLED[0], BUNDLED[1]]
    bad = bad_copy(tmp_path)
    out, err, error = import_failing(good[0], bad, good[1])
    # The good ones are imported...
    assert Guide.objects.filter(slug__in=[path.stem for path in good]).count() == 2
    # ...the bad one writes nothing...
    assert (
        list(
            Guide.objects.filter(slug=SEED_SLUG).values_list(
                "introduction", "updated_at"
            )
        )
        == before
    )
    # ...stderr names the file, the line and what was expected...
    line = (
        SEED_TEXT.splitlines().index(
            next(x for x in SEED_TEXT.splitlines() if x.startswith("2. "))
        )
        + 1
    )
    assert (
        f"{bad}: line {line}: expected the step's title in bold followed by a colon"
        in err
    )
    # ...and the summary says which failed.
    assert (
        f"3 guide file(s): 2 created, 0 updated, 0 unchanged, 1 failed ({bad})." in out
    )
    assert str(bad) in str(error)
    assert "1 of 3 guide file(s) failed" in str(error)


def test_a_failing_import_exits_non_zero(tmp_path: Path) -> None:
    _, _, error = import_failing(bad_copy(tmp_path))
    assert error.returncode == 1  # what manage.py exits with


def test_a_missing_file_is_reported_not_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.md"
    out, err, _ = import_failing(missing, SEED_FILE)
    assert f"{missing}: cannot read the file: No such file or directory" in err
    assert "Traceback" not in err
    assert "1 created" in out
    assert Guide.objects.filter(slug=SEED_SLUG).exists()


def test_a_directory_is_reported_not_a_traceback(tmp_path: Path) -> None:
    _, err, _ = import_failing(tmp_path)
    assert f"{tmp_path}: cannot read the file" in err


def test_an_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "secret.md"
    path.write_text(SEED_TEXT)
    path.chmod(0)
    try:
        readable = path.open().close() is None
    except PermissionError:
        readable = False
    if readable:
        pytest.skip("running as a user who can read anything")
    _, err, _ = import_failing(path)
    assert f"{path}: cannot read the file: Permission denied" in err


def test_a_file_that_is_not_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes(SEED_TEXT.replace("Here's", "Voil\u00e0").encode("latin-1"))
    _, err, _ = import_failing(path)
    assert f"{path}: line 5: not UTF-8 text (byte 0xe0); save the file as UTF-8" in err
    assert Guide.objects.count() == 0


def test_a_utf16_file_from_a_windows_editor_is_imported(tmp_path: Path) -> None:
    path = tmp_path / "windows.md"
    path.write_bytes(SEED_TEXT.replace("\n", "\r\n").encode("utf-16"))
    import_guides(path)
    out, _ = import_guides(SEED_FILE)
    assert "1 unchanged" in out


def test_a_utf8_file_with_crlf_and_a_bom_is_the_same_guide(tmp_path: Path) -> None:
    import_guides(SEED_FILE)
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf" + SEED_TEXT.replace("\n", "\r\n").encode())
    out, _ = import_guides(path)
    assert "1 unchanged" in out


def test_a_huge_file_is_refused_by_its_size_without_being_read_whole(
    tmp_path: Path,
) -> None:
    path = tmp_path / "huge.md"
    with path.open("wb") as file:
        file.write(SEED_TEXT.encode())
        file.truncate(50 * 1024 * 1024)  # sparse: 50 MB that take no disk space
    tracemalloc.start()
    try:
        _, err, _ = import_failing(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    line = SEED_TEXT.count("\n") + 1  # the first line of the zeros after the guide
    assert f"{path}: line {line}: the file is larger than 256 KB: is it a guide?" in err
    # Reading the whole file would take 50 MB; the limit and a copy of it take 0.5 MB.
    assert peak < 8 * guide_format.FILE_MAX_BYTES
    assert Guide.objects.count() == 0


def test_a_file_with_two_steps_alike_is_refused_and_changes_nothing(
    guide_file: Path,
) -> None:
    before = snapshot()
    edit(guide_file, "**Highlight the outcome:**", "**provide  CONTEXT:**")
    _, err, _ = import_failing(guide_file)
    line = 1 + next(
        n
        for n, text in enumerate(guide_file.read_text().splitlines())
        if "**provide" in text
    )
    assert (
        f'{guide_file}: line {line}: step 3 has the same title as step 1 ("provide CONTEXT")'
        in err
    )
    assert snapshot() == before


def test_two_files_with_the_same_title_import_only_the_first(tmp_path: Path) -> None:
    copy = tmp_path / "copy.md"
    copy.write_text(SEED_TEXT.replace("Mentoring can be", "Mentoring is"))
    _, err, _ = import_failing(SEED_FILE, copy)
    assert (
        f'{copy}: the same title as {SEED_FILE} ("What Kind Of Mentoring Experience Do You Have?"); not imported'
        in err
    )
    assert seed_guide_in_db().introduction.startswith("Mentoring can be")


def test_the_format_checks_titles_against_the_database_column_sizes() -> None:
    assert Guide._meta.get_field("title").max_length == guide_format.TITLE_MAX
    assert Guide._meta.get_field("slug").max_length == guide_format.TITLE_MAX
    assert Step._meta.get_field("title").max_length == guide_format.STEP_TITLE_MAX
    assert (
        ExampleAnswer._meta.get_field("title").max_length
        == guide_format.EXAMPLE_TITLE_MAX
    )
    assert Tag._meta.get_field("name").max_length == guide_format.TAG_MAX


# save_guide without the command


def test_save_guide_reports_nothing_for_the_same_data() -> None:
    data = fake_guide_data()
    assert save_guide(data) == ["created with 4 steps and 2 examples"]
    assert save_guide(data) == []


def test_a_step_that_kept_its_place_is_not_reported_as_moved() -> None:
    # Steps 1, 2, 3, 4 become 1, 4, 3: step 4 moved up past step 3, which stayed third.
    data = fake_guide_data()
    save_guide(data)
    one, _, three, four = data.steps
    changes = save_guide(replace(data, steps=(one, four, three)))
    assert changes == [
        'step "Step title 2" removed',
        'step "Step title 4" moved from 4 to 2',
    ]


def test_save_guide_dry_run_reports_without_writing() -> None:
    assert save_guide(fake_guide_data(), dry_run=True) == [
        "created with 4 steps and 2 examples"
    ]
    assert Guide.objects.count() == 0


# export_guide


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.stem)
def test_export_prints_text_that_parses_back_to_the_same_guide(path: Path) -> None:
    import_guides(path)
    guide = Guide.objects.get(slug=path.stem)
    out, err = export(path.stem)
    assert parse_guide(out) == guide_data(guide)
    assert err == ""


def test_an_exported_guide_imports_as_unchanged(tmp_path: Path) -> None:
    import_guides(*BUNDLED)
    for path in BUNDLED:
        (tmp_path / path.name).write_text(export(path.stem)[0], encoding="utf-8")
    out, _ = import_guides(*sorted(tmp_path.iterdir()))
    assert f"0 created, 0 updated, {len(BUNDLED)} unchanged, 0 failed" in out


def test_an_exported_seed_holds_its_title_steps_and_tips() -> None:
    import_guides(SEED_FILE)
    out, _ = export(SEED_SLUG)
    assert out.startswith("What Kind Of Mentoring Experience Do You Have?\n===")
    assert (
        "\n1. **Provide context:** Provide context for your mentoring experience" in out
    )
    assert out.rstrip().endswith("contributed to your professional growth.")


def test_export_leaves_out_retired_steps(guide_file: Path, user: User) -> None:
    make_draft(user, seed_guide_in_db(), ["", "Kept."])
    remove_step_2(guide_file)
    import_guides(guide_file)
    out, _ = export(SEED_SLUG)
    assert "Discuss your approach:" not in out
    assert len(parse_guide(out).steps) == 3


def test_export_of_an_unknown_slug_fails_with_a_clear_message() -> None:
    import_guides(SEED_FILE)
    with pytest.raises(CommandError) as caught:
        export("what-kind-of-mentoring")
    assert str(caught.value) == (
        f'No guide with the slug "what-kind-of-mentoring". Did you mean: {SEED_SLUG}?'
    )


def test_export_of_part_of_a_slug_suggests_the_whole_slug() -> None:
    import_guides(SEED_FILE)
    with pytest.raises(CommandError) as caught:
        export("mentoring")
    assert "Did you mean: what-kind-of-mentoring-experience-do-you-have?" in str(
        caught.value
    )


def test_export_with_no_guides_at_all_fails_without_suggestions() -> None:
    with pytest.raises(CommandError) as caught:
        export("anything")
    assert str(caught.value) == 'No guide with the slug "anything".'


def test_export_of_a_guide_the_format_cannot_hold_warns() -> None:
    import_guides(SEED_FILE)
    Guide.objects.filter(slug=SEED_SLUG).update(closing_tips="")
    out, err = export(SEED_SLUG)
    assert out
    assert "Warning: this text will not import until it is fixed: line" in err
    assert '"Tips" section is empty' in err


def test_export_of_text_edited_in_the_admin_gives_a_file_that_imports(
    tmp_path: Path,
) -> None:
    import_guides(SEED_FILE)
    Guide.objects.filter(slug=SEED_SLUG).update(
        introduction="First line\r\nsecond line.\r\n\r\nAnother paragraph."
    )
    out, err = export(SEED_SLUG)
    assert err == ""
    assert (
        parse_guide(out).introduction == "First line second line.\n\nAnother paragraph."
    )
    path = tmp_path / "exported.md"
    path.write_text(out)
    out, _ = import_guides(path)
    assert "introduction changed" in out
    assert Draft.objects.count() == 0


# A new draft's title: the question and the date, in Draft.title's 200 characters


def today() -> str:
    return f" ({date_format(timezone.localdate(), 'j M Y')})"


@pytest.mark.parametrize("length", [1, guide_format.TITLE_MAX, 186])
def test_a_new_drafts_title_is_the_question_and_the_date(length: int) -> None:
    title = "Q" * length
    assert default_title(Guide(title=title)) == title + today()


@pytest.mark.parametrize("length", [187, 200])
def test_a_question_too_long_for_a_drafts_title_is_shortened_to_fit(
    length: int,
) -> None:
    title = default_title(Guide(title="Q" * length))
    assert len(title) == Draft._meta.get_field("title").max_length
    assert title.endswith("Q\u2026" + today())


def test_a_draft_of_a_guide_with_a_200_character_title_can_be_started(
    user: User,
) -> None:
    """A title the admin could save before migration 0003 shortened the column gave a
    214-character draft title: a 500 on PostgreSQL. The title is set past the parser;
    PostgreSQL's column no longer stores one so long, so it is set on the instance,
    which is all create_draft reads of it."""
    guide = make_guide()
    guide.title = "Q" * 200
    draft = create_draft(user, guide)
    stored = Draft.objects.get(pk=draft.pk).title
    assert stored == "Q" * (200 - len(today()) - 1) + "\u2026" + today()
    assert draft.sections.count() == 4
