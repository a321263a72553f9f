from django.shortcuts import render


def home(request):
    return render(request, "forum/home.html", {})


def search(request):
    return render(request, "forum/search.html", {})
