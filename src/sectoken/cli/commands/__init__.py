"""One module per command or command group; each defines ``command`` (see :mod:`sectoken.cli`)."""
