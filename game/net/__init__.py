"""LAN play: an authoritative websockets server and a client (see ``protocol`` for the messages)."""

from .protocol import PROTOCOL

__all__ = ["PROTOCOL"]
