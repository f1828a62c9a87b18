from django import template

register = template.Library()


@register.filter
def items_of(score, outcome):
    """The rows of a criterion score behind one of its counts."""
    return score.items_of(outcome)
