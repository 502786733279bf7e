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
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

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
    client_max_body_size {max_body};  # the same upload limit as .streamlit/config.toml

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
        location / {{
            proxy_pass http://streamlit;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;  # Streamlit's websocket
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 86400s;  # an idle websocket is a session, not a dead connection
            proxy_buffering off;
            add_header Set-Cookie "lab_backend=$lab_backend; Path=/; HttpOnly; SameSite=Lax" always;
            add_header X-Lab-Upstream $upstream_addr always;  # which server answered (tests, debugging)
        }}
    }}
}}
"""


@dataclass(frozen=True)
class ProxyConfig:
    """What the rendered nginx configuration routes."""

    upstreams: list[str] = field(default_factory=lambda: ["127.0.0.1:8501"])  # host:port of each Streamlit server
    listen: str = "8080"  # nginx's address: "8080", "0.0.0.0:80", …
    prefix: str = "/tmp/lab-nginx"  # folder for nginx's pid, logs and temp files (no root needed)
    max_body: str = "1024m"  # uploads up to Streamlit's maxUploadSize


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
    return TEMPLATE.format(count=len(config.upstreams), prefix=config.prefix, max_body=config.max_body, servers=servers, listen=config.listen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", action="append", required=True, metavar="HOST:PORT", help="a Streamlit server (repeat)")
    parser.add_argument("--listen", default="8080", help="nginx's address (default 8080)")
    parser.add_argument("--prefix", default="/tmp/lab-nginx", help="folder for pid, logs, temp files")
    args = parser.parse_args(argv)
    try:
        print(render(ProxyConfig(upstreams=args.upstream, listen=args.listen, prefix=args.prefix)), end="")
    except ValueError as exc:
        parser.exit(2, f"error: {exc}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
