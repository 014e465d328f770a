import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

export type TileSettings = { tileUrl: string; attribution: string };

/**
 * A Leaflet map on the configured tiles. Without a network the tiles stay blank and
 * everything else still works: markers, the pin, the list beside the map.
 */
export function createMap(
  element: HTMLElement,
  tiles: TileSettings,
  view: { centre: [number, number]; zoom: number },
) {
  const map = L.map(element, { zoomControl: true, attributionControl: true }).setView(
    view.centre,
    view.zoom,
  );
  L.tileLayer(tiles.tileUrl, { attribution: escapeText(tiles.attribution), maxZoom: 19 }).addTo(
    map,
  );
  return map;
}

/** Leaflet puts attribution in as HTML; ours is plain text from a setting. */
function escapeText(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Zoom to show a radius around a point. */
export function zoomForRadius(radiusKm: number) {
  return Math.max(3, Math.min(16, Math.round(14 - Math.log2(Math.max(radiusKm, 0.25)))));
}
