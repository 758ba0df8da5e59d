"""irru: a command-line timeline and claims explorer for Iran–Russia military cooperation."""

__version__ = "0.1.0"
