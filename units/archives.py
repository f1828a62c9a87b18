"""Measuring a zip archive (.xlsx, .docx) before anything unpacks it: zip bombs are refused
unopened.

The sizes come from the archive's directory; Python's zipfile never yields more bytes than
an entry declares, so a lying directory cannot unpack more than was measured here.
"""

import zipfile
from dataclasses import dataclass

# An entry above this size that compresses better than MAX_RATIO : 1 is a bomb, not a
# document (spreadsheet and Word XML compresses 5–30 : 1).
RATIO_FLOOR = 1024 * 1024
MAX_RATIO = 200


@dataclass(frozen=True)
class ZipMeasure:
    unpacked: int
    entries: int
    suspicious: bool


def measure_zip(archive: zipfile.ZipFile) -> ZipMeasure:
    infos = archive.infolist()
    suspicious = any(
        info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        for info in infos
    )
    return ZipMeasure(
        unpacked=sum(info.file_size for info in infos), entries=len(infos), suspicious=suspicious
    )
