"""Form pieces every app uses: a service's ValidationError put back on the form, a form page
that runs a service, and a file field that takes several files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Each message under its field when the form has one, else at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, texts in error.message_dict.items():
        form.add_error(name if name in form.fields else None, texts)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], str],
    *,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A form page: on a valid POST the service runs (`save` returns where to go next);
    otherwise the form again, with the errors and status 400, what was typed kept."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                return redirect(save(form.cleaned_data))
            except ValidationError as error:
                add_service_errors(form, error)
        status = 400
    searchable = any(f.field.widget.attrs.get("data-searchable") for f in form)
    return render(
        request,
        template,
        {"form": form, "searchable": searchable, **context},
        status=status,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; `accept` hints the browser's picker (the server checks the
    content with lib.uploads)."""

    def __init__(self, *args: Any, accept: str = ".pdf,.jpg,.jpeg,.png,.docx", **kwargs: Any):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []
