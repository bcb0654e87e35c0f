/**
 * The map: Kazakhstan, its regions and neighbours from the file built by scripts/map-data.mjs
 * (no tiles, nothing from outside), regions shaded by events, settlements as markers sized by
 * participants and clustered when close at the current zoom. Pans and zooms by buttons, mouse
 * (drag, wheel, double click), touch (drag, pinch) and keys.
 *
 * The SVG's units are the element's pixels: on a resize the map is projected again, so markers,
 * labels and the clustering distance keep their size on a phone and on a wide screen.
 */
import { h } from '../shared/dom.js';
import { formatNumber, t } from '../shared/i18n.js';
import type { Situation } from './api.js';
import { type Cluster, cluster, type Place } from './cluster.js';
import { label, regionKey, regionLabel } from './labels.js';
import { decodeRings, type MapFile, pathOf } from './map-data.js';
import { placeLabel } from './place-names.js';
import {
  boundsOf,
  clampZoom,
  fitProjection,
  IDENTITY,
  lambertConformalConic,
  type Project,
  type Zoom,
  zoomAt,
} from './projection.js';
import { scaleSqrt } from './scales.js';
import { r1, s } from './svg.js';

const MAX_ZOOM = 16;

/**
 * Marker radii and the clustering distance (pixels) for a map `width` pixels wide: smaller on a
 * phone, so that markers do not hide the map. Markers closer than the largest radius become one.
 */
export function markerSizes(width: number): { minR: number; maxR: number; clusterPx: number } {
  const maxR = Math.max(12, Math.min(26, width / 36));
  return { minR: maxR < 18 ? 4 : 5, maxR, clusterPx: maxR };
}

type Rings = [number, number][][];

interface Shapes {
  countries: { code: string; rings: Rings }[];
  regions: { admin1: string; rings: Rings; label: [number, number] | null }[];
  cities: { admin1: string; at: [number, number] }[];
  countryLabels: { code: string; at: [number, number] }[];
  kazakhstan: Rings;
}

export interface MapCallbacks {
  /** A region was chosen on the map (null: the chosen one was chosen again, to clear it). */
  onRegion(admin1: string | null): void;
  /** A single settlement's marker was opened: the page shows its events. */
  onPlace?(settlement: string): void;
}

export class MapView {
  readonly element: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly info: HTMLElement;
  private readonly buttons: HTMLElement;
  private shapes: Shapes | null = null;
  private failed = false;
  private places: Situation['map'] = [];
  private regionCounts = new Map<string, number>();
  private selectedRegion = '';
  private zoom: Zoom = IDENTITY;
  private width = 0;
  private height = 0;
  private project: Project | null = null;
  private base: SVGGElement | null = null;
  private frame = 0;
  private readonly pointers = new Map<number, [number, number]>();
  private gesture: { zoom: Zoom; points: [number, number][] } | null = null;
  private moved = false;

  constructor(private readonly callbacks: MapCallbacks) {
    this.svg = s('svg', { class: 'map-svg', role: 'group', tabindex: 0, focusable: 'true' });
    this.info = h('p', { class: 'map-info', 'aria-live': 'polite' });
    this.buttons = h('div', { class: 'map-buttons', role: 'group' });
    this.element = h(
      'div',
      { class: 'map' },
      h('div', { class: 'map-frame' }, this.svg),
      this.buttons,
      this.info,
    );
    this.listen();
    if (typeof ResizeObserver !== 'undefined') {
      new ResizeObserver(() => this.resize()).observe(this.svg);
    } else {
      window.addEventListener('resize', () => this.resize());
    }
    this.relabel();
  }

  /** The map file arrived (or could not be read: then markers are drawn on a blank field). */
  setShapes(file: MapFile | null): void {
    this.failed = file === null;
    this.shapes = file ? toShapes(file) : null;
    this.layout();
  }

  setData(situation: Situation, selectedRegion: string): void {
    this.places = situation.map;
    this.regionCounts = new Map(
      situation.by_region.flatMap((r) => (r.admin1 ? [[baseKey(r.admin1), r.count] as const] : [])),
    );
    this.selectedRegion = selectedRegion;
    this.info.textContent = '';
    this.draw();
  }

  /** Texts of the current language: buttons, labels, titles. */
  relabel(): void {
    this.svg.setAttribute('aria-label', t('situation.map.label'));
    this.buttons.replaceChildren(
      this.button('+', 'situation.map.zoom_in', () => this.zoomBy(2)),
      this.button('−', 'situation.map.zoom_out', () => this.zoomBy(0.5)),
      this.button('⟲', 'situation.map.reset', () => this.setZoom(IDENTITY)),
    );
    this.info.textContent = '';
    this.draw();
  }

