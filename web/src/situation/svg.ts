/**
 * SVG elements, built like h() builds HTML: attributes and text nodes, never markup strings.
 * Presentation attributes (fill, transform, width…) are not styles, so the strict CSP allows them.
 */
import type { Attrs, Child } from '../shared/dom.js';

const NS = 'http://www.w3.org/2000/svg';

/** @example s('circle', { cx: 10, cy: 10, r: 4, class: 'marker' }) */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: (Child | Child[])[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  if (attrs) {
    for (const name of Object.keys(attrs)) {
      const value = attrs[name];
      if (value === true) el.setAttribute(name, '');
      else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A number short enough for an attribute. */
export function r1(n: number): number {
  return Math.round(n * 10) / 10;
}
