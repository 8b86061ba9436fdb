"""A Flask + SQLAlchemy service whose order insert and payment intent commit together."""
