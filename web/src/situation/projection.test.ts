import { describe, expect, it } from 'vitest';
import { boundsOf, clampZoom, fitProjection, lambertConformalConic, zoomAt } from './projection.js';

describe('lambertConformalConic', () => {
  const project = lambertConformalConic();

  it('puts the centre at the origin, north up and east right', () => {
    const [x, y] = project(67, 48);
    expect(x).toBeCloseTo(0, 12);
    expect(y).toBeCloseTo(0, 12);
    expect(project(67, 50)[1]).toBeLessThan(0);
    expect(project(70, 48)[0]).toBeGreaterThan(0);
  });

  it('keeps shapes: on a standard parallel a degree east is cos(lat) of a degree north', () => {
    // Conformal and true to scale on the standard parallels (45° and 52°).
    const [x0, y0] = project(67, 45);
    const [x1, y1] = project(67.01, 45);
    const [x2, y2] = project(67, 45.01);
    const east = Math.hypot(x1 - x0, y1 - y0);
    const north = Math.hypot(x2 - x0, y2 - y0);
    expect(east / north).toBeCloseTo(Math.cos((45 * Math.PI) / 180), 3);
    expect(north).toBeCloseTo((0.01 * Math.PI) / 180, 6);
  });

  it('bends parallels into arcs around the pole: the ends of a parallel rise', () => {
    // At 48°N, 87°E is drawn higher (smaller y) than 67°E, and 47°E as high as 87°E.
    expect(project(87, 48)[1]).toBeLessThan(project(67, 48)[1]);
    expect(project(47, 48)[1]).toBeCloseTo(project(87, 48)[1], 12);
  });
});

describe('fitProjection', () => {
  it('fits a box into the view, centred, keeping the aspect', () => {
    const project = lambertConformalConic();
    const corners: [number, number][] = [
      [46.5, 40.6],
      [87.3, 40.6],
      [46.5, 55.4],
      [87.3, 55.4],
    ];
    const box = boundsOf(corners.map(([lon, lat]) => project(lon, lat)));
    const fitted = fitProjection(project, box, 1000, 600, 20);
    const view = boundsOf(corners.map(([lon, lat]) => fitted(lon, lat)));
    expect(view.width).toBeCloseTo(960, 6);
    expect(view.height).toBeLessThanOrEqual(560);
    expect(view.x).toBeCloseTo(20, 6);
    expect(view.y + view.height / 2).toBeCloseTo(300, 6);
  });
});

describe('zoomAt and clampZoom', () => {
  it('keeps the point under the cursor where it is', () => {
    const z = zoomAt({ k: 1, x: 0, y: 0 }, 2, [300, 200]);
    expect(z).toEqual({ k: 2, x: -300, y: -200 });
    expect(300 * z.k + z.x).toBe(600 - 300);
  });

  it('stays within the zoom range', () => {
    expect(zoomAt({ k: 1, x: 0, y: 0 }, 0.5, [10, 10]).k).toBe(1);
    expect(zoomAt({ k: 8, x: 0, y: 0 }, 4, [10, 10], 1, 16).k).toBe(16);
  });

  it('never pans past the map’s edges', () => {
    expect(clampZoom({ k: 1, x: 50, y: -40 }, 800, 600)).toEqual({ k: 1, x: 0, y: 0 });
    expect(clampZoom({ k: 2, x: -2000, y: 10 }, 800, 600)).toEqual({ k: 2, x: -800, y: 0 });
    expect(clampZoom({ k: 2, x: -100, y: -100 }, 800, 600)).toEqual({ k: 2, x: -100, y: -100 });
  });
});