  private button(text: string, key: string, action: () => void): HTMLButtonElement {
    const b = h('button', { type: 'button', class: 'map-button', 'aria-label': t(key), title: t(key) }, text);
    b.addEventListener('click', action);
    return b;
  }

  private resize(): void {
    const { width, height } = this.svg.getBoundingClientRect();
    const w = Math.round(width);
    const hgt = Math.round(height);
    if (w === this.width && hgt === this.height) return;
    if (this.width > 0 && w > 0) {
      const f = w / this.width;
      this.zoom = { k: this.zoom.k, x: this.zoom.x * f, y: this.zoom.y * f };
    }
    this.width = w;
    this.height = hgt;
    this.layout();
  }

  /** Project for the current size and draw everything. */
  private layout(): void {
    if (this.width === 0 || this.height === 0) {
      const { width, height } = this.svg.getBoundingClientRect();
      this.width = Math.round(width);
      this.height = Math.round(height);
    }
    if (this.width === 0 || this.height === 0) return;
    this.svg.setAttribute('viewBox', `0 0 ${this.width} ${this.height}`);
    const base = lambertConformalConic();
    const kz = this.shapes?.kazakhstan.flat() ?? [
      [46.5, 40.6],
      [87.3, 55.4],
    ];
    const box = boundsOf(kz.map(([lon, lat]) => base(lon, lat)));
    this.project = fitProjection(base, box, this.width, this.height, Math.min(24, this.width * 0.03));
    this.zoom = clampZoom(this.zoom, this.width, this.height);
    this.draw();
  }

  /** The base map (paths projected for this size and these counts), then the overlay. */
  private draw(): void {
    const project = this.project;
    if (!project) return;
    const base = s('g', { class: 'map-base' });
    if (this.shapes) {
      for (const c of this.shapes.countries) {
        if (c.code === 'kaz') continue;
        base.appendChild(s('path', { class: 'map-country', d: pathOf(c.rings, project) }));
      }
      const maxCount = Math.max(0, ...this.regionCounts.values());
      if (this.shapes.regions.length === 0) {
        base.appendChild(
          s('path', { class: 'map-kz map-kz-fill', d: pathOf(this.shapes.kazakhstan, project) }),
        );
      }
      for (const region of this.shapes.regions) {
        base.appendChild(this.regionPath(region, project, maxCount));
      }
      base.appendChild(s('path', { class: 'map-kz', d: pathOf(this.shapes.kazakhstan, project) }));
    }
    this.base = base;
    this.svg.replaceChildren(
      s('rect', { class: 'map-water', x: 0, y: 0, width: this.width, height: this.height }),
      base,
      s('g'),
      s('g'),
    );
    if (this.failed) {
      this.svg.appendChild(
        s('text', { class: 'map-note', x: 12, y: this.height - 12 }, t('situation.map.no_outline')),
      );
    }
    this.drawOverlay();
  }

  /** What moves with pan and zoom: the base map's transform, labels and markers (re-clustered). */
  private drawOverlay(): void {
    const project = this.project;
    if (!project || !this.base) return;
    this.base.setAttribute('transform', this.transform());
    const [, , labels, markers] = this.svg.children;
    if (labels) labels.replaceWith(this.labelLayer(project));
    if (markers) markers.replaceWith(this.markerLayer(project));
    this.svg.classList.toggle('zoomed', this.zoom.k > 1);
  }

  private regionPath(region: Shapes['regions'][number], project: Project, maxCount: number): SVGElement {
    const count = this.regionCounts.get(baseKey(region.admin1)) ?? 0;
    const heat = count === 0 || maxCount === 0 ? 0 : Math.min(4, 1 + Math.floor((count / maxCount) * 3.999));
    const selected = this.selectedRegion !== '' && baseKey(this.selectedRegion) === baseKey(region.admin1);
    const path = s(
      'path',
      {
        class: `map-region heat-${heat}${selected ? ' selected' : ''}`,
        d: pathOf(region.rings, project),
        'data-region': region.admin1,
      },
      s(
        'title',
        null,
        `${regionLabel(region.admin1)}: ${t('situation.count.events', { count: formatNumber(count) })}`,
      ),
    );
    path.addEventListener('click', () => {
      if (this.moved) return;
      this.callbacks.onRegion(selected ? null : region.admin1);
    });
    return path;
  }

  private toView(project: Project, lon: number, lat: number): [number, number] {
    const [x, y] = project(lon, lat);
    return [x * this.zoom.k + this.zoom.x, y * this.zoom.k + this.zoom.y];
  }

