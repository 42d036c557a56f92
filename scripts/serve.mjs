#!/usr/bin/env node
// A small static server for www/, for development and the browser tests. No dependencies.
//
//   node scripts/serve.mjs [--port N]      (or PORT=N; default 8080; 0 picks a free port)
//
// Binds to 127.0.0.1 only and prints `serving http://127.0.0.1:PORT/` once listening.
// Every response carries the same Content-Security-Policy as the page's meta tag (the
// header also covers the Web Worker, which a meta tag cannot), the right MIME type
// (application/wasm matters: instantiateStreaming refuses anything else), and nosniff.
// Paths are decoded, normalised and resolved through symlinks, and must stay inside www/;
// dot-files are never served.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; " +
  "base-uri 'none'; form-action 'none'";

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

const COMMON_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

function parsePort(argv, env) {
  let raw = env.PORT;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') raw = argv[++i];
    else if (a.startsWith('--port=')) raw = a.slice('--port='.length);
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node scripts/serve.mjs [--port N]   (PORT=N; 0 = any free port)\n');
      process.exit(0);
    } else {
      throw new Error(`unknown argument: ${a}`);
    }
  }
  if (raw === undefined || raw === '') return 8080;
  if (!/^\d+$/.test(String(raw)) || Number(raw) > 65535) throw new Error(`invalid port: ${raw}`);
  return Number(raw);
}

function send(res, status, body, headers = {}) {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': buf.length,
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : buf);
}

/** Resolves a request path to a file inside `root`, or returns an HTTP status. */
export function resolveRequestPath(root, rawUrl) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(rawUrl, 'http://127.0.0.1').pathname);
  } catch {
    return { status: 400 };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { status: 400 };
  const parts = pathname.split('/').filter(Boolean);
  // `new URL` already removes dot segments, but %2e%2e survives decoding: refuse them all.
  if (parts.some((p) => p === '..' || p.startsWith('.'))) return { status: 404 };
  let file = path.join(root, ...parts);
  if (pathname.endsWith('/')) file = path.join(file, 'index.html');
  return { file };
}

export function createServer(root) {
  const realRoot = fs.realpathSync(root);
  return http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    const r = resolveRequestPath(realRoot, req.url);
    if (!r.file) {
      send(res, r.status, r.status === 400 ? 'bad request\n' : 'not found\n');
      return;
    }
    fs.realpath(r.file, (err, real) => {
      if (err || !(real === realRoot || real.startsWith(realRoot + path.sep))) {
        send(res, 404, 'not found\n');
        return;
      }
      fs.stat(real, (err2, st) => {
        if (err2) {
          send(res, 404, 'not found\n');
          return;
        }
        if (st.isDirectory()) {
          // Directories are only served through their trailing-slash form.
          const u = new URL(req.url, 'http://127.0.0.1');
          send(res, 301, 'moved\n', { Location: u.pathname + '/' + u.search });
          return;
        }
        if (!st.isFile()) {
          send(res, 404, 'not found\n');
          return;
        }
        const type = MIME[path.extname(real).toLowerCase()] || 'application/octet-stream';
        res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': type, 'Content-Length': st.size });
        if (req.method === 'HEAD') {
          res.end();
          return;
        }
        const stream = fs.createReadStream(real);
        stream.on('error', () => res.destroy());
        stream.pipe(res);
      });
    });
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  let port;
  try {
    port = parsePort(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`serve: ${e.message}\n`);
    process.exit(2);
  }
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'www');
  const server = createServer(root);
  server.on('error', (e) => {
    process.stderr.write(`serve: ${e.message}\n`);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => {
    process.stdout.write(`serving http://127.0.0.1:${server.address().port}/\n`);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
