/**
 * A coordinate rounded to a 0.005° grid (about 500 m): what Kindred keeps or shows of where a
 * person is, in the API (SAFETY 4) and in any page address that might be shared.
 */
export const roundPoint = (value: number) => Math.round(value * 200) / 200;

/** "48.430,-123.345": a rounded point as a page address holds it. */
export const pointParam = (latitude: number, longitude: number) =>
  `${roundPoint(latitude).toFixed(3)},${roundPoint(longitude).toFixed(3)}`;
