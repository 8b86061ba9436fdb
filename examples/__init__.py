"""Runnable examples of momo_wrapper (not part of the installed package)."""
