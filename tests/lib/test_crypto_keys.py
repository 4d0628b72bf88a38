"""Keys made on first use: however many processes and threads start at once, one key wins
and every one of them uses it (before, each could write its own and encrypt with a key that
nobody kept)."""

from __future__ import annotations

import threading

from cryptography.fernet import Fernet

from danvan.lib import crypto


def test_threads_starting_together_on_a_fresh_directory_share_one_key(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    start = threading.Barrier(8)
    got: list[bytes] = []

    def make() -> None:
        start.wait()
        got.append(crypto._key_from("TEST_KEY", Fernet.generate_key()))

    threads = [threading.Thread(target=make) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 8 and len(set(got)) == 1
    assert (tmp_path / "test_key").read_bytes().strip() == got[0]
    assert [p.name for p in tmp_path.iterdir()] == ["test_key"]  # no candidate left behind
    assert oct((tmp_path / "test_key").stat().st_mode & 0o777) == "0o600"
