// A tiny application protected by CAS, for `docker compose up`, standing for the PRONOTE server of
// one establishment: it sends an anonymous visitor to Sésame's /login, validates the ticket it gets
// back server to server (/p3/serviceValidate), and shows who signed in with the attributes Sésame
// released, the PRONOTE identifier (pronoteId) first. No dependencies, no persistence.
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'

const PORT = Number(process.env.PORT ?? 3000)
// Where browsers reach Sésame, and where this container reaches it (the compose network).
const CAS_PUBLIC_URL = (process.env.CAS_PUBLIC_URL ?? 'http://localhost:8080').replace(/\/+$/, '')
const CAS_INTERNAL_URL = (process.env.CAS_INTERNAL_URL ?? CAS_PUBLIC_URL).replace(/\/+$/, '')
// The service URL registered in Sésame; it must be byte for byte the same at login and validation.
const SERVICE = process.env.SERVICE_URL ?? `http://localhost:${PORT}/`
// The establishment this application stands for (the uai of its entry in services.json).
const UAI = process.env.ESTABLISHMENT_UAI ?? '0340000X'
// The attribute name typed in PRONOTE's CAS settings (pronoteIdAttribute in services.json).
const PRONOTE_ID = process.env.PRONOTE_ID_ATTRIBUTE ?? 'pronoteId'
const sessions = new Map()

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const page = (body) => `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Application de démonstration</title><body style="font-family:sans-serif;max-width:40rem;margin:2rem auto">${body}</body></html>`

async function validate (ticket) {
  const url = `${CAS_INTERNAL_URL}/p3/serviceValidate?format=JSON&service=${encodeURIComponent(SERVICE)}&ticket=${encodeURIComponent(ticket)}`
  const answer = await (await fetch(url, { signal: AbortSignal.timeout(5000) })).json()
  const success = answer.serviceResponse?.authenticationSuccess
  if (success === undefined) throw new Error(answer.serviceResponse?.authenticationFailure?.code ?? 'réponse inattendue')
  return { user: success.user, attributes: success.attributes ?? {} }
}

createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', SERVICE)
  const sid = /(?:^|;\s*)demo_sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
  if (url.pathname === '/logout') {
    if (sid !== undefined) sessions.delete(sid)
    res.writeHead(302, { location: `${CAS_PUBLIC_URL}/logout?service=${encodeURIComponent(SERVICE)}`, 'set-cookie': 'demo_sid=; Max-Age=0; Path=/' }).end()
    return
  }
  const ticket = url.searchParams.get('ticket')
  if (ticket !== null) {
    try {
      const who = await validate(ticket)
      const id = randomBytes(16).toString('hex')
      sessions.set(id, who)
      res.writeHead(302, { location: SERVICE, 'set-cookie': `demo_sid=${id}; HttpOnly; SameSite=Lax; Path=/` }).end()
    } catch (err) {
      res.writeHead(403, { 'content-type': 'text/html; charset=utf-8' }).end(page(`<h1>Ticket refusé</h1><p>${escape(err.message)}</p><p><a href="/">Réessayer</a></p>`))
    }
    return
  }
  const who = sid === undefined ? undefined : sessions.get(sid)
  if (who === undefined) {
    res.writeHead(302, { location: `${CAS_PUBLIC_URL}/login?service=${encodeURIComponent(SERVICE)}` }).end()
    return
  }
  const pronoteId = [who.attributes[PRONOTE_ID] ?? []].flat()[0]
  const idLine = pronoteId === undefined
    ? `<p><strong>Aucun identifiant PRONOTE</strong> reçu pour l'établissement ${escape(UAI)} : importez son export PRONOTE (<code>sesame import</code>), puis reconnectez-vous.</p>`
    : `<p>Identifiant PRONOTE reçu pour l'établissement ${escape(UAI)} : <strong id="pronoteId">${escape(pronoteId)}</strong></p>`
  const rows = Object.entries(who.attributes).map(([k, v]) => `<tr><th style="text-align:left">${escape(k)}</th><td>${escape([v].flat().join(', '))}</td></tr>`).join('')
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    .end(page(`<h1>Bonjour ${escape(who.user)}</h1><p>Connecté par Sésame (CAS) au PRONOTE de démonstration de l'établissement ${escape(UAI)}.</p>${idLine}<h2>Attributs reçus</h2><table>${rows}</table><p><a href="/logout">Se déconnecter</a></p>`))
}).listen(PORT, '0.0.0.0', () => { console.log(`demo app on ${SERVICE}, CAS at ${CAS_PUBLIC_URL}`) })
