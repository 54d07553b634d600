"""``selector dashboard``: run the Dash dashboard (the ``dashboard`` package) on this machine.

The library never imports Dash: the dashboard is imported only when this command runs, and Dash comes
with the ``dashboard`` extra (``pip install 'selector[dashboard]'``); without it the command says so and
exits 1.
"""

from __future__ import annotations

import gc
import ipaddress
from pathlib import Path

import typer

from selector.cli.common import CatalogOption, err, handle_errors
from selector.errors import EnvironmentMissing, InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
INSTALL_HINT = "pip install 'selector[dashboard]'"


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost"), is_loopback("127.8.0.1")
    (True, True, True, True)
    >>> is_loopback("0.0.0.0"), is_loopback("192.168.1.5"), is_loopback("example.org"), is_loopback("")
    (False, False, False, False)
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@handle_errors
def dashboard(
    host: str = typer.Option(DEFAULT_HOST, "--host", help="Address to listen on. Anything but loopback needs "
                             "--allow-remote."),
    port: int = typer.Option(DEFAULT_PORT, "--port", min=1, max=65535, help="Port to listen on."),
    catalog: list[Path] = CatalogOption,
    allow_remote: bool = typer.Option(False, "--allow-remote", help="Listen on a non-loopback address: anyone who "
                                      "can reach it can use the dashboard (there is no login)."),
) -> None:
    """Open the dashboard: requirements form, results with charts, catalog explorer, report downloads."""
    gc.enable()  # a long-running server: the collector is on, whatever the entry point did (selector.cli.entry)
    if not is_loopback(host) and not allow_remote:
        raise InputError.single("--host", "", f"{host!r} is not a loopback address, so other machines could "
                                "reach the dashboard, which has no login; pass --allow-remote to do this on purpose")
    try:
        from dashboard import create_app
    except ModuleNotFoundError as exc:  # installed without the dashboard extra: a missing part of the environment
        if (exc.name or "").partition(".")[0] == "selector":
            raise  # a module of selector itself missing is a bug, not the environment
        raise EnvironmentMissing(f"the dashboard needs the optional package {exc.name or 'dash'!r}, which is not "
                                 "installed", f"install the dashboard extra with: {INSTALL_HINT}") from None
    check_port(host, port)
    app = create_app(catalog or None, host=host)
    shown = f"[{host}]" if ":" in host else host
    err(f"selector dashboard on http://{shown}:{port}/ (Ctrl+C to stop)")
    try:
        from dashboard.serve import serve

        serve(app, host, port)  # waitress, not Flask's development server
    except OSError as exc:  # taken between the check and the start
        raise InputError.single("--port", "", f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None


def check_port(host: str, port: int) -> None:
    """Refuse (exit 2) a port another program listens on, before the app is built."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise InputError.single("--host", "", f"{host!r} is not an address of this machine ({exc})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind(address)
        except OSError as exc:
            raise InputError.single("--port", "", f"port {port} on {host} is taken ({exc.strerror or exc}); stop "
                                    "the other program or pass another --port") from None
