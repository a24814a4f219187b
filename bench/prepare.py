"""Make benchmark users, each with drafts and a logged-in session, in the database that
the environment's settings point at; write what was made as JSON.

Run by bench/harness.py after migrate and import_guide, with the server's environment.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402
from django.http import HttpRequest  # noqa: E402
from django.middleware.csrf import get_token  # noqa: E402

from interview.answers import create_draft, draft_sections  # noqa: E402
from interview.guide_sync import guide_data, save_guide  # noqa: E402
from interview.models import Guide, Rehearsal, Revision, Section  # noqa: E402
from interview.sharing import add_comment, create_link  # noqa: E402

STORY = (
    "I mentored a new engineer on our payments team for six months we met weekly "
    "agreed goals paired on reviews and she led the next release on her own"
)
WORDS = STORY.split()


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def logged_in_session(user: User) -> str:
    """A session as django.contrib.auth.login() leaves it, without a password check
    (axes would throttle hundreds of logins from one address)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # interview.middleware.SessionActivityMiddleware's marks, so that reading a page
    # does not write the session (as for a user who has been active this hour).
    session["started_at"] = session["seen_at"] = int(time.time())
    session.create()
    return session.session_key


def csrf_pair() -> tuple[str, str]:
    """(cookie value, masked token for the page) as CsrfViewMiddleware makes them."""
    request = HttpRequest()
    token = get_token(request)
    return request.META["CSRF_COOKIE"], token


def grow_library(total: int) -> int:
    """Add variants of the bundled guides (new titles and slugs, the same content)
    until the library holds `total` published guides: the library's growth check.
    Returns how many were added."""
    bundled = sorted(Guide.objects.published().order_by("slug"), key=lambda g: g.slug)
    added = 0
    while Guide.objects.published().count() < total:
        source = bundled[added % len(bundled)]
        data = guide_data(source)
        save_guide(replace(data, title=f"{data.title[:120]} (variant {added + 1})"))
        added += 1
    return added


def add_features(draft_id: int, rng: random.Random) -> str:
    """The reader's first draft (every step written) as a user of this round's
    features leaves it: 30 earlier versions of its second step, 5 logged rehearsals
    and a share link with 3 comments. Returns the link's token (the mentor view's
    path)."""
    sections = list(Section.objects.filter(draft_id=draft_id).order_by("step__order"))
    second = sections[1]
    Revision.objects.bulk_create(
        Revision(section=second, text=" ".join(sentence(rng, 12) for _ in range(n % 5)))
        for n in range(30)
    )
    Rehearsal.objects.bulk_create(
        Rehearsal(draft_id=draft_id, seconds=rng.randint(50, 170), rating=n % 5 + 1)
        for n in range(5)
    )
    made = create_link(second.draft, "Sam, my manager", 14)
    assert made is not None
    link, token = made
    for n in range(3):
        add_comment(link, sections[n % len(sections)], "Sam", sentence(rng, 15), "k")
    return token


def make_users(
    count: int, drafts: int, prefix: str, seed: int, reader_drafts: int = 0
) -> list[dict[str, Any]]:
    """`count` users with `drafts` drafts each; the first (the benchmarks' reader)
    with `reader_drafts` if given."""
    rng = random.Random(seed)
    guides = list(Guide.objects.published().order_by("slug"))
    password = make_password("bench passphrase not for real use")
    User.objects.bulk_create(
        User(username=f"{prefix}{n}", password=password) for n in range(count)
    )
    users = User.objects.filter(username__startswith=prefix).order_by("pk")
    made = []
    for n, user in enumerate(users):
        user_drafts = []
        drafts_here = reader_drafts if n == 0 and reader_drafts else drafts
        # Several drafts of one question once every question has one (a user with
        # 300 drafts: My drafts' growth check).
        chosen = rng.sample(guides, min(drafts_here, len(guides)))
        chosen += rng.choices(guides, k=drafts_here - len(chosen))
        for guide in chosen:
            draft = create_draft(user, guide)
            sections = draft_sections(draft)
            # Some steps written, some not: the pages show progress and text.
            # The reader's first draft, the one the pages show, has every step.
            reader_first = n == 0 and not user_drafts
            written = len(sections) if reader_first else rng.randint(0, len(sections))
            for section in sections[:written]:
                section.text = " ".join(sentence(rng, 12) for _ in range(3))
                section.version = 1
            Section.objects.bulk_update(sections, ["text", "version"])
            user_drafts.append(
                {
                    "id": draft.pk,
                    "slug": guide.slug,
                    "sections": [s.pk for s in sections],
                    "versions": [s.version for s in sections],
                    "texts": [s.text for s in sections],
                }
            )
        share_token = add_features(user_drafts[0]["id"], rng) if n == 0 else ""
        cookie, token = csrf_pair()
        made.append(
            {
                "username": user.username,
                "session": logged_in_session(user),
                "csrf_cookie": cookie,
                "csrf_token": token,
                "drafts": user_drafts,
                **({"share_token": share_token} if share_token else {}),
            }
        )
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--drafts", type=int, default=3, help="drafts per user")
    parser.add_argument(
        "--reader-drafts", type=int, default=0, help="drafts of the first user"
    )
    parser.add_argument(
        "--heavy-drafts",
        type=int,
        default=0,
        help="also one user with this many drafts (My drafts' growth check)",
    )
    parser.add_argument(
        "--grow-guides",
        type=int,
        default=0,
        help="only add guide variants until the library holds this many",
    )
    parser.add_argument("--prefix", default="bench", help="username prefix")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--delete", action="store_true", help="delete the prefix's users and drafts"
    )
    args = parser.parse_args()
    if args.delete:
        # Drafts and sections go with their owner (on_delete=CASCADE).
        User.objects.filter(username__startswith=args.prefix).delete()
        return
    if args.grow_guides:
        with transaction.atomic():
            print(f"added {grow_library(args.grow_guides)} guides")
        return
    if args.out is None:
        parser.error("--out is required")
    made: dict[str, Any] = {}
    with transaction.atomic():
        made["users"] = make_users(
            args.users, args.drafts, args.prefix, args.seed, args.reader_drafts
        )
        if args.heavy_drafts:
            made["heavy"] = make_users(
                1, args.heavy_drafts, args.prefix + "heavy", args.seed
            )[0]
    args.out.write_text(json.dumps(made))


if __name__ == "__main__":
    main()
