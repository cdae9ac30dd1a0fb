import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { ImportError } from '../../pronote/ImportError.js'
import { LinkRuleError } from '../../pronote/LinkRuleError.js'
import { RemovalLimitError } from '../../pronote/RemovalLimitError.js'
import { schemaFailureOf } from '../schemaFailure.js'
import { AdminError } from './AdminError.js'
import { schemaRefusal } from './params.js'

/**
 * Every error of the admin API as `{ error, message }` in French; never a stack trace. A route
 * schema's refusal is answered here, as the AdminError of the field it names.
 */
export async function adminErrorHandler (err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const failure = schemaFailureOf(err, request)
  if (failure !== undefined) err = schemaRefusal(failure)
  if (err instanceof AdminError) {
    if (err.statusCode === 401) void reply.header('www-authenticate', 'Bearer')
    await reply.code(err.statusCode).send({ error: err.error, message: err.message })
    return
  }
  if (err instanceof LinkRuleError) {
    await reply.code(err.status).send({ error: err.code, message: err.message })
    return
  }
  if (err instanceof RemovalLimitError) {
    // The whole report: the admin sees every link the import would remove before forcing it.
    await reply.code(err.statusCode).send({ error: err.code, message: `Import arrêté : ${err.message}`, report: err.report })
    return
  }
  if (err instanceof ImportError) {
    await reply.code(err.statusCode).send({ error: err.code, message: `Import refusé : ${err.message}` })
    return
  }
  const code = (err as FastifyError).code
  const status = (err as FastifyError).statusCode
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    await reply.code(415).send({ error: 'unsupported_media_type', message: 'Type de contenu non pris en charge : application/xml ou text/xml attendu' })
  } else if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
    await reply.code(413).send({ error: 'TOO_LARGE', message: 'Import refusé : fichier trop volumineux' })
  } else if (status !== undefined && status >= 400 && status < 500) {
    await reply.code(status).send({ error: 'bad_request', message: `Requête invalide : ${err.message}` })
  } else {
    request.log.error({ err }, 'admin API failure')
    await reply.code(500).send({ error: 'internal', message: 'Erreur interne du serveur' })
  }
}
