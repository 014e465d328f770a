import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { createMap, type TileSettings, zoomForRadius } from './base.ts';

type Props = {
  latitude: number;
  longitude: number;
  radiusKm: number;
  tiles: TileSettings;
  label: string;
  pinLabel: string;
  onMove: (point: { latitude: number; longitude: number }) => void;
};

const round = (n: number) => Math.round(n * 1e5) / 1e5;

/** A pin to drag (or a click to place it) and the service area's circle around it. */
export default function AreaPicker(props: Props) {
  const element = useRef<HTMLElement>(null);
  const parts = useRef<{ map: L.Map; pin: L.Marker; circle: L.Circle } | null>(null);
  const onMove = useRef(props.onMove);
  onMove.current = props.onMove;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is made once; the effects below follow later props.
  useEffect(() => {
    if (!element.current) return;
    const centre: [number, number] = [props.latitude, props.longitude];
    const map = createMap(element.current, props.tiles, {
      centre,
      zoom: zoomForRadius(props.radiusKm),
    });
    const circle = L.circle(centre, {
      radius: props.radiusKm * 1000,
      color: '#1d5c4d',
      weight: 2,
      fillOpacity: 0.12,
    }).addTo(map);
    const pin = L.marker(centre, {
      draggable: true,
      title: props.pinLabel,
      icon: L.divIcon({ className: 'map-pin', iconSize: [28, 28], iconAnchor: [14, 28] }),
    }).addTo(map);
    pin.getElement()?.setAttribute('aria-label', props.pinLabel);
    const moved = (latlng: L.LatLng) => {
      onMove.current({ latitude: round(latlng.lat), longitude: round(latlng.lng) });
    };
    pin.on('drag', () => circle.setLatLng(pin.getLatLng()));
    pin.on('dragend', () => moved(pin.getLatLng()));
    map.on('click', (event: L.LeafletMouseEvent) => moved(event.latlng));
    // Keyboard: arrow keys on the focused pin move it a tenth of the radius (Shift: a whole one).
    pin.getElement()?.addEventListener('keydown', (event) => {
      const step = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[
        event.key
      ];
      if (!step) return;
      event.preventDefault();
      event.stopPropagation();
      const km = (circle.getRadius() / 1000) * (event.shiftKey ? 1 : 0.1);
      const at = pin.getLatLng();
      const degreesLat = km / 111.32;
      const degreesLng = km / (111.32 * Math.max(0.01, Math.cos((at.lat * Math.PI) / 180)));
      const next = L.latLng(at.lat + step[0]! * degreesLat, at.lng + step[1]! * degreesLng);
      pin.setLatLng(next);
      circle.setLatLng(next);
      moved(next);
    });
    parts.current = { map, pin, circle };
    return () => {
      map.remove();
      parts.current = null;
    };
  }, []);

  useEffect(() => {
    const current = parts.current;
    if (!current) return;
    const point = L.latLng(props.latitude, props.longitude);
    if (!current.pin.getLatLng().equals(point)) {
      current.pin.setLatLng(point);
      current.map.panTo(point);
    }
    current.circle.setLatLng(point);
    current.circle.setRadius(props.radiusKm * 1000);
  }, [props.latitude, props.longitude, props.radiusKm]);

  return <section ref={element} className="map map-small" aria-label={props.label} />;
}
