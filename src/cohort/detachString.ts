/**
 * A copy of a string that shares no memory with the text it was cut from.
 *
 * V8 represents a substring of 13 or more characters as a "sliced string": a pointer into its
 * parent. A patient id or site cut from a 100 KB CSV line (or a 1 MB read chunk) would keep that
 * whole line alive for as long as the Cohort lives; for 10,000 patients that is the file's text
 * held a second time. Values kept beyond the parse go through here.
 */
export function detachString(text: string): string {
  // A JSON round trip builds a new flat string and, unlike a UTF-8 round trip, keeps every
  // UTF-16 code unit (lone surrogates included) exactly.
  return JSON.parse(JSON.stringify(text)) as string;
}
