import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  { ignores: ['public/embed.js', 'public/embed-transcript.js', 'public/embed/**', '.next/**', 'node_modules/**', 'next-env.d.ts', 'var/**', 'bench/results/**', 'test-results/**', '.stryker-tmp/**', 'reports/**'] },
];

export default config;
