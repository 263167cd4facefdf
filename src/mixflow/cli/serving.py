"""Serving the web application with waitress: a production WSGI server that runs anywhere
(Linux, macOS, Windows laptops), unlike ``runserver``."""

from __future__ import annotations

import logging


def serve(host: str, port: int, *, threads: int = 8) -> None:
    from waitress import serve as waitress_serve

    from mixflow.wsgi import application

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    waitress_serve(application, host=host, port=port, threads=threads, ident="mixflow")
