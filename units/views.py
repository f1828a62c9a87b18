from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .access import organisation_of, sees_everything
from .models import Unit
from .selectors import home_context


@login_required
def home(request):
    return render(request, "units/home.html", home_context(user=request.user))


@login_required
def unit_tree(request):
    """The user's organisation and everything below it, as an indented list."""
    if sees_everything(request.user):
        units = Unit.objects.all()
    else:
        organisation = organisation_of(request.user)
        units = Unit.objects.subtree_of(organisation) if organisation else Unit.objects.none()
    units = units.select_related("organisation").order_by("path")
    return render(request, "units/unit_tree.html", {"units": units})
