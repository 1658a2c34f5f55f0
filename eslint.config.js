// Lint: eslint's and typescript-eslint's recommended rules; formatting is prettier's alone
// (eslint-config-prettier turns off the rules that would disagree with it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'test-artifacts/', 'hub/api/openapi.gen.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', performance: 'readonly' },
    },
    rules: {
      // TypeScript checks names itself, with the real Node and DOM types
      'no-undef': 'off',
      // a leading underscore names what is deliberately unused (destructured away, an ignored argument)
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // One way out: every outbound request of the hub goes through the guarded client
    // (hub/pipeline/fetch.ts fetchUrl for feeds and pages, hub/pipeline/ping.ts for small
    // requests): the address policy at connect time on every hop, size, time and decompression
    // limits. Anything else that opens a connection is refused here; the few justified exceptions
    // say why beside an eslint-disable comment, and test/hostile/outbound.test.ts counts them.
    files: ['hub/**/*.ts', 'adapters/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        {
          name: 'fetch',
          message: 'Outbound requests go through fetchUrl (hub/pipeline/fetch.ts) or ping (hub/pipeline/ping.ts): the address policy on every hop.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'undici',
              importNames: ['fetch', 'request', 'stream', 'pipeline', 'connect', 'upgrade', 'Client', 'Pool', 'Agent', 'ProxyAgent', 'setGlobalDispatcher'],
              message: 'Outbound requests go through fetchUrl (hub/pipeline/fetch.ts) or ping (hub/pipeline/ping.ts).',
            },
            ...['http', 'https', 'node:http', 'node:https', 'http2', 'node:http2'].map((name) => ({
              name,
              importNames: ['request', 'get', 'connect', 'Agent', 'default'],
              message: 'Outbound requests go through fetchUrl (hub/pipeline/fetch.ts) or ping (hub/pipeline/ping.ts).',
            })),
            ...['net', 'node:net', 'tls', 'node:tls'].map((name) => ({
              name,
              importNames: ['connect', 'createConnection', 'Socket', 'default'],
              message: 'Outbound connections go through fetchUrl (hub/pipeline/fetch.ts) or ping (hub/pipeline/ping.ts).',
            })),
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportNamespaceSpecifier[parent.source.value=/^(node:)?(https?|http2|net|tls|dgram)$|^undici$/]',
          message: 'Import the names you need: outbound requests go through fetchUrl or ping.',
        },
      ],
    },
  },
  prettier,
);
