// CommonJS so that Jest loads it without a TypeScript loader.
const { createCjsPreset } = require('jest-preset-angular/presets');

// Tests must not depend on the machine's time zone; Jest's workers inherit this.
process.env.TZ = 'UTC';

const preset = createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' });

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  // marked ships ES modules only: compiled to CommonJS like Angular's own .mjs files.
  transformIgnorePatterns: [
    'node_modules/(?!(.*\\.mjs$|@angular/common/locales/.*\\.js$|marked/))',
  ],
  // Unit tests live beside the code in src/; e2e/ belongs to Playwright.
  roots: ['<rootDir>/src'],
  setupFilesAfterEnv: ['<rootDir>/setup-jest.ts'],
};
