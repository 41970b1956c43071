"""A private PostgreSQL primary with a streaming replica, started from the Debian packages' binaries for the
replica tests (``tests/test_replica.py``) and torn down after them. Runs the servers as the ``postgres`` user
when the tests run as root (PostgreSQL refuses root)."""
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time


def _bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (Debian package postgresql)")
    return found[-1]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Pair:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="gh-pg-pair-")
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        self.primary_port, self.replica_port = _free_port(), _free_port()
        self.primary_dir = os.path.join(self.root, "primary")
        self.replica_dir = os.path.join(self.root, "replica")

    def run(self, *args):
        command = list(args)
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120, cwd=self.root)

    def url(self, port, dbname):
        return f"postgres://postgres@127.0.0.1:{port}/{dbname}"

    def start(self):
        self.run(_bin("initdb"), "-D", self.primary_dir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        with open(os.path.join(self.primary_dir, "postgresql.conf"), "a") as conf:
            conf.write(f"\nport = {self.primary_port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.root}'\nwal_level = replica\nmax_wal_senders = 4\n"
                       "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n")
        self.run(_bin("pg_ctl"), "-D", self.primary_dir, "-l", os.path.join(self.root, "primary.log"), "-w", "start")
        self.run(_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
                 "-D", self.replica_dir, "-R", "-X", "stream")
        with open(os.path.join(self.replica_dir, "postgresql.auto.conf"), "a") as conf:
            conf.write(f"\nport = {self.replica_port}\nhot_standby = on\n")
        self.start_replica()

    def start_replica(self):
        self.run(_bin("pg_ctl"), "-D", self.replica_dir, "-l", os.path.join(self.root, "replica.log"), "-w", "start")

    def stop_replica(self):
        self.run(_bin("pg_ctl"), "-D", self.replica_dir, "-m", "immediate", "-w", "stop")

    def psql(self, port, sql, dbname="postgres"):
        return self.run("psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", dbname,
                        "-Atc", sql).stdout.strip()

    def wait_replayed(self, timeout=30):
        """Until the replica has replayed everything the primary has written so far."""
        target = self.psql(self.primary_port, "SELECT pg_current_wal_lsn()")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.psql(self.replica_port, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t":
                return
            time.sleep(0.1)
        raise TimeoutError("the replica did not catch up")

    def stop(self):
        for directory in (self.replica_dir, self.primary_dir):
            with contextlib.suppress(Exception):
                self.run(_bin("pg_ctl"), "-D", directory, "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
