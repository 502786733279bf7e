"""The scale-out recipe's nginx configuration (deploy/nginx_config.py): rendered, and checked by nginx."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from deploy.nginx_config import ProxyConfig, main, render


def test_render_routes_every_server_with_sticky_sessions_and_websockets():
    text = render(ProxyConfig(upstreams=["10.0.0.5:8501", "10.0.0.5:8502", "10.0.0.6:8501"], listen="0.0.0.0:80"))
    assert text.count("max_fails=3 fail_timeout=10s;") == 3 and "server 10.0.0.6:8501" in text
    assert "hash $lab_backend consistent;" in text  # sticky: the same key always reaches the same server
    assert '""      $request_id;' in text and "default $cookie_lab_backend;" in text
    assert 'Set-Cookie "lab_backend=$lab_backend;' in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text and "proxy_http_version 1.1;" in text
    assert "listen 0.0.0.0:80;" in text and "proxy_read_timeout 86400s;" in text
    assert "client_max_body_size 1024m;" in text


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


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (apt-get install nginx)")
def test_nginx_accepts_the_rendered_config(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(render(ProxyConfig(upstreams=["127.0.0.1:8501", "127.0.0.1:8502"], prefix=str(tmp_path))))
    done = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr
