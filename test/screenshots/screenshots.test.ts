import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBatch } from '../../src/shell/demoData.js';
import { CHECKLIST_ITEM_ACTION } from '../../src/views/checklist.js';
import { openAppHome } from '../support/events.js';
import { TestApp } from '../support/harness.js';
import { clickIn } from '../support/interactions.js';
import { postedMessages } from '../support/slackMessages.js';
import { TestClock } from '../support/testClock.js';
import { pageHtml, type Shown } from './blockKitHtml.js';

/*
 * `npm run screenshots` (not part of npm test): the real app, on the demo data, answers the main
 * commands; what it sent Slack is drawn as Slack shows it and photographed by headless Chromium into
 * docs/images/. Run it again after changing a message, and commit the pictures.
 */

const OUT = join(import.meta.dirname, '..', '..', 'docs', 'images');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const APPROVER = 'UAPPROVER';
const ROLLBACKS = 'CROLLBACKS';
const work = mkdtempSync(join(tmpdir(), 'reauth-shots-'));
let t: TestApp;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM`);
  mkdirSync(OUT, { recursive: true });
  t = await TestApp.start({
    clock: new TestClock('2026-11-30T09:30:00Z'),
    log: { level: 'warn' as never },
    config: {
      deadline: '2026-12-31',
      timeZone: 'Europe/London',
      approvers: [APPROVER],
      rollbacks: { ttlHours: 24, channel: ROLLBACKS },
      digest: { channel: 'CDIGEST', cron: '0 9 * * 1-5', dm: false },
    },
  });
  await t.store.importBatch(demoBatch(), { id: 'demo', at: t.clock.now() });
});

afterAll(async () => {
  await t?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Draws what was sent, photographs it on a tall page and crops the picture to the content. */
async function photograph(name: string, shown: Shown): Promise<void> {
  const page = join(work, `${name}.html`);
  writeFileSync(page, pageHtml(shown));
  const file = join(OUT, `${name}.png`);
  // Not execFileSync: the app shares this event loop and must keep answering meanwhile.
  await promisify(execFile)(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--window-size=760,2400',
      `--screenshot=${file}`,
      `file://${page}`,
    ],
    { timeout: 60_000 },
  );
  cropToContent(file);
  expect(statSync(file).size).toBeGreaterThan(5_000);
}

/** Cuts the white space under the message, leaving a margin, so each picture is as tall as its content. */
function cropToContent(file: string, margin = 16): void {
  const png = PNG.sync.read(readFileSync(file));
  let last = 0;
  for (let y = 0; y < png.height; y++)
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      if ((png.data[i] ?? 255) < 240 || (png.data[i + 1] ?? 255) < 240 || (png.data[i + 2] ?? 255) < 240) {
        last = y;
        break;
      }
    }
  const height = Math.min(png.height, last + margin);
  const cropped = new PNG({ width: png.width, height });
  PNG.bitblt(png, cropped, 0, 0, png.width, height, 0, 0);
  writeFileSync(file, PNG.sync.write(cropped));
}

const body = (call: { body: Record<string, unknown> }) => call.body as { text?: string; blocks?: unknown[] };

describe('screenshots of the main messages', () => {
  it('/reauth status', async () => {
    const reply = await t.command('status alpine');
    await photograph('status', {
      where: '#support · only visible to you · /reauth status alpine',
      ...body(reply),
    });
  });

  it('/reauth merged', async () => {
    const reply = await t.command('merged desert bloom');
    await photograph('merged', {
      where: '#support · only visible to you · /reauth merged desert bloom',
      ...body(reply),
    });
  });

  it('/reauth steps', async () => {
    const reply = await t.command('steps alpine');
    await photograph('steps', {
      where: '#support · only visible to you · /reauth steps alpine',
      ...body(reply),
    });
  });

  it('/reauth pending', async () => {
    const reply = await t.command('pending');
    await photograph('pending', {
      where: '#support · only visible to you · /reauth pending',
      ...body(reply),
    });
  });

  it('a rollback request, and the checklist after approval', async () => {
    await t.command('done alpine UK', { user: 'UPRIYA' });
    const text = 'rollback alpine UK authorized their other business --since 2026-11-30T08:00';
    await t.command(text, { user: 'UPRIYA' });
    const request = postedMessages(t.slack).find((m) => m.channel === ROLLBACKS && !m.threadTs);
    if (!request) throw new Error('no rollback request was posted');
    await photograph('rollback-request', { where: `#rollbacks · /reauth ${text}`, ...request });
    await clickIn(t, request, 'rollback_approve', { user: APPROVER });
    const checklist = await t.slack.waitFor(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.body.thread_ts === request.ts &&
        JSON.stringify(c.body.blocks).includes(CHECKLIST_ITEM_ACTION),
    );
    await photograph('rollback-checklist', {
      where: '#rollbacks · thread of the approved request',
      ...body(checklist),
    });
  });

  it('the digest', async () => {
    await t.command('digest post', { user: APPROVER });
    const parent = await t.slack.waitFor(
      (c) => c.method === 'chat.postMessage' && c.body.channel === 'CDIGEST',
    );
    await photograph('digest', { where: '#digest · scheduled digest', ...body(parent) });
  });

  it('the App Home', async () => {
    await openAppHome(t, 'UPRIYA');
    const call = await t.slack.waitFor((c) => c.method === 'views.publish');
    const view = call.body.view as { blocks?: unknown[] };
    await photograph('app-home', {
      where: 'reauth-bot · Home (as the account manager priya)',
      blocks: view.blocks,
      view: true,
    });
  });
});
