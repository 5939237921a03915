/**
 * The map of the alliance's cities, loaded only by the map page (dynamic import): Chart.js with
 * chartjs-chart-geo's bubble map over a country's outline from world-atlas (Natural Earth, 1:50m,
 * fetched as a file of its own), decoded with topojson-client.
 */
import Chart from 'chart.js/auto';
import { BubbleMapController, GeoFeature, ProjectionScale, SizeScale } from 'chartjs-chart-geo';
import type { Feature, Geometry } from 'geojson';
import { merge } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlasUrl from 'world-atlas/countries-50m.json?url';

Chart.register(BubbleMapController, GeoFeature, ProjectionScale, SizeScale);

/**
 * The atlas's areas (ISO 3166 numeric codes, as world-atlas names them) drawn as each country. China's
 * panel shows Taiwan as part of China, as the alliance's Chinese members and their maps do; Natural
 * Earth lists it apart (158).
 */
const COUNTRY_AREAS: Record<string, string[]> = { DE: ['276'], CN: ['156', '158'] };

let atlas: Promise<Topology<{ countries: GeometryCollection }>> | undefined;

/** The atlas, fetched once. */
export function loadAtlas(): Promise<Topology<{ countries: GeometryCollection }>> {
  atlas ??= fetch(atlasUrl).then((r) => {
    if (!r.ok) throw new Error(`world-atlas: HTTP ${r.status}`);
    return r.json() as Promise<Topology<{ countries: GeometryCollection }>>;
  });
  return atlas;
}

/** A country's outline (GeoJSON): its areas merged into one shape. */
export async function countryOutline(country: string): Promise<Feature<Geometry>> {
  const world = await loadAtlas();
  const ids = COUNTRY_AREAS[country] ?? [];
  const geometries = world.objects.countries.geometries.filter((g) => ids.includes(String(g.id)));
  if (geometries.length !== ids.length || ids.length === 0) throw new Error(`world-atlas has no outline for ${country}`);
  return { type: 'Feature', properties: { country }, geometry: merge(world, geometries as Parameters<typeof merge>[1]) };
}

export interface MapPoint {
  id: string;
  name: string;
  longitude: number;
  latitude: number;
  /** Draws the point: its colour, shape and size tell the status apart. */
  color: string;
  shape: 'circle' | 'rectRot' | 'triangle' | 'rect';
  size: number;
  /** What the tooltip says. */
  label: string;
}

/** Draws the points over the outline; a click on a point calls onSelect with its id. */
export function drawCityMap(canvas: HTMLCanvasElement, outline: Feature<Geometry>, given: MapPoint[], onSelect: (id: string) => void): Chart<'bubbleMap'> {
  // The larger points first, so that a smaller one (a guest next to a member) is drawn on top and stays visible.
  const points = [...given].sort((a, b) => b.size - a.size);
  return new Chart(canvas, {
    type: 'bubbleMap',
    data: {
      labels: points.map((p) => p.name),
      datasets: [
        {
          outline: [outline],
          showOutline: true,
          outlineBackgroundColor: '#eef2f6',
          outlineBorderColor: '#6e7781',
          outlineBorderWidth: 1,
          clipMap: false,
          data: points.map((p) => ({ longitude: p.longitude, latitude: p.latitude, value: p.size })),
          backgroundColor: points.map((p) => p.color),
          borderColor: '#ffffff',
          borderWidth: 1.5,
          pointStyle: points.map((p) => p.shape),
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { title: () => '', label: (item) => points[item.dataIndex]?.label ?? '' } },
      },
      scales: {
        projection: { axis: 'x', projection: 'mercator', padding: 12 },
        size: { axis: 'x', display: false, range: [3, 6.5], min: 0, max: 3 },
      },
      onHover: (event, elements) => {
        const target = event.native?.target as HTMLElement | undefined;
        if (target) target.style.cursor = elements.length ? 'pointer' : 'default';
      },
      onClick: (_event, elements) => {
        const hit = elements[0];
        const point = hit ? points[hit.index] : undefined;
        if (point) onSelect(point.id);
      },
    },
  });
}
