// Which control of the event form a refusal of the node is about, so the form can mark it.

/**
 * The form control a server message names: `invalid_content` says "coded event (kind 30620)
 * location.settlement: …"; the form's name for that field, if it has one.
 */
export function fieldOfServerMessage(message: string): string | null {
  const match =
    /\)\s+([a-z_]+(?:\.[a-z0-9_]+)*)\s*:/i.exec(message) ?? /^([a-z_]+(?:\.[a-z0-9_]+)*):/i.exec(message);
  if (!match) return null;
  const path = match[1]!.split('.');
  const [head, second, third] = path;
  if (head === 'location' && second)
    return second === 'settlement' ||
      second === 'admin1' ||
      second === 'country' ||
      second === 'lat' ||
      second === 'lon' ||
      second === 'geo_precision'
      ? second
      : 'settlement';
  if (head === 'size') return second === 'high' ? 'size_high' : 'size_low';
  if (head === 'enterprise') return second === 'sector' ? 'enterprise_sector' : 'enterprise_name';
  if (head === 'actors' && second !== undefined)
    return `actor-${second}-${third === 'role' ? 'role' : 'name'}`;
  if (head === 'sources' && second !== undefined)
    return `source-${second}-${third === 'url' || third === 'date' ? third : 'name'}`;
  return head ?? null;
}
