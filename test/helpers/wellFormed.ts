import { SaxesParser } from 'saxes'

/** Parses XML strictly (saxes, namespaces on); returns the text of every element by local name. */
export function parseXml (xml: string): Map<string, string[]> {
  const parser = new SaxesParser({ xmlns: true })
  const out = new Map<string, string[]>()
  const stack: Array<{ name: string, text: string }> = []
  parser.on('opentag', (tag) => { stack.push({ name: tag.local, text: '' }) })
  parser.on('text', (text) => { const top = stack[stack.length - 1]; if (top !== undefined) top.text += text })
  parser.on('closetag', () => {
    const el = stack.pop() as { name: string, text: string }
    out.set(el.name, [...(out.get(el.name) ?? []), el.text])
  })
  parser.write(xml).close()
  return out
}