  private labelLayer(project: Project): SVGGElement {
    const layer = s('g', { class: 'map-labels', 'aria-hidden': 'true' });
    if (!this.shapes) return layer;
    const narrow = this.width * this.zoom.k < 700;
    for (const c of this.shapes.countryLabels) {
      const [x, y] = this.toView(project, c.at[0], c.at[1]);
      layer.appendChild(
        s('text', { class: 'map-label-country', x: r1(x), y: r1(y) }, label('country', c.code)),
      );
    }
    // Region names crowd a phone's map: shown there once zoomed in.
    if (!narrow) {
      for (const region of this.shapes.regions) {
        if (!region.label || this.shapes.cities.some((c) => c.admin1 === region.admin1)) continue;
        const [x, y] = this.toView(project, region.label[0], region.label[1]);
        layer.appendChild(
          s('text', { class: 'map-label-region', x: r1(x), y: r1(y) }, regionLabel(region.admin1)),
        );
      }
    }
    for (const city of this.shapes.cities) {
      const [x, y] = this.toView(project, city.at[0], city.at[1]);
      layer.appendChild(s('circle', { class: 'map-city', cx: r1(x), cy: r1(y), r: 2.5 }));
      if (!narrow || city.admin1 !== 'Shymkent') {
        layer.appendChild(
          s('text', { class: 'map-label-city', x: r1(x + 5), y: r1(y - 5) }, regionLabel(city.admin1)),
        );
      }
    }
    return layer;
  }

  private markerLayer(project: Project): SVGGElement {
    const layer = s('g', { class: 'map-markers' });
    if (this.places.length === 0) return layer;
    const bySize = this.places.some((p) => (p.participants ?? 0) > 0);
    const weigh = (c: { participants: number; count: number }) => (bySize ? c.participants : c.count);
    // The scale is set by the clusters at the whole-country view, so a marker does not change
    // size when the reader zooms; zooming splits clusters into smaller markers.
    const { minR, maxR, clusterPx } = markerSizes(this.width);
    const base = cluster(this.placesAt(project, IDENTITY), clusterPx);
    const radius = scaleSqrt(Math.max(1, ...base.map(weigh)), minR, maxR);
    const clusters = cluster(this.placesAt(project, this.zoom), clusterPx);
    clusters.sort((a, b) => weigh(b) - weigh(a));
    for (const c of clusters) {
      if (c.x < -maxR || c.y < -maxR || c.x > this.width + maxR || c.y > this.height + maxR) continue;
      layer.appendChild(this.marker(c, radius(weigh(c))));
    }
    return layer;
  }

  private placesAt(project: Project, zoom: Zoom): Place[] {
    return this.places.map((p) => {
      const [x, y] = project(p.lon, p.lat);
      return {
        settlement: p.settlement,
        admin1: p.admin1,
        x: x * zoom.k + zoom.x,
        y: y * zoom.k + zoom.y,
        count: p.count,
        participants: p.participants ?? 0,
      };
    });
  }

