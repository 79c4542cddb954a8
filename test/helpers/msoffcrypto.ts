/**
 * The independent decryptor for password-protected slips: Python msoffcrypto-tool (Debian
 * python3-msoffcrypto-tool), run as /usr/bin/python3. Outside CI a missing module skips the tests with
 * a printed line; in CI (CI=true) the tests run and fail.
 */
import { execFile } from 'child_process';
import { PYTHON, testWith } from './tools';

/** `test` when msoffcrypto is there or in CI, else `test.skip` with a printed reason. */
export function msoffcryptoTest(): jest.It {
  return testWith(['msoffcrypto'], '加密考核单的解密');
}

const SCRIPT = `
import sys, msoffcrypto
from msoffcrypto.exceptions import InvalidKeyError
src, password, out = sys.argv[1], sys.argv[2], sys.argv[3]
with open(src, 'rb') as f:
    office = msoffcrypto.OfficeFile(f)
    if not office.is_encrypted():
        print('NOT_ENCRYPTED'); sys.exit(4)
    kind = getattr(office, 'type', '?')
    try:
        office.load_key(password=password, verify_password=True)
        with open(out, 'wb') as o:
            office.decrypt(o, verify_integrity=True)
    except InvalidKeyError:
        print('WRONG_PASSWORD ' + kind); sys.exit(3)
print('OK ' + kind)
`;

export interface Decrypted {
  /** 'OK agile', 'WRONG_PASSWORD agile', 'NOT_ENCRYPTED'… */
  status: string;
  code: number;
}

/** Decrypts `file` with `password` into `out` using msoffcrypto (the data-integrity HMAC is checked too). */
export function msoffDecrypt(file: string, password: string, out: string): Promise<Decrypted> {
  return new Promise((resolve) => {
    execFile(PYTHON, ['-c', SCRIPT, file, password, out], { encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err
        ? typeof (err as { code?: unknown }).code === 'number'
          ? (err as { code: number }).code
          : 1
        : 0;
      resolve({ status: (stdout.trim() || stderr.trim().split('\n').pop() || '').trim(), code });
    });
  });
}
