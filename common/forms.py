"""The site's one convention for a form that fails validation."""


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
