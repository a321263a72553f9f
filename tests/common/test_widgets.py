"""The quick select widgets write what Django's own select widgets write."""

import pytest
from django import forms
from django.test.html import parse_html

from common.widgets import QuickSelect, QuickSelectMultiple

CHOICES = [
    ("", "Any"),
    ("Groups", [("g:1", "A & B"), ("g:2", "<script>x</script>")]),
    ("fr", "France"),
    ('"q', "Quote"),
]


@pytest.mark.parametrize(
    ("django_widget", "quick_widget", "value"),
    [
        (forms.Select, QuickSelect, "fr"),
        (forms.Select, QuickSelect, None),
        (forms.SelectMultiple, QuickSelectMultiple, ["fr", "g:2"]),
    ],
)
def test_the_markup_is_django_s_own(django_widget, quick_widget, value):
    attrs = {"id": "id_where", "aria-describedby": "where-hint", "required": True}
    expected = django_widget(choices=CHOICES).render("where", value, attrs)
    written = quick_widget(choices=CHOICES).render("where", value, attrs)
    assert parse_html(written) == parse_html(expected)
    assert "<script>" not in written and "&lt;script&gt;" in written
