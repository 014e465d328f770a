import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import Supercluster from 'supercluster';
import type { TGroupSummary } from '../../../../common/groups.ts';
import { createMap, type TileSettings } from './base.ts';

type Props = {
  groups: TGroupSummary[];
  centre: [number, number] | null;
  tiles: TileSettings;
  label: string;
};

type GroupPoint = { slug: string; name: string };

/**
 * Groups on a map. Markers cluster (supercluster) and only what is in view is drawn, so
 * thousands of groups stay smooth on a cheap phone. The list beside it says the same.
 */
export default function GroupMap({ groups, centre, tiles, label }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const element = useRef<HTMLElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layerRef = useRef<L.LayerGroup | null>(null);
  const drawRef = useRef<() => void>(() => undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is made once; the effects below follow later props.
  useEffect(() => {
    if (!element.current) return;
    const map = createMap(element.current, tiles, {
      centre: centre ?? [20, 0],
      zoom: centre ? 10 : 2,
    });
    mapRef.current = map;
    layerRef.current = L.layerGroup().addTo(map);
    const redraw = () => drawRef.current();
    map.on('moveend', redraw);
    return () => {
      map.off('moveend', redraw);
      map.remove();
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    const map = mapRef.current;
    const layer = layerRef.current;
    if (!map || !layer) return;
    const index = new Supercluster<GroupPoint>({ radius: 48, extent: 256, maxZoom: 16 });
    index.load(
      groups.map((group) => ({
        type: 'Feature' as const,
        geometry: {
          type: 'Point' as const,
          coordinates: [group.centre.longitude, group.centre.latitude],
        },
        properties: { slug: group.slug, name: group.name },
      })),
    );
    drawRef.current = () => {
      layer.clearLayers();
      const bounds = map.getBounds();
      const clusters = index.getClusters(
        [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()],
        Math.round(map.getZoom()),
      );
      for (const feature of clusters) {
        const [lng, lat] = feature.geometry.coordinates as [number, number];
        const properties = feature.properties as GroupPoint & {
          cluster?: boolean;
          cluster_id?: number;
          point_count?: number;
        };
        if (properties.cluster) {
          const count = properties.point_count ?? 0;
          const name = t('groups.map.cluster', { count });
          const marker = L.marker([lat, lng], {
            title: name,
            icon: L.divIcon({
              className: 'map-cluster',
              html: `<span>${count}</span>`,
              iconSize: [36, 36],
            }),
          });
          marker.on('click', () => {
            const zoom = index.getClusterExpansionZoom(properties.cluster_id!);
            map.setView([lat, lng], Math.min(zoom, 17));
          });
          marker.addTo(layer);
          marker.getElement()?.setAttribute('aria-label', name);
          continue;
        }
        const marker = L.circleMarker([lat, lng], {
          radius: 8,
          color: '#1d5c4d',
          weight: 2,
          fillColor: '#2f8f78',
          fillOpacity: 0.85,
        });
        const link = document.createElement('a');
        link.href = `/groups/${properties.slug}`;
        link.textContent = properties.name;
        link.addEventListener('click', (event) => {
          event.preventDefault();
          navigate(`/groups/${properties.slug}`);
        });
        marker.bindPopup(link);
        marker.addTo(layer);
      }
    };
    drawRef.current();
  }, [groups, navigate, t]);

  useEffect(() => {
    if (centre && mapRef.current) mapRef.current.setView(centre, 10);
  }, [centre]);

  return <section ref={element} className="map" aria-label={label} />;
}
