// The projector page in Debian's chromium, as the venue laptop shows it: waits for the
// page to put up a code, then for the rotation to replace it, takes a screenshot of
// what the room sees, then tells the cargo test (one JSON line on stdout) and waits
// for it to stop the server (a line on stdin) before waiting for the offline notice.
// Inputs: URL (the page, with its projector key), SHOT and STALE_SHOT (screenshot paths),
// PROFILE, CHROMIUM.
// Every wait is on the page's own state, with a generous timeout: no fixed sleeps.
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`missing ${k}`);
  return v;
};
const URL = env('URL'), SHOT = env('SHOT'), STALE_SHOT = env('STALE_SHOT'), PROFILE = env('PROFILE');
const WAIT = { timeout: 30000 };

const context = await chromium.launchPersistentContext(PROFILE, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 720 },
  locale: 'ja-JP',
});
const page = context.pages()[0] || await context.newPage();
const state = () => page.evaluate(() => ({
  code: document.getElementById('qr').getAttribute('data-code'),
  svg: !!document.querySelector('#qr svg'),
  classes: [...document.body.classList],
}));

try {
  await page.goto(URL);
  await page.waitForFunction(() => document.getElementById('qr').getAttribute('data-code'), null, WAIT);
  const first = await state();
  await page.waitForFunction(
    (old) => { const c = document.getElementById('qr').getAttribute('data-code'); return c && c !== old; },
    first.code, WAIT);
  const second = await state();
  await page.screenshot({ path: SHOT });
  console.log(JSON.stringify({ phase: 'live', first, second }));

  // The cargo test stops the server now and says so.
  const lines = readline.createInterface({ input: process.stdin });
  await new Promise((resolve) => lines.once('line', resolve));
  lines.close();
  await page.waitForFunction(() => document.body.classList.contains('offline'), null, WAIT);
  const offline = await state();
  // Past the code's rotation and the grace, the stale code is hidden.
  await page.waitForFunction(() => document.body.classList.contains('stale'), null, WAIT);
  const stale = await state();
  const shown = await page.evaluate(() => ({
    notice: getComputedStyle(document.getElementById('offline')).display,
    cover: getComputedStyle(document.getElementById('stale')).display,
  }));
  await page.screenshot({ path: STALE_SHOT });
  console.log(JSON.stringify({ phase: 'down', offline, stale, shown }));
} finally {
  await context.close();
}
