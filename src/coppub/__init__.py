"""coppub: publish a multilingual Sphinx book from gettext catalogs."""

__version__ = "0.1.0"
