// Walks the member page in Debian's chromium as a member would: first sign-in with
// the temporary password, forced password change, sign-in again, the terms, notices,
// a record the app synced a moment earlier, printing. A screenshot of each page goes
// to $SHOTS. Inputs from the cargo test: BASE, MEMBER, TEMP_PASSWORD, NEW_PASSWORD,
// CODE (a signed congress code to upload as the app would), SHOTS, PROFILE (a fresh
// user-data-dir). Exits non-zero with a message on the first failed expectation.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`missing ${k}`);
  return v;
};
const BASE = env('BASE'), MEMBER = env('MEMBER'), TEMP = env('TEMP_PASSWORD');
const NEW = env('NEW_PASSWORD'), CODE = env('CODE'), SHOTS = env('SHOTS'), PROFILE = env('PROFILE');
fs.mkdirSync(SHOTS, { recursive: true });

function expect(cond, what) {
  if (!cond) throw new Error(`expectation failed: ${what}`);
}

const context = await chromium.launchPersistentContext(PROFILE, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
  locale: 'ja-JP',
  acceptDownloads: true,
});
const page = context.pages()[0] || await context.newPage();
let n = 0;
async function shot(name) {
  n += 1;
  const file = path.join(SHOTS, `${String(n).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}
async function text() {
  return page.locator('body').innerText();
}
async function signIn(password) {
  await page.goto(`${BASE}/member/login`);
  await page.fill('#member_number', MEMBER);
  await page.fill('#password', password);
  await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
}

try {
  await page.goto(`${BASE}/member/status`);
  expect(page.url().endsWith('/member/login'), 'signed-out visitor is sent to sign-in');
  await shot('login');

  await signIn(TEMP);
  expect(page.url().endsWith('/member/password'), 'temporary password leads to the password change');
  expect((await text()).includes('仮パスワードでログインしました'), 'says why');
  await shot('password-forced');

  // A rule broken: the page says which.
  await page.fill('#new_password', 'password1234');
  await page.fill('#confirm', 'password1234');
  await page.click('button.go');
  expect((await text()).includes('よく使われるパスワード'), 'common password refused');
  await shot('password-refused');

  await page.fill('#new_password', NEW);
  await page.fill('#confirm', NEW);
  await page.click('button.go');
  const done = await text();
  expect(done.includes('パスワードの変更完了') && done.includes('登録更新日時'), 'completion page');
  await shot('password-changed');

  await signIn(NEW);
  expect(page.url().endsWith('/member/terms'), 'terms come first after the change');
  await shot('terms');
  await page.click('button.go');
  expect((await text()).includes('チェックボックスにチェックを入れてください'), 'unticked refused');
  await page.check('#agree');
  await page.click('button.go');
  expect(page.url().endsWith('/member/status'), 'then the status page');
  const status = await text();
  expect(status.includes(MEMBER) && status.includes('ログイン中'), 'status shows the member');
  await shot('status');

  await page.click('nav >> text=お知らせ');
  const news = await text();
  expect(news.includes('会員へのお知らせ') && news.includes('会員向け情報'), 'notice lists');
  expect(!news.includes('評議員へのお知らせ'), 'no councillor list for a member');
  await shot('news');
  await page.click('table.notices >> nth=0 >> a >> nth=0');
  expect(page.url().includes('/member/news/'), 'notice detail');
  await shot('news-item');

  // The app syncs a scan: the same password, the real upload endpoint.
  const login = await page.request.post(`${BASE}/api/v1/login`, {
    data: { member_number: MEMBER, password: NEW },
  });
  expect(login.ok(), `app login ${login.status()}`);
  const { token } = await login.json();
  const upload = await page.request.post(`${BASE}/api/v1/attendance`, {
    headers: { authorization: `Bearer ${token}` },
    data: { items: [{ client_id: crypto.randomUUID(), code: CODE, scanned_at: new Date().toISOString() }] },
  });
  expect(upload.ok(), `upload ${upload.status()}`);
  const verdict = (await upload.json()).results[0].verdict;
  expect(verdict === 'accepted', `upload verdict ${verdict}`);

  await page.click('nav >> text=認定資格/学術集会参加履歴');
  const history = await text();
  expect(history.includes(process.env.SESSION_TITLE), 'the synced record shows at once');
  await shot('history');
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: path.join(SHOTS, 'history-printed.pdf'), format: 'A4', printBackground: true });
  await shot('history-print-view');
  await page.emulateMedia({ media: 'screen' });

  const pdf = await page.request.get(`${BASE}/member/history.pdf`);
  expect(pdf.ok() && pdf.headers()['content-type'] === 'application/pdf', 'signed PDF');
  fs.writeFileSync(path.join(SHOTS, 'history-signed.pdf'), await pdf.body());

  for (const [menu, name] of [['刊行物', 'publications'], ['サポートデスク', 'support'], ['支払状況', 'coming-payments']]) {
    await page.click(`nav >> text=${menu}`);
    await shot(name);
  }
  await page.click('header >> text=English');
  expect((await text()).includes('Support desk'), 'English switch');
  await shot('support-en');
  await page.click('header >> text=日本語');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.click('nav >> text=会員ステータス');
  await shot('status-phone');
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.click('header >> text=ログアウト');
  expect(page.url().endsWith('/member/login'), 'logout');
  await page.goto(`${BASE}/member/status`);
  expect(page.url().endsWith('/member/login'), 'session ended');
  console.log(`ok: ${n} screenshots in ${SHOTS}`);
} catch (e) {
  await shot('failure').catch(() => {});
  console.error(e.stack || String(e));
  process.exitCode = 1;
} finally {
  await context.close();
}
