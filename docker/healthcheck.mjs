// The image's HEALTHCHECK: GET /health (under PUBLIC_URL's path) on this container's own port.
const port = process.env.PORT ?? '8080'
const base = new URL(process.env.PUBLIC_URL ?? 'http://localhost:8080').pathname.replace(/\/+$/, '')
try {
  const res = await fetch(`http://127.0.0.1:${port}${base}/health`, { signal: AbortSignal.timeout(2500) })
  process.exit(res.ok ? 0 : 1)
} catch {
  process.exit(1)
}
