"""A hung Redis: accepts connections and never answers. For measuring finding 1 of issue 18.

    python bench/hung_redis.py [PORT]      # default 6390; Ctrl-C or SIGTERM to stop

Point the site at it (REDIS_URL=redis://127.0.0.1:6390/0) and time pages.
Prints the connections accepted and bytes received every 5 s, and at the end:
each is a cache call that reached Redis.
"""

import selectors
import signal
import socket
import sys
import time


def serve(port):
    listener = socket.create_server(("127.0.0.1", port), backlog=1024)
    listener.setblocking(False)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    connections = received = 0
    next_report = time.monotonic() + 5

    def report(*args):
        print(f"connections {connections}, bytes received {received}", flush=True)
        if args:  # called for a signal
            sys.exit(0)

    signal.signal(signal.SIGTERM, report)
    print(f"hung Redis on 127.0.0.1:{port}", flush=True)
    try:
        while True:
            for key, _ in selector.select(timeout=1):
                if key.fileobj is listener:
                    connection, _ = listener.accept()
                    connection.setblocking(False)
                    selector.register(connection, selectors.EVENT_READ)
                    connections += 1
                    continue
                data = key.fileobj.recv(65536)  # read, and never a word back
                received += len(data)
                if not data:
                    selector.unregister(key.fileobj)
                    key.fileobj.close()
            if time.monotonic() > next_report:
                report()
                next_report = time.monotonic() + 5
    except KeyboardInterrupt:
        report()


if __name__ == "__main__":
    serve(int(sys.argv[1]) if len(sys.argv) > 1 else 6390)
