"""Checkout with request to pay and a verified callback endpoint: see README.md."""
