"""The scale-out recipe's nginx configuration (deploy/nginx_config.py): rendered, and checked by nginx."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from deploy.nginx_config import PROXY, ProxyConfig, installed_static_dir, main, render


def locations(text: str) -> dict[str, str]:
    """Each ``location`` block of the rendered server, by its match ("/static/", "= /favicon.png", "@streamlit")."""
    found = {}
    for match in re.finditer(r"^        location (.+?) \{\n(.*?)^        \}", text, flags=re.S | re.M):
        found[match.group(1)] = match.group(2)
    return found


def test_render_routes_every_server_with_sticky_sessions_and_websockets():
    text = render(ProxyConfig(upstreams=["10.0.0.5:8501", "10.0.0.5:8502", "10.0.0.6:8501"], listen="0.0.0.0:80"))
    assert text.count("max_fails=3 fail_timeout=10s;") == 3 and "server 10.0.0.6:8501" in text
    assert "hash $lab_backend consistent;" in text  # sticky: the same key always reaches the same server
    assert '""      $request_id;' in text and "default $cookie_lab_backend;" in text
    assert 'Set-Cookie "lab_backend=$lab_backend;' in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text and "proxy_http_version 1.1;" in text
    assert "listen 0.0.0.0:80;" in text and "proxy_read_timeout 86400s;" in text
    assert "client_max_body_size 208m;" in text  # the app's 200-MB upload limit + the multipart envelope


def test_nginx_serves_streamlits_own_static_files_from_the_installed_package():
    import streamlit

    package_static = Path(streamlit.__file__).parent / "static"
    assert ProxyConfig().static_dir == package_static == installed_static_dir()
    text = render(ProxyConfig(upstreams=["127.0.0.1:8501", "127.0.0.1:8502"]))
    blocks = locations(text)
    assert set(blocks) == {"/static/", "= /favicon.png", "= /manifest.json", "@streamlit", "/"}
    static = blocks["/static/"]
    root = Path(re.search(r'root "(.+)";', static).group(1))
    assert root == package_static.resolve() and (root / "index.html").is_file()
    # /static/js/index.HASH.js (taken from index.html) is ROOT/static/js/index.HASH.js
    bundle = re.search(r'src="\./(static/js/index\.[^"]+\.js)"', (root / "index.html").read_text()).group(1)
    assert (root / bundle).is_file()
    assert "try_files $uri @streamlit;" in static  # a file this disk lacks still comes from a server
    assert "sendfile on;" in static and "application/javascript js mjs;" in static and "text/css css;" in static
    assert "gzip on;" in static and re.search(r"gzip_types [^;]*application/javascript[^;]*text/css", static)
    assert ("gzip_static on;" in static) == any((root / "static").rglob("*.gz"))
    assert 'add_header Cache-Control "public, max-age=31536000, immutable";' in static
    assert "proxy_pass" not in static and "proxy_pass" not in blocks["= /favicon.png"]
    # everything else (pages, /_stcore/ with its websocket, each server's own /media/, /component/)
    # is proxied to the sticky upstream, with the same settings as without static files
    assert blocks["/"].strip() == blocks["@streamlit"].strip() == PROXY.strip()
    for dynamic in ("/_stcore/", "/media/", "/component/", "/analogies", "/weat", "/app/static/"):
        assert not any(dynamic.startswith(m.removeprefix("= ")) for m in blocks if m not in ("/", "@streamlit")), dynamic
    # the rest of the config (maps, sticky upstream, listen) is the same as without static files
    plain = render(ProxyConfig(upstreams=["127.0.0.1:8501", "127.0.0.1:8502"], static_dir=None))
    assert text.split("    server {")[0] == plain.split("    server {")[0]


def test_without_a_static_folder_every_request_is_proxied():
    blocks = locations(render(ProxyConfig(static_dir=None)))
    assert set(blocks) == {"/"} and blocks["/"].strip() == PROXY.strip()


def test_render_refuses_a_folder_that_is_not_streamlits_static(tmp_path):
    with pytest.raises(ValueError, match="index.html"):
        render(ProxyConfig(static_dir=tmp_path))
    (tmp_path / "index.html").write_text("<html></html>")
    with pytest.raises(ValueError, match="index.html"):
        render(ProxyConfig(static_dir=tmp_path))  # no static/ inside
    (tmp_path / "static" / "js").mkdir(parents=True)
    assert f'root "{tmp_path.resolve()}";' in render(ProxyConfig(static_dir=tmp_path))
    assert "gzip_static" not in render(ProxyConfig(static_dir=tmp_path))
    (tmp_path / "static" / "js" / "index.abc.js.gz").write_bytes(b"")
    assert "gzip_static on;" in render(ProxyConfig(static_dir=tmp_path))  # precompressed files: sent as they are


@pytest.mark.parametrize("bad", [[], ["localhost"], ["host:port"], [":8501"]])
def test_render_refuses_bad_upstreams(bad):
    with pytest.raises(ValueError):
        render(ProxyConfig(upstreams=bad))


def test_cli_prints_the_config_and_exits_2_on_a_bad_upstream(capsys):
    assert main(["--upstream", "127.0.0.1:8501"]) == 0
    assert "server 127.0.0.1:8501" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["--upstream", "nonsense"])
    assert exc.value.code == 2 and "host:port" in capsys.readouterr().err


def test_cli_static_dir_option(capsys, tmp_path):
    assert main(["--upstream", "127.0.0.1:8501"]) == 0
    assert f'root "{installed_static_dir().resolve()}";' in capsys.readouterr().out
    assert main(["--upstream", "127.0.0.1:8501", "--static-dir", "none"]) == 0
    assert "location /static/" not in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["--upstream", "127.0.0.1:8501", "--static-dir", str(tmp_path)])
    assert exc.value.code == 2 and "index.html" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (apt-get install nginx)")
def test_nginx_accepts_the_rendered_config(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(render(ProxyConfig(upstreams=["127.0.0.1:8501", "127.0.0.1:8502"], prefix=str(tmp_path))))
    done = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr
