"""Forum forms: the shape of the input only. The rules (lengths of rendered text, allowed
characters, which kinds keep the summary fields) live in forum/services.py, whose
ValidationErrors come back through `form.add_error`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.models import EmailPreference, Notification, Post
from forum.selectors import SEARCH_MAX_LENGTH
from forum.services import STRUCTURED_FIELDS, TITLE_MAX_LENGTH

STRUCTURED_HINT = "For case studies and good practices; all optional."


class PostForm(forms.Form):
    kind = forms.ChoiceField(
        choices=Post.Kind.choices,
        initial=Post.Kind.COMMENT,
        help_text="Lessons learnt, good practices, case studies and recommendations feed "
        "the guidebook.",
    )
    # Not stripped: leading spaces are Markdown (an indented code block).
    body = forms.CharField(
        label="Text",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Markdown: **bold**, *italic*, [link](https://example.org), lists, tables.",
    )
    place = forms.CharField(label="Country or region", required=False, max_length=200)
    period = forms.CharField(required=False, max_length=100)
    actors = forms.CharField(label="Actors involved", required=False, max_length=300)
    outcome = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    field_order = ["kind", "body", *STRUCTURED_FIELDS]

    def structured_fields(self):
        return [self[name] for name in STRUCTURED_FIELDS]

    def main_fields(self):
        return [self[name] for name in self.fields if name not in STRUCTURED_FIELDS]


class ThreadForm(PostForm):
    title = forms.CharField(max_length=TITLE_MAX_LENGTH)

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
