"""``python -m coppub``."""

from .cli import console_main

console_main()
