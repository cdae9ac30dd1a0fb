import type { TicketStore } from '../tickets/TicketStore.js'
import type { Metrics } from './Metrics.js'

/**
 * The same ticket store, with each failed operation counted in sesame_ticket_store_errors_total
 * (the error still reaches the caller). Every method is passed through, so the wrapper never
 * lags behind the TicketStore interface.
 */
export function countTicketStoreErrors (store: TicketStore, metrics: Metrics): TicketStore {
  return new Proxy(store, {
    get (target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver)
      if (typeof value !== 'function' || typeof property !== 'string') return value
      return (...args: unknown[]): unknown => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args)
        if (result instanceof Promise) {
          return result.catch((err: unknown) => {
            metrics.ticketStoreErrors.inc({ operation: property })
            throw err
          })
        }
        return result
      }
    }
  })
}
