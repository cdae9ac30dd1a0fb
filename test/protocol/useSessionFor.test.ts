import t from 'tap'
import { MemoryLinkStore } from '../../src/pronote/MemoryLinkStore.js'
import type { PronoteLink } from '../../src/pronote/LinkStore.js'
import { useSessionFor } from '../../src/protocol/useSessionFor.js'
import { Browser, ticketOf } from '../helpers/browser.js'
import { DEMO_PASSWORD, PRONOTE_ELEVE, testApp } from '../helpers/testApp.js'

const link = (idpn: string): PronoteLink => ({ uai: '0340000X', idpn, uid: 'lea.dupont', category: 1, source: 'import', linkedAt: '2025-09-01' })
const service = `?service=${encodeURIComponent(PRONOTE_ELEVE)}`

for (const store of ['memory', 'redis'] as const) {
  t.test(`${store}: single sign-on releases the PRONOTE identifier linked at the moment of each ticket, an import between two tickets included`, async (t) => {
    const links = new MemoryLinkStore()
    await links.addLinks('0340000X', [link('A8BT6EGHDW3QFPXC')])
    const { app } = await testApp(t, { store, links })
    const browser = new Browser(app)
    const pronoteIdOf = async (st: string | undefined): Promise<string | undefined> => {
      const body = (await app.inject({ url: `/p3/serviceValidate?service=${encodeURIComponent(PRONOTE_ELEVE)}&ticket=${st}` })).body
      return /<cas:pronoteId>([^<]*)<\/cas:pronoteId>/.exec(body)?.[1]
    }
    t.equal(await pronoteIdOf(ticketOf(await browser.signIn(service, 'lea.dupont', DEMO_PASSWORD))), 'A8BT6EGHDW3QFPXC', 'at sign-in')
    t.equal(await pronoteIdOf(ticketOf(await browser.get(`/login${service}`))), 'A8BT6EGHDW3QFPXC', 'single sign-on')
    await links.replaceEstablishment('0340000X', [link('Z9Y8X7W6V5U4T3S2')])
    t.equal(await pronoteIdOf(ticketOf(await browser.get(`/login${service}`))), 'Z9Y8X7W6V5U4T3S2', 'the next ticket after an import')
    await links.replaceEstablishment('0340000X', [])
    t.equal(await pronoteIdOf(ticketOf(await browser.get(`/login${service}`))), undefined, 'and after the link is removed')
  })
}

t.test('a session whose owner the process knows has its links read together with it, and only that person\'s links are used', async (t) => {
  const links = new MemoryLinkStore()
  await links.addLinks('0340000X', [link('A8BT6EGHDW3QFPXC')])
  const { app, ctx } = await testApp(t, { links })
  const browser = new Browser(app)
  await browser.signIn(service, 'lea.dupont', DEMO_PASSWORD)
  const tgtId = browser.cookies.get('TGC') as string
  const match = ctx.registry.match(PRONOTE_ELEVE)
  // Record the order in which the stores are asked.
  const asked: string[] = []
  const linksOf = links.linksOf.bind(links)
  links.linksOf = async (uid, uai) => { asked.push(`links ${uid}`); return await linksOf(uid, uai) }
  const useSession = ctx.tickets.useSession.bind(ctx.tickets)
  ctx.tickets.useSession = async (id) => { asked.push('session'); return await useSession(id) }
  const { tgt, links: reader } = await useSessionFor(ctx, tgtId, match)
  t.same(asked, ['links lea.dupont', 'session'], 'the links read is sent before the session is awaited')
  t.equal(tgt?.person.uid, 'lea.dupont')
  t.same((await reader.linksOf('lea.dupont', '0340000X')).map((l) => l.idpn), ['A8BT6EGHDW3QFPXC'])
  t.same(asked, ['links lea.dupont', 'session'], 'the links read once')
  t.same(await reader.linksOf('marc.dupont', '0340000X'), [], 'another person\'s links are read from the store')
  t.same(asked.slice(2), ['links marc.dupont'])
  // An ended session: nothing, whatever was read alongside.
  await ctx.tickets.endSession(tgtId)
  t.equal((await useSessionFor(ctx, tgtId, match)).tgt, undefined)
})
