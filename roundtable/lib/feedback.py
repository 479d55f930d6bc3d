"""What a page action tells the user: the service's refusal as error messages, or a success line."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


@contextmanager
def page_feedback(request: HttpRequest, success: str | None = None) -> Iterator[None]:
    """Run the block: a ``ValidationError`` it raises becomes one error message per reason and goes
    no further; otherwise ``success`` (if given) is shown."""
    try:
        yield
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        if success is not None:
            messages.success(request, success)
