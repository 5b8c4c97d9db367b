// Markets (ZIP codes) as the form reads them, and their places (city, state) when the source knows them. Pure.

/** The ZIPs typed in the markets box: separated by commas, semicolons, spaces or lines; blanks dropped. */
export function splitMarkets(text) {
  return String(text ?? '').split(/[\s,;]+/).filter(Boolean);
}

/** `body.marketPlaces` of /config/defaults ({"07030": {"city", "state"}}) as a Map, keeping only well-formed entries. */
export function readPlaces(body) {
  const places = new Map();
  const raw = body && typeof body === 'object' && body.marketPlaces && typeof body.marketPlaces === 'object' ? body.marketPlaces : {};
  for (const [zip, place] of Object.entries(raw)) {
    if (place && typeof place.city === 'string' && place.city && typeof place.state === 'string') places.set(zip, { city: place.city, state: place.state });
  }
  return places;
}

/** "Hoboken, NJ", or null when the place is not known. */
export function placeName(zip, places) {
  const place = places && places.get(zip);
  if (!place) return null;
  return place.state ? `${place.city}, ${place.state}` : place.city;
}

/** "07030 (Hoboken, NJ)", or the bare ZIP. */
export function describeMarket(zip, places) {
  const name = placeName(zip, places);
  return name ? `${zip} (${name})` : zip;
}

/**
 * The places of the ZIPs typed, for the hint under the box: at most `max` named, then "and N more". Null when no
 * typed ZIP has a known place.
 */
export function describePlaces(zips, places, max = 6) {
  const unique = [...new Set(zips)];
  const named = unique.filter((zip) => placeName(zip, places));
  if (named.length === 0) return null;
  const shown = named.slice(0, max).map((zip) => `${zip} ${placeName(zip, places)}`);
  const more = unique.length - shown.length;
  return shown.join(' · ') + (more > 0 ? ` · and ${more} more` : '');
}

/** What a run graded, short: "roster of 3", "07030, 90210", "07030, 90210, 10001 +4". */
export function scopeText(request) {
  if (Array.isArray(request.roster)) return 'roster of ' + request.roster.length;
  const markets = request.markets || [];
  return markets.length <= 3 ? markets.join(', ') : `${markets.slice(0, 3).join(', ')} +${markets.length - 3}`;
}
