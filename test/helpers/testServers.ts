/**
 * The servers that `npm test` starts (scripts/test.mjs) are handed to the tests through the
 * environment. A test that needs one and finds none fails with this message: it never skips.
 */
export function requiredEnv (name: string): string {
  const v = process.env[name]
  if (v === undefined || v === '') {
    throw new Error(`${name} is not set: run the tests with \`npm test\`, which starts redis-server and slapd`)
  }
  return v
}

export function testRedisUrl (): string {
  return requiredEnv('SESAME_TEST_REDIS_URL')
}
