import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Writes a .br and a .gz beside every script and stylesheet of the build, at the strongest
 * settings (done once here, not per request); the server sends the one the browser accepts
 * (src/http/web-app.ts).
 */
function precompress(): Plugin {
  return {
    name: 'caseline-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const files = Object.keys(bundle).filter((f) => /\.(js|css)$/.test(f));
      await Promise.all(
        files.map(async (name) => {
          const path = join(options.dir!, name);
          const body = await readFile(path);
          await writeFile(
            `${path}.br`,
            await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
          );
          await writeFile(`${path}.gz`, await gzipped(body, { level: 9 }));
        }),
      );
    },
  };
}

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web app is built into dist/web, beside the server's dist/*.js; the server serves it at `/`
 * (src/http/web-app.ts). `npm run web:dev` proxies /api to a server on :3000 for hot reload.
 */
export default defineConfig({
  root: here,
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/docs': 'http://localhost:3000' },
  },
});
