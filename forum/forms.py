"""Forum forms: the shape of the input only. The rules (lengths of rendered text, allowed
characters, which kinds keep the summary fields) live in forum/services.py, whose
ValidationErrors come back through `form.add_error`."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from forum.markup.limits import MAX_LENGTH as BODY_MAX_LENGTH
from forum.models import EmailPreference, Notification, Post
from forum.selectors import SEARCH_MAX_LENGTH
from forum.services import STRUCTURED_FIELDS, TITLE_MAX_LENGTH


class PostForm(forms.Form):
    kind = forms.ChoiceField(
        choices=Post.Kind.choices,
        initial=Post.Kind.COMMENT,
        help_text="Lessons learnt, good practices, case studies and recommendations feed "
        "the guidebook.",
    )
    # Not stripped: leading spaces are Markdown (an indented code block). No maxlength
    # attribute: a browser would cut pasted text short without a word; the counter warns.
    body = forms.CharField(
        label="Text",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "data-max-length": BODY_MAX_LENGTH}),
        help_text=format_lazy(
            _(
                "Markdown: **bold**, *italic*, [link](https://example.org), lists, tables. "
                "Up to {limit} characters."
            ),
            limit=f"{BODY_MAX_LENGTH:,}",
        ),
        error_messages={"required": _("Write the text of your contribution.")},
    )
    place = forms.CharField(label="Country or region", required=False, max_length=200)
    period = forms.CharField(required=False, max_length=100)
    actors = forms.CharField(label="Actors involved", required=False, max_length=300)
    outcome = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    field_order = ["kind", "body", *STRUCTURED_FIELDS]

    structured_kinds = sorted(Post.STRUCTURED_KINDS)

    def structured_fields(self):
        return [self[name] for name in STRUCTURED_FIELDS]

    def shows_summary(self) -> bool:
        """Whether the summary fields are on show: for the kinds that carry a summary, and
        for any other kind while a summary field holds text or an error, so the person sees
        what the server refused."""
        if self["kind"].value() in Post.STRUCTURED_KINDS:
            return True
        return any(
            (self[name].value() or "").strip() or (self.is_bound and self[name].errors)
            for name in STRUCTURED_FIELDS
        )

    def main_fields(self):
        return [self[name] for name in self.fields if name not in STRUCTURED_FIELDS]


class ThreadForm(PostForm):
    title = forms.CharField(
        max_length=TITLE_MAX_LENGTH,
        help_text=format_lazy(_("Up to {limit} characters."), limit=TITLE_MAX_LENGTH),
        error_messages={"required": _("Give the thread a title.")},
    )

    field_order = ["title", "kind", "body", *STRUCTURED_FIELDS]


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the contributions",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={
            "max_length": f"Shorten the search to {SEARCH_MAX_LENGTH} characters or fewer "
            "(it has %(show_value)d)."
        },
    )


class EmailPreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("E-mail me about my notifications"),
        choices=EmailPreference.Frequency.choices,
        widget=forms.RadioSelect,
    )
    muted_kinds = forms.MultipleChoiceField(
        label=_("Never e-mail me about"),
        choices=Notification.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("These still appear on your notifications page."),
    )
