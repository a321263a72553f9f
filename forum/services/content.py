"""A post's content as it will be stored: the title, kind, summary fields and text checked,
and the Markdown rendered once through forum/markup.

Every check raises ValidationError keyed by form field, so a view can hand it to
`form.add_error(None, error)` and the person sees the message beside what they typed.
"""

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from common.text import first_refused_character
from forum.markup import normalise_newlines, render_markdown
from forum.models import Post, Thread

TITLE_MAX_LENGTH = Thread._meta.get_field("title").max_length


OUTCOME_MAX_LENGTH = 5_000


STRUCTURED_FIELDS = ("place", "period", "actors", "outcome")


def _has_control_characters(text: str) -> bool:
    """Controls, bidi overrides, zero-width and other invisible characters (common.text);
    tabs and line breaks are text."""
    return any(first_refused_character(c) for c in text if c not in "\t\n")


def clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Give the thread a title.")})
    if _has_control_characters(title):
        raise ValidationError(
            {"title": _("Remove the invisible or control characters from the title.")}
        )
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            {
                "title": _("Keep the title to %(title_max_length)s characters (it has %(len)s).")
                % {"title_max_length": TITLE_MAX_LENGTH, "len": len(title)}
            }
        )
    return title


def _clean_kind(kind: str) -> str:
    if kind not in Post.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of contribution this is.")})
    return kind


def _clean_structured(kind: str, values: dict[str, str]) -> dict[str, str]:
    """The summary fields, trimmed; empty for kinds that do not carry a summary.

    A summary typed for another kind is refused, field by field, rather than dropped: the
    person may have chosen the wrong kind, and what they typed must not vanish unseen.
    """
    if kind not in Post.STRUCTURED_KINDS:
        kind_label = Post.Kind(kind).label.lower()
        refused = {
            name: _("A %(kind)s has no %(field)s: clear it, or choose case study or good practice.")
            % {"kind": kind_label, "field": Post._meta.get_field(name).verbose_name}
            for name in STRUCTURED_FIELDS
            if (values.get(name) or "").strip()
        }
        if refused:
            raise ValidationError(refused)
        return dict.fromkeys(STRUCTURED_FIELDS, "")
    cleaned, errors = {}, {}
    for name in STRUCTURED_FIELDS:
        # Newlines first: browsers send "\r\n" from the outcome's text area, which is a line
        # break, not a control character, and counts as one character.
        value = normalise_newlines((values.get(name) or "").strip())
        field = Post._meta.get_field(name)
        limit = field.max_length or OUTCOME_MAX_LENGTH
        if len(value) > limit:
            errors[name] = _("Keep this to %(limit)s characters.") % {
                "limit": number_format(limit, force_grouping=True)
            }
        elif _has_control_characters(value):
            errors[name] = _("Remove the control characters from this text.")
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _render_body(body: str) -> tuple[str, str]:
    """The Markdown as stored (browser line endings normalised) and its HTML."""
    body = normalise_newlines(body or "")
    try:
        html = render_markdown(body)
    except ValidationError as error:
        raise ValidationError({"body": error.messages}) from error
    return body, html


def clean_content(
    *, kind: str, body: str, place: str, period: str, actors: str, outcome: str
) -> tuple[dict[str, str], str]:
    """The post's fields as they will be stored (kind, body and summary), and the body's HTML.
    Raises ValidationError keyed by field for the first part that is wrong."""
    kind = _clean_kind(kind)
    structured = _clean_structured(
        kind, {"place": place, "period": period, "actors": actors, "outcome": outcome}
    )
    body, html = _render_body(body)
    return {"kind": kind, "body": body, **structured}, html


def preview_markdown(text: str) -> str:
    """The HTML a text would be stored as, without storing anything."""
    return _render_body(text)[1]
