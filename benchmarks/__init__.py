"""Performance measurements of momo-wrapper: ``python -m benchmarks`` (see ``__main__``)."""
