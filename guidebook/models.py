from django.db import models
from django.urls import reverse


class Chapter(models.Model):
    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("guidebook:chapter_detail", kwargs={"number": self.number})


class Section(models.Model):
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["chapter", "order"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "order"], name="unique_section_order")
        ]

    def __str__(self):
        return f"{self.chapter.number}.{self.order} {self.title}"
