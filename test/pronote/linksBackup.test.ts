import t from 'tap'
import { backupLinks, LinksBackupError, parseLinksBackup } from '../../src/pronote/linksBackup.js'
import { MemoryLinkStore } from '../../src/pronote/MemoryLinkStore.js'
import { link } from './linkStoreContract.js'

const B = { format: 'sesame-pronote-links-backup', version: 1, exportedAt: '2026-09-01T10:00:00.000Z' }
const good = { uai: '0340000X', links: [link('A1', 'u1')] }

t.test('a backup holds every establishment with links, sorted by UAI then IDPN, and reads back the same', async (t) => {
  const store = new MemoryLinkStore([link('Z9', 'u9', 4, '0750001A'), link('B2', 'u2'), link('A1', 'u1')])
  await store.unlink('0750001A', 'Z9')
  await store.addLinks('0130002B', [link('C3', 'u3', 2, '0130002B')])
  const backup = await backupLinks(store, new Date('2026-12-01T00:00:00Z'))
  t.same(backup, {
    ...B,
    exportedAt: '2026-12-01T00:00:00.000Z',
    establishments: [{ uai: '0130002B', links: [link('C3', 'u3', 2, '0130002B')] }, { uai: '0340000X', links: [link('A1', 'u1'), link('B2', 'u2')] }]
  }, 'an establishment whose links are all gone is left out')
  t.same(parseLinksBackup(JSON.stringify(backup)), backup)
})

t.test('a lower-case UAI is read in upper case', async (t) => {
  const parsed = parseLinksBackup(JSON.stringify({ ...B, establishments: [{ uai: '0340000x', links: [link('A1', 'u1', 1, '0340000x')] }] }))
  t.same(parsed.establishments, [good])
})

t.test('a malformed backup is refused with a French message naming the first problem', async (t) => {
  const cases: Array<[string | object, RegExp]> = [
    ['{"format": ', /^JSON illisible/],
    [[], /^objet JSON attendu$/],
    [{ ...B, format: 'sesame-pronote-links' }, /^champ "format" : « sesame-pronote-links-backup » attendu/],
    [{ ...B, version: 2 }, /^version 2 non prise en charge \(1 attendue\)$/],
    [{ ...B }, /^champ "establishments" : tableau attendu$/],
    [{ ...B, establishments: [good, { uai: '075', links: [] }] }, /^établissement n° 2 : UAI "075" invalide/],
    [{ ...B, establishments: [good, { ...good, uai: '0340000x' }] }, /^établissement n° 2 : 0340000X figure deux fois$/],
    [{ ...B, establishments: [good, { uai: '0750001A' }] }, /^établissement n° 2 \(0750001A\) : champ "links" : tableau attendu$/],
    [{ ...B, establishments: [good, { uai: '0750001A', links: [{ ...link('Z9', 'u9', 1, '0750001A'), category: 7 }] }] }, /^établissement n° 2 \(0750001A\), lien n° 1 : champ manquant ou invalide/],
    [{ ...B, establishments: [good, { uai: '0750001A', links: [{ ...link('Z9', 'u9', 1, '0750001A'), linkedAt: undefined }] }] }, /lien n° 1 : champ manquant ou invalide/],
    [{ ...B, establishments: [good, { uai: '0750001A', links: [link('Z 9', 'u9', 1, '0750001A')] }] }, /lien n° 1 : IDPN « Z 9 » invalide$/],
    [{ ...B, establishments: [good, { uai: '0750001A', links: [link('Z9', ' ', 1, '0750001A')] }] }, /lien n° 1 : uid vide$/],
    [{ ...B, establishments: [good, { uai: '0750001A', links: [link('Z9', 'u9')] }] }, /lien n° 1 : lien de l'établissement 0340000X rangé sous 0750001A$/],
    [{ ...B, establishments: [good, { uai: '0750001A', links: [link('Z9', 'u9', 1, '0750001A'), link('Z9', 'u8', 1, '0750001A')] }] }, /lien n° 2 : IDPN Z9 en double$/]
  ]
  for (const [content, message] of cases) {
    const text = typeof content === 'string' ? content : JSON.stringify(content)
    t.throws(() => parseLinksBackup(text), LinksBackupError, String(message))
    t.throws(() => parseLinksBackup(text), { message }, String(message))
  }
})
