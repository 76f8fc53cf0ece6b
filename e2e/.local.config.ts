// TEMPORARY (verification only, to be deleted): runs e2e against next start + a fake gate.
import { defineConfig } from '@playwright/test';
import base from '../playwright.config';
export default defineConfig({
  ...base,
  testDir: '.',
  outputDir: '/tmp/pw-out',
  reporter: [['list']],
  use: { ...base.use, baseURL: 'http://127.0.0.1:3517' },
  webServer: undefined,
});