  private marker(c: Cluster, r: number): SVGGElement {
    const many = c.places.length > 1;
    const text = describe(c);
    const g = s(
      'g',
      {
        class: many ? 'marker marker-cluster' : 'marker',
        role: 'button',
        tabindex: 0,
        'aria-label': text,
      },
      s('title', null, text),
      s('circle', { cx: r1(c.x), cy: r1(c.y), r: r1(r) }),
      r >= 8 || many
        ? s('text', { x: r1(c.x), y: r1(c.y), 'dominant-baseline': 'central' }, formatNumber(c.count))
        : null,
    );
    const open = () => {
      if (this.moved) return;
      if (many && this.zoom.k < MAX_ZOOM) this.setZoom(zoomAt(this.zoom, 3, [c.x, c.y], 1, MAX_ZOOM));
      else {
        this.info.textContent = text;
        const only = c.places.length === 1 ? c.places[0] : undefined;
        if (only) this.callbacks.onPlace?.(only.settlement);
      }
    };
    g.addEventListener('click', open);
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open();
      }
    });
    return g;
  }

  private transform(): string {
    return `translate(${r1(this.zoom.x)} ${r1(this.zoom.y)}) scale(${this.zoom.k})`;
  }

  private setZoom(z: Zoom): void {
    this.zoom = clampZoom(z, this.width, this.height);
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.drawOverlay();
    });
  }

  private zoomBy(factor: number): void {
    this.setZoom(zoomAt(this.zoom, factor, [this.width / 2, this.height / 2], 1, MAX_ZOOM));
  }

  private point(e: { clientX: number; clientY: number }): [number, number] {
    const rect = this.svg.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  }

  private listen(): void {
    const svg = this.svg;
    svg.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        this.setZoom(zoomAt(this.zoom, Math.exp(-e.deltaY * 0.002), this.point(e), 1, MAX_ZOOM));
      },
      { passive: false },
    );
    svg.addEventListener('dblclick', (e) => {
      e.preventDefault();
      this.setZoom(zoomAt(this.zoom, 2, this.point(e), 1, MAX_ZOOM));
    });
    svg.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      this.pointers.set(e.pointerId, this.point(e));
      this.gesture = { zoom: this.zoom, points: [...this.pointers.values()] };
      this.moved = false;
    });
    svg.addEventListener('pointermove', (e) => {
      if (!this.pointers.has(e.pointerId) || !this.gesture) return;
      this.pointers.set(e.pointerId, this.point(e));
      const now = [...this.pointers.values()];
      const start = this.gesture.points;
      const z = this.gesture.zoom;
      if (now.length >= 2 && start.length >= 2) {
        const [a, b] = now as [[number, number], [number, number]];
        const [a0, b0] = start as [[number, number], [number, number]];
        const factor =
          Math.hypot(b[0] - a[0], b[1] - a[1]) / Math.max(1, Math.hypot(b0[0] - a0[0], b0[1] - a0[1]));
        const mid: [number, number] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
        const mid0: [number, number] = [(a0[0] + b0[0]) / 2, (a0[1] + b0[1]) / 2];
        const zoomed = zoomAt(z, factor, mid0, 1, MAX_ZOOM);
        this.moved = true;
        this.setZoom({ k: zoomed.k, x: zoomed.x + mid[0] - mid0[0], y: zoomed.y + mid[1] - mid0[1] });
      } else if (now.length === 1 && start.length === 1) {
        const dx = now[0]![0] - start[0]![0];
        const dy = now[0]![1] - start[0]![1];
        if (!this.moved && Math.hypot(dx, dy) < 4) return;
        if (!this.moved) svg.setPointerCapture(e.pointerId);
        this.moved = true;
        this.setZoom({ k: z.k, x: z.x + dx, y: z.y + dy });
      }
    });
    const end = (e: PointerEvent) => {
      this.pointers.delete(e.pointerId);
      // The remaining finger of a pinch pans from where it is now.
      this.gesture = this.pointers.size > 0 ? { zoom: this.zoom, points: [...this.pointers.values()] } : null;
    };
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
    svg.addEventListener('keydown', (e) => {
      if (e.target !== svg) return;
      const step = 60;
      const actions: Record<string, () => void> = {
        '+': () => this.zoomBy(2),
        '=': () => this.zoomBy(2),
        '-': () => this.zoomBy(0.5),
        '0': () => this.setZoom(IDENTITY),
        ArrowLeft: () => this.setZoom({ ...this.zoom, x: this.zoom.x + step }),
        ArrowRight: () => this.setZoom({ ...this.zoom, x: this.zoom.x - step }),
        ArrowUp: () => this.setZoom({ ...this.zoom, y: this.zoom.y + step }),
        ArrowDown: () => this.setZoom({ ...this.zoom, y: this.zoom.y - step }),
      };
      const action = actions[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    });
  }
}

function toShapes(file: MapFile): Shapes {
  const countries = file.countries.map((c) => ({ code: c.code, rings: decodeRings(c.rings, file.scale) }));
  return {
    countries,
    regions: file.regions.map((r) => ({
      admin1: r.admin1,
      rings: decodeRings(r.rings, file.scale),
      label: r.label,
    })),
    cities: file.labels?.cities ?? [],
    countryLabels: file.labels?.countries ?? [],
    kazakhstan: countries.find((c) => c.code === 'kaz')?.rings ?? [],
  };
}

/** "Mangystau" and "Mangystau Region" are one region. */
function baseKey(admin1: string): string {
  return regionKey(admin1).replace(/_region$/, '');
}

/** What a marker says: the place (or the places of a cluster), events and participants. */
function describe(c: Cluster): string {
  const counts = t('situation.count.events', { count: formatNumber(c.count) });
  const people =
    c.participants > 0
      ? `, ${t('situation.count.participants', { count: formatNumber(c.participants) })}`
      : '';
  if (c.places.length === 1) {
    const p = c.places[0]!;
    return `${placeLabel(p.settlement)}${p.admin1 ? ` (${regionLabel(p.admin1)})` : ''}: ${counts}${people}`;
  }
  const names = c.places.slice(0, 4).map((p) => placeLabel(p.settlement));
  const more = c.places.length > 4 ? ` ${t('situation.map.and_more', { count: c.places.length - 4 })}` : '';
  return `${names.join(', ')}${more}: ${counts}${people}`;
}
