"""Render the nginx configuration that puts several Streamlit servers behind one address.

    python deploy/nginx_config.py --listen 8080 --upstream 127.0.0.1:8501 --upstream 127.0.0.1:8502 > lab.conf

Sticky sessions: a Streamlit session lives in one server process (its state is in that process's
memory and its websocket, ``/_stcore/stream``, must reach the same process as the page). Open-source
nginx has no ``sticky cookie``, so the config builds it from standard modules: a first visit without
the ``lab_backend`` cookie is hashed on its random ``$request_id``, the response sets that key as a
cookie, and every later request (the websocket included) hashes the same key to the same server
(``hash … consistent``). Unlike ``ip_hash``, a whole class behind one school NAT is still spread
over every server.

Why nginx and not Traefik: nginx is in Debian's main archive (``apt-get install nginx``, security
updates from Debian), configured by one static file that this script renders and ``nginx -t``
checks; Traefik has built-in sticky cookies but is not packaged in Debian stable, so it would come
as a downloaded binary or a container, which this recipe avoids.

Static files: nginx serves Streamlit's frontend (``/static/js``, ``/static/css``, ``/static/media``,
``/favicon.png``, ``/manifest.json``) itself, from the installed ``streamlit/static`` folder (or
``--static-dir``), with ``sendfile`` and gzip; the Streamlit processes then only answer the page
(``index.html``), ``/_stcore/*`` (the websocket, uploads, health), ``/media/`` (each server's own
in-memory media files) and ``/component/``. A file not on the proxy's disk (another Streamlit version
there than on the servers) is still fetched from a server.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from dataclasses import dataclass, field
from pathlib import Path

# The proxy's own settings for a request a Streamlit server answers: shared by ``location /`` and
# by ``@streamlit``, the fallback for a static file that is not on the proxy's disk.
PROXY = """\
            proxy_pass http://streamlit;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;  # Streamlit's websocket
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 86400s;  # an idle websocket is a session, not a dead connection
            proxy_buffering off;
            add_header Set-Cookie "lab_backend=$lab_backend; Path=/; HttpOnly; SameSite=Lax" always;
            add_header X-Lab-Upstream $upstream_addr always;  # which server answered (tests, debugging)"""

# Streamlit's frontend files, from disk. Only these paths: pages (/analogies, /weat …) are the app's,
# /media/ is each server's in-memory media (charts' images, downloads), /_stcore/ and /component/ are
# dynamic, so all of those still go to the sticky upstream. Every name under /static/ carries a content
# hash (index.DormvYxC.js), so a browser keeps it a year; a new Streamlit version has new names.
STATIC = """\
        # Streamlit's frontend files from disk (sendfile, gzip by nginx): no Streamlit process
        # spends its event loop on the bundles. Pages, /_stcore/, /media/, /component/: location /.
        location /static/ {{
            root "{root}";
            try_files $uri @streamlit;  # not on this disk (another Streamlit version here): ask a server
            sendfile on;
            tcp_nopush on;
            types {{
                text/html html;
                application/javascript js mjs;
                text/css css;
                application/json json map;
                font/woff2 woff2;
                font/woff woff;
                font/ttf ttf;
                image/svg+xml svg;
                image/png png;
                image/gif gif;
            }}
            gzip on;
            gzip_vary on;
            gzip_comp_level 5;
            gzip_min_length 1024;
            gzip_types application/javascript text/css application/json image/svg+xml;{gzip_static}
            add_header Cache-Control "public, max-age=31536000, immutable";
        }}
        location = /favicon.png {{
            root "{root}";
            try_files $uri @streamlit;
            sendfile on;
        }}
        location = /manifest.json {{
            root "{root}";
            try_files $uri @streamlit;
            add_header Cache-Control "no-cache";  # not hashed: revalidated, as Streamlit does
        }}
        location @streamlit {{
{proxy}
        }}
"""

TEMPLATE = """\
# Rendered by deploy/nginx_config.py: {count} Streamlit server(s) behind one address, sticky sessions.
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}

http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    client_max_body_size {max_body};  # the app's upload limit (+ 8 MB of multipart envelope)

    # The sticky key: the lab_backend cookie, or a fresh random id on a first visit.
    map $cookie_lab_backend $lab_backend {{
        ""      $request_id;
        default $cookie_lab_backend;
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ""      close;
    }}

    upstream streamlit {{
        hash $lab_backend consistent;
{servers}
    }}

    server {{
        listen {listen};
{static}        location / {{
{proxy}
        }}
    }}
}}
"""


