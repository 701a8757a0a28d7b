"""Format parsers. Each has the signature ``(data: bytes, name: str, settings) -> list[Block]``
and is chosen from :data:`PARSERS` by the file's detected format (the only dispatch)."""
