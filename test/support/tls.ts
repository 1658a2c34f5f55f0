/**
 * A throwaway PKI for TLS tests, made with the system openssl: a root CA, an intermediate CA and a
 * leaf for 127.0.0.1 signed by the intermediate, plus a self-signed leaf. Real certificates,
 * real verification; nothing is trusted outside the test that passes them in.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  rootPem: string;
  intermediatePem: string;
  leafKey: string;
  leafPem: string;
  selfSignedKey: string;
  selfSignedPem: string;
  cleanup(): void;
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'hub-pki-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  writeFileSync(join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  writeFileSync(join(dir, 'leaf.ext'), 'basicConstraints=CA:FALSE\nsubjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  const key = (name: string) => ssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
  for (const n of ['root', 'inter', 'leaf', 'self']) key(n);
  ssl(
    'req',
    '-x509',
    '-new',
    '-key',
    'root.key',
    '-subj',
    '/CN=Hub Test Root',
    '-days',
    '2',
    '-out',
    'root.pem',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  ssl('req', '-new', '-key', 'inter.key', '-subj', '/CN=Hub Test Intermediate', '-out', 'inter.csr');
  ssl('x509', '-req', '-in', 'inter.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '2', '-extfile', 'ca.ext', '-out', 'inter.pem');
  ssl('req', '-new', '-key', 'leaf.key', '-subj', '/CN=127.0.0.1', '-out', 'leaf.csr');
  ssl(
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'inter.pem',
    '-CAkey',
    'inter.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'leaf.ext',
    '-out',
    'leaf.pem',
  );
  ssl('req', '-x509', '-new', '-key', 'self.key', '-subj', '/CN=127.0.0.1', '-days', '2', '-out', 'self.pem', '-addext', 'subjectAltName=IP:127.0.0.1');
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    dir,
    rootPem: read('root.pem'),
    intermediatePem: read('inter.pem'),
    leafKey: read('leaf.key'),
    leafPem: read('leaf.pem'),
    selfSignedKey: read('self.key'),
    selfSignedPem: read('self.pem'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A leaf for 127.0.0.1 signed by the PKI's root that expired in 2020 (openssl ca takes explicit
 * dates; x509 -days cannot go back): trust the root and the only failure left is the expiry.
 */
export function makeExpiredLeaf(pki: TestPki): { key: string; cert: string } {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: pki.dir, stdio: 'pipe' });
  writeFileSync(
    join(pki.dir, 'expired-ca.cnf'),
    '[ca]\ndefault_ca=d\n[d]\ndatabase=expired-index.txt\nnew_certs_dir=.\nserial=expired-serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n',
  );
  writeFileSync(join(pki.dir, 'expired-index.txt'), '');
  writeFileSync(join(pki.dir, 'expired-serial'), '01\n');
  ssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'expired.key');
  ssl('req', '-new', '-key', 'expired.key', '-subj', '/CN=127.0.0.1', '-out', 'expired.csr');
  ssl(
    'ca',
    '-batch',
    '-config',
    'expired-ca.cnf',
    '-cert',
    'root.pem',
    '-keyfile',
    'root.key',
    '-in',
    'expired.csr',
    '-out',
    'expired.pem',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200102000000Z',
    '-extfile',
    'leaf.ext',
    '-notext',
  );
  return { key: readFileSync(join(pki.dir, 'expired.key'), 'utf8'), cert: readFileSync(join(pki.dir, 'expired.pem'), 'utf8') };
}

/** An HTTPS server on a loopback ephemeral port answering every request with `body`. */
export async function startTlsServer(key: string, cert: string, body: string): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer({ key, cert }, (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/feed`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