def installed_static_dir() -> Path | None:
    """``streamlit/static`` of the Streamlit installed for this Python (found without importing
    Streamlit), or None when there is none."""
    spec = importlib.util.find_spec("streamlit")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "static"
    return folder if (folder / "static").is_dir() else None


def _upload_megabytes() -> int:
    from analysis.budget import Budget

    return Budget.from_env().upload_megabytes


@dataclass(frozen=True)
class ProxyConfig:
    """What the rendered nginx configuration routes."""

    upstreams: list[str] = field(default_factory=lambda: ["127.0.0.1:8501"])  # host:port of each Streamlit server
    listen: str = "8080"  # nginx's address: "8080", "0.0.0.0:80", …
    prefix: str = "/tmp/lab-nginx"  # folder for nginx's pid, logs and temp files (no root needed)
    # The app's upload limit (analysis/budget.py, LAB_MAX_UPLOAD_MEGABYTES; .streamlit/config.toml's
    # maxUploadSize says the same) plus room for the multipart envelope around the file.
    max_body: str = field(default_factory=lambda: f"{_upload_megabytes() + 8}m")
    # Streamlit's frontend folder (index.html, static/js, static/css, static/media) that nginx serves
    # itself; it must be the same Streamlit version as the servers' (else those files come from a
    # server). Default: the installed package's, i.e. Path(streamlit.__file__).parent / "static".
    # None: nginx proxies every request, static files included.
    static_dir: Path | None = field(default_factory=installed_static_dir)


def render(config: ProxyConfig) -> str:
    """The nginx.conf text for ``config`` (``nginx -t -c FILE`` checks it).

        >>> text = render(ProxyConfig(upstreams=["10.0.0.5:8501", "10.0.0.6:8501"]))
        >>> "server 10.0.0.6:8501 max_fails=3 fail_timeout=10s;" in text and "hash $lab_backend consistent;" in text
        True
    """
    if not config.upstreams:
        raise ValueError("At least one upstream Streamlit server is needed.")
    for upstream in config.upstreams:
        host, _, port = upstream.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"An upstream is host:port, got '{upstream}'.")
    servers = "\n".join(f"        server {u} max_fails=3 fail_timeout=10s;" for u in config.upstreams)
    static = ""
    if config.static_dir is not None:
        root = Path(config.static_dir).resolve()
        if not (root / "static").is_dir() or not (root / "index.html").is_file():
            raise ValueError(f"The static folder is Streamlit's (index.html and static/ inside), got '{config.static_dir}'.")
        if any(c in str(root) for c in '"\n\\$'):
            raise ValueError(f"The static folder's path cannot go into nginx.conf: '{root}'.")
        # gzip_static sends FILE.gz beside FILE where there is one (Streamlit's wheel has none today)
        gzip_static = "\n            gzip_static on;" if next((root / "static").rglob("*.gz"), None) else ""
        static = STATIC.format(root=root, gzip_static=gzip_static, proxy=PROXY)
    return TEMPLATE.format(count=len(config.upstreams), prefix=config.prefix, max_body=config.max_body, servers=servers,
                           listen=config.listen, static=static, proxy=PROXY)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", action="append", required=True, metavar="HOST:PORT", help="a Streamlit server (repeat)")
    parser.add_argument("--listen", default="8080", help="nginx's address (default 8080)")
    parser.add_argument("--prefix", default="/tmp/lab-nginx", help="folder for pid, logs, temp files")
    parser.add_argument("--static-dir", metavar="PATH", help="Streamlit's frontend folder nginx serves itself "
                        "(default: the installed streamlit package's static/; 'none': proxy those files too)")
    args = parser.parse_args(argv)
    if args.static_dir is None:
        static_dir = installed_static_dir()
        if static_dir is None:
            print("warning: no Streamlit installed for this Python: nginx proxies the static files too "
                  "(--static-dir PATH to serve a copy)", file=sys.stderr)
    else:
        static_dir = None if args.static_dir.lower() == "none" else Path(args.static_dir)
    try:
        print(render(ProxyConfig(upstreams=args.upstream, listen=args.listen, prefix=args.prefix, static_dir=static_dir)), end="")
    except ValueError as exc:
        parser.exit(2, f"error: {exc}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
