from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import MAX_QUERY, search_everything


@login_required
@require_GET
def search_view(request):
    """The navigation bar's search: plans, activities, reports, units and people in reach."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    groups = search_everything(user=request.user, query=query) if query else []
    context = {
        "query": query,
        "groups": groups,
        "found": sum(group.total for group in groups),
    }
    return render(request, "search/search_results.html", context)
