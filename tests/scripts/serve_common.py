"""Starts and stops a real `timescale serve` on a loopback port (not a test
itself).  The server is given port 0, binds a free port and logs it; the
caller gets it from the log.  Used as a context manager, it is always
stopped, also when the test fails."""

import ctypes
import os
import signal
import subprocess
import time


def _die_with_parent():
    """The server gets SIGTERM if the test process dies (a ctest timeout)."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Server:
    def __init__(self, cli, args, log_path, env=None):
        self.cli, self.args, self.log_path = cli, args, log_path
        self.env = env
        self.proc = None
        self.port = None
        self.returncode = None

    def __enter__(self):
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([self.cli, "serve", "--port", "0"] + self.args,
                                     stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=self.log, env=self.env,
                                     preexec_fn=_die_with_parent)
        self.port = self._wait_for_port()
        return self

    def __exit__(self, *exc):
        self.stop()

    def _wait_for_port(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for line in self.text().splitlines():
                if " listening on " in line:
                    return int(line.split(" ")[3].rsplit(":", 1)[1])
            if self.proc.poll() is not None:
                raise AssertionError("the server exited (%d): %s" % (self.proc.returncode,
                                                                     self.text()))
            time.sleep(0.05)
        self.stop()
        raise AssertionError("the server did not start: " + self.text())

    def text(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def wait_for_log(self, needle, after=0, seconds=30):
        """Waits (bounded) until the log, from offset `after`, holds needle."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if needle in self.text()[after:]:
                return True
            time.sleep(0.05)
        return False

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self):
        """SIGTERM, then SIGKILL if it has not stopped within 20 s."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.returncode = self.proc.returncode
        if getattr(self, "log", None):
            self.log.close()
            self.log = None


def replace_atomically(path, text):
    """What a case system's export should do: a temporary file, then rename."""
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, path)
