"""`python -m planreader PATH`: print the plan read from PATH as one JSON object.

The same schema as `manage.py import_plan PATH --json`, without Django. A file that is not a
readable plan exits with status 1 and the reason (in Vietnamese) on stderr; a scanned PDF is
OCR'd with Tesseract (status 2 when it is not installed).
"""

import argparse
import json
import sys
from pathlib import Path

from . import (
    DocumentRefused,
    OcrUnavailable,
    check_size,
    document_text,
    read_plan,
    refuse_unrecognised,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planreader", description=__doc__)
    parser.add_argument("path", type=Path, help="the plan document")
    args = parser.parse_args(argv)
    try:
        if not args.path.is_file():
            raise DocumentRefused(f"Không tìm thấy tệp: {args.path}")
        check_size(args.path.stat().st_size, args.path.name)
        reading = read_plan(document_text(args.path.read_bytes(), args.path.name))
        refuse_unrecognised(reading)
    except DocumentRefused as refusal:
        print(refusal, file=sys.stderr)
        return 1
    except OcrUnavailable as missing:
        print(f"Không nhận dạng được chữ trong bản quét: {missing}", file=sys.stderr)
        return 2
    print(json.dumps(reading.to_dict(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
