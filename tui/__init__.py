"""Tuki's faces: the command line and the Textual console."""
