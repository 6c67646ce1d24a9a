"""deploy/Procfile, the systemd units and deploy/topology.py run the same commands: the
topology test runs the Procfile's, so the units must not drift from it."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from tests.processes import PYTHON, ROOT

# deploy/ is scripts, not a package: loaded from its file, as `python deploy/topology.py` runs it.
_spec = importlib.util.spec_from_file_location("topology", ROOT / "deploy" / "topology.py")
topology = importlib.util.module_from_spec(_spec)
sys.modules["topology"] = topology  # dataclasses look their module up while the class is made
_spec.loader.exec_module(topology)

UNITS = ROOT / "deploy" / "systemd"
VENV = "/srv/health-cms/.venv/bin/"


def exec_starts(name: str) -> list[str]:
    return [line.split("=", 1)[1] for line in (UNITS / name).read_text().splitlines() if line.startswith("ExecStart=")]


def in_virtualenv(command: str) -> str:
    """A Procfile command as a unit runs it: python and gunicorn from the virtualenv."""
    program, _space, rest = command.partition(" ")
    return f"{VENV}{program} {rest}"


def test_the_procfile_names_release_web_and_worker():
    commands = topology.read_procfile()
    assert set(commands) == {"release", "web", "worker"}
    assert commands["web"] == "gunicorn -c deploy/gunicorn.conf.py site_cms.wsgi"
    assert commands["worker"].startswith("python manage.py db_worker")


def test_the_units_run_the_procfile_commands():
    commands = topology.read_procfile()
    assert exec_starts("health-cms-web@.service") == [in_virtualenv(commands["web"])]
    assert exec_starts("health-cms-worker@.service") == [in_virtualenv(commands["worker"])]
    assert exec_starts("health-cms-release.service") == [
        in_virtualenv(step.strip()) for step in commands["release"].split("&&")
    ]


def test_each_web_instance_listens_on_its_own_port_and_every_unit_reads_the_environment_file():
    web = (UNITS / "health-cms-web@.service").read_text()
    assert "Environment=GUNICORN_BIND=127.0.0.1:%i" in web
    for name in ("health-cms-web@.service", "health-cms-worker@.service", "health-cms-release.service"):
        assert "EnvironmentFile=/etc/health-cms/env" in (UNITS / name).read_text()
        assert "WorkingDirectory=/srv/health-cms" in (UNITS / name).read_text()
    for name in ("health-cms-web@.service", "health-cms-worker@.service"):
        assert "Restart=always" in (UNITS / name).read_text()


def test_the_topology_refuses_sqlite(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CMS_"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = subprocess.run(
        [PYTHON, "deploy/topology.py", "--logs", str(tmp_path / "logs"), "--web-port", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "set DATABASE_URL to a PostgreSQL database" in result.stderr
    assert not (tmp_path / "logs").exists()  # nothing started


def test_varnish_reaches_every_web_process_through_the_shipped_configuration():
    setup = topology.Topology(logs=Path("/nonexistent"), web_ports=[8001, 8002], workers=3, varnish_port=6081)
    vcl = setup.varnish_vcl()
    assert 'backend web1 { .host = "127.0.0.1"; .port = "8001"; }' in vcl
    assert 'backend web2 { .host = "127.0.0.1"; .port = "8002"; }' in vcl
    assert "web.add_backend(web1);" in vcl
    assert "web.add_backend(web2);" in vcl
    # The backend is chosen before the shipped configuration's own vcl_recv runs.
    assert vcl.index("set req.backend_hint = web.backend();") < vcl.index(f'include "{topology.VCL}";')


def test_varnish_compiles_the_shipped_configuration_behind_the_round_robin(tmp_path):
    """What topology.py gives varnishd: the shipped VCL included after the backends, which
    Varnish's own compiler accepts (the shipped `backend default` left unused)."""
    vcl = tmp_path / "topology.vcl"
    vcl.write_text(topology.Topology(logs=tmp_path, web_ports=[8001, 8002], workers=3).varnish_vcl())
    result = subprocess.run(
        ["varnishd", "-C", "-j", "none", "-n", str(tmp_path / "varnish"), "-f", str(vcl)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
