import { XmlByteDecoder } from './XmlByteDecoder.js'

/**
 * The text of an XML file, chunk by chunk, decoded per its BOM or XML declaration (UTF-8 by
 * default; PRONOTE may write ISO-8859-1). Refuses more than maxBytes as soon as they are read.
 */
export async function * decodeXmlBytes (source: AsyncIterable<Uint8Array | string>, maxBytes: number): AsyncGenerator<string> {
  const decoder = new XmlByteDecoder(maxBytes)
  for await (const chunk of source) {
    const text = decoder.push(chunk)
    if (text !== '') yield text
  }
  const rest = decoder.end()
  if (rest !== '') yield rest
}
