"""Files answering a questionnaire's media questions on the web page (``image``, ``audio``,
``video``, ``file``, ``background-audio``): checked, named, and handed to
``receive_submission`` as the submission's attachments, as ODK Collect sends them.

The answer is the stored file's name; the file is a ``SubmissionAttachment`` of that name
(the same storage as OpenRosa's attachments), read back through the submission's scope.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from mixflow.intake.xlsform.model import Form, Question, Section

MAX_INSTANCES = 30
"""As many repeat instances as the page shows (``questionnaire_form.MAX_REPEATS``)."""
MAX_ANSWER_FILE_BYTES = 10 * 1024 * 1024
"""Default largest file one answer takes (``MIXFLOW_MAX_ANSWER_FILE_BYTES`` changes it)."""

ACCEPTED: Mapping[str, Mapping[str, str]] = {
    "image": {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
    | {".gif": "image/gif", ".webp": "image/webp"},
    "audio": {".mp3": "audio/mpeg", ".wav": "audio/wav", ".m4a": "audio/mp4"}
    | {".ogg": "audio/ogg", ".amr": "audio/amr", ".aac": "audio/aac", ".webm": "audio/webm"},
    "video": {".mp4": "video/mp4", ".webm": "video/webm", ".3gp": "video/3gpp"}
    | {".mov": "video/quicktime"},
    "file": {".pdf": "application/pdf", ".txt": "text/plain", ".csv": "text/csv"}
    | {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
    | {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    | {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    | {".odt": "application/vnd.oasis.opendocument.text"},
}
"""Per question type, the file extensions taken and the content type they are stored with
(from the extension, never from the browser's claim). Executables and HTML are never taken:
an attachment is downloaded, never shown inline, but a reader might still open it."""

MAGIC: Mapping[str, tuple[bytes, ...]] = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".pdf": (b"%PDF-",),
}
"""The first bytes of the formats whose signature is fixed: a renamed file is refused."""

WRONG_TYPE = _("This file type is not accepted here. Accepted: %(types)s.")
TOO_LARGE = _("This file is larger than %(mb)s MB.")
NOT_WHAT_IT_SAYS = _("This file's content does not match its name (%(ext)s).")


def kind_of(question: Question) -> str:
    return "audio" if question.type == "background-audio" else question.type


def accept_attribute(question: Question) -> str:
    """The ``accept`` attribute of the question's file input."""
    return ",".join(sorted(ACCEPTED.get(kind_of(question), {})))


def max_bytes() -> int:
    return int(getattr(settings, "MIXFLOW_MAX_ANSWER_FILE_BYTES", MAX_ANSWER_FILE_BYTES))


@dataclass
class Uploads:
    names: dict[str, str] = field(default_factory=dict)
    """Field name on the page (``photo``, ``members-0-photo``) → the answer (the file's name)."""
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    """Question path (``members[0].photo``) → why its file is refused, in the user's language."""


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def _problem(question: Question, file_name: str, size: int, head: bytes) -> Any:
    accepted = ACCEPTED.get(kind_of(question), {})
    ext = _extension(file_name)
    if ext not in accepted:
        return WRONG_TYPE % {"types": ", ".join(sorted(accepted))}
    if size > max_bytes():
        return TOO_LARGE % {"mb": max_bytes() // (1024 * 1024)}
    signatures = MAGIC.get(ext)
    if signatures and not head.startswith(signatures):
        return NOT_WHAT_IT_SAYS % {"ext": ext}
    return None


def is_file_question(question: Question) -> bool:
    return kind_of(question) in ACCEPTED


def collect_uploads(form: Form, files: Mapping[str, Any], lang: str) -> Uploads:
    """The files chosen for the form's media questions (``files`` is ``request.FILES``),
    checked; a refused file is an error at its question and is not kept."""
    found = Uploads()

    def walk(children: Sequence[Question | Section], prefix: str, path_prefix: str) -> None:
        for child in children:
            if isinstance(child, Section):
                if child.repeat:
                    for i in range(MAX_INSTANCES):
                        if any(k.startswith(f"{child.name}-{i}-") for k in files):
                            path = f"{path_prefix}{child.name}[{i}]."
                            walk(child.children, f"{child.name}-{i}-", path)
                else:
                    walk(child.children, prefix, path_prefix)
                continue
            upload = files.get(prefix + child.name) if is_file_question(child) else None
            if upload is None or not upload.name:
                continue
            data = upload.read(max_bytes() + 1)
            problem = _problem(child, upload.name, max(upload.size or 0, len(data)), data[:16])
            if problem is not None:
                with translation.override(lang):
                    found.errors[path_prefix + child.name] = str(problem)
                continue
            ext = _extension(upload.name)
            # A name of our own: unique in the submission, nothing of the user's path in it.
            name = f"{child.name}-{secrets.token_hex(4)}{ext}"
            found.names[prefix + child.name] = name
            found.attachments.append((name, ACCEPTED[kind_of(child)][ext], data))

    walk(form.children, "", "")
    return found
