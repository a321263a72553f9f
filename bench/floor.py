"""The floor: what a page costs in this project before it does anything of its own.

A bare Django view, served through the same settings and the same middleware as every page,
that renders a 20-item template of pre-rendered ~1 KB HTML bodies held in memory and touches
no database. Every page row of the benchmark carries its ratio to this row, measured in the
same run, so figures from a noisy machine compare like with like.

`urlpatterns` is the project's URLconf with the floor added at FLOOR_PATH; the benchmark
points ROOT_URLCONF here (in-process, and for gunicorn through bench/wsgi.py).
"""

import random
from functools import cache

from django.http import HttpResponse
from django.template import engines
from django.urls import path

FLOOR_PATH = "bench-floor/"
ROW = "floor_page"
ITEMS = 20

_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
<ol class="posts">{% for item in items %}
<li><article id="post-{{ item.pk }}"><h2>{{ item.author }}</h2>
<div class="post__body prose">{{ item.body|safe }}</div></article></li>{% endfor %}
</ol></main></body></html>"""


@cache
def _page():
    """The template and its 20 bodies, made once per process: Markdown rendered by the
    project's own renderer, as stored posts are."""
    from bench.run import markdown_body
    from forum.markup import render_markdown

    rng = random.Random(2012)
    items = [
        {"pk": n, "author": f"Participant {n}", "body": render_markdown(markdown_body(rng))}
        for n in range(ITEMS)
    ]
    return engines["django"].from_string(_TEMPLATE), items


def floor_view(request):
    template, items = _page()
    return HttpResponse(template.render({"title": "Floor", "items": items}))


def __getattr__(name: str):
    """`urlpatterns`, made when Django first asks for it: importing this module for its
    constants (bench/wrk_pages.py does, before any settings) needs no Django set-up."""
    if name != "urlpatterns":
        raise AttributeError(name)
    from config.urls import urlpatterns as project_urlpatterns

    return [path(FLOOR_PATH, floor_view, name="bench_floor"), *project_urlpatterns]
