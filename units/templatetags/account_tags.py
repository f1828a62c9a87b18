from django import template
from django.contrib.auth.password_validation import password_validators_help_texts

register = template.Library()


@register.simple_tag
def password_rules():
    """The configured password rules, one sentence each (Django gives them as HTML)."""
    return password_validators_help_texts()
