"""Temporary page for routes whose real view is being built; replaced as each part lands."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def placeholder(request, *args, **kwargs):
    return render(request, "placeholder.html", status=200)


def public_placeholder(request, *args, **kwargs):
    return render(request, "placeholder.html", status=200)
