import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import { Browser } from '../helpers/browser.js'
import { DEMO_PASSWORD, testApp, type TestApp, type TestAppOptions } from '../helpers/testApp.js'

/** anne-sophie.lefevre administers 0340000X, paul.garcia 0340001Y; lea.dupont is no admin. */
export const ADMINS = [
  { uid: 'anne-sophie.lefevre', establishments: ['0340000X'] },
  { uid: 'paul.garcia', establishments: ['0340001Y'] }
]

export function adminsFile (admins: unknown = ADMINS): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sesame-admins-')), 'admins.json')
  writeFileSync(path, JSON.stringify(admins))
  return path
}

/** Sésame with the console on. */
export async function consoleApp (t: Test, options: TestAppOptions = {}): Promise<TestApp> {
  return await testApp(t, { ...options, env: { ADMINS_FILE: adminsFile(), ...options.env } })
}

/**
 * Opens a console page as a person would: the console sends to /login, the person signs in
 * through the form, Sésame sends back to the console's callback with a ticket, and the callback
 * sends on to the page. Returns the last answer.
 */
export async function openConsole (b: Browser, path: string, login: string, password = DEMO_PASSWORD): Promise<Awaited<ReturnType<Browser['get']>>> {
  return await followToConsole(b, await b.get(path), login, password)
}

/**
 * Follows an answer that sends to /login (single sign-on, or the form when there is no session or
 * renew=true asks for the password again) back into the console, as a browser would.
 */
export async function followToConsole (b: Browser, first: Awaited<ReturnType<Browser['get']>>, login: string, password = DEMO_PASSWORD): Promise<Awaited<ReturnType<Browser['get']>>> {
  if (first.statusCode !== 302 && first.statusCode !== 303) return first
  const toLogin = new URL(first.headers.location as string, 'http://x')
  const signedIn = toLogin.pathname.endsWith('/login') && b.cookies.has('TGC') && toLogin.searchParams.get('renew') !== 'true'
    ? await b.get(toLogin.pathname + toLogin.search)
    : await b.signIn(toLogin.search, login, password)
  if (signedIn.statusCode !== 302) return signedIn
  const callback = new URL(signedIn.headers.location as string)
  const landed = await b.get(callback.pathname + callback.search)
  if (landed.statusCode !== 302) return landed
  return await b.get(landed.headers.location as string)
}

/** The CSRF token of a console page's forms. */
export function csrfOf (html: string): string {
  return /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
}
