/**
 * The one way the apps build DOM: elements, attributes and text nodes, never HTML strings, so
 * that data from the network cannot become markup and the pages keep working under a CSP
 * without 'unsafe-inline'. Event handlers are added with addEventListener, never as attributes.
 */

export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined>;

/**
 * Create an element. `true` sets a boolean attribute, `false`/`null`/`undefined` leaves it out.
 *
 * @example h('p', { class: 'muted' }, t('common.loading'))
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const name of Object.keys(attrs)) {
      const value = attrs[name];
      if (value === true) el.setAttribute(name, '');
      else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
    }
  }
  for (const child of children) {
    if (Array.isArray(child)) for (const c of child) add(el, c);
    else add(el, child);
  }
  return el;
}

function add(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
}

/** Replace everything inside `parent` with `children`. */
export function replace(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  for (const child of children) add(parent, child);
}
