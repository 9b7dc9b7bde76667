/**
 * The brand the desk opens on: the one an invitation was for or the one chosen last time, else the first the user
 * holds a role on (an installation admin also sees brands they only administer, whose inbox they may not read:
 * opening on one of those said "Brand not found or no access"), else the first.
 */
export function chooseBrand(me: { brands: ReadonlyArray<{ id: string; role?: string | null }>; brand_id?: string }, stored: string | null): string {
  const keep = me.brands.find((b) => b.id === (me.brand_id ?? stored));
  return keep?.id ?? me.brands.find((b) => b.role)?.id ?? me.brands[0]?.id ?? '';
}
