"""Every staff login, logout and failed login goes to the `apps.core.auth` log, with the address."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("apps.core.auth")


def client_address(request) -> str:
    # The address the server saw; behind a proxy, the proxy must pass the client's on.
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


@receiver(user_logged_in, dispatch_uid="core.log_login")
def log_login(sender, request, user, **kwargs):
    logger.info("login user=%s ip=%s", user.get_username(), client_address(request))


@receiver(user_logged_out, dispatch_uid="core.log_logout")
def log_logout(sender, request, user, **kwargs):
    username = user.get_username() if user is not None else "-"
    logger.info("logout user=%s ip=%s", username, client_address(request))


@receiver(user_login_failed, dispatch_uid="core.log_login_failed")
def log_login_failed(sender, credentials, request=None, **kwargs):
    # `credentials` comes with the password already masked by Django; only the name is kept.
    username = credentials.get("username", "-")
    logger.warning("login failed user=%r ip=%s", username, client_address(request))
