import type { FastifyInstance } from 'fastify'
import type { Directory } from '../../directory/Directory.js'
import { casUserOf } from '../../pronote/casUserOf.js'
import { exportLinksCsv } from '../../pronote/exportLinksCsv.js'
import type { LinkStore, PronoteLink } from '../../pronote/LinkStore.js'
import type { ServiceRegistry } from '../../services/ServiceRegistry.js'
import { audit } from '../audit.js'
import { AdminError } from './AdminError.js'
import { idpnParam, linkBody, uaiParam } from './params.js'

interface Params { uai: string, idpn: string }

async function personExists (directories: Directory[], uai: string, uid: string): Promise<boolean> {
  for (const d of directories) {
    for await (const p of d.peopleOf(uai)) if (p.uid === uid) return true
  }
  return false
}

/** Reading, exporting, and making or removing links by hand. */
export function linkRoutes (app: FastifyInstance, linkStore: LinkStore, directories: Directory[], registry: ServiceRegistry): void {
  app.get<{ Params: Params }>('/establishments/:uai/links', async (request) => {
    const links = await linkStore.listEstablishment(uaiParam(request.params.uai))
    return links.sort((a, b) => a.idpn < b.idpn ? -1 : a.idpn > b.idpn ? 1 : 0)
  })

  app.get<{ Params: Params }>('/establishments/:uai/links.csv', async (request, reply) => {
    const uai = uaiParam(request.params.uai)
    const casUser = await casUserOf(registry.forEstablishment(uai), uai, directories)
    const csv = exportLinksCsv(await linkStore.listEstablishment(uai), casUser)
    return await reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="liens-pronote-${uai}.csv"`).send(csv)
  })

  app.put<{ Params: Params }>('/establishments/:uai/links/:idpn', async (request) => {
    const uai = uaiParam(request.params.uai)
    const idpn = idpnParam(request.params.idpn)
    const { uid, category } = linkBody(request.body)
    // A typo in a uid would make a link nobody ever uses: the person must belong to the establishment.
    if (!await personExists(directories, uai, uid)) throw new AdminError(404, 'PERSON_NOT_FOUND', `Aucune personne « ${uid} » dans les annuaires pour l'établissement ${uai}`)
    // PRONOTE gives one identifier per person and category: a second one would make the one a
    // ticket carries depend on the order of the links. The admin unlinks the old one first.
    const held = (await linkStore.linksOf(uid, uai)).find((l) => l.category === category && l.idpn !== idpn)
    if (held !== undefined) {
      throw new AdminError(409, 'ALREADY_LINKED', `${uid} a déjà l'identifiant ${held.idpn} dans cette catégorie pour l'établissement ${uai} : supprimez ce lien d'abord`)
    }
    const link: PronoteLink = { uai, idpn, uid, category, source: 'manual', linkedAt: new Date().toISOString() }
    await linkStore.addLinks(uai, [link])
    audit(request, 'admin.link', { uai, idpn, uid, category })
    return link
  })

  app.delete<{ Params: Params }>('/establishments/:uai/links/:idpn', async (request, reply) => {
    const uai = uaiParam(request.params.uai)
    const idpn = idpnParam(request.params.idpn)
    if (!await linkStore.unlink(uai, idpn)) throw new AdminError(404, 'LINK_NOT_FOUND', `Aucun lien pour l'IDPN ${idpn} dans l'établissement ${uai}`)
    audit(request, 'admin.unlink', { uai, idpn })
    return await reply.code(204).send()
  })
}
