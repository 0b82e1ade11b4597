"""Starts moto's server for dsadmin's live tests and exits when the test process dies.

Run by tests/common/moto.rs as `python moto_server.py [VERSION]` with stdin and stdout
piped; with VERSION it refuses any other moto release.
It binds 127.0.0.1 on a port the kernel picks (port 0, so two test binaries never
race for one), prints `port=N` on stdout, then sends all further output to stderr
(the harness's log file). It stops as soon as its parent goes away, so a killed or
crashed `cargo test` leaves no orphan server behind:
  - stdin reaches EOF when the parent's end of the pipe closes (any exit, even SIGKILL);
  - os.getppid() changes when the parent dies (belt and braces, if stdin was not a pipe).
"""

import os
import sys
import threading
import time


def main() -> None:
    parent = os.getppid()
    # Imported late: moto takes a second or two to import, and a failure here
    # should land in the log with a traceback, not as a silent exit.
    import moto
    from moto.server import ThreadedMotoServer

    # The harness passes the pinned version: the tests encode moto's quirks of that
    # release, so another one must fail loudly rather than differ subtly.
    if len(sys.argv) > 1 and moto.__version__ != sys.argv[1]:
        sys.stderr.write(
            f"moto {moto.__version__} found at {moto.__file__}, the tests need {sys.argv[1]}\n"
        )
        sys.exit(3)

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    _, port = server.get_host_and_port()
    sys.stdout.write(f"port={port}\n")
    sys.stdout.flush()
    # From here on the harness no longer reads stdout: route it to the log.
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())

    stop = threading.Event()

    def watch_stdin() -> None:
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except OSError:
            pass
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    while not stop.is_set():
        if os.getppid() != parent:
            break
        stop.wait(0.5)
    # The parent is gone: exit at once (os._exit skips a slow, pointless shutdown
    # of the server thread, which is a daemon anyway).
    os._exit(0)


if __name__ == "__main__":
    main()
