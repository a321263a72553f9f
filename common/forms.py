"""The site's one convention for a form that fails validation, and form fields that take
only what the database can hold."""

import re

from django import forms


def form_status(*forms) -> int:
    """400 when any bound form has errors (the page re-shows it with what was typed and an
    error summary), 200 otherwise: a failed submission is a client error in every app, so
    browsers, tests and logs all see the same thing."""
    return 400 if any(form is not None and form.is_bound and form.errors for form in forms) else 200


class FormErrorStatusMiddleware:
    """Gives pages whose views the project does not write (django-allauth's sign-up, sign-in,
    password and e-mail forms) the same convention as its own: a POST that re-shows a form
    with errors answers 400. Only template responses still to be rendered are looked at, and
    only a 200 is changed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        if request.method == "POST" and response.status_code == 200:
            form = (response.context_data or {}).get("form")
            if form is not None and form_status(form) == 400:
                response.status_code = 400
        return response


# The largest value a 64-bit integer column holds: PostgreSQL refuses a larger one with an
# error and SQLite cannot even bind it, so every id and number from a request is checked
# against it before it reaches a query.
MAX_ID = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")


def parse_id(value) -> int | None:
    """`value` as a row id (ASCII digits, 1 to MAX_ID), or None. `str.isdigit()` would also
    take "²" and "٣", which `int()` then refuses or reads as another number."""
    text = str(value).strip()
    if not _ID.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def parse_ids(values) -> list[int]:
    """The values that are row ids, in order, without the rest."""
    return [number for value in values if (number := parse_id(value)) is not None]


class IdChecked:
    """For model choice fields: a value that cannot be an id is refused with the field's own
    "not one of the choices" message, before the database is asked about it."""

    def _refuse_non_ids(self, values):
        if self.to_field_name:
            return  # chosen by another field (a code, a slug), which the database compares as text
        for value in values:
            if value not in self.empty_values and parse_id(value) is None:
                raise forms.ValidationError(
                    self.error_messages.get("invalid_pk_value")
                    or self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"pk": value, "value": value},
                )


class ModelChoiceField(IdChecked, forms.ModelChoiceField):
    def to_python(self, value):
        self._refuse_non_ids([value])
        return super().to_python(value)


class ModelMultipleChoiceField(IdChecked, forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        try:
            values = list(value)
        except TypeError:
            values = [value]
        self._refuse_non_ids(values)
        return super()._check_values(value)


class IntegerField(forms.IntegerField):
    """An integer no larger than a database column holds."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)
