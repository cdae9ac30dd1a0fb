/** A URL for the logs: ticket values cut to their prefix and first characters. */
export function redactUrl (url: string): string {
  return url.replace(/((?:^|[?&])(?:ticket|pgt|pgtId|pgtIou|execution)=)([A-Za-z]+-[A-Za-z0-9]{0,6})[^&#]*/g, '$1$2…')
}
