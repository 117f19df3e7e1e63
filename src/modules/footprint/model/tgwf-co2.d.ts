// @tgwf/co2 ships no type declarations; only the data subpath is used here, so only it is declared.
declare module '@tgwf/co2/data' {
  /** Yearly average grid intensity, g CO2e/kWh, keyed by ISO alpha-3 code or region name. */
  export const averageIntensity: { data: Record<string, number>; type: string };
}
