/** What the post may keep and print of a citizen's ID number. */

/** The last digits of the registered ID number that the door check asks for. */
export const ID_DIGITS_CHECKED = 4;

/**
 * An ID number as a slip may print it: at most its first three digits (the province code of a
 * citizen ID), never the digits the door check asks for.
 */
export function maskIdNumber(idNumber: string): string {
  const shown = Math.max(0, Math.min(3, idNumber.length - ID_DIGITS_CHECKED));
  return `${idNumber.slice(0, shown)}${'•'.repeat(idNumber.length - shown)}`;
}
