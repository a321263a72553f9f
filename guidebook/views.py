from django.shortcuts import get_object_or_404, render

from guidebook.models import Chapter


def home(request):
    chapters = Chapter.objects.prefetch_related("sections")
    return render(request, "guidebook/home.html", {"chapters": chapters})


def chapter_detail(request, number):
    chapter = get_object_or_404(Chapter.objects.prefetch_related("sections"), number=number)
    return render(request, "guidebook/chapter_detail.html", {"chapter": chapter})
