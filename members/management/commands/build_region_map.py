"""Turns Natural Earth's country shapes into the region map that the member states pages draw.

The source is world-atlas's TopoJSON (members/map_data/countries-50m.json: world-atlas 2.0.2, ISC
licence, Natural Earth data in the public domain). The output, members/map_data/region_map.json,
is committed: the site reads it, and this command runs only when the map should change.
"""

import itertools
import json
import math
from pathlib import Path

from django.core.management.base import BaseCommand
from django_countries import countries

MAP_DATA = Path(__file__).resolve().parents[2] / "map_data"
SOURCE = MAP_DATA / "countries-50m.json"
OUTPUT = MAP_DATA / "region_map.json"
# Latin America and the Caribbean, with a margin: longitude and latitude in degrees.
WEST, EAST, SOUTH, NORTH = -118.0, -33.0, -56.5, 33.0
WIDTH = 600
# Points closer than this (in the map's units) to the last one kept are dropped.
TOLERANCE = 1.6
# Countries smaller than this (in the map's units) also get a marker.
MARKER_BELOW = 12
# The marker's radius as drawn (members/includes/region_map.html), and the clear space around it.
MARKER_RADIUS, MARKER_CLEARANCE = 7, 2
# Where a marker may move to when it would cover a neighbour's land (Curaçao's lay on
# Venezuela's coast): offsets in the map's units, nearest and northwards (out to sea) first.
MARKER_OFFSETS = [(0, 0)] + [
    (round(distance * math.sin(angle)), -round(distance * math.cos(angle)))
    for distance in range(10, 40, 4)
    for angle in (math.radians(a) for a in (0, -30, 30, -60, 60, -90, 90, 180))
]


def mercator(lon, lat):
    lat = max(min(lat, 85.0), -85.0)
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def decoded_arcs(topology):
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"].values()
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring_points(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def place_markers(markers, points):
    """Moves each marker (in place, smallest country first) to the nearest spot where its circle
    covers no other country's land and no marker already placed; returns {code: the island's
    own point} for those that moved."""
    reach = MARKER_RADIUS + MARKER_CLEARANCE
    anchors, placed = {}, []
    for code in sorted(markers, key=lambda c: (len(points.get(c, ())), c)):
        x, y = markers[code]
        others = [p for other, pts in points.items() if other != code for p in pts]
        for dx, dy in MARKER_OFFSETS:
            spot = (x + dx, y + dy)
            if all(math.dist(spot, p) > reach for p in others) and all(
                math.dist(spot, q) > 2 * reach for q in placed
            ):
                break
        else:
            spot = (x, y)  # nowhere clear within reach: keep it on the island
        placed.append(spot)
        if spot != (x, y):
            anchors[code] = [x, y]
            markers[code] = list(spot)
    return anchors


class Command(BaseCommand):
    help = "Rebuild members/map_data/region_map.json from the Natural Earth shapes."

    def handle(self, *args, **options):
        topology = json.loads(SOURCE.read_text(encoding="utf-8"))
        arcs = decoded_arcs(topology)
        left, top = mercator(WEST, NORTH)
        right, bottom = mercator(EAST, SOUTH)
        scale = WIDTH / (right - left)
        height = round((top - bottom) * scale)

        def project(lon, lat):
            x, y = mercator(lon, lat)
            return (x - left) * scale, (top - y) * scale

        shapes, markers, points = {}, {}, {}
        for geometry in topology["objects"]["countries"]["geometries"]:
            code = countries.alpha2(geometry.get("id") or "")
            if not code:
                continue
            path, drawn = [], []
            for polygon in polygons(geometry):
                for indexes in polygon:
                    ring = ring_points(arcs, indexes)
                    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
                    if (
                        max(lons) < WEST
                        or min(lons) > EAST
                        or max(lats) < SOUTH
                        or min(lats) > NORTH
                    ):
                        continue
                    if min(lons) < -170:
                        continue  # across the antimeridian (Fiji): not in this region
                    kept = []
                    for lon, lat in ring:
                        x, y = (round(v) for v in project(lon, lat))
                        if not kept or math.dist(kept[-1], (x, y)) >= TOLERANCE:
                            kept.append((x, y))
                    drawn.extend(kept)
                    if len(kept) < 3:
                        continue
                    # Whole units, each point relative to the one before: a small path.
                    steps = [f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in itertools.pairwise(kept)]
                    path.append(f"M{kept[0][0]} {kept[0][1]}l" + " ".join(steps) + "z")
            if path:
                shapes[code] = "".join(path)
            xs, ys = [p[0] for p in drawn], [p[1] for p in drawn]
            if drawn:
                points[code] = drawn
            if drawn and max(max(xs) - min(xs), max(ys) - min(ys)) < MARKER_BELOW:
                # Too small to see or to tap: the map also draws a marker there.
                markers[code] = [round((max(xs) + min(xs)) / 2), round((max(ys) + min(ys)) / 2)]
        anchors = place_markers(markers, points)
        OUTPUT.write_text(
            json.dumps(
                {
                    "source": "Natural Earth 1:50m via world-atlas 2.0.2 (public domain data)",
                    "width": WIDTH,
                    "height": height,
                    "shapes": dict(sorted(shapes.items())),
                    "markers": dict(sorted(markers.items())),
                    # Where a moved marker's island really is: the map draws a line to it.
                    "anchors": dict(sorted(anchors.items())),
                },
                indent=0,
            )
            + "\n",
            encoding="utf-8",
        )
        size = OUTPUT.stat().st_size
        self.stdout.write(f"{len(shapes)} countries, {WIDTH}x{height}, {size} bytes: {OUTPUT}")
