"""Logging handlers."""

import logging
import sys


class StderrHandler(logging.StreamHandler):
    """A StreamHandler that writes to whatever `sys.stderr` is at the time of each record.

    logging.StreamHandler keeps the stream it was created with; when sys.stderr is later replaced
    (test runners capture output per test and close their buffers) it would write to a closed file
    and print "--- Logging error ---" instead of the message."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):  # StreamHandler.__init__ and setStream assign it; ignore
        pass
