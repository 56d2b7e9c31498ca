"""The region map: Natural Earth shapes (built by `manage.py build_region_map`), with the member
states and observers that have a page marked and linked."""

import functools
import json
from pathlib import Path

MAP_FILE = Path(__file__).resolve().parent / "map_data" / "region_map.json"


@functools.cache
def _shapes():
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


def region_map(states):
    """The map for `states` (member state pages the public site may show): every country's
    shape, and for each state its page, drawn on top of the others."""
    data = _shapes()
    by_code = {str(state.country): state for state in states}
    marked = []
    for code in sorted(by_code.keys() & (data["shapes"].keys() | data["markers"].keys())):
        marked.append(
            {
                "state": by_code[code],
                "d": data["shapes"].get(code, ""),
                "marker": data["markers"].get(code),  # a tiny island's dot
                # Where the island is, when its dot sits offshore to leave the coast clear.
                "anchor": data.get("anchors", {}).get(code),
            }
        )
    return {
        "width": data["width"],
        "height": data["height"],
        "others": [d for code, d in data["shapes"].items() if code not in by_code],
        "states": marked,
    }
