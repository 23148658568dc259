// Reads one value per line (the typed transport form JsReferenceTest writes, see there) from stdin
// and writes one line per value: {"cbor": hex | null, "json": hex | null, "err": message | null},
// the encodings of @ipld/dag-cbor and @ipld/dag-json.
import * as dagCbor from '@ipld/dag-cbor'
import * as dagJson from '@ipld/dag-json'
import { CID } from 'multiformats/cid'
import { createInterface } from 'node:readline'

const MIN = BigInt(Number.MIN_SAFE_INTEGER)
const MAX = BigInt(Number.MAX_SAFE_INTEGER)

function build (t) {
  switch (t[0]) {
    case 'null': return null
    case 'bool': return t[1]
    case 'int': {
      const b = BigInt(t[1])
      return b >= MIN && b <= MAX ? Number(b) : b
    }
    case 'float': {
      const u8 = Uint8Array.from(Buffer.from(t[1], 'hex'))
      return new DataView(u8.buffer).getFloat64(0)
    }
    case 'str': return t[1]
    case 'bytes': return Uint8Array.from(Buffer.from(t[1], 'hex'))
    case 'cid': return CID.parse(t[1])
    case 'list': return t[1].map(build)
    case 'map': {
      const o = {}
      for (const [k, v] of t[1]) o[k] = build(v)
      return o
    }
    default: throw new Error('unknown transport tag ' + t[0])
  }
}

const hex = (u8) => Buffer.from(u8).toString('hex')
const out = []
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line === '') continue
  const r = { cbor: null, json: null, err: null }
  try {
    const v = build(JSON.parse(line))
    r.cbor = hex(dagCbor.encode(v))
    r.json = hex(dagJson.encode(v))
  } catch (e) {
    r.err = String(e && e.message)
  }
  out.push(JSON.stringify(r))
}
process.stdout.write(out.join('\n') + '\n')
