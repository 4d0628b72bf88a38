"""Production settings (from the environment) pass Django's deployment checks."""

import os
import subprocess
import sys


def test_production_settings_pass_deployment_checks(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "HTTPS": "1",
        "SECRET_KEY": "k" * 20 + "Zq9$w!x2#Lm0vR8@tY5^uN3&pE7*cB4(aD6)fG1-hJ" + "s" * 10,
        "ALLOWED_HOSTS": "danvan.example.gov.vn",
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "danvan", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
