"""The site's one convention for a form that fails validation."""


def form_status(*forms) -> int:
    """400 when any bound form has errors (the page re-shows it with what was typed and an
    error summary), 200 otherwise: a failed submission is a client error in every app, so
    browsers, tests and logs all see the same thing."""
    return 400 if any(form is not None and form.is_bound and form.errors for form in forms) else 200
