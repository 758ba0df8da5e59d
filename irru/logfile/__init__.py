"""The log file: YAML text to a node tree (:mod:`.yamltree`, :mod:`.nodes`), the tree to records
(:mod:`.schema`), checks across records (:mod:`.checks`), reading files (:mod:`.load`) and the cache of parsed
logs (:mod:`.cache`). Import from here."""

from .load import BUNDLED_NAME, MAX_FILE_BYTES, bundled_log_path, decode, load_text, read_log

__all__ = ["BUNDLED_NAME", "MAX_FILE_BYTES", "bundled_log_path", "decode", "load_text", "read_log"]
