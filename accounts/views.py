from django.http import Http404


def profile(request, username):
    raise Http404


def profile_edit(request):
    raise Http404
