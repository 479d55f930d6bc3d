"""Sign-in pages: residents by phone and one-time code, staff by password."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roundtable.accounts.decorators import staff_required
from roundtable.accounts.forms import CodeForm, PhoneForm
from roundtable.accounts.models import OutboxMessage
from roundtable.accounts.services import SignInError, otp_request, otp_verify
from roundtable.lib.privacy import phone_mask


def login_phone(request: HttpRequest) -> HttpResponse:
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        try:
            otp_request(phone=phone, ip=request.META.get("REMOTE_ADDR", ""))
        except SignInError as e:
            form.add_error(e.field, str(e))
        else:
            request.session["login_phone"] = phone
            return redirect("accounts:login_code")
    return render(request, "accounts/login_phone.html", {"form": form})


def login_code(request: HttpRequest) -> HttpResponse:
    phone = request.session.get("login_phone", "")
    if not phone:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None, initial={"phone": phone})
    if request.method == "POST" and form.is_valid():
        try:
            user = otp_verify(phone=form.cleaned_data["phone"], code=form.cleaned_data["code"])
        except SignInError as e:
            form.add_error(e.field, str(e))
        else:
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            return redirect("front:home")
    return render(request, "accounts/login_code.html", {"form": form, "masked_phone": phone_mask(phone)})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("您已退出登录。"))
    return redirect("front:home")


class StaffLoginView(LoginView):
    template_name = "accounts/staff_login.html"
    next_page = "front:staff_dashboard"


@staff_required("outbox_view")
def outbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(OutboxMessage.objects.all(), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/outbox.html", {"page": page})
