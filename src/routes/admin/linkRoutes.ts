import type { FastifyInstance } from 'fastify'
import type { Directory } from '../../directory/Directory.js'
import { casUserOf } from '../../pronote/casUserOf.js'
import { exportLinksCsv } from '../../pronote/exportLinksCsv.js'
import { linkByHand } from '../../pronote/linkByHand.js'
import { LinkRuleError } from '../../pronote/LinkRuleError.js'
import type { LinkStore } from '../../pronote/LinkStore.js'
import type { ServiceRegistry } from '../../services/ServiceRegistry.js'
import { audit } from '../audit.js'
import { AdminError } from './AdminError.js'
import { adminOf } from './adminOf.js'
import { ESTABLISHMENT_SCHEMA, LINK_PUT_SCHEMA, LINK_SCHEMA, type LinkBody } from './adminSchemas.js'

interface Params { uai: string, idpn: string }

/** Reading, exporting, and making or removing links by hand. */
export function linkRoutes (app: FastifyInstance, linkStore: LinkStore, directories: Directory[], registry: ServiceRegistry): void {
  app.get<{ Params: Params }>('/establishments/:uai/links', { schema: ESTABLISHMENT_SCHEMA }, async (request) => {
    const links = await linkStore.listEstablishment(request.params.uai.toUpperCase())
    return links.sort((a, b) => a.idpn < b.idpn ? -1 : a.idpn > b.idpn ? 1 : 0)
  })

  app.get<{ Params: Params }>('/establishments/:uai/links.csv', { schema: ESTABLISHMENT_SCHEMA }, async (request, reply) => {
    const uai = request.params.uai.toUpperCase()
    const casUser = await casUserOf(registry.forEstablishment(uai), uai, directories)
    const csv = exportLinksCsv(await linkStore.listEstablishment(uai), casUser)
    return await reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="liens-pronote-${uai}.csv"`).send(csv)
  })

  app.put<{ Params: Params, Body: LinkBody }>('/establishments/:uai/links/:idpn', { schema: LINK_PUT_SCHEMA }, async (request) => {
    const uai = request.params.uai.toUpperCase()
    const { idpn } = request.params
    const { category } = request.body
    const uid = request.body.uid.trim()
    const move = request.body.move === true
    try {
      const link = await linkByHand({ links: linkStore, directories }, { uai, idpn, uid, category, move, by: adminOf(request) })
      audit(request, 'admin.link', { uai, idpn, uid, category, move })
      return link
    } catch (err) {
      // A refusal is audited too: who tried to link whom, and which rule said no.
      if (err instanceof LinkRuleError) audit(request, 'admin.link.refused', { uai, idpn, uid, category, move, code: err.code })
      throw err
    }
  })

  app.delete<{ Params: Params }>('/establishments/:uai/links/:idpn', { schema: LINK_SCHEMA }, async (request, reply) => {
    const uai = request.params.uai.toUpperCase()
    const { idpn } = request.params
    if (!await linkStore.unlink(uai, idpn)) throw new AdminError(404, 'LINK_NOT_FOUND', `Aucun lien pour l'IDPN ${idpn} dans l'établissement ${uai}`)
    audit(request, 'admin.unlink', { uai, idpn })
    return await reply.code(204).send()
  })
}
