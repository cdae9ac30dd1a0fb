export function ensurePackages (wanted: Array<[string, string]>): void
