/**
 * Password-protecting a slip: standard Office encryption (ECMA-376 agile: AES-256-CBC, SHA-512,
 * 100,000 spins, random 32-byte package key — what Excel writes), by officecrypto-tool 0.0.19.
 * Excel, WPS and LibreOffice ask for the password when the file is opened.
 *
 * Speed: the library derives the password key three times per file (key, verifier input, verifier
 * value), and each derivation repeats the same 100,000 SHA-512 spins over the same (salt, password);
 * only the final block key differs. `installSpinCache` replaces its key derivation by one that spins
 * once per (password, salt) and returns byte-identical keys (test/slips/slip-passwords.test.ts compares
 * it with the library's own function, and the independent decryptor opens the result). The file
 * format, the cipher and the randomness stay the library's.
 */
import * as crypto from 'crypto';
import officeCrypto from 'officecrypto-tool';

type DeriveKey = (
  password: string,
  hashAlgorithm: string,
  saltValue: Buffer,
  spinCount: number,
  keyBits: number,
  blockKey: Buffer,
) => Buffer;

interface AgileEncryptor {
  convertPasswordToKey: DeriveKey;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const agile = require('officecrypto-tool/src/crypto/ecma376_agile') as AgileEncryptor;
/** The library's own derivation, kept for the equality test. */
export const libraryDeriveKey: DeriveKey = agile.convertPasswordToKey.bind(agile);

const hashOnce = (algorithm: string, data: Buffer): Buffer => crypto.createHash(algorithm).update(data).digest();

let last: { password: string; algorithm: string; salt: string; spins: number; spun: Buffer } | null = null;

/** The library's key derivation with the spun hash remembered for the last (password, salt). */
export const cachedDeriveKey: DeriveKey = (password, hashAlgorithm, saltValue, spinCount, keyBits, blockKey) => {
  const salt = saltValue.toString('hex');
  let spun: Buffer;
  if (
    last &&
    last.password === password &&
    last.algorithm === hashAlgorithm &&
    last.salt === salt &&
    last.spins === spinCount
  )
    spun = last.spun;
  else {
    let key = hashOnce(hashAlgorithm, Buffer.concat([saltValue, Buffer.from(password, 'utf16le')]));
    const buf = Buffer.alloc(4 + key.length);
    for (let i = 0; i < spinCount; i++) {
      buf.writeUInt32LE(i, 0);
      key.copy(buf, 4);
      key = hashOnce(hashAlgorithm, buf);
    }
    spun = key;
    last = { password, algorithm: hashAlgorithm, salt, spins: spinCount, spun };
  }
  let key = hashOnce(hashAlgorithm, Buffer.concat([spun, blockKey]));
  const keyBytes = keyBits / 8;
  if (key.length < keyBytes) {
    const padded = Buffer.alloc(keyBytes, 0x36);
    key.copy(padded);
    key = padded;
  } else if (key.length > keyBytes) key = key.subarray(0, keyBytes);
  return key;
};

let installed = false;
function installSpinCache(): void {
  if (installed) return;
  agile.convertPasswordToKey = cachedDeriveKey;
  installed = true;
}

/** The .xlsx bytes encrypted with `password` (an OLE2 compound file, as Excel writes it). */
export function encryptXlsx(xlsx: Buffer, password: string): Buffer {
  if (password === '') throw new Error('encryptXlsx: empty password');
  installSpinCache();
  const out = officeCrypto.encrypt(xlsx, { password });
  // Never hand back something that is not an encrypted container.
  if (!officeCrypto.isEncrypted(out)) throw new Error('encryptXlsx: the output is not encrypted');
  return out;
}

/** Letters and digits that cannot be misread (no 0/O, 1/l/I), as HR reads them out or types them. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A random password from the operating system's CSPRNG: 10 characters ≈ 58 bits. */
export function generatePassword(length = 10): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[crypto.randomInt(ALPHABET.length)];
  return out;
}
